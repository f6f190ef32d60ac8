"""A policy's history on its page, and the handbook-wide "What's new" page and feed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..history import Commit
from ..model import ChangelogEntry, Policy
from .paths import FEED, WHATS_NEW
from .policy_page import policy_link
from .text import cell, link, page, plain_cell, table

#: Entries on the "What's new" page and in its feed; older ones stay in each policy's changelog.
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


def recent_entries(policies: Sequence[Policy], *, today: date) -> list[tuple[ChangelogEntry, Policy]]:
    """Changelog entries of published versions approved by `today`, newest first."""
    day = today.isoformat()
    entries = [(entry, p) for p in policies for entry in p.changelog if entry.date <= day]
    return sorted(entries, key=lambda pair: (pair[0].date, pair[1].id, pair[0].version), reverse=True)[:RECENT]


def render_whats_new(policies: Sequence[Policy], *, today: date) -> str:
    """Recent changelog entries across the handbook, newest first; future ones as 'coming on'.

    `policies` are the newest published version of each published policy: a draft's or a
    proposal's changelog is not news, since nothing was approved.
    """
    coming = sorted((p for p in policies if p.effective > today.isoformat() and p.in_force), key=lambda p: (p.effective, p.id))
    feed = link("Atom feed", WHATS_NEW, FEED)
    sections = [
        "# What's new",
        f"Recent changes to the handbook, newest first. Each policy's page has its full changelog. Follow these changes in a feed reader with the {feed}.",
    ]
    if coming:
        rows = [[f"**Coming on {p.effective}**", policy_link(p, WHATS_NEW), p.version, cell(p.changelog[0].summary)] for p in coming]
        sections.append("## Coming soon\n\n" + table(["When", "Policy", "Version", "What changes"], rows))
    rows = [[entry.date, policy_link(p, WHATS_NEW), entry.version, cell(entry.summary)] for entry, p in recent_entries(policies, today=today)]
    sections.append("## Recent changes\n\n" + (table(["Approved", "Policy", "Version", "What changed"], rows) if rows else "Nothing yet."))
    return page({"title": "What's new", "search": {"exclude": True}}, sections)
