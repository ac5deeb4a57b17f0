"""`tfvpc`: thin typer glue around `api.lint()` and the reporters.

Exit status: 0 clean, 1 findings at or above the failing severity, 2 usage or input error. Exit 2
writes exactly one line to stderr (control characters escaped, since messages quote paths, keys
and selectors); a traceback only with `--debug`. A closed stdout (`tfvpc lint x | head -1`) ends
the run quietly with 141, as a process killed by SIGPIPE would; a full disk is one error line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Optional

import typer

from tflint_vpc import __version__
from tflint_vpc.errors import InputError, UsageError
from tflint_vpc.printable import printable
from tflint_vpc.report import FORMATS, ReportOptions, reporter

# typer shows Python's types beside arguments (`PATH... <list[str]>`): noise to a Terraform user,
# whom the metavar and the help text already tell what to give.
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

app = typer.Typer(
    name="tfvpc",
    help="Lint Terraform/OpenTofu plans and HCL for AWS VPC network-topology mistakes.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tfvpc {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Lint Terraform/OpenTofu plans and HCL for AWS VPC network-topology mistakes."""


def _parse_formats(
    specs: list[str], output: str | None, quiet: bool = False
) -> list[tuple[str, str | None]]:
    """`--format x` and `--format x=FILE` pairs; `--output` is the file of a lone format.

    The text report stays on stdout when every named format goes to a file (a CI log must not
    be empty while the job fails); `--quiet` leaves it out.
    """
    pairs: list[tuple[str, str | None]] = []
    for spec in specs or ([] if quiet else ["text"]):
        name, _, file = spec.partition("=")
        reporter(name)  # an unknown format is a usage error before anything is linted
        pairs.append((name, file or None))
    to_stdout = [i for i, (_, file) in enumerate(pairs) if file is None]
    if output is not None:
        if len(to_stdout) != 1:
            raise UsageError("--output needs exactly one --format without '=FILE'")
        pairs[to_stdout[0]] = (pairs[to_stdout[0]][0], output)
    elif len(to_stdout) > 1:
        raise UsageError("only one format can go to stdout; give the others as --format x=FILE")
    if not to_stdout and output is None and not quiet and pairs:
        pairs.append(("text", None))
    _refuse_shared_files(pairs)
    return pairs


def _refuse_shared_files(pairs: list[tuple[str, str | None]]) -> None:
    """Two reports written to one file would silently overwrite each other: a usage error.

    Paths are compared resolved (symlinks, `.`/`..`, relative vs absolute), so `x` and `./x`
    are the same file.
    """
    seen: dict[str, str] = {}
    for name, file in pairs:
        if file is None:
            continue
        key = os.path.normcase(os.path.realpath(file))
        if key in seen:
            raise UsageError(f"--format {seen[key]} and --format {name} both write {file}")
        seen[key] = name


def _parse_vars(items: list[str]) -> dict[str, str]:
    variables: dict[str, str] = {}
    for number, item in enumerate(items, 1):
        name, eq, value = item.partition("=")
        # Never echo the item: without a name or '=' it may well be the secret value itself.
        if not eq:
            raise UsageError(f"--var expects NAME=VALUE; --var number {number} has no '='")
        if not name:
            raise UsageError(f"--var expects NAME=VALUE; --var number {number} has no name")
        variables[name] = value
    return variables


def _want_colour(file: str | None) -> bool:
    return file is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


