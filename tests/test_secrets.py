"""Values a plan marks sensitive never reach any output format, baseline or error message.

`fixtures/secrets/plan.json` is a real Terraform plan (made by `fixtures/secrets/regenerate.sh`
from `fixtures/secrets/estate/`) that holds the marker `S3CR3T-MARKER-7f3a` in every place a
plan can hold a secret: sensitive root variables (`variables.*.value`, the configuration's
variable defaults), sensitive attributes (`after_sensitive`) of VPCs, subnets, peerings,
instances, ENIs, route tables and endpoints, and sensitive outputs (`output_changes`,
`planned_values.outputs`, `prior_state`). Some secrets are network facts a rule would print: a
sensitive VPC CIDR that overlaps a peer, a sensitive subnet CIDR and AZ id, a sensitive Xen
instance type. Variants derived here add `prior_state` resources with `sensitive_values`,
`before_sensitive`, drift, a deposed object and provider configuration secrets, and broken
copies that end in an error message near a secret. The estate's HCL is linted too (with a
`.tfvars` file and `--var` values for sensitive variables), and the plan with `--source-dir`.

Every variant is linted in every output format (and with a baseline written) and the output,
the report files and stderr are searched for each secret.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tflint_vpc.testing import run_cli

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "fixtures" / "secrets" / "plan.json"
ESTATE = ROOT / "fixtures" / "secrets" / "estate"
MARKER = "S3CR3T-MARKER-7f3a"
# Secret network facts (sensitive in the plan). None of them is written anywhere non-sensitive.
SECRET_FACTS = ("10.173.0.0/16", "10.0.77.0/24", "use1-az6", "m4.16xlarge")
# What the plan's non-sensitive values let the rules find (so every format has content).
VISIBLE_FINDINGS = {
    ("TFVPC001", "aws_vpc_peering_connection.app_analytics"),
    ("TFVPC004", "aws_network_interface_attachment.worker_secondary"),
    ("TFVPC005", "aws_instance.legacy_worker"),
    ("TFVPC008", "aws_vpc_peering_connection.app_analytics"),
}
# Findings about hidden resources that need none of the secret values: TFVPC008 reads only
# which routes target a peering, so it may name the hidden peering, never its CIDRs.
HIDDEN_WITHOUT_SECRETS = {("TFVPC008", "aws_vpc_peering_connection.hidden")}
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")

Plan = dict[str, object]


def load_plan() -> Plan:
    plan: Plan = json.loads(PLAN.read_text(encoding="utf-8"))
    return plan


def secrets_in(text: str) -> list[str]:
    # the marker's first 6 characters: a message that quotes a cut-off secret leaks too
    return [s for s in (MARKER[:6], *SECRET_FACTS) if s in text]


def test_the_fixture_really_holds_the_secrets() -> None:
    """Guards the test itself: every secret is in the plan, and only where it is sensitive."""
    text = PLAN.read_text(encoding="utf-8")
    assert secrets_in(text) == [MARKER[:6], *SECRET_FACTS]
    plan = load_plan()
    changes = {rc["address"]: rc["change"] for rc in plan["resource_changes"]}  # type: ignore[attr-defined]
    assert changes["aws_vpc.hidden"]["after"]["cidr_block"] == "10.173.0.0/16"
    assert changes["aws_vpc.hidden"]["after_sensitive"]["cidr_block"] is True
    assert changes["aws_subnet.hidden_a"]["after_sensitive"]["availability_zone_id"] is True
    assert changes["aws_instance.hidden_worker"]["after_sensitive"]["instance_type"] is True
    assert changes["aws_vpc.app"]["after_sensitive"]["tags"] == {
        "Name": True,
        "Owner": True,
        "Token": True,
    }
    variables = plan["configuration"]["root_module"]["variables"]  # type: ignore[index]
    assert all(v["sensitive"] for v in variables.values())


# --- variants ---------------------------------------------------------------------------------


def _sensitive_everywhere_known(plan: Plan) -> Plan:
    """The same estate as if it already existed and were replaced: `before`/`before_sensitive`,
    `prior_state` values with `sensitive_values`, drift, a deposed object, a data source read
    during plan, and a provider configuration secret."""
    plan = copy.deepcopy(plan)
    prior: list[dict[str, object]] = []
    changes: list[dict[str, object]] = plan["resource_changes"]  # type: ignore[assignment]
    ids: dict[str, str] = {}
    for n, rc in enumerate(changes):
        ids[str(rc["address"])] = f"{str(rc['type']).removeprefix('aws_')[:6]}-{n:017x}"
    for rc in changes:
        # a replacement: the old object (known, with secrets) goes, a new one (ids unknown,
        # linked through the configuration as before) comes
        change: dict[str, object] = rc["change"]  # type: ignore[assignment]
        after: dict[str, object] = change["after"]  # type: ignore[assignment]
        before = {**after, "id": ids[str(rc["address"])], "tags": {"Old": MARKER + "-before"}}
        before_sensitive = {**change["after_sensitive"], "tags": {"Old": True}}  # type: ignore[dict-item]
        change.update(
            actions=["delete", "create"], before=before, before_sensitive=before_sensitive
        )
        rc["action_reason"] = "replace_because_cannot_update"
        prior.append(
            {
                "address": rc["address"],
                "mode": "managed",
                "type": rc["type"],
                "name": rc["name"],
                "provider_name": rc["provider_name"],
                "schema_version": 0,
                "values": before,
                "sensitive_values": before_sensitive,
            }
        )
    prior.append(
        {
            "address": "data.aws_vpc.secret",
            "mode": "data",
            "type": "aws_vpc",
            "name": "secret",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 0,
            "values": {
                "id": "vpc-0d0d0d0d0d0d0d0d0",
                "cidr_block": "10.173.0.0/16",
                "tags": {"Secret": MARKER + "-data"},
            },
            "sensitive_values": {"cidr_block": True, "tags": {"Secret": True}},
        }
    )
    deposed = copy.deepcopy(changes[0])
    deposed["deposed"] = "0badf00d"
    deposed["change"] = {
        "actions": ["delete"],
        "before": {"id": "vpc-0dead", "cidr_block": "10.173.0.0/16", "tags": {"S": MARKER}},
        "after": None,
        "after_unknown": {},
        "before_sensitive": {"cidr_block": True, "tags": {"S": True}},
        "after_sensitive": False,
    }
    changes.append(deposed)
    plan["resource_drift"] = [
        {
            **copy.deepcopy(changes[0]),
            "change": {
                "actions": ["update"],
                "before": {"cidr_block": "10.173.0.0/16", "tags": {"D": MARKER + "-drift"}},
                "after": {"cidr_block": "10.173.0.0/16", "tags": {"D": MARKER + "-drift2"}},
                "after_unknown": {},
                "before_sensitive": {"cidr_block": True, "tags": {"D": True}},
                "after_sensitive": {"cidr_block": True, "tags": {"D": True}},
            },
        }
    ]
    state: dict[str, object] = plan["prior_state"]  # type: ignore[assignment]
    state_values: dict[str, object] = state["values"]  # type: ignore[assignment]
    state_values["root_module"] = {"resources": prior}
    provider = plan["configuration"]["provider_config"]["aws"]["expressions"]  # type: ignore[index]
    provider["secret_key"] = {"constant_value": MARKER + "-provider"}
    return plan


def _set_first(*path: str | int, value: object) -> Callable[[Plan], Plan]:
    def make(plan: Plan) -> Plan:
        plan = copy.deepcopy(plan)
        node: object = plan
        for step in path[:-1]:
            node = node[step]  # type: ignore[index]
        node[path[-1]] = value  # type: ignore[index]
        return plan

    return make


@dataclass(frozen=True)
class Variant:
    name: str
    make: Callable[[Path], Path]
    expected_exit: int
    options: tuple[str, ...] = ()  # more `tfvpc lint` arguments


def _json_variant(name: str, edit: Callable[[Plan], Plan], expected_exit: int) -> Variant:
    def make(tmp: Path) -> Path:
        path = tmp / "plan.json"
        path.write_text(json.dumps(edit(load_plan())), encoding="utf-8")
        return path

    return Variant(name, make, expected_exit)


def _text_variant(name: str, edit: Callable[[str], bytes]) -> Variant:
    def make(tmp: Path) -> Path:
        path = tmp / "plan.json"
        path.write_bytes(edit(PLAN.read_text(encoding="utf-8")))
        return path

    return Variant(name, make, 2)


def _cut_inside_marker(text: str) -> bytes:
    return text[: text.index(MARKER) + 8].encode()


def _bad_byte_after_marker(text: str) -> bytes:
    at = text.index(MARKER) + len(MARKER)
    return text[:at].encode() + b"\xff" + text[at:].encode()


def _marker_breaks_syntax(text: str) -> bytes:
    # the secret value loses its quotes: the JSON error sits right on it
    return text.replace(f'"{MARKER}-variable-default"', f"{MARKER}-variable-default", 1).encode()


def _trailing_secret(text: str) -> bytes:
    return (text + f"\n{MARKER} trailing\n").encode()


def _starts_with_secret(text: str) -> bytes:
    return (f"password: {MARKER}\n" + text).encode()


def _estate_with_tfvars(tmp: Path) -> Path:
    estate = tmp / "estate"
    shutil.copytree(ESTATE, estate)
    (estate / "secret.auto.tfvars").write_text(f'api_token = "{MARKER}-tfvars"\n')
    return estate


VARIANTS = [
    Variant("real_plan", lambda tmp: PLAN, 1),
    # the HCL front end: sensitive variables (from defaults, an auto-loaded .tfvars file and
    # --var) and sensitive() calls stay unknown
    Variant(
        "hcl_estate",
        _estate_with_tfvars,
        1,
        ("--var", "secret_instance_type=m4.16xlarge", "--var", f"db_password={MARKER}-cli"),
    ),
    # a plan with its HCL beside it (--source-dir): locations and suppressions come from the
    # HCL, values from the plan
    Variant(
        "plan_with_source_dir", lambda tmp: PLAN, 1, ("--source-dir", str(PLAN.parent / "estate"))
    ),
    _json_variant("existing_estate_prior_state", _sensitive_everywhere_known, 1),
    # error paths with a secret next to (or as) the offending value
    _json_variant(
        "actions_is_the_secret",
        _set_first("resource_changes", 0, "change", "actions", value=MARKER),
        2,
    ),
    _json_variant(
        "address_is_a_secret_object",
        _set_first("resource_changes", 0, "address", value={"password": MARKER}),
        2,
    ),
    _json_variant("format_version_is_the_secret", _set_first("format_version", value=MARKER), 2),
    _json_variant(
        "format_version_major_is_secret",
        _set_first("format_version", value="7.0" + MARKER),
        2,
    ),
    _json_variant(
        "variables_entry_is_the_secret",
        _set_first("variables", "db_password", value=MARKER),
        2,
    ),
    _json_variant(
        "planned_values_resource_secret",
        _set_first("planned_values", "root_module", "resources", 0, value=MARKER),
        2,
    ),
    _text_variant("truncated_inside_the_secret", _cut_inside_marker),
    _text_variant("bad_utf8_byte_after_the_secret", _bad_byte_after_marker),
    _text_variant("secret_unquoted_json_syntax_error", _marker_breaks_syntax),
    _text_variant("secret_after_the_json", _trailing_secret),
    _text_variant("secret_before_the_json", _starts_with_secret),
]


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    files: dict[str, str]


def lint(tmp: Path, plan: Path, fmt: str, options: tuple[str, ...] = ()) -> Run:
    report = tmp / f"report.{fmt}"
    baseline = tmp / "baseline.json"
    args = ["lint", str(plan), *options, "--format", fmt, "--format", f"json={report}"]
    run = run_cli(*args, "--write-baseline", str(baseline))
    files = {p.name: p.read_text(encoding="utf-8") for p in (report, baseline) if p.exists()}
    return Run(run.code, run.stdout, run.stderr, files)


def _cases() -> Iterator[tuple[Variant, str]]:
    for variant in VARIANTS:
        for fmt in FORMATS:
            yield variant, fmt


@pytest.mark.parametrize(
    ("variant", "fmt"), list(_cases()), ids=[f"{v.name}-{f}" for v, f in _cases()]
)
def test_no_secret_in_any_output(variant: Variant, fmt: str, tmp_path: Path) -> None:
    plan = variant.make(tmp_path)
    text = (plan / "main.tf" if plan.is_dir() else plan).read_text("utf-8", errors="replace")
    assert secrets_in(text)  # the input has some
    run = lint(tmp_path, plan, fmt, variant.options)
    assert run.code == variant.expected_exit, run.stderr
    assert "internal error" not in run.stderr
    assert secrets_in(run.stdout) == [], f"{fmt} output leaks"
    assert secrets_in(run.stderr) == [], "an error message leaks"
    for name, text in run.files.items():
        assert secrets_in(text) == [], f"{name} leaks"
    if variant.expected_exit == 2:
        assert len(run.stderr.splitlines()) == 1, run.stderr
    else:
        findings = json.loads(run.files[f"report.{fmt}"])["findings"]
        found = {(f["rule_id"], f["address"]) for f in findings}
        assert found >= VISIBLE_FINDINGS, "the visible mistakes must still be reported"


def test_sensitive_values_do_not_make_findings() -> None:
    """A rule would print a sensitive CIDR, AZ or instance type in its message: it stays silent
    (the value is unknown to it), so nothing is reported about the hidden resources."""
    findings = json.loads(run_cli("lint", str(PLAN), "--format", "json").stdout)["findings"]
    hidden = [
        f for f in findings if "hidden" in f["address"] or any("hidden" in r for r in f["related"])
    ]
    assert {(f["rule_id"], f["address"]) for f in hidden} == HIDDEN_WITHOUT_SECRETS
    assert not any(fact in json.dumps(hidden) for fact in SECRET_FACTS)
    assert {(f["rule_id"], f["address"]) for f in findings} == (
        VISIBLE_FINDINGS | HIDDEN_WITHOUT_SECRETS
    )


def test_hcl_syntax_error_does_not_quote_a_sensitive_default(tmp_path: Path) -> None:
    """An unterminated string flips the quoting of what follows: the next sensitive default
    (`secret_cidr = "10.173.0.0/16"`) becomes the unexpected token of the syntax error."""
    estate = tmp_path / "estate"
    shutil.copytree(ESTATE, estate)
    main = estate / "main.tf"
    text = main.read_text(encoding="utf-8")
    broken = text.replace(f'"{MARKER}-variable-default"', f'"{MARKER}-variable-default', 1)
    assert broken != text
    main.write_text(broken, encoding="utf-8")
    run = lint(tmp_path, estate, "json")
    assert run.code == 2
    assert len(run.stderr.splitlines()) == 1
    assert secrets_in(run.stderr) == []
    assert "10.173" not in run.stderr
