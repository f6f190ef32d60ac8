"""MkDocs hooks: the thin glue between MkDocs events and the policybook engine.

This is the only module that imports MkDocs. It validates the policies before anything
is built (the same run, rules and messages as `policybook validate`), adds the pages the
engine renders as generated files, sanitises the HTML of every page it generated (it
knows its own files; nothing in a page can ask for this or be spared it), and sets what
only MkDocs knows about a page: where its "edit" button points.

It also makes publishing safe (the rules are in `policybook.output`): the site folder must
be new, empty or an earlier build's, and never the project's own folders; `mkdocs build`
writes into a staging folder beside it and swaps it in with one exchange only when the whole
build succeeded, so a failed or interrupted build (an error, a warning under --strict,
Ctrl-C, SIGTERM, SIGHUP) leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import CountHandler

from policybook.cache import project_folder
from policybook.check import run_check
from policybook.output import Staging, Target, check_target, io_problem, mark, protected_folders
from policybook.problems import PolicyError
from policybook.project import Project, read_project
from policybook.render import Site
from policybook.render.safe import sanitise, text_only
from policybook.report import text_report
from policybook.site import render_project, source_epoch

log = logging.getLogger("mkdocs.plugins.policybook")
#: Markdown extensions the generated pages need: md_in_html for their styled blocks.
NEEDED = ("md_in_html",)


class _Build:
    """What this build has learnt so far, for the events that follow."""

    command: str = "build"
    dirty: bool = False
    site: Site = Site()
    generated: dict[str, File | None] = {}  # noqa: RUF012 - per-build state, replaced in on_files
    checked: int = 0
    project: Path | None = None
    served_pages: Path | None = None  # under `mkdocs serve`: generated pages kept as files
    target: Target | None = None  # the site folder, once it is known that it may be written
    staging: Staging | None = None  # where the build writes until it is swapped in
    warnings: CountHandler | None = None


class _CannotWriteError(PluginError):
    """A read or write failed (disk full, permission denied...): one line, no traceback, exit 2."""

    exit_code = 2


def _stopped(exc: PolicyError) -> PluginError:
    """A refused folder stops the build like any policy error; a failed write is `_CannotWriteError`."""
    return (_CannotWriteError if exc.problem.code == "io" else PluginError)(str(exc.problem))


def on_startup(*, command: str, dirty: bool) -> None:
    _Build.command, _Build.dirty = command, dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for extension in NEEDED:
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)  # generated pages are never built half-formatted
    started = time.perf_counter()
    try:
        project = read_project(Path(config.config_file_path).parent)
        if _Build.command in ("build", "gh-deploy"):
            _Build.target = _site_folder(config, project)  # before any work: a folder that may not be written stops the build here
        outcome = run_check(project, strict=config.strict)  # as `policybook validate [--strict]`
        if outcome.errors:
            raise PluginError("the policies have errors, so the handbook was not built:\n" + text_report(outcome).rstrip("\n"))
        # MkDocs dates the sitemap (and its gzip header) with this: two builds of the same sources match.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_epoch(project, outcome)))
        docs_dir = Path(config.docs_dir).resolve().relative_to(project.root).as_posix()
        _Build.site = render_project(project, outcome, repo_url=config.repo_url, edit_uri=config.edit_uri, docs_dir=docs_dir)
    except PolicyError as exc:
        raise PluginError(str(exc)) from None
    log.info(f"policybook: {outcome.checked} policies checked and {len(_Build.site.pages)} pages made in {time.perf_counter() - started:.3f} s")
    for problem in outcome.problems:  # a notice (an overdue review) is news, not a reason to fail --strict
        log.log(logging.WARNING if problem.severity == "warning" else logging.INFO, str(problem))
    _Build.checked, _Build.project = outcome.checked, project.root
    if _Build.target is not None and not _Build.dirty:
        _stage(config, _Build.target)
    return config


def _site_folder(config: MkDocsConfig, project: Project) -> Target:
    """MkDocs' site_dir, checked by the same rules as `policybook render`'s folder."""
    custom_dir = config.theme.custom_dir
    theme = [(Path(custom_dir), "the theme's own folder (custom_dir)")] if custom_dir else []
    protected = protected_folders(project.root, docs_dir=Path(config.docs_dir), extra=theme)
    return check_target(Path(config.site_dir), protected=protected, force_hint="empty it yourself, or choose another folder with --site-dir")


def _stage(config: MkDocsConfig, target: Target) -> None:
    try:
        _Build.staging = Staging(target)
    except PolicyError as exc:
        raise _stopped(exc) from None
    config.site_dir = str(_Build.staging.path)
    _Build.warnings = CountHandler()
    _Build.warnings.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(_Build.warnings)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    site = _Build.site
    _Build.generated = {}
    for path, content in [*site.pages.items(), *site.files.items()]:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"{config.docs_dir}/{path} is in the way of a page the handbook generates; rename or remove it")
        if _Build.command == "serve":
            files.append(File.generated(config, path, abs_src_path=_served(path, content)))
        else:
            files.append(File.generated(config, path, content=content))
        _Build.generated[path] = files.get_file_from_path(path)
    if site.accounted != _Build.checked:  # every policy file ends as a page (or is a draft kept back), or the build stops
        raise PluginError(f"{_Build.checked} policy files were checked but {site.accounted} were published or kept back as drafts; nothing was published")
    return files


def _served(path: str, content: str | bytes) -> str:
    """Under `mkdocs serve --dirty`, a page is rebuilt only when its source file is newer than
    the page: so each generated page is a file, rewritten only when its text changes."""
    if _Build.served_pages is None:
        assert _Build.project is not None
        _Build.served_pages = project_folder(_Build.project, "served-pages")
    target = _Build.served_pages / path
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return str(target)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in _Build.site.edit_urls:
        page.edit_url = _Build.site.edit_urls[page.file.src_uri]
    return markdown


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every page this hook generated is sanitised, on every build: decided by where the
    page came from (the very file added in `on_files`), never by anything in it."""
    if _Build.generated.get(page.file.src_uri) is not page.file:
        return html
    _text_only_titles(page.toc)
    return sanitise(html)


