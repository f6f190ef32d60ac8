"""A policy's history on its page, and the handbook-wide "What's new" page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..history import Commit
from ..model import Policy
from .paths import WHATS_NEW
from .policy_page import policy_link
from .text import cell, page, plain_cell, table

#: Entries on the "What's new" page; older ones stay in each policy's changelog.
RECENT = 50


def history_section(commits: Sequence[Commit] | None, *, repo_url: str | None) -> str:
    """The git history of a policy's file, or why there is none."""
    if commits is None:
        return "## History\n\nThe history of this file is unavailable: the handbook was built from a folder that is not a git repository."
    if not commits:
        return "## History\n\nThis file has not been committed yet."
    rows = [[c.date, plain_cell(c.subject), _commit_link(c, repo_url)] for c in commits]
    return "## History\n\nEvery change to this policy's file, newest first.\n\n" + table(["Date", "Change", "Commit"], rows)


def _commit_link(commit: Commit, repo_url: str | None) -> str:
    return f"[`{commit.short}`]({repo_url.rstrip('/')}/commit/{commit.sha})" if repo_url else f"`{commit.short}`"


def render_whats_new(policies: Sequence[Policy], *, today: date) -> str:
    """Recent changelog entries across the handbook, newest first; future ones as 'coming on'."""
    coming = sorted((p for p in policies if p.effective > today.isoformat() and p.status in ("active", "deprecated")), key=lambda p: (p.effective, p.id))
    sections = ["# What's new", "Recent changes to the handbook, newest first. Each policy's page has its full changelog."]
    if coming:
        rows = [[f"**Coming on {p.effective}**", policy_link(p, WHATS_NEW), p.version, cell(p.changelog[0].summary)] for p in coming]
        sections.append("## Coming soon\n\n" + table(["When", "Policy", "Version", "What changes"], rows))
    entries = sorted(((entry, p) for p in policies for entry in p.changelog), key=lambda pair: (pair[0].date, pair[1].id, pair[0].version), reverse=True)
    rows = [[entry.date, policy_link(p, WHATS_NEW), entry.version, cell(entry.summary)] for entry, p in entries[:RECENT]]
    sections.append("## Recent changes\n\n" + (table(["Approved", "Policy", "Version", "What changed"], rows) if rows else "Nothing yet."))
    return page({"title": "What's new"}, sections)



