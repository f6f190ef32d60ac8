"""'What is expected of me': one page per role with every statement that applies to it."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import LEVELS, Policy
from .paths import ROLE_LABELS, ROLES_INDEX, policy_page, role_page, statement_anchor
from .policy_page import level_badge, policy_link
from .text import block, bullet_list, link, page, plain, title_meta

_ROLE_INTROS = {
    "everyone": "These apply to every one of us, whatever our job.",
    "frontline": "For colleagues who serve customers directly: in stores, on the phone, in chat and online. Everything for everyone applies too.",
    "manager": "For everyone who leads a team. Everything for everyone applies too.",
    "executive": "For the executive team. Everything for everyone applies too.",
    "support-functions": "For IT, Finance, People & Culture, Logistics and the other teams that serve the front line. Everything for everyone applies too.",
}
_LEVEL_TITLES = {"must": "You must", "should": "You should", "may": "You may"}


def render_role_page(role: str, policies: Sequence[Policy]) -> str:
    """Statements of policies in force whose audience includes `role` (or everyone)."""
    path = role_page(role)
    in_force = [p for p in policies if p.in_force]
    sections = [f"# What is expected of {ROLE_LABELS[role].lower() if role != 'everyone' else 'everyone'}", _ROLE_INTROS[role]]
    for level in LEVELS:
        groups = []
        for policy in in_force:
            items = [
                f'<span class="pb-statement" id="{policy.id}-{s.id}"></span>{level_badge(level)} {block(s.text, 4)} '
                f"({link(s.id, path, policy_page(policy.id) + '#' + statement_anchor(s.id))})"
                for s in policy.applies_to(role)
                if s.level == level
            ]
            if items:
                groups.append(f"### {policy_link(policy, path)}\n\n" + bullet_list(items))
        if groups:
            sections.append(f"## {_LEVEL_TITLES[level]}\n\n" + "\n\n".join(groups))
    targets = [p for p in in_force if p.target and (role in p.roles)]
    if targets:
        rows = "\n".join(f"- **{p.target}**: {plain(p.target.activity)} ({policy_link(p, path)})" for p in targets if p.target)
        sections.append("## Your targets\n\n" + rows)
    return page({"title": title_meta(f"What is expected of {ROLE_LABELS[role].lower()}")}, sections)


def render_roles_index() -> str:
    items = [f"- {link(ROLE_LABELS[role], ROLES_INDEX, role_page(role))}: {_ROLE_INTROS[role]}" for role in ROLE_LABELS]
    intro = "Pick the role that fits you. Each page lists every statement from the policies in force that applies to that role, grouped by must, should and may, with a link to the policy it comes from."
    return page({"title": "What is expected of me"}, ["# What is expected of me", intro, "\n".join(items)])
