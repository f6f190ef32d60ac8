"""Everything the handbook's pages need from outside the policies, gathered in one place.

The MkDocs hook and `policybook render` both call `render_project`, so the pages they
produce are the same: git history when the project is in git, the build date, and links
to each policy's source.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime, timezone

from . import history
from .check import Outcome
from .model import Policy
from .project import Project, build_epoch, today
from .render import Site, render_site, source_edit_url


def source_epoch(project: Project, policies: Sequence[Policy]) -> int:
    """The moment a build is dated by, so that two builds of the same sources are identical:
    `SOURCE_DATE_EPOCH`, else the git commit's time, else the newest changelog date."""
    epoch = build_epoch(project.root)
    if epoch is not None:
        return epoch
    newest = max((entry.date for p in policies for entry in p.changelog), default="1970-01-01")
    return int(datetime.fromisoformat(newest).replace(tzinfo=timezone.utc).timestamp())


def build_date(project: Project, policies: Sequence[Policy]) -> date:
    """The day the pages are written for ("coming on", what's new); `POLICYBOOK_TODAY` wins."""
    if os.environ.get("POLICYBOOK_TODAY"):
        return today()
    return datetime.fromtimestamp(source_epoch(project, policies), tz=timezone.utc).date()


def render_project(project: Project, outcome: Outcome, *, repo_url: str | None, edit_uri: str | None, docs_dir: str) -> Site:
    """The rendered handbook for a checked project (`outcome` must have no errors)."""
    commits = history.file_history(project.root, "policies") if history.in_git(project.root) else None
    return render_site(
        outcome.policies,
        outcome.schemas,
        today=build_date(project, outcome.policies),
        edit_url=lambda source: source_edit_url(repo_url, edit_uri, docs_dir, source),
        history=commits,
        repo_url=repo_url,
    )
