"""The HCL front end: `.tf`/`.tofu` directories -> Inventory.

`load_hcl` lints source directories; `enrich` and `source_map` serve plan mode with
`--source-dir` (locations, suppressions, values only the HCL knows).
"""

from tflint_vpc.hcl.loader import HclResult, load_hcl
from tflint_vpc.hcl.parse import HclSyntaxError
from tflint_vpc.hcl.sourcemap import SourceIndex, enrich, source_map

__all__ = ["HclResult", "HclSyntaxError", "SourceIndex", "enrich", "load_hcl", "source_map"]
