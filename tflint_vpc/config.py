"""Configuration: `[tool.tfvpc]` in `pyproject.toml`, or the top level of `.tfvpc.toml`.

The file is found from the working directory upwards; in each directory `.tfvpc.toml` comes
before `pyproject.toml`, and a `pyproject.toml` without `[tool.tfvpc]` does not count (as ruff
does). The first hit wins; `--config FILE` names one. CLI flags win over the file.

```toml
[tool.tfvpc]
select = ["TFVPC001", "eni-cross-az-attachment"]  # codes, names, code prefixes or "ALL"
ignore = ["TFVPC003"]
fail-on = "error"                                 # error | warning | notice | never

[tool.tfvpc.severity]                             # per-rule severity overrides
TFVPC005 = "error"

[tool.tfvpc.rules.endpoint-peering-instance-type] # the rule's Options (code or name)
original-2018-restriction = true                  # `-` and `_` are the same in option names

[tool.tfvpc.per-address-ignores]                  # address glob -> rules ([] or ["ALL"]: all)
"module.legacy.*" = ["TFVPC001"]
'module.net["a"].aws_subnet.*' = []

[tool.tfvpc.per-path-ignores]                     # source-file glob -> rules
"modules/legacy/*" = ["ALL"]

[[tool.tfvpc.intents]]                            # reachability intents (TFVPC015)
name = "dev must never reach prod"
from = "tag:env=dev"                              # addresses with * globs, or tag:Key=Value
to = "tag:env=prod"                               # the same, or an IP address / CIDR
expect = "isolated"                               # reachable | isolated
```

Globs: `*` matches any run of characters (dots and slashes included) and `?` one character;
brackets are literal, so instance keys such as `["a"]` can be written as they appear. A path
glob is tried against the file as reported and relative to the configuration file's directory.

Every key and type is checked, and an error is one line naming the file and the key.
"""

from __future__ import annotations

import dataclasses
import difflib
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_origin, get_type_hints

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.engine import IgnoreSpec, RunOptions, path_ignored, rules_named
from tflint_vpc.errors import InputError, UsageError
from tflint_vpc.files import read_text
from tflint_vpc.options import convert, dataclass_items, describe, type_name
from tflint_vpc.rule import Rule, Severity

DOTFILE = ".tfvpc.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "notice", "never")
DEFAULT_FAIL_ON = "warning"
_KEYS = (
    "select",
    "ignore",
    "fail-on",
    "severity",
    "rules",
    "per-address-ignores",
    "per-path-ignores",
    "intents",
)
# `[[intents]]` is the `intents` option of this rule, written at the top level
INTENT_RULE = "reachability-intent"


