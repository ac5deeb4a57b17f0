"""`tfvpc`: thin typer glue around `api.lint()` and the reporters.

Exit status: 0 clean, 1 findings at or above the failing severity, 2 usage or input error. Every
error is one line on stderr; a traceback only with `--debug`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from tflint_vpc import __version__
from tflint_vpc.errors import InputError, UsageError
from tflint_vpc.report import FORMATS, ReportOptions, reporter

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


def _parse_formats(specs: list[str], output: str | None) -> list[tuple[str, str | None]]:
    """`--format x` and `--format x=FILE` pairs; `--output` is the file of a lone format."""
    pairs: list[tuple[str, str | None]] = []
    for spec in specs or ["text"]:
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
    return pairs


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
        list[str], typer.Argument(help="Plan/state JSON files, .tf/.tofu files or directories.")
    ],
    format: Annotated[
        list[str],
        typer.Option(
            "--format", "-f", help=f"Output format ({', '.join(FORMATS)}), or FORMAT=FILE."
        ),
    ] = [],  # noqa: B006  (typer reads the default; it is never mutated)
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", help="Write the report to FILE.")  # noqa: UP045
    ] = None,
    select: Annotated[
        list[str], typer.Option("--select", help="Run only these rules (code or name).")
    ] = [],  # noqa: B006
    ignore: Annotated[
        list[str], typer.Option("--ignore", help="Do not run these rules (code or name).")
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
    var_file: Annotated[
        list[str], typer.Option("--var-file", help="A .tfvars file for HCL inputs.")
    ] = [],  # noqa: B006
    var: Annotated[list[str], typer.Option("--var", help="NAME=VALUE for HCL inputs.")] = [],  # noqa: B006
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
        typer.Option("--repo-root", help="Paths in reports relative to this (default: cwd)."),
    ] = None,
    parallel: Annotated[
        bool,
        typer.Option(
            "--parallel", help="Parse many HCL files in worker processes when CPUs are idle."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Lint plans, states and HCL; exit 1 when findings reach the failing severity."""
    from tflint_vpc import api
    from tflint_vpc.config import load_config, merge_cli
    from tflint_vpc.engine import exit_status

    formats = _parse_formats(format, output)
    settings = merge_cli(
        load_config(config), select=select or None, ignore=ignore or None, fail_on=fail_on
    )
    request = api.request_for(
        paths,
        settings,
        baseline=baseline,
        write_baseline=write_baseline,
        var_files=var_file,
        variables=_parse_vars(var),
        source_dir=source_dir,
        parallel=parallel,
    )
    result = api.lint(request)  # every filter (suppressions, ignores, baseline) is applied there
    root = Path(repo_root) if repo_root is not None else None
    for name, file in formats:
        # Lone surrogates can come from JSON escapes in a plan; never let them crash the write.
        text = reporter(name)(result, ReportOptions(root=root, colour=_want_colour(file)))
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
        if file is None:
            sys.stdout.write(text)
        else:
            try:
                Path(file).write_text(text, encoding="utf-8")
            except OSError as e:
                raise UsageError(f"cannot write {file}: {e.strerror or e}") from e
    for notice in result.notices:
        typer.echo(f"tfvpc: notice: {notice}", err=True)
    for error in result.errors:
        typer.echo(f"tfvpc: error: {error}", err=True)
    status = 2 if result.errors else exit_status(result.diagnostics, settings.fail_on)
    raise typer.Exit(status)


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
        list[str], typer.Option("--var-file", help="A .tfvars file for HCL inputs.")
    ] = [],  # noqa: B006
    var: Annotated[list[str], typer.Option("--var", help="NAME=VALUE for HCL inputs.")] = [],  # noqa: B006
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


@app.command("rules")
def rules_command(
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, markdown or json.")
    ] = "table",
) -> None:
    """List the rules: id, name, severity and what each one finds."""
    from tflint_vpc.catalogue import render_catalogue

    sys.stdout.write(render_catalogue(format))


@app.command("explain")
def explain(
    rule: Annotated[str, typer.Argument(help="A rule code (TFVPC001) or name.")],
) -> None:
    """Print a rule's documentation."""
    from tflint_vpc.catalogue import explain as explain_rule

    sys.stdout.write(explain_rule(rule))


app.command("rule", hidden=True)(explain)  # `tfvpc rule X`, as in `ruff rule`


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every error into one line and exit status 2."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        code = app(args=args, prog_name="tfvpc", standalone_mode=False)
    except (InputError, UsageError) as e:
        if debug:
            raise
        typer.echo(f"tfvpc: error: {e}", err=True)
        code = 2
    except typer.Abort:
        typer.echo("tfvpc: aborted", err=True)
        code = 2
    except Exception as e:  # a bug: still one line unless asked for the traceback
        if debug:
            raise
        usage = _usage_message(e)
        if usage is not None:
            typer.echo(f"tfvpc: error: {usage}", err=True)
        else:
            typer.echo(
                f"tfvpc: internal error: {type(e).__name__}: {e} (rerun with --debug)", err=True
            )
        code = 2
    sys.exit(code if isinstance(code, int) else 0)


def _usage_message(error: Exception) -> str | None:
    """One line for click's usage errors (bad option, missing argument), None otherwise."""
    format_message = getattr(error, "format_message", None)
    if callable(format_message) and getattr(error, "exit_code", None) == 2:
        return " ".join(str(format_message()).split())
    return None
