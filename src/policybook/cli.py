"""The `policybook` command: parses arguments, calls the engine, prints, and sets the exit code."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path

import click

from .check import run_check
from .problems import PolicyError
from .project import find_project
from .report import REPORTERS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _today(value: datetime | None) -> date:
    if value is not None:
        return value.date()
    configured = os.environ.get("POLICYBOOK_TODAY")
    return date.fromisoformat(configured) if configured else date.today()


def _fail(exc: PolicyError) -> None:
    click.echo(str(exc.problem), err=True)
    sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="policybook")
def main() -> None:
    """Keep your service-culture policies as YAML, check them, and publish them as a handbook.

    Start with `policybook validate` after editing a policy: it lists every problem with
    the file, line and column, and says how to fix it.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="text: one line per problem; json: a list for other tools; github: annotations on a pull request.")
@click.option("--strict", is_flag=True, help="Treat warnings (like an overdue review date) as errors.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), hidden=True, help="Check dates as if today were this day.")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool, today: datetime | None) -> None:
    """Check policies for mistakes.

    PATHS are policy files or folders; by default, every policy in the project's
    policies/ folder. Exit status: 0 when all is well, 1 when there is an error
    (or, with --strict, a warning), 2 when the command itself cannot run.
    """
    cwd = Path.cwd()
    try:
        project = find_project(paths[0] if paths else cwd)
        outcome = run_check(project, [cwd / p for p in paths], base=cwd, today=_today(today), strict=strict)
    except PolicyError as exc:
        _fail(exc)
        return
    click.echo(REPORTERS[fmt](outcome), nl=False)
    sys.exit(EXIT_PROBLEMS if outcome.errors else EXIT_OK)
