"""The command line: exit codes, one-line errors, formats, the JSON contract on the example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tflint_vpc import __version__
from tflint_vpc.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "hub-and-spoke.plan.json"


def tfvpc(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert tfvpc(capsys, "--version") == (0, f"tfvpc {__version__}\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["lint"],
            "tfvpc: error: no input: give plan files, .tf files or directories, or --recursive",
        ),
        (["lint", "x.json", "--bogus"], "tfvpc: error: No such option: --bogus"),
        (["lint", "x.json", "--format", "yaml"], "tfvpc: error: unknown format 'yaml'"),
        (["lint", "x.json", "--fail-on", "fatal"], "tfvpc: error: --fail-on must be one of"),
        (["lint", "x.json", "--select", "TFVPC999"], "tfvpc: error: unknown rule 'TFVPC999'"),
        (["lint", "x.json", "--var", "novalue"], "tfvpc: error: --var expects NAME=VALUE"),
        (["lint", "x.json", "-f", "json", "-f", "sarif"], "tfvpc: error: only one format"),
        (["explain", "TFVPC999"], "tfvpc: error: unknown rule 'TFVPC999'"),
        (["rules", "--format", "xml"], "tfvpc: error: unknown format 'xml'"),
        (["lint", "does-not-exist.json"], "tfvpc: error: does-not-exist.json: "),
    ],
)
def test_usage_and_input_errors_are_one_line_with_status_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = tfvpc(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith(message)
    assert "Traceback" not in err


def test_rules_lists_every_rule_in_each_format(capsys: pytest.CaptureFixture[str]) -> None:
    from tflint_vpc.registry import load

    rules = load()
    code, table, _ = tfvpc(capsys, "rules")
    assert code == 0
    for r in rules:
        assert f"{r.code} {r.name}" in " ".join(table.split())
    code, out, _ = tfvpc(capsys, "rules", "--format", "json")
    assert [row["id"] for row in json.loads(out)] == [r.code for r in rules]
    code, out, _ = tfvpc(capsys, "rules", "--format", "markdown")
    assert out.count("\n") == len(rules) + 2


def test_explain_by_code_and_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, by_code, _ = tfvpc(capsys, "explain", "tfvpc001")
    assert code == 0
    assert by_code.startswith("# peering-cidr-overlap (TFVPC001)\n")
    assert "## What it does" in by_code
    _, by_name, _ = tfvpc(capsys, "explain", "peering-cidr-overlap")
    _, alias, _ = tfvpc(capsys, "rule", "TFVPC001")
    assert by_code == by_name == alias


def test_example_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = tfvpc(capsys, "lint", "--format", "json", str(EXAMPLE))
    assert code == 1, err
    document = json.loads(out)
    assert document["version"] == 1
    assert document["tool"] == {"name": "tfvpc", "version": __version__}
    found = {(f["rule_id"], f["address"]) for f in document["findings"]}
    assert found == {
        ("TFVPC001", "aws_vpc_peering_connection.app_analytics"),
        ("TFVPC004", "aws_network_interface_attachment.worker_secondary"),
        ("TFVPC005", "aws_instance.legacy_worker"),
        # no route uses the overlapping peering (any route to it would lie inside app's block)
        ("TFVPC008", "aws_vpc_peering_connection.app_analytics"),
        ("TFVPC007", "aws_vpc_peering_connection.app_shared"),
    }
    for finding in document["findings"]:
        assert set(finding) >= {
            "rule_id",
            "rule",
            "severity",
            "address",
            "message",
            "related",
            "location",
            "source",
        }
        assert finding["source"] == str(EXAMPLE)
        assert finding["location"] is None  # a plan without --source-dir has no file:line
    assert document["summary"] == {
        "errors": 2,
        "warnings": 2,
        "notices": 1,
        "inputs": 1,
        "resources": document["summary"]["resources"],
        "undecided": 0,  # every rule could judge every resource of the example
    }
    assert document["summary"]["resources"] == 14  # every resource of the example plan


def test_text_is_plain_without_a_terminal_and_fail_on_gates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = tfvpc(capsys, "lint", str(EXAMPLE))
    assert code == 1
    assert "\033[" not in out
    assert out.splitlines()[-1].startswith(
        "Found 5 findings (2 errors, 2 warnings, 1 notice) in 1 input"
    )
    assert tfvpc(capsys, "lint", str(EXAMPLE), "--fail-on", "never")[0] == 0
    assert tfvpc(capsys, "lint", str(EXAMPLE), "--select", "TFVPC005", "--fail-on", "error")[0] == 0


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\033[" in tfvpc(capsys, "lint", str(EXAMPLE))[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in tfvpc(capsys, "lint", str(EXAMPLE))[1]


def test_several_formats_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.json"
    code, out, _ = tfvpc(capsys, "lint", str(EXAMPLE), "-f", "text", "-f", f"json={report}")
    assert code == 1
    assert "TFVPC001" in out
    assert len(json.loads(report.read_text())["findings"]) == 5
    other = tmp_path / "only.json"
    assert tfvpc(capsys, "lint", str(EXAMPLE), "-f", "json", "-o", str(other))[1] == ""
    assert json.loads(other.read_text())["summary"]["errors"] == 2


def test_a_bad_input_among_good_ones_still_reports_the_good(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("")
    code, out, err = tfvpc(capsys, "lint", str(EXAMPLE), str(empty))
    assert code == 2
    assert "TFVPC001" in out
    assert err.startswith(f"tfvpc: error: {empty}: ")
    assert err.count("\n") == 1


def test_config_file_is_found_and_cli_flags_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tfvpc.toml").write_text('ignore = ["TFVPC001"]\nfail-on = "error"\n')
    code, out, _ = tfvpc(capsys, "lint", "-f", "json", str(EXAMPLE))
    assert code == 1
    assert {f["rule_id"] for f in json.loads(out)["findings"]} == {
        "TFVPC004",
        "TFVPC005",
        "TFVPC008",
        "TFVPC007",
    }
    code, out, _ = tfvpc(capsys, "lint", "-f", "json", str(EXAMPLE), "--select", "TFVPC001")
    assert {f["rule_id"] for f in json.loads(out)["findings"]} == {"TFVPC001"}
    assert tfvpc(capsys, "lint", str(EXAMPLE), "--select", "TFVPC005")[0] == 0  # fail-on error
    assert (
        tfvpc(capsys, "lint", str(EXAMPLE), "--select", "TFVPC005", "--fail-on", "warning")[0] == 1
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selct = ["TFVPC001"]\n', "tfvpc: error: .tfvpc.toml: unknown key 'selct'"),
        ("fail-on = 3\n", "tfvpc: error: .tfvpc.toml: "),
        ('[severity]\nTFVPC001 = "fatal"\n', "tfvpc: error: .tfvpc.toml: "),
        ("select = [\n", "tfvpc: error: .tfvpc.toml: invalid TOML"),
    ],
)
def test_bad_config_is_one_line_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tfvpc.toml").write_text(text)
    code, _, err = tfvpc(capsys, "lint", str(EXAMPLE))
    assert code == 2
    assert err.startswith(message), err
    assert err.count("\n") == 1


def test_baseline_round_trip_and_bad_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    assert tfvpc(capsys, "lint", str(EXAMPLE), "--write-baseline", str(baseline))[0] == 0
    code, out, _ = tfvpc(capsys, "lint", "-f", "json", str(EXAMPLE), "--baseline", str(baseline))
    assert code == 0
    assert json.loads(out)["findings"] == []
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    code, _, err = tfvpc(capsys, "lint", str(EXAMPLE), "--baseline", str(broken))
    assert code == 2
    assert err.startswith(f"tfvpc: error: {broken}: ")
    assert err.count("\n") == 1
    code, _, err = tfvpc(capsys, "lint", str(EXAMPLE), "--baseline", str(tmp_path / "none"))
    assert code == 2
    assert err.count("\n") == 1