def _text_only_titles(links: Iterable[AnchorLink]) -> None:
    """Themes print table-of-contents titles as HTML: make them text."""
    for link in links:
        link.title = text_only(link.title)
        _text_only_titles(link.children)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Swap the finished site in, unless --strict is about to fail the build for a warning."""
    if _Build.target is not None and _Build.staging is None:  # --dirty: MkDocs wrote into the folder itself
        mark(_Build.target.path)
        _finish()
    if _Build.target is None or _Build.staging is None:
        return
    staging, target = _Build.staging, _Build.target
    try:
        if not (config.strict and _Build.warnings is not None and _Build.warnings.get_counts()):
            staging.publish()
    except PolicyError as exc:
        raise _stopped(exc) from None
    finally:
        config.site_dir = str(target.given)
        _finish()


def on_build_error(*, error: Exception) -> None:
    """Drop the staging folder; a failed read or write becomes one line instead of a traceback."""
    shown = _Build.staging.io_problem(error) if _Build.staging is not None and isinstance(error, OSError) else None
    _finish()
    if isinstance(error, _CannotWriteError):
        raise error  # as it is: MkDocs would make it "Aborted with a BuildError!" and exit 1
    if isinstance(error, OSError):
        raise _CannotWriteError(str(shown or io_problem(error, "the build"))) from None


def on_shutdown() -> None:
    """Runs however the build ended, Ctrl-C included (which skips on_build_error)."""
    _finish()


def _finish() -> None:
    """Drop what is left of the staging folder; the real site is as the last good build left it."""
    if _Build.warnings is not None:
        logging.getLogger("mkdocs").removeHandler(_Build.warnings)
    staging, _Build.staging, _Build.target, _Build.warnings = _Build.staging, None, None, None
    if staging is not None:
        staging.discard()
