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

from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate_or_unknown
from tflint_vpc.hcl.modules import declared_sensitive
from tflint_vpc.hcl.parse import parse_text
from tflint_vpc.hcl.values import EvalValue
from tflint_vpc.inventory import SENSITIVE, UNKNOWN
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
    ("TFVPC007", "aws_vpc_peering_connection.app_shared"),
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
    # --write-baseline exits 0 once the inputs are linted (recording findings is not failing);
    # the tests state the status of a plain lint, 1 when a finding reaches the default warning
    code = run.code
    if code == 0 and report.exists():
        severities = {f["severity"] for f in json.loads(report.read_text("utf-8"))["findings"]}
        code = 1 if severities & {"error", "warning"} else 0
    return Run(code, run.stdout, run.stderr, files)


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


# --- HCL: `sensitive` decided as Terraform decides it, and kept through evaluation -----------
#
# A variable or output is sensitive when its `sensitive` argument converts to true under
# Terraform's rules, whatever the spelling (each form below was confirmed with a real plan by
# Terraform 1.11: `configuration.root_module.variables.*.sensitive` and `output_changes`).
# Each estate hides one secret VPC CIDR per way a value can travel (a local, a function, a
# template, an operator, a conditional, a for expression, a module call argument, a module
# output, a child module's own sensitive variable and sensitive output). Every hidden VPC is
# peered with a visible VPC that overlaps it: if a secret reached the rules, TFVPC001 would
# print it. One visible overlap makes sure every format has a finding to print.

# (HCL spelling, JSON spelling): all are sensitive to Terraform
SENSITIVE_FORMS = {
    "bool": ("true", "true"),
    "string_true": ('"true"', '"true"'),
    "string_one": ('"1"', '"1"'),
    "not_false": ("!false", '"${!false}"'),
    "equality": ("1 == 1", '"${1 == 1}"'),
    "template": ('"${true}"', '"${true}"'),
    "conditional": ('1 > 0 ? "true" : "false"', '"${1 > 0 ? \\"true\\" : \\"false\\"}"'),
}
# flow -> (the secret CIDR a leak would print, HCL that sets `cidr_block` of aws_vpc.<flow>)
HIDDEN_FLOWS = {
    "direct": ("10.171.0.0/16", "var.direct"),
    "local": ("10.172.0.0/16", "local.via_local"),
    "function": ("10.163.0.0/16", "cidrsubnet(var.function, 4, 3)"),
    "template": ("10.174.0.0/16", '"${var.template}.0.0/16"'),
    "operator": ("10.175.0.0/16", '"10.${var.operator + 1}.0.0/16"'),
    "conditional": ("10.176.0.0/16", 'var.conditional != "" ? "10.176.0.0/16" : "10.99.0.0/16"'),
    "for_expression": ("10.177.0.0/16", "[for c in [var.for_expression] : c][0]"),
    "module_call": ("10.178.0.0/16", "module.call.vpc_cidr"),
    "module_output": ("10.179.0.0/16", "module.relay.cidr"),
    "child_variable": ("10.180.0.0/16", "module.child_variable.vpc_cidr"),
    "child_output": ("10.181.0.0/16", "module.child_output.cidr"),
}
# root variables (name -> default): every one is declared sensitive in the form under test
HIDDEN_DEFAULTS = {
    "direct": "10.171.0.0/16",
    "via_local": "10.172.0.0/16",
    "function": "10.160.0.0/12",
    "template": "10.174",
    "operator": 174,
    "conditional": "S3CR3T-MARKER-7f3a-condition",
    "for_expression": "10.177.0.0/16",
    "module_call": "10.178.0.0/16",
    "module_output": "10.179.0.0/16",
    "token": MARKER + "-hcl-token",
}
HCL_VISIBLE = {("TFVPC001", "aws_vpc_peering_connection.visible")}


def _hcl_variable(name: str, default: object, form: str) -> str:
    value = json.dumps(default)
    return f"variable {json.dumps(name)} {{\n  sensitive = {form}\n  default = {value}\n}}\n"


def _json_variables(defaults: dict[str, object], form: str) -> str:
    body = {name: {"default": default, "sensitive": "@FORM@"} for name, default in defaults.items()}
    return json.dumps({"variable": body}, indent=2).replace('"@FORM@"', form)