@app.command()
def lint(
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[PATH]...",
            help="Plan/state JSON files, .tf/.tofu files or directories (--recursive: '.').",
            show_default=False,
        ),
    ] = None,
    recursive: Annotated[
        bool,
        typer.Option(
            "--recursive", "-r", help="Lint every root module under the directories given."
        ),
    ] = False,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            help="PATHs are changed files: lint the root modules they affect (pre-commit).",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No text report on stdout.")] = False,
    format: Annotated[
        list[str],
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT[=FILE]",
            help=f"Output format ({', '.join(FORMATS)}), or FORMAT=FILE.",
        ),
    ] = [],  # noqa: B006  (typer reads the default; it is never mutated)
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", help="Write the report to FILE.")  # noqa: UP045
    ] = None,
    select: Annotated[
        list[str],
        typer.Option("--select", metavar="RULE", help="Run only these rules (code or name)."),
    ] = [],  # noqa: B006
    ignore: Annotated[
        list[str],
        typer.Option("--ignore", metavar="RULE", help="Do not run these rules (code or name)."),
    ] = [],  # noqa: B006
    fail_on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--fail-on", help="Exit 1 at this severity: error, warning, notice, never."),
    ] = None,
    config: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--config", help="Configuration file (default: .tfvpc.toml/pyproject.toml)."),
    ] = None,
    source_dir: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--source-dir", help="HCL of a plan: locations, suppressions, locals."),
    ] = None,
    no_source_dir: Annotated[
        bool,
        typer.Option(
            "--no-source-dir",
            help="Lint a plan alone: do not look for its .tf files beside it or in the cwd.",
        ),
    ] = False,
    var_file: Annotated[
        list[str], typer.Option("--var-file", metavar="FILE", help="A .tfvars file for HCL inputs.")
    ] = [],  # noqa: B006
    var: Annotated[
        list[str], typer.Option("--var", metavar="NAME=VALUE", help="NAME=VALUE for HCL inputs.")
    ] = [],  # noqa: B006
    baseline: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--baseline", help="Report only findings not in this baseline."),
    ] = None,
    write_baseline: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--write-baseline", help="Record the current findings as a baseline."),
    ] = None,
    repo_root: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--repo-root",
            help="Paths in reports relative to this (default: $GITHUB_WORKSPACE or"
            " $CI_PROJECT_DIR when they hold the inputs, else git's top level, else cwd).",
        ),
    ] = None,
    parallel: Annotated[
        bool,
        typer.Option(
            "--parallel", help="Parse many HCL files in worker processes when CPUs are idle."
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="List what each rule could not decide, and why."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Lint plans, states and HCL; exit 1 when findings reach the failing severity."""
    from tflint_vpc import api, targets
    from tflint_vpc.config import load_config, merge_cli
    from tflint_vpc.engine import exit_status
    from tflint_vpc.reporoot import repo_root as find_repo_root

    formats = _parse_formats(format, output, quiet)
    settings = merge_cli(
        load_config(config), select=select or None, ignore=ignore or None, fail_on=fail_on
    )
    given = list(paths or [])
    if recursive and changed:
        raise UsageError("--recursive and --changed cannot be combined")
    if recursive:
        inputs = targets.recursive_targets(given)
    elif changed:
        inputs = targets.changed_targets(given)
        if not inputs:
            raise typer.Exit(0)  # no Terraform module among the changed files
    elif not given:
        raise UsageError("no input: give plan files, .tf files or directories, or --recursive")
    else:
        targets.suggest_recursive(given)
        inputs = given
    request = api.request_for(
        inputs,
        settings,
        baseline=baseline,
        write_baseline=write_baseline,
        var_files=var_file,
        variables=_parse_vars(var),
        source_dir=source_dir,
        find_source_dir=not no_source_dir,
        parallel=parallel,
    )
    result = api.lint(request)  # every filter (suppressions, ignores, baseline) is applied there
    root = find_repo_root(repo_root, inputs)
    for name, file in formats:
        # Lone surrogates can come from JSON escapes in a plan; never let them crash the write.
        text = reporter(name)(result, ReportOptions(root=root, colour=_want_colour(file)))
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
        if file is None:
            _write_stdout(text)
        else:
            try:
                Path(file).write_text(text, encoding="utf-8")
            except OSError as e:
                raise UsageError(f"cannot write {file}: {e.strerror or e}") from e
    if result.errors:
        raise InputErrors.of(result.errors)
    for notice in result.notices:
        typer.echo(f"tfvpc: notice: {printable(notice)}", err=True)
    if (recursive or changed) and not quiet:
        for line in targets.summary_lines(inputs, result):
            typer.echo(f"tfvpc: {printable(line)}", err=True)
    if verbose:
        from tflint_vpc.report.text import undecided_lines

        for line in undecided_lines(result):
            typer.echo(line, err=True)
    if write_baseline is not None and result.baseline_written is not None:
        # recording the findings is the point of the run: they are not a failure (exit 0)
        count = result.baseline_written
        entries = "entry" if count == 1 else "entries"
        typer.echo(
            f"tfvpc: wrote {count} baseline {entries} to {printable(write_baseline)}", err=True
        )
        raise typer.Exit(0)
    raise typer.Exit(exit_status(result.diagnostics, settings.fail_on))


class InputErrors(Exception):
    """Some inputs could not be linted (after the reports were written): exit 2, one line."""

    @classmethod
    def of(cls, errors: Sequence[str]) -> InputErrors:
        """Exit 2 is one line: the first error, and how many more there were."""
        more = len(errors) - 1
        tail = f" (and {more} more input error{'s' if more > 1 else ''})" if more else ""
        return cls(f"{errors[0]}{tail}")


@app.command("reach")
def reach_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FROM", help="Subnet, instance, network interface, VPC endpoint or VPC."
        ),
    ],
    target: Annotated[
        str, typer.Argument(metavar="TO", help="The same kinds of address, an IP or a CIDR.")
    ],
    paths: Annotated[
        list[str], typer.Argument(metavar="INPUT...", help="Plan/state JSON, .tf files, dirs.")
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    source_dir: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--source-dir", help="HCL of a plan: file:line of each hop."),
    ] = None,
    var_file: Annotated[
        list[str], typer.Option("--var-file", metavar="FILE", help="A .tfvars file for HCL inputs.")
    ] = [],  # noqa: B006
    var: Annotated[
        list[str], typer.Option("--var", metavar="NAME=VALUE", help="NAME=VALUE for HCL inputs.")
    ] = [],  # noqa: B006
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Trace traffic FROM -> TO and the replies back; exit 0 reachable, 1 not, 3 undecided."""
    from tflint_vpc import reach
    from tflint_vpc.api import LintRequest

    reach.check_format(format)  # a usage error before any input is read
    request = LintRequest(
        paths=tuple(paths),
        var_files=tuple(var_file),
        variables=_parse_vars(var),
        source_dir=source_dir,
    )
    result = reach.reach(source, target, request)
    sys.stdout.write(reach.render(result, format))
    raise typer.Exit(result.exit_status)


@app.command("graph")
def graph_command(
    paths: Annotated[
        list[str], typer.Argument(metavar="INPUT...", help="Plan/state JSON, .tf files, dirs.")
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help="mermaid, dot or json.")
    ] = "mermaid",
    around: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--around", help="Draw only the neighbourhood of this address."),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="Links from --around to draw.")] = 2,
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", help="Write the picture to FILE.")  # noqa: UP045
    ] = None,
    config: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--config", help="Configuration file (default: .tfvpc.toml/pyproject.toml)."),
    ] = None,
    source_dir: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--source-dir", help="HCL of a plan: suppressions, locals."),
    ] = None,
    no_source_dir: Annotated[
        bool, typer.Option("--no-source-dir", help="Draw a plan alone.")
    ] = False,
    var_file: Annotated[
        list[str], typer.Option("--var-file", help="A .tfvars file for HCL inputs.")
    ] = [],  # noqa: B006
    var: Annotated[list[str], typer.Option("--var", help="NAME=VALUE for HCL inputs.")] = [],  # noqa: B006
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Draw the network with the findings on it (Mermaid for PRs, DOT, or JSON)."""
    from tflint_vpc import api
    from tflint_vpc.config import load_config
    from tflint_vpc.graph import command

    command.check_format(format)  # a usage error before any input is read
    request = api.request_for(
        paths,
        load_config(config),
        var_files=var_file,
        variables=_parse_vars(var),
        source_dir=source_dir,
        find_source_dir=not no_source_dir,
    )
    drawn, errors = api.lint_topologies(request)
    if errors:
        raise InputErrors.of(errors)
    text = command.draw(command.merged(drawn), format, around, depth)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if output is None:
        _write_stdout(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as e:
            raise UsageError(f"cannot write {output}: {e.strerror or e}") from e


_CONFIG_HELP = "Configuration file (default: .tfvpc.toml/pyproject.toml)."


@app.command("rules")
def rules_command(
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, markdown or json.")
    ] = "table",
    config: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--config", help=_CONFIG_HELP),
    ] = None,
) -> None:
    """List the rules the configuration runs: id, name, severity and what each one finds."""
    from tflint_vpc.catalogue import render_catalogue
    from tflint_vpc.config import load_config

    _write_stdout(render_catalogue(format, load_config(config)))


@app.command("config")
def config_command(
    config: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--config", help=_CONFIG_HELP),
    ] = None,
    select: Annotated[
        list[str], typer.Option("--select", metavar="RULE", help="As for `tfvpc lint`.")
    ] = [],  # noqa: B006
    ignore: Annotated[
        list[str], typer.Option("--ignore", metavar="RULE", help="As for `tfvpc lint`.")
    ] = [],  # noqa: B006
    fail_on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--fail-on", help="As for `tfvpc lint`."),
    ] = None,
) -> None:
    """Print the settings in force and where each came from (file, command line, default)."""
    from tflint_vpc.config import load_config, merge_cli
    from tflint_vpc.registry import load
    from tflint_vpc.settings import render_settings

    settings = merge_cli(
        load_config(config), select=select or None, ignore=ignore or None, fail_on=fail_on
    )
    _write_stdout(render_settings(settings, load()))


@app.command("explain")
def explain(
    rule: Annotated[str, typer.Argument(help="A rule code (TFVPC001) or name.")],
) -> None:
    """Print a rule's documentation."""
    from tflint_vpc.catalogue import explain as explain_rule

    _write_stdout(explain_rule(rule))


