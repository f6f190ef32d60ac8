"""'What is expected of me': for each role, every statement that applies to it."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import LEVELS, Policy
from .paging import NOT_SEARCHED, PAGE_SIZE, numbered, pager, split
from .paths import ROLE_LABELS, ROLES_INDEX, policy_page, role_page, statement_anchor
from .policy_page import level_badge, policy_link, print_stamp
from .text import bullet_list, link, page, plain, text_inline, title_meta

_ROLE_INTROS = {
    "everyone": "These apply to every one of us, whatever our job.",
    "frontline": "For colleagues who serve customers directly: in stores, on the phone, in chat and online. Everything for everyone applies too.",
    "manager": "For everyone who leads a team. Everything for everyone applies too.",
    "executive": "For the executive team. Everything for everyone applies too.",
    "support-functions": "For IT, Finance, People & Culture, Logistics and the other teams that serve the front line. Everything for everyone applies too.",
}
_LEVEL_TITLES = {"must": "You must", "should": "You should", "may": "You may"}


def render_role_pages(role: str, policies: Sequence[Policy], *, day: str, size: int = PAGE_SIZE) -> dict[str, str]:
    """Statements of the policies in force on `day` whose audience includes `role` (or everyone), by page."""
    relevant = [p for p in policies if p.in_force and (p.applies_to(role) or role in p.roles)]
    chunks = split(role_page(role), relevant, size)
    paths = [path for path, _ in chunks]
    return {path: _role_page(role, chunk, path, paths, day) for path, chunk in chunks}


def _role_page(role: str, policies: Sequence[Policy], path: str, paths: list[str], day: str) -> str:
    who = "everyone" if role == "everyone" else ROLE_LABELS[role].lower()
    title = numbered(f"What is expected of {who}", paths, path)
    sections = [f"# {title}", _ROLE_INTROS[role], pager(paths, path)]
    if not policies:
        sections.append("No policy in force asks anything of this role yet.")
    for level in LEVELS:
        groups = []
        for policy in policies:
            items = [
                f'<span class="pb-statement" id="{policy.id}-{s.id}"></span>{level_badge(level)} {text_inline(s.text)} '
                f"({link(s.id, path, policy_page(policy.id) + '#' + statement_anchor(s.id))})"
                for s in policy.applies_to(role)
                if s.level == level
            ]
            if items:  # a bold line, not a heading: a heading per policy makes search indexing quadratic
                phasing = " (being phased out: see its page for what replaces it)" if policy.status == "deprecated" else ""
                groups.append(f"**{policy_link(policy, path)}**{phasing}\n\n" + bullet_list(items))
        if groups:
            sections.append(f"## {_LEVEL_TITLES[level]}\n\n" + "\n\n".join(groups))
    targets = [p for p in policies if p.target and role in p.roles]
    if targets:
        rows = "\n".join(f"- **{p.target}**: {plain(p.target.activity)} ({policy_link(p, path)})" for p in targets if p.target)
        sections.append("## Your targets\n\n" + rows)
    sections.append(pager(paths, path))
    sections.append(print_stamp(f"{title} · the policies in force on {day}"))
    return page({"title": title_meta(title), "search": NOT_SEARCHED}, sections)


def render_roles_index() -> str:
    items = [f"- {link(ROLE_LABELS[role], ROLES_INDEX, role_page(role))}: {_ROLE_INTROS[role]}" for role in ROLE_LABELS]
    intro = "Pick the role that fits you. Each page lists every statement from the policies in force that applies to that role, grouped by must, should and may, with a link to the policy it comes from."
    return page({"title": "What is expected of me", "search": NOT_SEARCHED}, ["# What is expected of me", intro, "\n".join(items)])
