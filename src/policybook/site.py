"""Everything the handbook's pages need from outside the policies, gathered in one place.

The MkDocs hook and `policybook render` both call `render_project`, so the pages they
produce are the same: git history when the project is in git, the build date, and links
to each policy's source.
"""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, date, datetime
from typing import Any

from . import history
from .cache import SiteCache, cache_folder
from .check import Outcome, past_versions
from .project import Project, build_epoch, today
from .render import Site, render_site, source_edit_url
from .scorecard import roll_up


def source_epoch(project: Project, outcome: Outcome) -> int:
    """The moment a build is dated by, so that two builds of the same sources are identical:
    `SOURCE_DATE_EPOCH`, else the git commit's time, else the newest changelog date."""
    epoch = build_epoch(project.root)
    if epoch is not None:
        return epoch
    newest = max((entry["date"] for data, _ in outcome.valid for entry in data["changelog"]), default="1970-01-01")
    return int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp())


def build_date(project: Project, outcome: Outcome) -> date:
    """The day the pages are written for ("coming on", what's new); `POLICYBOOK_TODAY` wins."""
    if os.environ.get("POLICYBOOK_TODAY"):
        return today()
    return datetime.fromtimestamp(source_epoch(project, outcome), tz=UTC).date()


def render_project(project: Project, outcome: Outcome, *, repo_url: str | None, edit_uri: str | None, docs_dir: str) -> Site:
    """The rendered handbook for a checked project (`outcome` must have no errors).

    In git, one `git log` finds every commit of every policy file and one `git cat-file`
    reads every version they left, for the history sections and the version pages. When
    nothing that the pages depend on has changed since the last time, the pages made then
    are used again (see `cache.SiteCache`).
    """
    revisions = history.file_revisions(project.root, "policies") if history.in_git(project.root) else None
    day = build_date(project, outcome)
    cache = SiteCache(cache_folder(project.root), project=project.root)  # its notice, if any, came with the check
    history_key = None if revisions is None else {path: [[*dataclasses.astuple(r.commit), r.blob] for r in found] for path, found in revisions.items()}
    key = cache.key(
        outcome.fingerprint, outcome.schemas.fingerprint, history_key, repo_url, edit_uri, docs_dir, day.isoformat(), project.site_url, project.site_name, dataclasses.asdict(project.settings)
    )
    stored = _site_from(cache.get(key))
    if stored is not None:
        return stored
    site = render_site(
        outcome.policies,
        outcome.schemas,
        today=day,
        edit_url=lambda source: source_edit_url(repo_url, edit_uri, docs_dir, source),
        history=None if revisions is None else history.commits_of(revisions),
        versions=None if revisions is None else past_versions(project, outcome.schemas, revisions),
        repo_url=repo_url,
        site_url=project.site_url,
        title=project.site_name,
        settings=project.settings,
        scorecard=roll_up(outcome.records, outcome.versions, project.settings, as_of=day),
    )
    cache.put(key, _site_to(site))
    return site


def _site_to(site: Site) -> dict[str, Any]:
    return {
        "pages": site.pages,
        "files": {k: v.decode("utf-8") for k, v in site.files.items()},
        "sources": site.sources,
        "edit_urls": site.edit_urls,
        "withheld": site.withheld,
    }


def _site_from(stored: dict[str, Any] | None) -> Site | None:
    """The site kept in the cache, or None when there is none or it is not in the form `_site_to` writes."""
    if stored is None:
        return None
    try:
        site = Site(
            pages={str(k): str(v) for k, v in stored["pages"].items()},
            files={str(k): v.encode("utf-8") for k, v in stored["files"].items()},
            sources={str(k): str(v) for k, v in stored["sources"].items()},
            edit_urls={str(k): v if v is None else str(v) for k, v in stored["edit_urls"].items()},
            withheld=[str(v) for v in stored["withheld"]],
        )
    except (KeyError, AttributeError, TypeError, ValueError):
        return None
    return site