app.command("rule", hidden=True)(explain)  # `tfvpc rule X`, as in `ruff rule`


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every error into one line and exit status 2."""
    args = sys.argv[1:] if argv is None else argv
    if not args:  # bare `tfvpc`: the help, as a page (click would squeeze it on one error line)
        args = ["--help"]
    debug = "--debug" in args
    try:
        code = app(args=args, prog_name="tfvpc", standalone_mode=False)
        _flush_stdout()  # a closed or full stdout shows here, not at interpreter exit
    except (BrokenPipeError, _StdoutClosed):
        _silence_stdout()
        code = 128 + 13  # as if killed by SIGPIPE, which is what `| head` expects of a writer
    except (InputError, UsageError, InputErrors) as e:
        if debug:
            raise
        _error(str(e))
        code = 2
    except typer.Abort:
        _error("aborted", prefix="tfvpc: ")
        code = 2
    except Exception as e:  # a bug: still one line unless asked for the traceback
        if debug:
            raise
        usage = _usage_message(e)
        if usage is not None:
            _error(usage)
        else:
            internal = "tfvpc: internal error: "
            _error(f"{type(e).__name__}: {e} (rerun with --debug)", prefix=internal)
        code = 2
    sys.exit(code if isinstance(code, int) else 0)


def _error(message: str, prefix: str = "tfvpc: error: ") -> None:
    """The one stderr line of exit 2; control characters (newlines too) made visible."""
    try:
        sys.stderr.write(prefix + printable(message) + "\n")
        sys.stderr.flush()
    except OSError:
        pass  # stderr itself is gone: the exit status is all that is left to say it


class _StdoutClosed(Exception):
    """The reader of stdout has gone. Not an OSError, so click does not turn it into exit 1."""


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise _StdoutClosed from None
    except OSError as e:  # a full disk (ENOSPC), a dead terminal (EIO): one line, exit 2
        _silence_stdout()
        raise UsageError(f"cannot write the report to stdout: {e.strerror or e}") from e


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        _silence_stdout()
        raise UsageError(f"cannot write the report to stdout: {e.strerror or e}") from e


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _usage_message(error: Exception) -> str | None:
    """One line for click's usage errors (bad option, missing argument), None otherwise."""
    format_message = getattr(error, "format_message", None)
    if callable(format_message) and getattr(error, "exit_code", None) == 2:
        return " ".join(str(format_message()).split())
    return None
