"""`tfvpc config`: the settings in force and where each came from (file, CLI, default).

One line per setting, in the configuration file's own syntax, with a comment naming its origin,
so the output can be pasted into a `.tfvpc.toml`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

from tflint_vpc.config import Config
from tflint_vpc.engine import IgnoreSpec, select_rules
from tflint_vpc.rule import Rule


def _origin(config: Config, key: str) -> str:
    if key in config.cli_keys:
        return "command line"
    if key in config.file_keys:
        return config.path or "file"
    return "default"


def _glob(pattern: str) -> str:
    """The glob as written (the config stores brackets escaped for fnmatch)."""
    return pattern.replace("[[]", "\0").replace("[]]", "]").replace("\0", "[")


def _ignores(spec: IgnoreSpec) -> str:
    entries = ", ".join(f"{json.dumps(_glob(g))} = {json.dumps(list(codes))}" for g, codes in spec)
    return f"{{ {entries} }}" if entries else "{}"


def render_settings(config: Config, rules: Sequence[Rule]) -> str:
    running = select_rules(rules, config.select, config.ignore)
    lines = [f"# configuration file: {config.path or 'none found (built-in defaults)'}"]

    def setting(key: str, value: str) -> None:
        lines.append(f"{key} = {value}  # {_origin(config, key)}")

    setting("select", json.dumps(list(config.select)))
    setting("ignore", json.dumps(list(config.ignore)))
    setting("fail-on", json.dumps(config.fail_on))
    setting("per-address-ignores", _ignores(config.address_ignores))
    setting("per-path-ignores", _ignores(config.path_ignores))
    lines.append("")
    lines.append(f"# rules in force: {len(running)} of {len(rules)}")
    for rule in running:
        severity = config.severities.get(rule.code)
        where = _origin(config, "severity") if severity is not None else "default"
        shown = (severity or rule.severity).value
        lines.append(f"{rule.code} {rule.name}: {shown}  # {where}")
        options = config.rule_options.get(rule.code) or rule.default_options()
        if options is None or not dataclasses.is_dataclass(options):
            continue
        origin = _origin(config, "rules") if rule.code in config.rule_options else "default"
        if rule.code in config.rule_options and "intents" in config.file_keys:
            origin = config.path or "file"
        for f in dataclasses.fields(options):
            value = getattr(options, f.name)
            text = json.dumps(value) if isinstance(value, (bool, int, float, str)) else repr(value)
            if isinstance(value, tuple):
                text = f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
            lines.append(f"  {f.name.replace('_', '-')} = {text}  # {origin}")
    return "\n".join(lines) + "\n"
