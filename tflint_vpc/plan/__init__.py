"""The plan/state JSON front end: `terraform show -json` output -> `Inventory`.

By layer: `read` (sniff, decode, parse, classify), `schema` (the skeleton check), `config` (the
`configuration` index), `references` (reference resolution), and the walk that emits the
Inventory. These are the entry points the rest of the package uses.
"""

from tflint_vpc.plan.inventory import inventory_from_document
from tflint_vpc.plan.read import Document, Kind, read_document

__all__ = ["Document", "Kind", "inventory_from_document", "read_document"]