def _peered(name: str, cidr_expr: str, peer_cidr: str) -> str:
    return (
        f'resource "aws_vpc" "{name}" {{\n  cidr_block = {cidr_expr}\n'
        "  tags = { Token = var.token }\n}\n"
        f'resource "aws_vpc" "{name}_peer" {{\n  cidr_block = "{peer_cidr}"\n}}\n'
        f'resource "aws_vpc_peering_connection" "{name}" {{\n'
        f"  vpc_id = aws_vpc.{name}.id\n  peer_vpc_id = aws_vpc.{name}_peer.id\n}}\n"
    )


def _peer_of(secret_cidr: str) -> str:
    """A visible /20 inside the secret /16 (it never contains the secret's text)."""
    return secret_cidr.replace(".0.0/16", ".16.0/20")


def _write_estate(root: Path, form: tuple[str, str], syntax: str) -> Path:
    hcl_form, json_form = form
    root.mkdir()
    # the variable declarations under test: native syntax or JSON syntax
    if syntax == "tf":
        text = "".join(_hcl_variable(n, d, hcl_form) for n, d in HIDDEN_DEFAULTS.items())
        (root / "variables.tf").write_text(text, encoding="utf-8")
    else:
        (root / "variables.tf.json").write_text(
            _json_variables(dict(HIDDEN_DEFAULTS), json_form), encoding="utf-8"
        )
    main = [
        "locals {\n  via_local = var.via_local\n}\n",
        'module "call" {\n  source = "./call"\n  cidr = var.module_call\n}\n',
        'module "relay" {\n  source = "./relay"\n  value = var.module_output\n}\n',
        'module "child_variable" {\n  source = "./child_variable"\n  cidr = "10.180.0.0/16"\n}\n',
        'module "child_output" {\n  source = "./child_output"\n}\n',
        _peered("visible", '"10.0.0.0/16"', "10.0.128.0/20"),
    ]
    main += [_peered(flow, expr, _peer_of(secret)) for flow, (secret, expr) in HIDDEN_FLOWS.items()]
    (root / "main.tf").write_text("\n".join(main), encoding="utf-8")
    # a child that gets the secret as a plain (not sensitive) variable and makes a VPC of it
    call = root / "call"
    call.mkdir()
    (call / "main.tf").write_text(
        'variable "cidr" {}\nresource "aws_vpc" "inner" {\n  cidr_block = var.cidr\n}\n'
        'resource "aws_vpc" "inner_peer" {\n  cidr_block = "10.178.16.0/20"\n}\n'
        'resource "aws_vpc_peering_connection" "inner" {\n  vpc_id = aws_vpc.inner.id\n'
        "  peer_vpc_id = aws_vpc.inner_peer.id\n}\n"
        # an output derived from the secret, not marked sensitive: Terraform marks it anyway
        'output "vpc_cidr" {\n  value = aws_vpc.inner.cidr_block\n}\n',
        encoding="utf-8",
    )
    relay = root / "relay"
    relay.mkdir()
    (relay / "main.tf").write_text(
        'variable "value" {}\noutput "cidr" {\n  value = trimspace(var.value)\n}\n',
        encoding="utf-8",
    )
    # children whose own variable / output is declared sensitive in the form under test
    child_variable = root / "child_variable"
    child_variable.mkdir()
    child_output = root / "child_output"
    child_output.mkdir()
    if syntax == "tf":
        (child_variable / "main.tf").write_text(
            f'variable "cidr" {{\n  sensitive = {hcl_form}\n}}\n'
            'output "vpc_cidr" {\n  value = var.cidr\n}\n',
            encoding="utf-8",
        )
        (child_output / "main.tf").write_text(
            f'output "cidr" {{\n  sensitive = {hcl_form}\n  value = "10.181.0.0/16"\n}}\n',
            encoding="utf-8",
        )
    else:
        (child_variable / "main.tf.json").write_text(
            json.dumps(
                {
                    "variable": {"cidr": {"sensitive": "@FORM@"}},
                    "output": {"vpc_cidr": {"value": "${var.cidr}"}},
                }
            ).replace('"@FORM@"', json_form),
            encoding="utf-8",
        )
        (child_output / "main.tf.json").write_text(
            json.dumps(
                {"output": {"cidr": {"sensitive": "@FORM@", "value": "10.181.0.0/16"}}}
            ).replace('"@FORM@"', json_form),
            encoding="utf-8",
        )
    return root


