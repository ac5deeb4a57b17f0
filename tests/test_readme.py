"""The README says what the code does: its rules table and configuration example are live."""

from __future__ import annotations

import re
from pathlib import Path

from tflint_vpc.catalogue import render_catalogue
from tflint_vpc.config import load_config

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_rules_table_is_the_catalogue() -> None:
    assert render_catalogue("markdown") in README


def test_configuration_example_loads(tmp_path: Path) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", README, re.DOTALL)
    example = next(b for b in blocks if "[tool.tfvpc]" in b)
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path / "pyproject.toml")
    assert config.fail_on == "error"
    assert config.severities["TFVPC005"].value == "error"
    assert config.ignore == ("TFVPC003",)


def test_quick_start_is_two_commands_on_the_bundled_example() -> None:
    start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", start, re.DOTALL)
    assert len(commands) == 2
    assert "tfvpc lint examples/hub-and-spoke.plan.json" in commands[0]
    assert commands[1].endswith("pytest")
    assert (Path(__file__).resolve().parents[1] / "examples" / "hub-and-spoke.plan.json").is_file()