@dataclass(frozen=True)
class Config:
    """The effective configuration; every rule reference is checked against the loaded rules."""

    path: str | None = None  # the file it came from; None: built-in defaults
    select: tuple[str, ...] = ()  # selectors as written; () = every enabled rule
    ignore: tuple[str, ...] = ()
    fail_on: str = DEFAULT_FAIL_ON
    severities: Mapping[str, Severity] = field(default_factory=dict)  # by rule code
    rule_options: Mapping[str, object] = field(default_factory=dict)  # by code: Options objects
    address_ignores: IgnoreSpec = ()
    path_ignores: IgnoreSpec = ()
    root: str | None = None  # the configuration file's directory (path globs are relative to it)
    file_keys: tuple[str, ...] = ()  # the keys the file sets (`tfvpc config` says where from)
    cli_keys: tuple[str, ...] = ()  # the keys command-line flags set

    def run_options(self) -> RunOptions:
        """What the engine needs: severity overrides, rule options, address and path ignores."""
        return RunOptions(
            severities=self.severities,
            rule_options=self.rule_options,
            address_ignores=self.address_ignores,
            path_ignores=self.path_ignores,
            root=self.root,
        )

    def ignores_path(self, diagnostic: Diagnostic) -> bool:
        """Whether a per-path ignore drops `diagnostic` (the engine's test, this file's root)."""
        return path_ignored(diagnostic, self.path_ignores, self.root)

    def drop_path_ignored(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        return tuple(d for d in diagnostics if not self.ignores_path(d))


# --- finding and reading the file -------------------------------------------------------------


def _read_toml(path: Path, shown: str) -> dict[str, object]:
    """A TOML file's table; UsageError (one line naming the file) when it cannot be used.

    Regular files only and at most `MAX_AUX_BYTES`: a FIFO named `pyproject.toml` in a parent
    directory must not block the run, nor `/dev/zero` as `--config` exhaust memory.
    """
    try:
        text = read_text(str(path))
    except InputError as exc:
        raise UsageError(f"{shown}: cannot read configuration: {exc.message}") from None
    try:
        data: dict[str, object] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{shown}: invalid TOML: {exc}") from exc
    except RecursionError:
        raise UsageError(f"{shown}: invalid TOML: nested too deeply to read") from None
    except ValueError:  # an integer longer than `sys.get_int_max_str_digits()`
        raise UsageError(f"{shown}: invalid TOML: a number too long to read") from None
    return data


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = _read_toml(pyproject, str(pyproject))
    except UsageError:
        return False  # not ours to complain about unless it is the chosen file
    tool = data.get("tool")
    return isinstance(tool, dict) and "tfvpc" in tool


def find_config(start: Path | None = None) -> Path | None:
    """The first `.tfvpc.toml`, or `pyproject.toml` with `[tool.tfvpc]`, from `start` upwards."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        dotfile = directory / DOTFILE
        if dotfile.is_file():
            return dotfile
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _shown(path: Path) -> str:
    """The path as the user would write it: relative to the working directory when inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def load_config(
    path: str | Path | None = None,
    *,
    start: Path | None = None,
    rules: Sequence[Rule] | None = None,
) -> Config:
    """Read `path` (or the discovered file) into a `Config`; defaults when there is none.

    `rules` are the rules references are checked against (default: every registered rule).
    Raises UsageError with a one-line message naming the file and the key.
    """
    chosen = Path(path) if path is not None else find_config(start)
    if chosen is None:
        return Config()
    shown = _shown(chosen) if path is None else str(path)
    data = _read_toml(chosen, shown)
    if chosen.name == PYPROJECT:
        tool = data.get("tool")
        table = tool.get("tfvpc") if isinstance(tool, dict) else None
        if table is None:
            raise UsageError(f"{shown}: no [tool.tfvpc] table")
        if not isinstance(table, dict):
            raise UsageError(f"{shown}: 'tool.tfvpc' must be a table")
        prefix = "tool.tfvpc"
    else:
        table, prefix = data, ""
        tool = table.get("tool")
        if isinstance(tool, dict) and "tfvpc" in tool:
            raise UsageError(
                f"{shown}: [tool.tfvpc] is the table of pyproject.toml; in {DOTFILE} write its"
                " keys at the top level (select = [...], [severity], [rules.NAME], ...)"
            )
    if rules is None:
        from tflint_vpc.registry import load

        rules = load()
    parser = _Parser(shown, prefix, rules)
    return parser.config(table, root=str(chosen.resolve().parent))


# --- validation -------------------------------------------------------------------------------


def literal_glob(pattern: str) -> str:
    """`pattern` for fnmatch with `[` and `]` literal, so only `*` and `?` are wildcards."""
    return "".join({"[": "[[]", "]": "[]]"}.get(ch, ch) for ch in pattern)


class _Parser:
    """Checks one configuration table; every error names the file and the key."""

    def __init__(self, source: str, prefix: str, rules: Sequence[Rule]) -> None:
        self.source = source
        self.prefix = prefix
        self.rules = tuple(rules)

    def where(self, *keys: str) -> str:
        if keys and keys[-1].isdigit():  # an entry of an array of tables: `[[intents]]` #2
            return f"{self.where(*keys[:-1])} entry {keys[-1]}"
        parts = [self.prefix, *keys] if self.prefix else list(keys)
        return f"[{'.'.join(parts)}]" if parts else "the top-level table"

    def fail(self, message: str) -> UsageError:
        return UsageError(f"{self.source}: {message}")

    def unknown_key(self, key: str, allowed: Sequence[str], *table: str) -> UsageError:
        hint = difflib.get_close_matches(key, allowed, n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        return self.fail(f"unknown key '{key}' in {self.where(*table)}{suggestion}")

    # rules ---------------------------------------------------------------------------------

    def rule_matches(self, selector: str) -> list[Rule]:
        """Rules a selector names: code, name, code prefix or ALL (the engine's semantics)."""
        return rules_named(self.rules, selector)

    def one_rule(self, key: str, *table: str) -> Rule:
        for r in self.rules:
            if r.is_named(key):
                return r
        raise self.fail(f"unknown rule '{key}' in {self.where(*table)} (see `tfvpc rules`)")

    def selectors(self, value: object, key: str, *table: str) -> tuple[str, ...]:
        where = f"'{key}' in {self.where(*table)}"
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where} must be an array of rule codes or names")
        for selector in value:
            if not self.rule_matches(selector):
                raise self.fail(f"unknown rule '{selector}' in {where} (see `tfvpc rules`)")
        return tuple(value)

    def codes(self, value: object, key: str, *table: str) -> tuple[str, ...]:
        """Selectors resolved to rule codes; `()` (every rule) for [] or a list with ALL."""
        selectors = self.selectors(value, key, *table)
        if any(s.upper() == "ALL" for s in selectors):
            return ()
        return tuple(sorted({r.code for s in selectors for r in self.rule_matches(s)}))

    # the table -----------------------------------------------------------------------------

    def config(self, table: Mapping[str, object], root: str) -> Config:
        for key in table:
            if key not in _KEYS:
                raise self.unknown_key(key, _KEYS)
        fail_on = table.get("fail-on", DEFAULT_FAIL_ON)
        if fail_on not in FAIL_ON:
            raise self.fail(
                f"'fail-on' in {self.where()} must be one of {', '.join(FAIL_ON)}, not {fail_on!r}"
            )
        rule_options = self.rule_options(table.get("rules", {}))
        if "intents" in table:
            rule_options = self.intents(table["intents"], rule_options)
        return Config(
            path=self.source,
            root=root,
            file_keys=tuple(table),
            select=self.selectors(table["select"], "select") if "select" in table else (),
            ignore=self.selectors(table["ignore"], "ignore") if "ignore" in table else (),
            fail_on=str(fail_on),
            severities=self.severities(table.get("severity", {})),
            rule_options=rule_options,
            address_ignores=self.ignores(
                table.get("per-address-ignores", {}), "per-address-ignores"
            ),
            path_ignores=self.ignores(table.get("per-path-ignores", {}), "per-path-ignores"),
        )

    def table(self, value: object, *keys: str) -> Mapping[str, object]:
        if not isinstance(value, dict):
            raise self.fail(f"{self.where(*keys)} must be a table, not {type_name(value)}")
        return value

    def severities(self, value: object) -> dict[str, Severity]:
        out: dict[str, Severity] = {}
        for key, level in self.table(value, "severity").items():
            rule = self.one_rule(key, "severity")
            choices = ", ".join(s.value for s in Severity)
            if not isinstance(level, str) or level not in {s.value for s in Severity}:
                raise self.fail(
                    f"'{key}' in {self.where('severity')} must be one of {choices}, not {level!r}"
                )
            out[rule.code] = Severity(level)
        return out

    def ignores(self, value: object, key: str) -> IgnoreSpec:
        out: list[tuple[str, tuple[str, ...]]] = []
        for glob, selectors in self.table(value, key).items():
            out.append((literal_glob(glob), self.codes(selectors, glob, key)))
        return tuple(out)

    def rule_options(self, value: object) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, options in self.table(value, "rules").items():
            rule = self.one_rule(key, "rules")
            table = self.table(options, "rules", key)
            if rule.options is None:
                raise self.fail(
                    f"rule {rule.code} ({rule.name}) has no options ({self.where('rules', key)})"
                )
            if rule.code in out:
                raise self.fail(f"options for {rule.code} are given twice in {self.where('rules')}")
            out[rule.code] = self.options(rule.options, table, "rules", key)
        return out

    def intents(self, value: object, options: Mapping[str, object]) -> dict[str, object]:
        """`[[intents]]`: the intent rule's `intents` option, its other options kept."""
        rule = self.one_rule(INTENT_RULE, "intents")
        cls = rule.options
        if cls is None or not dataclasses.is_dataclass(cls) or "intents" not in get_type_hints(cls):
            raise self.fail(f"rule {rule.code} ({rule.name}) takes no intents")
        current = options.get(rule.code)
        if getattr(current, "intents", None):
            raise self.fail(
                f"intents are given twice: {self.where('intents')} and "
                f"{self.where('rules', rule.name)}"
            )
        kept = {f.name: getattr(current, f.name) for f in dataclasses.fields(cls) if current}
        kept["intents"] = self.coerce(
            value, get_type_hints(cls)["intents"], self.where("intents"), "intents"
        )
        return {**options, rule.code: rule.options(**kept)}  # type: ignore[misc]

    def options(self, cls: type[object], table: Mapping[str, object], *where: str) -> object:
        if not dataclasses.is_dataclass(cls):
            raise self.fail(f"{self.where(*where)}: the rule's options are not a dataclass")
        # a field named like a Python keyword takes a trailing underscore (`from_` for `from`)
        fields = {f.name.rstrip("_"): f for f in dataclasses.fields(cls) if f.init}
        hints = get_type_hints(cls)
        kwargs: dict[str, object] = {}
        for key, value in table.items():
            name = key.replace("-", "_")
            if name not in fields:
                allowed = [f.replace("_", "-") for f in fields]
                hint = difflib.get_close_matches(key.replace("_", "-"), allowed, n=1)
                known = (
                    f" (did you mean '{hint[0]}'?)"
                    if hint
                    else f" (options: {', '.join(allowed) or 'none'})"
                )
                raise self.fail(f"unknown option '{key}' in {self.where(*where)}{known}")
            field_name = fields[name].name
            kwargs[field_name] = self.coerce(
                value,
                hints.get(field_name, object),
                f"'{key}' in {self.where(*where)}",
                *where,
                key,
            )
        missing = [
            key
            for key, f in fields.items()
            if f.name not in kwargs
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ]
        if missing:
            raise self.fail(f"'{missing[0]}' is required in {self.where(*where)}")
        try:
            return cls(**kwargs)
        except (TypeError, ValueError) as exc:
            raise self.fail(f"{self.where(*where)}: {exc}") from exc

    def coerce(self, value: object, tp: object, what: str, *where: str) -> object:
        """`value` (from TOML) as type `tp`: arrays become tuples or frozensets as declared,
        tables become the dataclass declared (checked key by key, as options are)."""
        item = dataclass_items(tp)
        if item is not None:
            if not isinstance(value, list):
                raise self.fail(f"{what} must be an array of tables, not {type_name(value)}")
            return tuple(
                self.options(item, self.table(entry, *where, str(i)), *where, str(i))
                for i, entry in enumerate(value, 1)
            )
        ok, converted = convert(value, tp)
        if not ok:
            shown = repr(value) if get_origin(tp) is Literal else type_name(value)
            raise self.fail(f"{what} must be {describe(tp)}, not {shown}")
        return converted


def options_for(rule: Rule, table: Mapping[str, object], source: str) -> object:
    """`table` as `rule`'s Options, checked as `[tool.tfvpc.rules.<rule>]` would be.

    For fixture metadata and library callers; raises UsageError naming `source` and the key.
    """
    return _Parser(source, "", (rule,)).rule_options({rule.code: dict(table)})[rule.code]


# --- the command line on top ------------------------------------------------------------------


def merge_cli(
    config: Config,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: str | None = None,
    rules: Sequence[Rule] | None = None,
) -> Config:
    """`config` with the command line's choices on top (None or empty: not given).

    `--select` replaces the file's `select`, and a rule it names explicitly is no longer ignored
    by the file; `--ignore` adds to the file's `ignore`; `--fail-on` replaces `fail-on`.
    """
    if rules is None:
        from tflint_vpc.registry import load

        rules = load()
    parser = _Parser("command line", "", rules)
    new_select = config.select
    new_ignore = config.ignore
    if select:
        new_select = _cli_selectors(parser, select, "--select")
        named = {r.code for s in new_select for r in rules if r.is_named(s)}
        new_ignore = tuple(
            s for s in config.ignore if not {r.code for r in parser.rule_matches(s)} <= named
        )
    if ignore:
        new_ignore = (*new_ignore, *_cli_selectors(parser, ignore, "--ignore"))
    new_fail_on = config.fail_on
    if fail_on is not None:
        if fail_on not in FAIL_ON:
            raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        new_fail_on = fail_on
    given = {"select": select, "ignore": ignore, "fail-on": fail_on}
    cli_keys = tuple(k for k, v in given.items() if v)
    return dataclasses.replace(
        config, select=new_select, ignore=new_ignore, fail_on=new_fail_on, cli_keys=cli_keys
    )


def _cli_selectors(parser: _Parser, values: Sequence[str], option: str) -> tuple[str, ...]:
    # `--select A,B` and repeated `--select A --select B` both work.
    out = tuple(s.strip() for v in values for s in v.split(",") if s.strip())
    for s in out:
        if not parser.rule_matches(s):
            raise UsageError(f"unknown rule '{s}' in {option} (see `tfvpc rules`)")
    return out
