"""One filtering path: the library (`api.lint`) and the CLI drop exactly the same findings.

Suppression comments, per-address ignores, per-path ignores and a baseline are all applied
inside `api.lint`; the CLI only builds the request. One configuration uses each of them.
"""

from __future__ import annotations

import json
from pathlib import Path

from tflint_vpc import api
from tflint_vpc.baseline import write_baseline
from tflint_vpc.config import load_config
from tflint_vpc.diagnostic import LintResult
from tflint_vpc.testing import run_cli


def _peering(name: str, comment: str = "") -> str:
    """Two overlapping VPCs and their peering, all named after `name`."""
    return f"""
resource "aws_vpc" "{name}_a" {{
  cidr_block = "10.0.0.0/16"
}}
resource "aws_vpc" "{name}_b" {{
  cidr_block = "10.0.128.0/17"
}}
{comment}
resource "aws_vpc_peering_connection" "{name}" {{
  vpc_id      = aws_vpc.{name}_a.id
  peer_vpc_id = aws_vpc.{name}_b.id
}}
"""


CONFIG = """
ignore = ["peering-unused"]  # these peerings carry no routes: TFVPC008 notices, not the point here

[per-address-ignores]
"aws_vpc_peering_connection.legacy*" = ["peering-cidr-overlap"]

[per-path-ignores]
"net/generated.tf" = ["ALL"]
"""


def _project(root: Path) -> Path:
    net = root / "net"
    net.mkdir()
    (net / "main.tf").write_text(
        _peering("suppressed", "# tfvpc:ignore TFVPC001 -- accepted until the move")
        + _peering("stale", "# tfvpc:ignore TFVPC004")  # silences nothing: TFVPC000
        + _peering("legacy_one")  # per-address ignore
        + _peering("baselined")  # in the baseline
        + _peering("reported"),  # the one overlap left
        encoding="utf-8",
    )
    (net / "generated.tf").write_text(_peering("generated"), encoding="utf-8")  # per-path
    (root / ".tfvpc.toml").write_text(CONFIG, encoding="utf-8")
    return net


def _shown(diagnostics: list[dict[str, object]]) -> list[tuple[object, ...]]:
    keys = ("rule_id", "address", "message", "location", "fingerprint")
    return [tuple(json.dumps(d[k], sort_keys=True) for k in keys) for d in diagnostics]


def test_library_and_cli_apply_the_same_filters(tmp_path: Path) -> None:
    net = _project(tmp_path)
    config_file = tmp_path / ".tfvpc.toml"
    unfiltered = api.lint(api.LintRequest(paths=(str(net),)))
    everything = {d.address for d in unfiltered.diagnostics if d.rule_id == "TFVPC001"}
    assert everything == {
        f"aws_vpc_peering_connection.{n}"
        for n in ("stale", "legacy_one", "baselined", "reported", "generated")
    }  # the comment on `suppressed` works without any configuration
    baseline = tmp_path / "baseline.json"
    write_baseline(
        baseline,
        [
            d
            for d in unfiltered.diagnostics
            if d.address.endswith(".baselined") and d.rule_id == "TFVPC001"
        ],
    )

    library = api.lint(
        api.request_for([str(net)], load_config(config_file), baseline=str(baseline))
    )
    cli = run_cli(
        "lint", "--config", str(config_file), "--baseline", str(baseline), "-f", "json", str(net)
    )

    assert cli.code == 1, cli.stderr
    assert [(d.rule_id, d.address) for d in library.diagnostics] == [
        ("TFVPC000", "aws_vpc_peering_connection.stale"),  # the comment, a line above
        ("TFVPC001", "aws_vpc_peering_connection.stale"),
        ("TFVPC001", "aws_vpc_peering_connection.reported"),
    ]
    from_cli = json.loads(cli.stdout)
    from_library = json.loads(_json_report(library))
    assert _shown(from_cli["findings"]) == _shown(from_library["findings"])
    assert from_cli.get("fixed") == from_library.get("fixed") is None


def test_write_baseline_records_findings_before_the_baseline_filters(tmp_path: Path) -> None:
    net = _project(tmp_path)
    config = load_config(tmp_path / ".tfvpc.toml")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    api.lint(api.request_for([str(net)], config, write_baseline=str(first)))
    result = api.lint(
        api.request_for([str(net)], config, baseline=str(first), write_baseline=str(second))
    )
    assert result.diagnostics == ()  # everything is in the baseline
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def _json_report(result: LintResult) -> str:
    from tflint_vpc.report import ReportOptions, reporter

    return reporter("json")(result, ReportOptions())
