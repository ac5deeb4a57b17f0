"""The HCL front end's schema facts (data/aws_schema_facts.json) against the builder and loader.

The facts must cover every type the builder reads (`tflint_vpc.build.READ_TYPES`): a type
missing from them would make HCL leave its computed attributes absent where a plan says
"known after apply", and the two front ends would build different topologies.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from tflint_vpc.build import READ_TYPES
from tflint_vpc.hcl import schema_facts
from tflint_vpc.hcl.schema_facts import SchemaFactsError, parse

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "scripts" / "gen_hcl_computed.py"


def raw_facts() -> dict[str, object]:
    text = files("tflint_vpc").joinpath(schema_facts.DATA_FILE).read_text("utf-8")
    raw = json.loads(text)
    assert isinstance(raw, dict)
    return raw


# Types the AWS provider has only as data sources (no `resource` of that type exists).
DATA_SOURCE_ONLY = frozenset({"aws_ec2_local_gateway"})


# The facts come from the AWS provider's schema: other clouds' types (build/clouds.py) have
# none, and the HCL front end reads their unset attributes as references (known after apply).
AWS_READ_TYPES = frozenset(t for t in READ_TYPES if t.startswith("aws_"))


def test_every_type_the_builder_reads_has_facts() -> None:
    covered = set(schema_facts.RESOURCES) | set(schema_facts.DATA_SOURCES)
    missing = sorted(AWS_READ_TYPES - covered)
    assert not missing, f"run scripts/gen_hcl_computed.py: no schema facts for {missing}"
    no_resource = sorted(AWS_READ_TYPES - DATA_SOURCE_ONLY - set(schema_facts.RESOURCES))
    assert not no_resource, f"run scripts/gen_hcl_computed.py: no resource facts for {no_resource}"
    assert DATA_SOURCE_ONLY <= READ_TYPES  # the exception list holds nothing stale


def test_facts_hold_no_type_the_builder_does_not_read() -> None:
    listed = (
        set(schema_facts.BLOCK_TYPES) | set(schema_facts.RESOURCES) | set(schema_facts.DATA_SOURCES)
    )
    assert sorted(listed - READ_TYPES) == []


def test_every_resource_type_has_its_block_types() -> None:
    assert set(schema_facts.BLOCK_TYPES) == set(schema_facts.RESOURCES)


def test_the_file_has_the_shape_the_loader_reads() -> None:
    raw = raw_facts()
    for section in schema_facts.SECTIONS:
        entries = raw[section]
        assert isinstance(entries, dict) and entries, section
        for type_, names in entries.items():
            assert type_.startswith("aws_"), type_
            assert isinstance(names, list), type_
            assert names == sorted(set(names)), f"{section}.{type_}: sorted, no repeats"
            assert all(isinstance(n, str) and n for n in names), type_
    sections = parse(raw)
    assert sections["block_types"] == schema_facts.BLOCK_TYPES
    assert sections["resources"] == schema_facts.RESOURCES
    assert sections["data_sources"] == schema_facts.DATA_SOURCES
    # spot checks of facts the front ends rely on
    assert "network_interface" in schema_facts.BLOCK_TYPES["aws_instance"]
    assert "ipv6_cidr_block" in schema_facts.RESOURCES["aws_vpc"]
    assert "aws_ec2_local_gateway" in schema_facts.DATA_SOURCES


@pytest.mark.parametrize(
    "raw",
    [
        [],
        {"block_types": {}, "resources": {}},
        {"block_types": [], "resources": {}, "data_sources": {}},
        {"block_types": {}, "resources": {"aws_vpc": "id"}, "data_sources": {}},
        {"block_types": {}, "resources": {"aws_vpc": ["id", 3]}, "data_sources": {}},
    ],
    ids=["not-an-object", "missing-section", "section-not-object", "names-not-list", "bad-name"],
)
def test_the_loader_rejects_another_shape(raw: object) -> None:
    with pytest.raises(SchemaFactsError):
        parse(raw)


def _schema_from_facts(extra_type: str) -> dict[str, object]:
    """A `terraform providers schema -json` document that holds exactly the packaged facts,
    plus one type the builder does not read, and attributes that are not computed."""
    resources: dict[str, object] = {}
    for type_, names in schema_facts.RESOURCES.items():
        attributes = {name: {"type": "string", "computed": True} for name in names}
        attributes["tags"] = {"type": ["map", "string"], "optional": True}
        block_types = {b: {"nesting_mode": "list"} for b in schema_facts.BLOCK_TYPES[type_]}
        resources[type_] = {"block": {"attributes": attributes, "block_types": block_types}}
    resources[extra_type] = {"block": {"attributes": {"id": {"computed": True}}}}
    data_sources = {
        type_: {"block": {"attributes": {name: {"computed": True} for name in names}}}
        for type_, names in schema_facts.DATA_SOURCES.items()
    }
    return {
        "format_version": "1.0",
        "provider_schemas": {
            "registry.terraform.io/hashicorp/aws": {
                "resource_schemas": resources,
                "data_source_schemas": data_sources,
            }
        },
    }


def test_the_generator_writes_the_packaged_file_from_a_schema(tmp_path: Path) -> None:
    assert "aws_s3_bucket" not in READ_TYPES
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(_schema_from_facts("aws_s3_bucket")), encoding="utf-8")
    output = tmp_path / "facts.json"
    done = subprocess.run(
        [sys.executable, str(GENERATOR), str(schema), str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    packaged = files("tflint_vpc").joinpath(schema_facts.DATA_FILE).read_text("utf-8")
    assert output.read_text(encoding="utf-8") == packaged
