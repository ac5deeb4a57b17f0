"""Configuration files: discovery, every key, type checks against rule Options, CLI on top."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Literal

import pytest

from tflint_vpc.config import Config, find_config, load_config, merge_cli
from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.errors import UsageError
from tflint_vpc.inventory import Location
from tflint_vpc.rule import Finding, Rule, Severity


@dataclass(frozen=True)
class WideOptions:
    strict: bool = False
    limit: int = 3
    ratio: float = 0.5
    families: tuple[str, ...] = ("m5", "c5")
    mode: Literal["fast", "slow"] = "fast"
    zones: frozenset[str] = frozenset()
    label: str | None = None


def _check(*_args: object) -> Iterable[Finding]:
    return ()


RULES = (
    Rule("TFVPC001", "peering-cidr-overlap", Severity.ERROR, _check),
    Rule("TFVPC003", "classiclink-dedicated-tenancy", Severity.ERROR, _check),
    Rule("TFVPC004", "eni-cross-az-attachment", Severity.ERROR, _check),
    Rule("TFVPC005", "endpoint-peering-instance-type", Severity.WARNING, _check, WideOptions),
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path) -> Config:
    return load_config(path, rules=RULES)


def error_of(path: Path) -> str:
    with pytest.raises(UsageError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message  # the CLI prints it as one line
    assert message.startswith(str(path))
    return message


FULL = """
select = ["TFVPC0", "eni-cross-az-attachment"]
ignore = ["TFVPC003"]
fail-on = "error"

[severity]
TFVPC005 = "error"
peering-cidr-overlap = "notice"

[rules.endpoint-peering-instance-type]
strict = true
limit = 7
ratio = 2
families = ["m6i", "c6i"]
mode = "slow"
zones = ["a", "b", "a"]
label = "x"

[per-address-ignores]
"module.legacy.*" = ["TFVPC001", "eni-cross-az-attachment"]
'module.net["a"].*' = []

[per-path-ignores]
"modules/old/*" = ["ALL"]
"generated/*.tf" = ["TFVPC004"]
"""


def test_every_key_in_a_dotfile(tmp_path: Path) -> None:
    config = load(write(tmp_path / ".tfvpc.toml", FULL))
    assert config.select == ("TFVPC0", "eni-cross-az-attachment")
    assert config.ignore == ("TFVPC003",)
    assert config.fail_on == "error"
    assert config.severities == {"TFVPC005": Severity.ERROR, "TFVPC001": Severity.NOTICE}
    options = config.rule_options["TFVPC005"]
    assert options == WideOptions(
        strict=True,
        limit=7,
        ratio=2.0,
        families=("m6i", "c6i"),
        mode="slow",
        zones=frozenset({"a", "b"}),
        label="x",
    )
    assert config.address_ignores[0] == ("module.legacy.*", ("TFVPC001", "TFVPC004"))
    pattern, codes = config.address_ignores[1]
    assert codes == ()  # an empty list means every rule
    assert fnmatchcase('module.net["a"].aws_subnet.this[0]', pattern)  # brackets are literal
    assert not fnmatchcase("module.net.aws_subnet.this", pattern)
    assert config.path_ignores == (("modules/old/*", ()), ("generated/*.tf", ("TFVPC004",)))
    run = config.run_options()
    assert run.severities == config.severities
    assert run.rule_options == config.rule_options
    assert run.address_ignores == config.address_ignores


def test_pyproject_tool_table(tmp_path: Path) -> None:
    text = (
        '[project]\nname = "x"\n\n[tool.tfvpc]\nselect = ["TFVPC001"]\n\n'
        '[tool.tfvpc.severity]\nTFVPC001 = "warning"\n'
    )
    config = load(write(tmp_path / "pyproject.toml", text))
    assert config.select == ("TFVPC001",)
    assert config.severities == {"TFVPC001": Severity.WARNING}


def test_option_names_take_dashes_or_underscores(tmp_path: Path) -> None:
    @dataclass(frozen=True)
    class Opts:
        original_2018_restriction: bool = False

    rules = (Rule("TFVPC005", "endpoint-peering-instance-type", Severity.WARNING, _check, Opts),)
    for key in ("original-2018-restriction", "original_2018_restriction"):
        path = write(tmp_path / ".tfvpc.toml", f"[rules.TFVPC005]\n{key} = true\n")
        assert load_config(path, rules=rules).rule_options["TFVPC005"] == Opts(True)


def test_the_real_rule_pack_options(tmp_path: Path) -> None:
    """TFVPC005's own Options, as registered (the example of the docs)."""
    path = write(tmp_path / ".tfvpc.toml", "[rules.TFVPC005]\noriginal-2018-restriction = true\n")
    options = load_config(path).rule_options["TFVPC005"]
    assert getattr(options, "original_2018_restriction") is True  # noqa: B009


