"""Everything the handbook's pages need from outside the policies, gathered in one place.

The MkDocs hook and `policybook render` both call `render_project`, so the pages they
produce are the same: git history when the project is in git, the build date, and links
to each policy's source.
"""

from __future__ import annotations

from . import history
from .check import Outcome
from .project import Project, today
from .render import Site, render_site, source_edit_url


def render_project(project: Project, outcome: Outcome, *, repo_url: str | None, edit_uri: str | None, docs_dir: str) -> Site:
    """The rendered handbook for a checked project (`outcome` must have no errors)."""
    commits = history.file_history(project.root, "policies") if history.in_git(project.root) else None
    return render_site(
        outcome.policies,
        outcome.schemas,
        today=today(),
        edit_url=lambda source: source_edit_url(repo_url, edit_uri, docs_dir, source),
        history=commits,
        repo_url=repo_url,
    )
