"""Make the plans of the multi-cloud rule fixtures: a real AWS plan plus other clouds' resources.

Usage (from the repository root, with the project venv):

    .venv/bin/python scripts/make_multicloud_fixtures.py CASE_DIR [...]

Only the AWS provider can plan on this machine (`../shared/tools/tf-plan`, offline). So for a
case folder whose `main.tf` mixes AWS and other clouds' resources (`alicloud_`, `azurerm_`,
`google_`), this script:

1. writes a scratch copy holding the AWS resources only, where an AWS argument that refers to
   another cloud's resource (`ip_address = alicloud_vpn_gateway.x.internet_ip`) becomes the
   placeholder literal `"192.0.2.1"`, and plans it with tf-plan (a real Terraform plan);
2. adds each other cloud's resource in the exact shape Terraform writes a planned `create`:
   `planned_values` (known values), `resource_changes` (`after`, `after_unknown` for values
   known after apply, including `id`), and `configuration` (`provider_config_key`,
   `expressions` with `constant_value` or `references`) with its `provider_config` entry. The
   values are the HCL front end's evaluation of the same file, so both modes see one input;
3. puts the references back on the AWS arguments: the value unknown after apply
   (`after_unknown`), the expression's `references` as Terraform lists them
   (`"alicloud_vpn_gateway.x.internet_ip"`, `"alicloud_vpn_gateway.x"`).

The folder's README says so. Rerun after changing a case's HCL.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tflint_vpc.inventory import Ref, Unknown  # noqa: E402
from tflint_vpc.testing import load_input  # noqa: E402

TF_PLAN = ROOT.parent.parent / "shared" / "tools" / "tf-plan"
PLACEHOLDER = "192.0.2.1"
_OTHER = ("alicloud_", "azurerm_", "google_")
_PROVIDERS = {
    "alicloud": "registry.terraform.io/aliyun/alicloud",
    "azurerm": "registry.terraform.io/hashicorp/azurerm",
    "google": "registry.terraform.io/hashicorp/google",
}
_BLOCK = re.compile(
    r'^resource\s+"((?:alicloud|azurerm|google)_[a-z0-9_]+)"\s+"[^"]+"\s*\{', re.MULTILINE
)
_REFERENCE = re.compile(r"\b((?:alicloud|azurerm|google)_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\b")


def _aws_only(text: str) -> tuple[str, dict[tuple[str, str], list[str]]]:
    """The HCL without other clouds' blocks, with references to them replaced; and, per AWS
    (address, argument), the references it had."""
    out, at = [], 0
    for match in _BLOCK.finditer(text):
        depth, i = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        out.append(text[at : match.start()])
        at = i
    out.append(text[at:])
    aws = "".join(out)
    replaced: dict[tuple[str, str], list[str]] = {}
    current = None
    lines = []
    for line in aws.splitlines():
        head = re.match(r'^resource\s+"(aws_[a-z0-9_]+)"\s+"([^"]+)"', line)
        if head:
            current = f"{head.group(1)}.{head.group(2)}"
        found = _REFERENCE.search(line)
        if found and current is not None:
            argument = line.split("=", 1)[0].strip()
            replaced[(current, argument)] = [f"{found.group(1)}.{found.group(2)}", found.group(1)]
            line = _REFERENCE.sub(f'"{PLACEHOLDER}"', line)
        lines.append(line)
    return "\n".join(lines) + "\n", replaced


def _split(value: object) -> tuple[object, object, object]:
    """(after, after_unknown, expression) of one HCL-evaluated value."""
    if isinstance(value, Ref):
        refs = [f"{t}.{value.attribute}" for t in value.targets] + list(value.targets)
        return None, True, {"references": refs}
    if isinstance(value, Unknown):
        return None, True, {}
    if isinstance(value, tuple | list):
        if value and all(isinstance(v, dict) for v in value):
            parts = [_split_block(v) for v in value]  # type: ignore[arg-type]
            return [p[0] for p in parts], [p[1] for p in parts], [p[2] for p in parts]
        return list(value), False, {"constant_value": list(value)}
    return value, False, {"constant_value": value}


def _split_block(values: dict[str, object]) -> tuple[object, object, object]:
    after: dict[str, object] = {}
    unknown: dict[str, object] = {}
    expressions: dict[str, object] = {}
    for name, value in values.items():
        a, u, e = _split(value)
        if u is True:
            unknown[name] = True
        else:
            after[name] = a
            if u:  # nested blocks: a list of per-block masks, as Terraform writes them
                unknown[name] = u
        if e:
            expressions[name] = e
    return after, unknown, expressions


def make(case: Path) -> None:
    text = (case / "main.tf").read_text(encoding="utf-8")
    aws, replaced = _aws_only(text)
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "main.tf").write_text(aws, encoding="utf-8")
        out = Path(scratch) / "plan.json"
        subprocess.run([str(TF_PLAN), scratch, str(out)], check=True)
        plan = json.loads(out.read_text(encoding="utf-8"))
    inventory = load_input(case)
    root_values = plan["planned_values"]["root_module"].setdefault("resources", [])
    changes = plan.setdefault("resource_changes", [])
    config = plan["configuration"]
    config_resources = config["root_module"].setdefault("resources", [])
    for instance in inventory.instances:
        if not instance.type.startswith(_OTHER):
            continue
        provider = instance.type.split("_", 1)[0]
        after, unknown, expressions = _split_block(dict(instance.values))
        assert isinstance(after, dict) and isinstance(unknown, dict)
        unknown.setdefault("id", True)
        common = {
            "address": instance.address,
            "mode": "managed",
            "type": instance.type,
            "name": instance.name,
            "provider_name": _PROVIDERS[provider],
        }
        root_values.append({**common, "schema_version": 0, "values": after, "sensitive_values": {}})
        changes.append(
            {
                **common,
                "change": {
                    "actions": ["create"],
                    "before": None,
                    "after": after,
                    "after_unknown": unknown,
                    "before_sensitive": False,
                    "after_sensitive": {},
                },
            }
        )
        config_resources.append(
            {
                "address": instance.address,
                "mode": "managed",
                "type": instance.type,
                "name": instance.name,
                "provider_config_key": provider,
                "expressions": expressions,
                "schema_version": 0,
            }
        )
        config.setdefault("provider_config", {}).setdefault(
            provider, {"name": provider, "full_name": _PROVIDERS[provider]}
        )
    for (address, argument), references in replaced.items():
        for item in root_values:
            if item["address"] == address:
                item["values"].pop(argument, None)
        for change in changes:
            if change["address"] == address:
                change["change"]["after"].pop(argument, None)
                change["change"]["after_unknown"][argument] = True
        for item in config_resources:
            if item["address"] == address:
                item["expressions"][argument] = {"references": references}
    for group in (root_values, changes, config_resources):
        group.sort(key=lambda item: item["address"])
    target = case.parent / f"{case.name}.json"
    target.write_text(json.dumps(plan, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        make(Path(arg).resolve())
