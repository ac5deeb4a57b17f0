"""Regenerate the rule fixtures: a real plan JSON for every case folder under fixtures/rules.

Usage (from the repository root, with the project venv for python-hcl2):

    .venv/bin/python scripts/make_rule_fixtures.py [CASE_DIR ...]

Each case is `fixtures/rules/<rule module>/<case>/` holding the HCL (`main.tf`, maybe
`modules/`); its plan is written beside it as `<case>.json`, made by `../shared/tools/tf-plan`
(Terraform with the AWS provider 5.100 from the machine's mirror, offline). The goldens
(`<case>.expected`) are not made here: `pytest tests/test_rules.py --update-goldens` does that.

Three things a plain `tf-plan` cannot do, and how this script does them:

* **ClassicLink (provider 4.x shape).** Provider 5 removed `enable_classiclink`, so the HCL
  keeps it (the HCL front end reads it) but the script strips `enable_classiclink` and
  `enable_classiclink_dns_support` from a scratch copy before planning, then puts them back
  into the plan the way provider 4.x plans carry them: on every `aws_vpc` / `aws_default_vpc`
  in `planned_values` and `resource_changes[].change.after`, `false` by default and the HCL's
  literal value where the HCL sets one, plus the `configuration` expression where the HCL
  sets one. Everything else in the plan is Terraform's own output.
* **Data sources** (`fixture.json` key `mock_vpcs`). Terraform reads data sources during plan,
  which needs AWS. The script starts a local EC2 mock (moto's server), creates the listed VPCs
  in it (with their secondary blocks) and points the provider at it through
  `AWS_ENDPOINT_URL_EC2`/`_STS`, so the plan holds a real data-source read in `prior_state`.
* **Resources already in state** (`fixture.json` key `apply_first`). The script applies the
  listed resource addresses (`-target`) against the mock first and hands the resulting state
  to `tf-plan`, so those resources are no-ops in `resource_changes` and live in `prior_state`.

The mock needs a Python with `moto[server]` and `boto3`: set `MOTO_PYTHON` (for example a
throwaway venv: `python3 -m venv /tmp/moto && /tmp/moto/bin/pip install 'moto[server]' boto3`).
Cases without `fixture.json` need only Terraform. Ids that the mock makes up (`vpc-...`) change
on every regeneration; the rules never depend on them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import hcl2

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "rules"
TF_PLAN = Path(os.environ.get("TF_PLAN", ROOT.parent / "shared" / "tools" / "tf-plan"))
CLASSICLINK_ATTRS = ("enable_classiclink", "enable_classiclink_dns_support")
CLASSICLINK_LINE = re.compile(r"^\s*enable_classiclink(_dns_support)?\s*=.*\n", re.MULTILINE)
VPC_TYPES = ("aws_vpc", "aws_default_vpc")
# (module directory relative to the root, resource type, name) -> literal ClassicLink arguments
Settings = dict[tuple[str, str, str], dict[str, bool]]
FAKE_KEYS = {"AWS_ACCESS_KEY_ID": "AKIAFAKEFAKEFAKEFAKE", "AWS_SECRET_ACCESS_KEY": "fake"}


def case_dirs(args: list[str]) -> list[Path]:
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(p.parent for p in FIXTURES.glob("*/*/main.tf"))


# --- ClassicLink: strip before planning, put back afterwards ---------------------------------


def classiclink_settings(cfg: Path) -> Settings:
    """(module dir relative to the root, type, name) -> the literal ClassicLink arguments."""
    found: dict[tuple[str, str, str], dict[str, bool]] = {}
    for tf in cfg.rglob("*.tf"):
        with tf.open() as f:
            doc = hcl2.load(f)
        for block in doc.get("resource", []):
            for quoted_type, by_name in block.items():
                rtype = quoted_type.strip('"')
                if rtype not in VPC_TYPES:
                    continue
                for name, body in by_name.items():
                    values = {
                        a: body[a] for a in CLASSICLINK_ATTRS if isinstance(body.get(a), bool)
                    }
                    if values:
                        rel = tf.parent.relative_to(cfg).as_posix()
                        found[(rel, rtype, name.strip('"'))] = values
    return found


def strip_classiclink(cfg: Path) -> None:
    for tf in cfg.rglob("*.tf"):
        text = tf.read_text()
        stripped = CLASSICLINK_LINE.sub("", text)
        if stripped != text:
            tf.write_text(stripped)


def _config_modules(
    module: dict[str, Any], calls: tuple[str, ...], directory: str
) -> Iterator[tuple[tuple[str, ...], str, dict[str, Any]]]:
    yield calls, directory, module
    for call, spec in module.get("module_calls", {}).items():
        child_dir = os.path.normpath(os.path.join(directory, spec["source"]))
        yield from _config_modules(spec.get("module", {}), (*calls, call), child_dir)


def _module_calls(address: str) -> tuple[str, ...]:
    """`module.a["k"].module.b[0]` -> ("a", "b"): instance keys dropped, as in configuration."""
    return tuple(re.findall(r'module\.([A-Za-z0-9_-]+)(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?', address))


def _planned_resources(module: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from _planned_resources(child)


def add_classiclink(plan: dict[str, Any], settings: Settings) -> None:
    """Give the plan the provider-4.x ClassicLink attributes (see the module docstring)."""
    by_config: dict[tuple[tuple[str, ...], str, str], dict[str, bool]] = {}
    for calls, directory, module in _config_modules(plan["configuration"]["root_module"], (), "."):
        for resource in module.get("resources", []):
            key = (directory, resource["type"], resource["name"])
            if resource.get("mode") == "managed" and key in settings:
                values = settings[key]
                expressions = resource.setdefault("expressions", {})
                for attr, value in values.items():
                    expressions[attr] = {"constant_value": value}
                by_config[(calls, resource["type"], resource["name"])] = values

    def shaped(resource_type: str, name: str, module_address: str, values: dict[str, Any]) -> None:
        if resource_type not in VPC_TYPES:
            return
        explicit = by_config.get((_module_calls(module_address), resource_type, name), {})
        for attr in CLASSICLINK_ATTRS:
            values[attr] = explicit.get(attr, False)

    for resource in _planned_resources(plan["planned_values"]["root_module"]):
        if resource.get("mode") == "managed" and "values" in resource:
            module_address = resource["address"].rsplit(resource["type"] + ".", 1)[0]
            shaped(resource["type"], resource["name"], module_address, resource["values"])
    for change in plan.get("resource_changes", []):
        after = change["change"].get("after")
        if change.get("mode") == "managed" and isinstance(after, dict):
            shaped(change["type"], change["name"], change.get("module_address", ""), after)


# --- the EC2 mock ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mock:
    """A moto server on a free port, for one case."""

    def __init__(self) -> None:
        python = os.environ.get("MOTO_PYTHON")
        if not python:
            sys.exit("this case needs the EC2 mock: set MOTO_PYTHON to a python with moto[server]")
        self.python = python
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [python, "-m", "moto.server", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if self._listening():
                return
            time.sleep(0.1)
        raise RuntimeError("moto server did not start")

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
        except OSError:
            return False
        return True

    def env(self) -> dict[str, str]:
        return {**FAKE_KEYS, "AWS_ENDPOINT_URL_EC2": self.url, "AWS_ENDPOINT_URL_STS": self.url}

    def create_vpcs(self, vpcs: list[dict[str, Any]]) -> None:
        script = (
            "import boto3, json, sys\n"
            "ec2 = boto3.client('ec2', endpoint_url=sys.argv[1], region_name='us-east-1')\n"
            "for v in json.loads(sys.argv[2]):\n"
            "    tags = [{'Key': 'Name', 'Value': v['name']}]\n"
            "    vpc = ec2.create_vpc(CidrBlock=v['cidr'],\n"
            "        TagSpecifications=[{'ResourceType': 'vpc', 'Tags': tags}])['Vpc']\n"
            "    for block in v.get('secondary', []):\n"
            "        ec2.associate_vpc_cidr_block(VpcId=vpc['VpcId'], CidrBlock=block)\n"
        )
        env = {**os.environ, **FAKE_KEYS}
        subprocess.run([self.python, "-c", script, self.url, json.dumps(vpcs)], check=True, env=env)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def _mirror() -> str:
    if os.environ.get("TF_PLAN_MIRROR"):
        return os.environ["TF_PLAN_MIRROR"]
    for base in ("/usr/share/terraform/plugins", "/usr/local/share/terraform/plugins", "/opt"):
        for found in Path(base).glob("**/registry.terraform.io/hashicorp/aws"):
            return str(found.parents[2])
    out = subprocess.run(
        "find / -maxdepth 5 -type d -path '*/registry.terraform.io/hashicorp/aws' "
        "-not -path '/proc/*' 2>/dev/null | head -n 1",
        shell=True,
        check=False,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not out:
        sys.exit("no AWS provider mirror found (set TF_PLAN_MIRROR)")
    return out.rsplit("/registry.terraform.io/hashicorp/aws", 1)[0]


def apply_first(cfg: Path, targets: list[str], mock: Mock, scratch: Path) -> None:
    """Apply `targets` against the mock; leave the state as cfg/terraform.tfstate."""
    work = scratch / "apply"
    shutil.copytree(cfg, work)
    (scratch / "tfrc").write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path = "{_mirror()}"\n'
        '    include = ["registry.terraform.io/*/*"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n'
    )
    (work / "zz_mock_provider.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n  skip_credentials_validation = true\n'
        "  skip_requesting_account_id = true\n  skip_metadata_api_check = true\n}\n"
    )
    env = {
        **os.environ,
        **mock.env(),
        "TF_CLI_CONFIG_FILE": str(scratch / "tfrc"),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
    }
    target_args = [f"-target={t}" for t in targets]
    for command in (
        ["terraform", "init", "-input=false", "-no-color"],
        ["terraform", "apply", "-input=false", "-no-color", "-auto-approve", *target_args],
    ):
        subprocess.run(command, cwd=work, env=env, check=True, capture_output=True)
    shutil.copy(work / "terraform.tfstate", cfg / "terraform.tfstate")


# --- one case ------------------------------------------------------------------------------------


def make(case: Path) -> str:
    out = case.parent / f"{case.name}.json"
    spec_file = case / "fixture.json"
    spec: dict[str, Any] = json.loads(spec_file.read_text()) if spec_file.exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        cfg = scratch / "cfg"
        shutil.copytree(case, cfg, ignore=shutil.ignore_patterns("fixture.json", ".terraform*"))
        settings = classiclink_settings(cfg)
        strip_classiclink(cfg)
        env = dict(os.environ)
        mock = Mock() if spec.get("mock_vpcs") or spec.get("apply_first") else None
        try:
            if mock is not None:
                env.update(mock.env())
                if spec.get("mock_vpcs"):
                    mock.create_vpcs(spec["mock_vpcs"])
                if spec.get("apply_first"):
                    apply_first(cfg, spec["apply_first"], mock, scratch)
            raw = scratch / "plan.json"
            result = subprocess.run(
                [str(TF_PLAN), str(cfg), str(raw)],
                env=env,
                check=False,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                return f"FAILED {case.relative_to(ROOT)}\n{result.stderr[-3000:]}"
        finally:
            if mock is not None:
                mock.stop()
        plan = json.loads(raw.read_text())
        if settings:
            add_classiclink(plan, settings)
        out.write_text(json.dumps(plan, indent=1) + "\n")
    return f"wrote {out.relative_to(ROOT)}"


def main() -> int:
    cases = case_dirs(sys.argv[1:])
    jobs = int(os.environ.get("JOBS", "4"))
    failed = False
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for message in pool.map(make, cases):
            print(message, flush=True)
            failed = failed or message.startswith("FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
