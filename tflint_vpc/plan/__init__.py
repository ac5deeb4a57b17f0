"""The plan/state JSON front end: `terraform show -json` output -> `Inventory`.

By layer: `read` (sniff, decode, parse, classify), `validate` and `schema` (the skeleton check),
`config` (the `configuration` index), `instances` and `references` (reference resolution),
`values` (value/unknown/sensitive conversion) and `inventory` (the walk that emits the
Inventory). These are the entry points the rest of the package uses.
"""

from tflint_vpc.plan.inventory import inventory_from_document
from tflint_vpc.plan.read import Document, read_document
from tflint_vpc.plan.validate import Kind

__all__ = ["Document", "Kind", "inventory_from_document", "read_document"]
