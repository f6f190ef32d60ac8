"""The `policybook` command: parses arguments, calls the engine, prints, and sets the exit code."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from .check import run_check
from .output import write_docs
from .problems import PolicyError
from .project import find_project
from .render import render_site, source_edit_url
from .report import REPORTERS, text_report

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
        outcome = run_check(project, [cwd / p for p in paths], base=cwd, today=today.date() if today else None, strict=strict)
    except PolicyError as exc:
        _fail(exc)
        return
    click.echo(REPORTERS[fmt](outcome), nl=False)
    sys.exit(EXIT_PROBLEMS if outcome.errors else EXIT_OK)


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Refuse to write anything if there is a warning.")
def render(out_dir: Path, strict: bool) -> None:
    """Write the whole handbook as Markdown pages into OUT_DIR.

    OUT_DIR becomes a complete docs folder: the hand-written pages from the project's
    docs folder plus a page for every policy, the section, role and catalogue pages,
    policies.json and the schemas. Any Python-Markdown site builder can build it without
    MkDocs hooks; enable the `policybook.render.safe` Markdown extension, which sanitises
    the generated pages. Nothing is written when a policy has an error.
    """
    try:
        project = find_project(Path.cwd())
        outcome = run_check(project, strict=strict)
    except PolicyError as exc:
        _fail(exc)
        return
    if outcome.errors:
        click.echo(text_report(outcome), nl=False)
        click.echo("Nothing was written.", err=True)
        sys.exit(EXIT_PROBLEMS)
    if outcome.problems:
        click.echo(text_report(outcome), nl=False, err=True)
    site = render_site(outcome.policies, outcome.schemas, edit_url=lambda source: source_edit_url(project.repo_url, project.edit_uri, project.docs_dir, source))
    target = (out_dir if out_dir.is_absolute() else Path.cwd() / out_dir).resolve()
    protected = [project.root, project.root / project.docs_dir, project.policies, project.schemas]
    if any(target == folder.resolve() or target in folder.resolve().parents for folder in protected):
        click.echo(f"error: writing to {out_dir} would replace the project's own files; choose a new folder", err=True)
        sys.exit(EXIT_USAGE)
    count = write_docs(site, docs_dir=project.root / project.docs_dir, out_dir=target)
    click.echo(f"{count} files written to {out_dir} ({len(site.sources)} policy pages)")
