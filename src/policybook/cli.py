"""The `policybook` command: parses arguments, calls the engine, prints, and sets the exit code."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from .check import Outcome, check_revision, run_check
from .problems import PolicyError, plural
from .project import find_project
from .project import today as configured_today
from .report import DUE_REPORTERS, REPORTERS, due_markdown, text_report
from .validate import id_from_file_name
from .vocabulary import KIND_NAMES

if TYPE_CHECKING:
    from .phrases import AvoidPhrase
    from .project import Project

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _fail(exc: PolicyError) -> NoReturn:
    click.echo(str(exc), err=True)  # every problem it carries (policybook.yml can have several)
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
    click.echo(REPORTERS[fmt](outcome), nl=False)
    sys.exit(EXIT_PROBLEMS if outcome.errors else EXIT_OK)


@main.command()
@click.option("--within", type=click.IntRange(min=0), default=30, show_default=True, help="Also list reviews due within this many days.")
@click.option("--format", "fmt", type=click.Choice(sorted(DUE_REPORTERS)), default="text", show_default=True,
              help="text: one line per policy; markdown: a table for an issue or a job summary; json: for other tools; github: annotations, plus the table as the job summary.")
@click.option("--exit-code", is_flag=True, help="Exit with status 1 when any review is listed (for scripts).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), hidden=True, help="List reviews as if today were this day.")
def due(within: int, fmt: str, exit_code: bool, today: datetime | None) -> None:
    """List the policies whose review is overdue or coming soon, with their owners.

    An overdue review never fails `validate` or a build (it is a notice, even with
    --strict); this list is where it shows. Exit status: 0 (with --exit-code, 1 when a
    review is listed); 2 when the command cannot run. Policies with errors are not listed:
    `validate` reports them.
    """
    from .reviews import reviews_due

    try:
        project = find_project(Path.cwd())
        day = today.date() if today else configured_today()
        outcome = run_check(project, today=day)
    except PolicyError as exc:
        _fail(exc)
    found = reviews_due(outcome.policies, today=day, within=within)
    click.echo(DUE_REPORTERS[fmt](found, today=day, within=within), nl=False)
    if fmt == "github":
        _append_step_summary(due_markdown(found, today=day, within=within))
    sys.exit(EXIT_PROBLEMS if exit_code and found else EXIT_OK)


def _append_step_summary(markdown: str) -> None:
    """Add `markdown` to the GitHub Actions job summary, when running there."""
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with Path(step_summary).open("a", encoding="utf-8") as stream:
            stream.write(markdown)


@main.command()
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a schema file is out of date (for CI).")
def schemas(check: bool) -> None:
    """Write the handbook's JSON Schemas into schemas/, made from policybook.yml.

    The roles, channels and units of policybook.yml become the schemas' lists of allowed
    values, so editors complete your organisation's own roles and validation checks them.
    Run it after changing policybook.yml or upgrading policybook, and commit the result;
    `validate` warns about a schema file that is out of date.
    """
    from .schema_maker import make_schemas

    try:
        project = find_project(Path.cwd())
        made = make_schemas(project.settings)
    except PolicyError as exc:
        _fail(exc)
    changed = [name for name, data in made.items() if _read_or_none(project.schemas / name) != data]
    if check:
        for name in changed:
            click.echo(f"{project.relative(project.schemas / name)}: error: out of date; run 'policybook schemas' and commit the result")
        click.echo(f"{plural(len(made), 'schema file')} checked, {len(changed)} out of date" if changed else f"{plural(len(made), 'schema file')} up to date")
        sys.exit(EXIT_PROBLEMS if changed else EXIT_OK)
    try:
        project.schemas.mkdir(exist_ok=True)
        for name in changed:
            temporary = project.schemas / f".{name}.tmp"
            temporary.write_bytes(made[name])
            temporary.replace(project.schemas / name)
    except OSError as exc:
        click.echo(f"{project.relative(project.schemas)}: error: cannot write the schemas: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{plural(len(changed), 'schema file')} written to {project.relative(project.schemas)}/" if changed else "the schemas were up to date; nothing written")


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


@main.group()
def phrases() -> None:
    """Find the phrases to avoid in the texts customers read, and export the avoid-list.

    The phrases come from the service expectations in force today (`phrases.avoid`)."""


@phrases.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--audience", metavar="ROLE", help="Only the phrases of policies for this role (and for everyone).")
@click.option("--channel", metavar="CHANNEL", help="Only the phrases that apply in this channel (email, chat, phone...).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: one line per phrase found; json: a list for other tools; github: annotations on a pull request.")
@click.option("--severity", type=click.Choice(["warning", "error"]), default="warning", show_default=True, help="How each phrase found is reported.")
@click.option("--fail-on", type=click.Choice(["warning", "error", "never"]), default="warning", show_default=True,
              help="Exit 1 when a phrase is reported at this severity or above (never: always exit 0 after reporting).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes that share the files (default: one per usable CPU; fewer than 500 files are checked in one).")
def phrases_check(paths: tuple[Path, ...], audience: str | None, channel: str | None, fmt: str, severity: str, fail_on: str, jobs: int | None) -> None:
    """Check PATHS (files, or folders of them) for phrases to avoid.

    Reads plain text (.txt), Markdown (.md), HTML (.html, tags skipped) and the JSON, YAML
    and CSV exports of support desks (every string value or cell). Matching ignores case,
    extra spaces and line breaks, curly or straight quotes, and trailing punctuation, and
    respects whole words. A line with `policybook-phrases: ignore` (and the line after it)
    is not checked, nor anything between `policybook-phrases: off` and `...: on`. The
    handbook's own files (pages, policies, schemas, theme, built site) are never checked. Exit status: 0 when
    nothing is found (at --fail-on or above), 1 when something is, 2 when it cannot run.
    """
    from .phrases import Matcher, check_files, select_files
    from .report import PHRASE_REPORTERS

    cwd = Path.cwd()
    project, found = _phrases_of_project(cwd, audience=audience, channel=channel)
    own = [project.root / name for name in (project.docs_dir, "policies", "schemas", project.site_dir, "hooks", "mkdocs.yml", "policybook.yml")]
    selection = select_files([p if p.is_absolute() else cwd / p for p in paths], own_folders=own)
    run = check_files(selection, matcher=Matcher(found), base=cwd, severity="error" if severity == "error" else "warning", jobs=jobs)
    click.echo(PHRASE_REPORTERS[fmt](run), nl=False)
    order = {"warning": 1, "error": 2, "notice": 0}
    failing = fail_on != "never" and any(order[p.severity] >= order[fail_on] for p in run.problems)
    sys.exit(EXIT_PROBLEMS if failing else EXIT_OK)


@phrases.command("export")
@click.option("--format", "fmt", type=click.Choice(["vale", "json"]), default="vale", show_default=True,
              help="vale: a Vale style, one rule per phrase; json: a plain list for other tools.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="vale: the folder of Vale styles (the rules go into its Policybook/ folder); json: a file (default: print it).")
@click.option("--audience", metavar="ROLE", help="Only the phrases of policies for this role (and for everyone).")
@click.option("--channel", metavar="CHANNEL", help="Only the phrases that apply in this channel.")
def phrases_export(fmt: str, output: Path | None, audience: str | None, channel: str | None) -> None:
    """Write the phrases to avoid for writers' editors.

    With Vale (https://vale.sh), add the folder given to --output as your StylesPath and
    `Policybook` to BasedOnStyles: every phrase to avoid is then flagged as you type, with
    what to say instead. Run it again after the policies change; it replaces only the files
    it wrote before.
    """
    from .phrases import VALE_STYLE, ExportRefusedError, phrases_json, vale_style, write_export

    _, found = _phrases_of_project(Path.cwd(), audience=audience, channel=channel)
    try:
        if fmt == "json":
            if output is None:
                click.echo(phrases_json(found), nl=False)
                return
            output.write_text(phrases_json(found), encoding="utf-8")
            click.echo(f"{len(found)} phrases to avoid written to {output}")
            return
        if output is None:
            click.echo("error: --output FOLDER is needed for a Vale style (the rules go into FOLDER/Policybook/)", err=True)
            sys.exit(EXIT_USAGE)
        written = write_export(output / VALE_STYLE, vale_style(found))
    except (ExportRefusedError, OSError) as exc:
        click.echo(f"error: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{len(written)} Vale rules written to {output / VALE_STYLE}")


def _phrases_of_project(where: Path, *, audience: str | None, channel: str | None) -> tuple[Project, list[AvoidPhrase]]:
    """The project at `where` and the phrases to avoid of its policies in force today; a
    project that cannot be read, or has invalid policies, ends the command with its problems."""
    from .phrases import phrases_in_force

    try:
        project = find_project(where)
        outcome = run_check(project)
    except PolicyError as exc:
        _fail(exc)
    _require_clean(outcome)
    return project, phrases_in_force(outcome.policies, today=configured_today(), audience=audience, channel=channel)


def _require_clean(outcome: Outcome) -> None:
    """Phrases come from valid policies only: a broken one would silently drop its phrases."""
    if outcome.errors:
        click.echo(text_report(outcome), nl=False)
        click.echo("Fix these errors first: the phrases to avoid come from the policies.", err=True)
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Show the scorecard as it stood (or will stand) on this day, YYYY-MM-DD. Default: the build's date.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="text: a table per commitment; json: for other tools; csv: one row per commitment, leader or role, and period, for a spreadsheet.")
def scorecard(as_of: datetime | None, fmt: str) -> None:
    """Show how leaders stand against the targets of their commitments.

    Reads the activity records in records/ (checked as `policybook validate` checks them),
    and for each leader commitment in force shows, period by period, what each leader (or,
    if policybook.yml says so, only each role) did against the target, what is lined up,
    and whether that is met, on track, behind, or has no records. Dated by the build's date
    (as the handbook's pages are), unless --as-of says otherwise. Exit status: 0; 1 when a
    policy or a record has an error (the problems are listed, no scorecard); 2 when the
    command cannot run.
    """
    from .scorecard import roll_up
    from .scorecard_report import SCORECARD_REPORTERS
    from .site import build_date

    try:
        project = find_project(Path.cwd())
        outcome = run_check(project)
        if outcome.errors:
            click.echo(text_report(outcome), nl=False, err=True)
            click.echo("Fix these first: the scorecard counts only records that are right.", err=True)
            sys.exit(EXIT_PROBLEMS)
        day = as_of.date() if as_of else build_date(project, outcome)
        card = roll_up(outcome.records, outcome.versions, project.settings, as_of=day)
    except PolicyError as exc:
        _fail(exc)
    click.echo(SCORECARD_REPORTERS[fmt](card), nl=False)


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Refuse to write anything if there is a warning.")
@click.option("--force", is_flag=True, help="Replace OUT_DIR even when it holds files policybook did not write (never the project's own folders).")
def render(out_dir: Path, strict: bool, force: bool) -> None:
    """Write the whole handbook as Markdown pages into OUT_DIR.

    OUT_DIR becomes a complete docs folder: the hand-written pages from the project's
    docs folder plus a page for every policy, the section, role and catalogue pages,
    policies.json and the schemas. Any Python-Markdown site builder can build it without
    MkDocs hooks; enable the `policybook.render.safe` Markdown extension, which sanitises
    the generated pages. Nothing is written when a policy has an error.

    OUT_DIR must be new, empty, or an earlier output of policybook's; one holding other
    files is refused unless you pass --force. The project's own folders and anything git
    tracks are always refused.
    """
    from .output import Interrupted, check_target, protected_folders, write_docs
    from .site import render_project

    try:
        project = find_project(Path.cwd())
        protected = protected_folders(project.root, docs_dir=project.root / project.docs_dir)
        target = check_target(out_dir, protected=protected, force=force, force_hint="pass --force")  # before any work
        outcome = run_check(project, strict=strict)
        if outcome.errors:
            click.echo(text_report(outcome), nl=False)
            click.echo("Nothing was written.", err=True)
            sys.exit(EXIT_PROBLEMS)
        if outcome.problems:
            click.echo(text_report(outcome), nl=False, err=True)
        site = render_project(project, outcome, repo_url=project.repo_url, edit_uri=project.edit_uri, docs_dir=project.docs_dir)
        count = write_docs(site, docs_dir=project.root / project.docs_dir, target=target)
    except PolicyError as exc:
        _fail(exc)
    except Interrupted as exc:
        click.echo(f"error: {exc}; {out_dir} was left as it was", err=True)
        sys.exit(128 + exc.signum)
    kept = f"; {len(site.withheld)} drafts or proposals not published" if site.withheld else ""
    click.echo(f"{count} files written to {out_dir} ({len(site.sources)} policy pages{kept})")


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json", "github", "comment"]), default="markdown", show_default=True,
              help="markdown: a summary for a pull request; json: for other tools; github: annotations, plus the summary as the job summary; "
              "comment: the summary as the body of a pull-request comment.")
def diff(base: str, head: str | None, fmt: str) -> None:
    """Explain a change to the policies, and check its version numbers.

    Compares the policies at git revision BASE (a branch, tag or commit, such as
    origin/main) with HEAD (another revision) or, without HEAD, with the files as they
    are now. Says what each change means for employees and which version raise it needs.
    Every policy that can be read on both sides is reviewed, whatever else is broken;
    files with errors are listed with them. Exit status: 0 when every version raise and
    changelog entry is right and nothing has an error, 1 when not, 2 when BASE or HEAD
    cannot be read.
    """
    from .diff import RoleWords, Side, compare
    from .review_report import REVIEW_REPORTERS, review_annotations, review_markdown

    try:
        project = find_project(Path.cwd())
        before = check_revision(project, base)
        after = check_revision(project, head) if head else run_check(project)
    except PolicyError as exc:
        _fail(exc)
    review = compare(Side(before.reviewable, before.errors_by_source()), Side(after.reviewable, after.errors_by_source()), words=RoleWords.of(project.settings))
    if fmt == "github":
        summary = review_markdown(review)
        click.echo(review_annotations(review, lambda source: _version_line(project.root / source)), nl=False)
        _append_step_summary(summary)
        click.echo(summary, nl=False)
    else:
        click.echo(REVIEW_REPORTERS[fmt](review), nl=False)
    sys.exit(EXIT_OK if review.ok else EXIT_PROBLEMS)


def _version_line(path: Path) -> int:
    """The line of `version:` in a policy file, where a version annotation belongs."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((i for i, line in enumerate(lines, 1) if line.startswith("version:")), 1)


def _requirement(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    from .starter import requirement

    try:
        return requirement(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _organisation(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (not value.strip() or len(value) > 100 or any(not ch.isprintable() for ch in value)):
        raise click.BadParameter("write the organisation's name on one line, in at most 100 characters")
    return value.strip() if value else value


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--organisation", callback=_organisation, help="The organisation's name, for the site's title and the pages (default: 'Our organisation').")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Start from this policybook.yml (your roles, units and channels) instead of the plain one.")
@click.option("--example", is_flag=True, help="Copy the whole Harbour & Pine example handbook instead of one starter policy of each kind.")
@click.option("--policybook", "spec", callback=_requirement,
              help="How the handbook installs policybook: a version (default: this one), a requirement such as "
              "'policybook @ git+https://...@v1', or the path of a policybook wheel or source folder.")
def init(directory: Path, organisation: str | None, config_file: Path | None, example: bool, spec: str) -> None:
    """Start a new handbook in DIRECTORY, which must be new or empty.

    Writes a working handbook repository: mkdocs.yml, policybook.yml (the roles, units and
    channels to make your own), the hand-written pages, one starter policy of each kind, the
    schemas, the pull-request and publishing workflows, the pre-commit configuration, a
    pyproject.toml pinning policybook, a Makefile and a README. Then, in DIRECTORY, `make site`
    sets up and builds the handbook.
    """
    from .config import ConfigError
    from .output import write_new_folder
    from .starter import Choices, starter_files

    if example and (organisation or config_file):
        raise click.UsageError("--example copies the example's own policybook.yml; leave out --organisation and --config")
    if organisation and config_file:
        raise click.UsageError("--config names the organisation itself; leave out --organisation")
    try:
        config = (config_file.read_bytes(), str(config_file)) if config_file else None
        files = starter_files(Choices(today=configured_today(), organisation=organisation, config=config, policybook=spec, example=example))
        write_new_folder(files, directory)
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        click.echo("Nothing was written.", err=True)
        sys.exit(EXIT_PROBLEMS)
    except PolicyError as exc:
        _fail(exc)
    except OSError as exc:
        click.echo(f"{config_file}: error: cannot read it: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{plural(len(files), 'file')} written to {directory}. Next, in {directory}: make site (then commit everything, uv.lock included)")


@main.command()
@click.argument("kind", type=click.Choice(KIND_NAMES))
@click.argument("title")
def new(kind: str, title: str) -> None:
    """Start a new policy of KIND called TITLE.

    Writes a draft into the policies/ folder with the next free id, today's date, and a
    comment above every field saying what it is for. The parts to write yourself say
    TODO: validation reports each one until it is replaced with real text.
    """
    from .scaffold import new_policy_name, new_policy_text, next_id

    try:
        project = find_project(Path.cwd())
        outcome = run_check(project)
        ids = [p.id for p in outcome.policies] + [id_from_file_name(path) for path in project.policies.glob("*.y*ml")]
        policy_id = next_id(kind, ids)
        text = new_policy_text(kind, title, policy_id=policy_id, today=configured_today(), schemas=outcome.schemas)
    except PolicyError as exc:
        _fail(exc)
    path = project.policies / new_policy_name(policy_id, title)
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as exc:
        click.echo(f"error: cannot write {project.relative(path)}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{project.relative(path)}: new draft {policy_id}; replace every TODO, then run: policybook validate {project.relative(path)}")