def hcl_secrets_in(text: str) -> list[str]:
    hidden = [secret for secret, _ in HIDDEN_FLOWS.values()]
    return [s for s in (MARKER[:6], *hidden) if s in text]


def _hcl_cases() -> Iterator[tuple[str, str, str]]:
    for form in SENSITIVE_FORMS:
        for syntax in ("tf", "tf.json"):
            for fmt in FORMATS:
                yield form, syntax, fmt


@pytest.mark.parametrize(
    ("form", "syntax", "fmt"), list(_hcl_cases()), ids=["-".join(c) for c in _hcl_cases()]
)
def test_hcl_sensitive_forms_leak_nowhere(form: str, syntax: str, fmt: str, tmp_path: Path) -> None:
    estate = _write_estate(tmp_path / "estate", SENSITIVE_FORMS[form], syntax)
    run = lint(tmp_path, estate, fmt, ("--var", f"token={MARKER}-cli"))
    assert run.code == 1, run.stderr
    assert "internal error" not in run.stderr
    assert hcl_secrets_in(run.stdout) == [], f"{fmt} output leaks"
    assert hcl_secrets_in(run.stderr) == [], "a message leaks"
    for name, text in run.files.items():
        assert hcl_secrets_in(text) == [], f"{name} leaks"
    findings = json.loads(run.files[f"report.{fmt}"])["findings"]
    # exactly the visible overlap: no rule saw any secret (not even to report it unprinted);
    # the peerings carry no routes, so TFVPC008 notices every one of them, secret or not
    shown = {(f["rule_id"], f["address"]) for f in findings if f["rule_id"] != "TFVPC008"}
    assert shown == HCL_VISIBLE


@pytest.mark.parametrize("syntax", ["tf", "tf.json"])
def test_hcl_not_sensitive_forms_are_linted(syntax: str, tmp_path: Path) -> None:
    """`false`, `"false"` and `"0"` are not sensitive: the same estate's overlaps are all
    reported (so the test above fails whenever a value leaks into the rules)."""
    for form in (("false", "false"), ('"0"', '"0"'), ('"false"', '"false"')):
        estate = _write_estate(tmp_path / f"estate{form[0]}", form, syntax)
        run = lint(tmp_path, estate, "json")
        assert run.code == 1, run.stderr
        findings = json.loads(run.stdout)["findings"]
        found = {f["address"] for f in findings if f["rule_id"] == "TFVPC001"}
        expected = {f"aws_vpc_peering_connection.{flow}" for flow in HIDDEN_FLOWS}
        expected |= {
            "aws_vpc_peering_connection.visible",
            "module.call.aws_vpc_peering_connection.inner",
        }
        assert found == expected, form
        for secret, _ in HIDDEN_FLOWS.values():
            assert secret in run.stdout, (form, secret)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("true", True),
        ('"true"', True),
        ('"1"', True),
        ("!false", True),
        ("1 == 1", True),
        ('"${true}"', True),
        ('1 > 0 ? "true" : "false"', True),
        # Terraform rejects these; fail safe
        ('"TRUE"', True),
        ('"yes"', True),
        ("1", True),
        ("null", True),
        ("var.flag", True),
        ('tobool("false")', True),
        ("false", False),
        ('"false"', False),
        ('"0"', False),
        ("!true", False),
        ("1 == 2", False),
    ],
)
def test_sensitive_argument_is_converted_as_terraform_does(form: str, expected: bool) -> None:
    block = parse_text(f'variable "x" {{\n  sensitive = {form}\n}}\n', "test.tf").body[0]
    assert isinstance(block, s.Block)
    assert declared_sensitive(block) is expected


SECRET_SCOPE: dict[str, EvalValue] = {
    "var": {"secret": SENSITIVE, "list": ("a", SENSITIVE), "plain": "10.0.0.0/16"},
    "local": {"mixed": {"hidden": SENSITIVE, "shown": "p"}},
}


def _eval(text: str) -> EvalValue:
    item = parse_text(f"x = {text}\n", "test.tf").body[0]
    assert isinstance(item, s.Attribute)
    return evaluate_or_unknown(item.expr, Scope(SECRET_SCOPE))


