"""MkDocs hooks: the thin glue between MkDocs events and the policybook engine.

This is the only module that imports MkDocs. It validates the policies before anything
is built (the same run, rules and messages as `policybook validate`), adds the pages the
engine renders as generated files, and sets what only MkDocs knows about a page: where
its "edit" button points.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from policybook.check import run_check
from policybook.problems import PolicyError
from policybook.project import read_project
from policybook.render import Site
from policybook.report import text_report
from policybook.site import render_project

log = logging.getLogger("mkdocs.plugins.policybook")
SANITISER = "policybook.render.safe"


class _Build:
    """What one build's `on_config` found, for the events that follow it."""

    site: Site = Site()
    checked: int = 0


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if SANITISER not in config.markdown_extensions:
        config.markdown_extensions.append(SANITISER)  # generated pages are never built unsanitised
    project = read_project(Path(config.config_file_path).parent)
    try:
        outcome = run_check(project)
    except PolicyError as exc:
        raise PluginError(str(exc.problem)) from None
    if outcome.errors:
        raise PluginError("the policies have errors, so the handbook was not built:\n" + text_report(outcome).rstrip("\n"))
    for problem in outcome.problems:
        log.warning(str(problem))
    docs_dir = Path(config.docs_dir).resolve().relative_to(project.root).as_posix()
    try:
        _Build.site = render_project(project, outcome, repo_url=config.repo_url, edit_uri=config.edit_uri, docs_dir=docs_dir)
    except PolicyError as exc:
        raise PluginError(str(exc.problem)) from None
    _Build.checked = outcome.checked
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    site = _Build.site
    for path, content in [*site.pages.items(), *site.files.items()]:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"{config.docs_dir}/{path} is in the way of a page the handbook generates; rename or remove it")
        files.append(File.generated(config, path, content=content))
    if len(site.sources) != _Build.checked:  # every policy file ends as a page, or the build stops
        raise PluginError(f"{_Build.checked} policy files were checked but {len(site.sources)} policy pages were made; nothing was published")
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in _Build.site.edit_urls:
        page.edit_url = _Build.site.edit_urls[page.file.src_uri]
    return markdown
