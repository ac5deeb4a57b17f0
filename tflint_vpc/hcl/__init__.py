"""The HCL front end: `.tf`/`.tofu` directories -> Inventory (see loader.load_hcl)."""

from tflint_vpc.hcl.loader import HclResult, load_hcl
from tflint_vpc.hcl.parse import HclSyntaxError

__all__ = ["HclResult", "HclSyntaxError", "load_hcl"]
