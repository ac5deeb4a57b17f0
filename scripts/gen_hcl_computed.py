"""Generate tflint_vpc/data/aws_schema_facts.json (computed attributes, block types) from a schema.

Usage: terraform providers schema -json > schema.json   (in a directory that uses hashicorp/aws)
       python scripts/gen_hcl_computed.py schema.json [OUTPUT]

OUTPUT defaults to tflint_vpc/data/aws_schema_facts.json. The HCL front end marks a computed
attribute that the configuration leaves unset as UNKNOWN, as plan JSON does (`after_unknown`), so
both front ends give the builder the same picture. Only the resource and data source types the
builder reads are listed: `tflint_vpc.build.READ_TYPES`, so a type added to a builder domain
module is picked up by the next run (tests/test_schema_facts.py fails until it is).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tflint_vpc.build import READ_TYPES  # noqa: E402  (after the path set-up above)

OUTPUT = ROOT / "tflint_vpc" / "data" / "aws_schema_facts.json"


def facts(schema: Mapping[str, object], types: Collection[str]) -> dict[str, object]:
    """The facts file's content: per section, type -> sorted names; types the schema lacks
    (a data-source-only type in `resources`) are left out."""
    schemas = schema["provider_schemas"]
    assert isinstance(schemas, dict), "provider_schemas must be an object"
    provider = next(v for k, v in schemas.items() if k.endswith("/hashicorp/aws"))
    resources = provider.get("resource_schemas", {})
    data_sources = provider.get("data_source_schemas", {})

    def computed(entry: Mapping[str, dict[str, object]]) -> list[str]:
        attributes = entry["block"].get("attributes", {})
        assert isinstance(attributes, dict)
        return sorted(a for a, spec in attributes.items() if spec.get("computed"))

    ordered = sorted(types)
    return {
        "_meta": {
            "generated_by": "scripts/gen_hcl_computed.py",
            "source": "terraform providers schema -json",
            "format_version": schema.get("format_version", "?"),
        },
        "block_types": {
            t: sorted(resources[t]["block"].get("block_types", {}))
            for t in ordered
            if t in resources
        },
        "resources": {t: computed(resources[t]) for t in ordered if t in resources},
        "data_sources": {t: computed(data_sources[t]) for t in ordered if t in data_sources},
    }


def render(content: Mapping[str, object]) -> str:
    return json.dumps(content, indent=2) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    schema = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    output = Path(argv[2]) if len(argv) == 3 else OUTPUT
    output.write_text(render(facts(schema, READ_TYPES)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
