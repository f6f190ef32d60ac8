"""The MkDocs plugin `policybook`: the only module of the engine that imports MkDocs.

Any handbook installs it (`plugins: [search, tags, policybook]` in mkdocs.yml); this
repository's `hooks/handbook.py` wires the same plugin in as a hook. It validates the
policies before anything is built (the same run, rules and messages as `policybook
validate`), adds the pages the engine renders as generated files, sanitises the HTML of
every page it generated (it knows its own files; nothing in a page can ask for this or be
spared it), and sets what only MkDocs knows about a page: where its "edit" button points,
and the date the sitemap gives it (the build's date, so two builds of the same sources are
the same, without setting `SOURCE_DATE_EPOCH` for the whole process).

It also makes publishing safe (the rules are in `policybook.output`): the site folder must
be new, empty or an earlier build's, and never the project's own folders; `mkdocs build`
writes into a staging folder beside it and swaps it in with one exchange only when the whole
build succeeded, so a failed or interrupted build (an error, a warning under --strict,
Ctrl-C, SIGTERM, SIGHUP) leaves the previous site as it was.

What a build has learnt lives on the plugin instance, made afresh for each build.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import CountHandler

from .cache import project_folder
from .check import run_check
from .output import Staging, Target, check_target, io_problem, mark, protected_folders
from .problems import PolicyError
from .project import Project, read_project
from .render import Site
from .render.data import ASSETS
from .render.safe import sanitise, text_only
from .report import text_report
from .site import render_project, source_epoch

log = logging.getLogger("mkdocs.plugins.policybook")
#: Markdown extensions the generated pages need: md_in_html for their styled blocks.
NEEDED = ("md_in_html",)


@dataclass
class _Build:
    """What one build has learnt so far, for the events that follow."""

    command: str = "build"
    dirty: bool = False
    site: Site = field(default_factory=Site)
    generated: dict[str, File | None] = field(default_factory=dict)
    checked: int = 0
    project: Path | None = None
    #: the moment the build is dated by (see `site.source_epoch`)
    dated: datetime | None = None
    served_pages: Path | None = None  # under `mkdocs serve`: generated pages kept as files
    target: Target | None = None  # the site folder, once it is known that it may be written
    staging: Staging | None = None  # where the build writes until it is swapped in
    warnings: CountHandler | None = None


class CannotWriteError(PluginError):
    """A read or write failed (disk full, permission denied...): one line, no traceback, exit 2."""

    exit_code = 2


def _stopped(exc: PolicyError) -> PluginError:
    """A refused folder stops the build like any policy error; a failed write is `CannotWriteError`."""
    return (CannotWriteError if exc.problem.code == "io" else PluginError)(str(exc.problem))


class PolicybookPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # a plugin without options of its own
    """The handbook's policies as pages: validated, rendered, sanitised, published safely."""

    def __init__(self) -> None:
        super().__init__()
        self.build = _Build()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.build = _Build(command=command, dirty=dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        build = self.build
        for extension in NEEDED:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)  # generated pages are never built half-formatted
        _add_theme(config)
        started = time.perf_counter()
        try:
            project = read_project(Path(config.config_file_path).parent)
            if build.command in ("build", "gh-deploy"):
                build.target = _site_folder(config, project)  # before any work: a folder that may not be written stops the build here
            outcome = run_check(project, strict=config.strict)  # as `policybook validate [--strict]`
            if outcome.errors:
                raise PluginError("the policies have errors, so the handbook was not built:\n" + text_report(outcome).rstrip("\n"))
            build.dated = datetime.fromtimestamp(source_epoch(project, outcome), tz=UTC)
            docs_dir = Path(config.docs_dir).resolve().relative_to(project.root).as_posix()
            build.site = render_project(project, outcome, repo_url=config.repo_url, edit_uri=config.edit_uri, docs_dir=docs_dir)
        except PolicyError as exc:
            raise PluginError(str(exc)) from None
        log.info(f"policybook: {outcome.checked} policies checked and {len(build.site.pages)} pages made in {time.perf_counter() - started:.3f} s")
        for problem in outcome.problems:  # a notice (an overdue review) is news, not a reason to fail --strict
            log.log(logging.WARNING if problem.severity == "warning" else logging.INFO, str(problem))
        build.checked, build.project = outcome.checked, project.root
        if build.target is not None and not build.dirty:
            self._stage(config, build.target)
        return config

    def _stage(self, config: MkDocsConfig, target: Target) -> None:
        try:
            self.build.staging = Staging(target)
        except PolicyError as exc:
            raise _stopped(exc) from None
        config.site_dir = str(self.build.staging.path)
        self.build.warnings = CountHandler()
        self.build.warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.build.warnings)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        build, site = self.build, self.build.site
        build.generated = {}
        contents: list[tuple[str, str | bytes]] = [*site.pages.items(), *site.files.items()]
        for path, content in contents:
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{config.docs_dir}/{path} is in the way of a page the handbook generates; rename or remove it")
            if build.command == "serve":
                files.append(File.generated(config, path, abs_src_path=self._served(path, content)))
            else:
                files.append(File.generated(config, path, content=content))
            build.generated[path] = files.get_file_from_path(path)
        if site.accounted != build.checked:  # every policy file ends as a page (or is a draft kept back), or the build stops
            raise PluginError(f"{build.checked} policy files were checked but {site.accounted} were published or kept back as drafts; nothing was published")
        return files

    def _served(self, path: str, content: str | bytes) -> str:
        """Under `mkdocs serve --dirty`, a page is rebuilt only when its source file is newer than
        the page: so each generated page is a file, rewritten only when its text changes."""
        if self.build.served_pages is None:
            assert self.build.project is not None
            self.build.served_pages = project_folder(self.build.project, "served-pages")
        target = self.build.served_pages / path
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return str(target)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.build.site.edit_urls:
            page.edit_url = self.build.site.edit_urls[page.file.src_uri]
        if self.build.dated is not None:  # the sitemap's dates, and its gzip header, come from this
            page.update_date = self.build.dated.strftime("%Y-%m-%d")
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page this plugin generated is sanitised, on every build: decided by where the
        page came from (the very file added in `on_files`), never by anything in it."""
        if self.build.generated.get(page.file.src_uri) is not page.file:
            return html
        _text_only_titles(page.toc)
        return sanitise(html)

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        return self._dated(context)

    def on_template_context(self, context: Any, /, *, template_name: str, config: MkDocsConfig) -> Any:
        return self._dated(context)

    def _dated(self, context: Any) -> Any:
        if self.build.dated is not None:
            context["build_date_utc"] = self.build.dated
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Swap the finished site in, unless --strict is about to fail the build for a warning."""
        build = self.build
        if build.target is not None and build.staging is None:  # --dirty: MkDocs wrote into the folder itself
            mark(build.target.path)
            self._finish()
        if build.target is None or build.staging is None:
            return
        staging, target = build.staging, build.target
        try:
            if not (config.strict and build.warnings is not None and build.warnings.get_counts()):
                staging.publish()
        except PolicyError as exc:
            raise _stopped(exc) from None
        finally:
            config.site_dir = str(target.given)
            self._finish()

    def on_build_error(self, *, error: Exception) -> None:
        """Drop the staging folder; a failed read or write becomes one line instead of a traceback."""
        staging = self.build.staging
        shown = staging.io_problem(error) if staging is not None and isinstance(error, OSError) else None
        self._finish()
        if isinstance(error, CannotWriteError):
            raise error  # as it is: MkDocs would make it "Aborted with a BuildError!" and exit 1
        if isinstance(error, OSError):
            raise CannotWriteError(str(shown or io_problem(error, "the build"))) from None

    def on_shutdown(self) -> None:
        """Runs however the build ended, Ctrl-C included (which skips on_build_error)."""
        self._finish()

    def _finish(self) -> None:
        """Drop what is left of the staging folder; the real site is as the last good build left it."""
        build = self.build
        if build.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(build.warnings)
        staging, build.staging, build.target, build.warnings = build.staging, None, None, None
        if staging is not None:
            staging.discard()


def _add_theme(config: MkDocsConfig) -> None:
    """policybook's own theme parts (the feed link in every page's head, the header's link to
    the sources without a call to the code host) after the handbook's own `custom_dir`, and
    its stylesheet and print script (added to the site as generated files)."""
    theme = str(resources.files("policybook").joinpath("data", "theme"))
    if theme not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme)
    for path in ASSETS:
        listed = config.extra_css if path.endswith(".css") else config.extra_javascript
        if not any(str(entry) == path for entry in listed):
            listed.append(path)


def _site_folder(config: MkDocsConfig, project: Project) -> Target:
    """MkDocs' site_dir, checked by the same rules as `policybook render`'s folder."""
    custom_dir = config.theme.custom_dir
    theme = [(Path(custom_dir), "the theme's own folder (custom_dir)")] if custom_dir else []
    protected = protected_folders(project.root, docs_dir=Path(config.docs_dir), extra=theme)
    return check_target(Path(config.site_dir), protected=protected, force_hint="empty it yourself, or choose another folder with --site-dir")


def _text_only_titles(links: Iterable[AnchorLink]) -> None:
    """Themes print table-of-contents titles as HTML: make them text."""
    for link in links:
        link.title = text_only(link.title)
        _text_only_titles(link.children)