def test_discovery_walks_up_and_prefers_the_dotfile(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.tfvpc]
    top = write(tmp_path / ".tfvpc.toml", 'fail-on = "never"\n')
    assert find_config(deep) == top.resolve()
    assert load_config(start=deep, rules=RULES).fail_on == "never"
    pyproject = write(tmp_path / "a" / "b" / "pyproject.toml", '[tool.tfvpc]\nfail-on = "notice"\n')
    assert find_config(deep) == pyproject.resolve()
    dotfile = write(tmp_path / "a" / "b" / ".tfvpc.toml", 'fail-on = "error"\n')
    assert find_config(deep) == dotfile.resolve()  # the dotfile wins in one directory
    assert load_config(start=deep, rules=RULES).fail_on == "error"


def test_no_file_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tflint_vpc.config.find_config", lambda start=None: None)
    config = load_config(start=tmp_path, rules=RULES)
    assert config == Config()
    assert config.fail_on == "warning" and config.path is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selct = []\n", "unknown key 'selct' in the top-level table (did you mean 'select'?)"),
        ('select = "TFVPC001"\n', "'select' in the top-level table must be an array"),
        ("ignore = [1]\n", "'ignore' in the top-level table must be an array"),
        ('select = ["TFVPC999"]\n', "unknown rule 'TFVPC999' in 'select'"),
        ('fail-on = "always"\n', "'fail-on' in the top-level table must be one of"),
        ("fail-on = 1\n", "'fail-on' in the top-level table must be one of"),
        ('[severity]\nTFVPC001 = "fatal"\n', "'TFVPC001' in [severity] must be one of error, warn"),
        ("[severity]\nTFVPC001 = 2\n", "'TFVPC001' in [severity] must be one of"),
        ('[severity]\nnope = "error"\n', "unknown rule 'nope' in [severity]"),
        ('severity = "error"\n', "[severity] must be a table, not a string"),
        ("[rules.TFVPC001]\nx = 1\n", "rule TFVPC001 (peering-cidr-overlap) has no options"),
        ("[rules.TFVPC005]\nstrct = true\n", "unknown option 'strct' in [rules.TFVPC005]"),
        ('[rules.TFVPC005]\nstrict = "yes"\n', "'strict' in [rules.TFVPC005] must be a boolean"),
        ("[rules.TFVPC005]\nlimit = true\n", "'limit' in [rules.TFVPC005] must be an integer"),
        ("[rules.TFVPC005]\nlimit = 1.5\n", "'limit' in [rules.TFVPC005] must be an integer"),
        ("[rules.TFVPC005]\nfamilies = [1]\n", "'families' in [rules.TFVPC005] must be an arr"),
        ('[rules.TFVPC005]\nfamilies = "m5"\n', "'families' in [rules.TFVPC005] must be an arr"),
        ('[rules.TFVPC005]\nmode = "medium"\n', "'mode' in [rules.TFVPC005] must be one of"),
        ("[rules.TFVPC005]\nlabel = 3\n", "'label' in [rules.TFVPC005] must be a string"),
        ("rules = 3\n", "[rules] must be a table, not an integer"),
        ("[rules.nope]\n", "unknown rule 'nope' in [rules]"),
        ('[per-address-ignores]\n"x.*" = "TFVPC001"\n', "'x.*' in [per-address-ignores] must"),
        ('[per-path-ignores]\n"x/*" = ["bogus"]\n', "unknown rule 'bogus' in 'x/*' in [per-p"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_dotfile(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error_of(write(tmp_path / ".tfvpc.toml", text))


def test_bad_pyproject_names_the_tool_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.tfvpc]\nselct = []\n")
    assert error_of(path).endswith("unknown key 'selct' in [tool.tfvpc] (did you mean 'select'?)")
    path = write(tmp_path / "pyproject.toml", "[tool.tfvpc.rules.TFVPC005]\nlimit = 'x'\n")
    assert "'limit' in [tool.tfvpc.rules.TFVPC005] must be an integer" in error_of(path)
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert error_of(path).endswith("no [tool.tfvpc] table")


def test_unreadable_config(tmp_path: Path) -> None:
    assert "cannot read configuration" in error_of(tmp_path / "missing.toml")
    assert "cannot read configuration" in error_of(tmp_path)  # a directory
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00select")
    assert "cannot read configuration" in error_of(binary)


def _diag(file: str | None, rule_id: str = "TFVPC004") -> Diagnostic:
    return Diagnostic(
        rule_id=rule_id,
        rule="x",
        severity=Severity.ERROR,
        address="aws_x.y",
        message="m",
        related=(),
        location=Location(file, 1, 1) if file else None,
        source="plans/legacy.json",
    )


def test_path_ignores_match_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = '[per-path-ignores]\n"modules/old/*" = []\n"gen/*.tf" = ["TFVPC004"]\n"plans/*" = []\n'
    config = load(write(tmp_path / "repo" / ".tfvpc.toml", text))
    monkeypatch.chdir(tmp_path / "repo")
    assert config.ignores_path(_diag("modules/old/main.tf"))
    assert config.ignores_path(_diag("gen/a.tf"))
    assert not config.ignores_path(_diag("gen/a.tf", rule_id="TFVPC001"))
    assert not config.ignores_path(_diag("modules/new/main.tf"))
    assert config.ignores_path(_diag(None))  # plan-only: matched on the input path
    # From a subdirectory the reported paths are relative to it; the config root still works.
    (tmp_path / "repo" / "modules").mkdir()
    monkeypatch.chdir(tmp_path / "repo" / "modules")
    assert config.ignores_path(_diag("old/main.tf"))
    assert not config.ignores_path(_diag("new/main.tf"))
    kept = config.drop_path_ignored([_diag("old/main.tf"), _diag("new/main.tf")])
    assert [d.location.file for d in kept if d.location] == ["new/main.tf"]


def test_merge_cli_wins(tmp_path: Path) -> None:
    config = load(write(tmp_path / ".tfvpc.toml", FULL))
    merged = merge_cli(
        config, select=["TFVPC003,TFVPC001"], ignore=["TFVPC005"], fail_on="never", rules=RULES
    )
    assert merged.select == ("TFVPC003", "TFVPC001")
    assert merged.ignore == ("TFVPC005",)  # the file's TFVPC003 ignore yields to --select
    assert merged.fail_on == "never"
    assert merged.severities == config.severities  # untouched by the command line
    assert merge_cli(config, rules=RULES) == config
    extra = merge_cli(config, ignore=["TFVPC004"], rules=RULES)
    assert extra.select == config.select and extra.ignore == ("TFVPC003", "TFVPC004")


def test_merge_cli_rejects_bad_values() -> None:
    with pytest.raises(UsageError, match=r"unknown rule 'TFVPC9' in --select"):
        merge_cli(Config(), select=["TFVPC9"], rules=RULES)
    with pytest.raises(UsageError, match=r"unknown rule 'zzz' in --ignore"):
        merge_cli(Config(), ignore=["zzz"], rules=RULES)
    with pytest.raises(UsageError, match=r"--fail-on must be one of"):
        merge_cli(Config(), fail_on="sometimes", rules=RULES)