@pytest.mark.parametrize(
    "expr",
    [
        "var.secret",
        "upper(var.secret)",
        "length(var.list)",  # an argument that holds a secret marks the whole result
        'join(",", var.list)',
        'coalesce(var.secret, "x")',
        "concat(var.list...)",
        'sensitive("10.0.0.0/16")',
        "nonsensitive(var.secret)",  # cannot reveal a value that was never held
        'try(var.secret, "x")',
        "can(var.secret)",
        '"${var.secret}/16"',
        '"${var.secret}"',
        "var.secret + 1",
        "-var.secret",
        "!var.secret",
        'var.secret == "x"',
        'true || var.secret == "x"',  # Terraform marks a short-circuit too (real plan)
        'false && var.secret == "x"',
        'var.secret != "" ? "10.0.0.0/16" : "10.1.0.0/16"',
        "[for c in var.secret : c]",
        '[for c in ["a"] : c if var.secret == "x"]',
        "{for c in [1] : var.secret => c}",
        "{(var.secret) = 1}",
        'var.plain != "x" ? var.secret : "y"',
        "var.secret.attribute",
        "var.secret[0]",
        '{a = "b"}[var.secret]',
        "var.secret[*].id",
        "var.list[1]",
        "local.mixed.hidden",
        "jsonencode(local.mixed)",
    ],
)
def test_values_derived_from_a_secret_stay_sensitive(expr: str) -> None:
    assert _eval(expr) == SENSITIVE


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("local.mixed.shown", "p"),  # a sibling of a secret is not secret (nor in Terraform)
        ("var.list[0]", "a"),
        ("var.plain", "10.0.0.0/16"),
        ('true || var.nope == "x"', True),  # a skipped operand that fails does not matter
        ("[var.secret, 1]", (SENSITIVE, 1)),
        ("unknown_function(var.plain)", UNKNOWN),
    ],
)
def test_values_beside_a_secret_stay_visible(expr: str, expected: EvalValue) -> None:
    assert _eval(expr) == expected


SECRET_VALUE = MARKER + "-typed"


@pytest.mark.parametrize(
    "args",
    [
        [SECRET_VALUE],  # the value given without its name
        [f"={SECRET_VALUE}"],
        ["region=us-east-1", SECRET_VALUE],
    ],
)
def test_a_mistyped_var_names_no_value(args: list[str], tmp_path: Path) -> None:
    options = [a for arg in args for a in ("--var", arg)]
    run = run_cli("lint", str(ESTATE), *options, "--format", "json")
    assert run.code == 2
    assert run.stderr.startswith("tfvpc: error: --var expects NAME=VALUE")
    assert len(run.stderr.splitlines()) == 1
    assert secrets_in(run.stdout + run.stderr) == []


def test_a_var_for_an_undeclared_variable_names_only_the_variable() -> None:
    run = run_cli("lint", str(ESTATE), "--var", f"db_pasword={MARKER}-typo", "--format", "json")
    assert run.code == 2, run.stderr  # an error, as in Terraform: the typo leaves a value unset
    assert "--var db_pasword: " in run.stderr
    assert secrets_in(run.stdout + run.stderr) == []


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("broken.tfvars", f'db_password = "{MARKER}\n', 2),
        ("broken.tfvars.json", f'{{"db_password": {MARKER}}}', 2),
        ("cut.tfvars.json", f'{{"db_password": "{MARKER}', 2),
        ("list.tfvars.json", f'["{MARKER}"]', 2),
        # valid syntax (`S3CR3T - MARKER - 7f3a`) that is not a constant: the entry is skipped
        ("unquoted.tfvars", f"db_password = {MARKER}\n", 1),
    ],
)
def test_a_broken_var_file_names_no_value(name: str, text: str, code: int, tmp_path: Path) -> None:
    var_file = tmp_path / name
    var_file.write_text(text, encoding="utf-8")
    run = lint(tmp_path, ESTATE, "json", ("--var-file", str(var_file)))
    assert run.code == code, run.stderr
    if code == 2:
        assert name in run.stderr
    assert secrets_in(run.stdout + run.stderr) == []
    for file_name, content in run.files.items():
        assert secrets_in(content) == [], f"{file_name} leaks"
