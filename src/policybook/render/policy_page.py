"""The page of one policy: what it asks, of whom, why, and how it got here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import zip_longest

from ..model import LEVELS, Policy, Statement
from .paths import (
    KIND_LABELS,
    KIND_SECTIONS,
    LEVEL_HEADINGS,
    PROPOSING,
    ROLE_LABELS,
    STATUS_LABELS,
    policy_page,
    statement_anchor,
)
from .text import block, bullet_list, cell, link, page, plain, plain_cell, table, title_meta

#: Search results rank the Golden Rule above pages that merely mention it.
GOLDEN_RULE_BOOST = 3


def status_badge(status: str) -> str:
    return f'<span class="pb-status pb-status--{status}">{STATUS_LABELS[status]}</span>'


def level_badge(level: str) -> str:
    return f'<span class="pb-level pb-level--{level}">{level.upper()}</span>'


def roles_text(roles: tuple[str, ...]) -> str:
    return ", ".join(ROLE_LABELS[r] for r in roles)


def policy_link(policy: Policy, source: str, *, anchor: str = "") -> str:
    target = policy_page(policy.id) + (f"#{anchor}" if anchor else "")
    return link(f"{policy.id} · {plain(policy.title)}", source, target)


def render_policy_page(policy: Policy, by_id: Mapping[str, Policy], *, edit_url: str | None = None, history: str = "", doing: str = "") -> str:
    """Markdown for the policy's own page; `history` and `doing` (how leaders are doing, from
    `render.scorecard`) are optional ready-made sections."""
    path = policy_page(policy.id)
    meta: dict[str, object] = {"title": title_meta(f"{policy.id} · {policy.title}")}
    if policy.tags:
        meta["tags"] = list(policy.tags)
    if policy.kind == "golden-rule" and policy.status == "active":
        meta["search"] = {"boost": GOLDEN_RULE_BOOST}
    return page(
        meta,
        [
            f"# {plain(policy.title)}",
            _banner(policy, by_id, path),
            _facts(policy, path),
            "!!! abstract \"In short\"\n\n    " + block(policy.summary, 4),
            *_statements(policy),
            *_kind_sections(policy),
            doing,
            "## Why\n\n" + block(policy.rationale),
            _related(policy, by_id, path),
            _references(policy),
            _changelog(policy),
            history,
            _propose(policy, edit_url, path),
        ],
    )


def _banner(policy: Policy, by_id: Mapping[str, Policy], path: str) -> str:
    replacement = by_id.get(policy.superseded_by or "")
    replaced = f"It is replaced by {policy_link(replacement, path)}." if replacement else ""
    reason = block(policy.no_replacement_reason or "", 4)
    if policy.status == "deprecated":
        text = f"This policy still applies, but it is being phased out. {replaced or 'It will not be replaced:'}"
        return f'!!! warning "Deprecated"\n\n    {text}' + (f"\n\n    {reason}" if not replaced and reason else "")
    if policy.status == "retired":
        text = f"This policy no longer applies. The page stays so that links to it keep working. {replaced or 'It was not replaced:'}"
        return f'!!! danger "Retired"\n\n    {text}' + (f"\n\n    {reason}" if not replaced and reason else "")
    if policy.status in ("draft", "proposed"):
        stage = "a draft" if policy.status == "draft" else "proposed and under review"
        return f'!!! info "{STATUS_LABELS[policy.status]}"\n\n    This policy is {stage}. It does not apply yet.'
    return ""


def _facts(policy: Policy, path: str) -> str:
    section, _ = KIND_SECTIONS[policy.kind]
    kind = link(KIND_LABELS[policy.kind], path, section)
    header = ["Status", "Version", "Effective", "Review by", "Owner", "Applies to"]
    row = [status_badge(policy.status), policy.version, policy.effective, policy.review_by, plain_cell(policy.owner), roles_text(policy.audience)]
    return f'<span class="pb-id">{policy.id}</span> · {kind}\n\n' + table(header, [row])


def _statement_item(statement: Statement, *, show_audience: bool) -> str:
    anchor = statement_anchor(statement.id)
    label = f'<span class="pb-level pb-level--{statement.level}" id="{anchor}">{statement.level.upper()}</span>'
    who = f' <span class="pb-for">{roles_text(statement.audience)}</span>' if show_audience else ""
    sid = f' <a class="pb-sid" href="#{anchor}">{statement.id}</a>'
    return f"{label}{who}{sid} " + block(statement.text, 4)


def _statements(policy: Policy) -> Iterator[str]:
    for level in LEVELS:
        chosen = [s for s in policy.statements if s.level == level]
        if chosen:
            items = bullet_list(_statement_item(s, show_audience=s.own_audience) for s in chosen)
            yield f"## {LEVEL_HEADINGS[level]}\n\n{items}"


def _kind_sections(policy: Policy) -> Iterator[str]:
    if policy.kind == "golden-rule":
        rows = [[cell(do or ""), cell(dont or "")] for do, dont in zip_longest(policy.do, policy.dont)]
        yield "## In practice\n\n" + table(["Do", "Don't"], rows)
        yield "## How leaders model it\n\n" + bullet_list(policy.leaders_model_it)
    elif policy.kind == "service-expectation":
        yield "## When this applies\n\n" + bullet_list(policy.situations)
        if policy.phrases_use:
            yield "## Phrases to use\n\n" + table(["Say", "Why"], [[plain_cell(p.text), cell(p.why)] for p in policy.phrases_use])
        if policy.phrases_avoid:
            rows = [[plain_cell(p.text), cell(p.why), plain_cell(p.instead or "")] for p in policy.phrases_avoid]
            yield "## Phrases to avoid\n\n" + table(["Avoid", "Why", "Say instead"], rows)
        if policy.addressing_customers:
            yield "## Addressing customers\n\n" + bullet_list(policy.addressing_customers)
        if policy.answering_questions:
            yield "## Answering questions\n\n" + bullet_list(policy.answering_questions)
        if policy.response_standards:
            rows = [
                [label_of(r.channel), plain_cell(r.measure), f"{_number(r.value)} {r.unit.replace('-', ' ')}", f"{_number(r.share)}% of contacts" if r.share else "Every contact"]
                for r in policy.response_standards
            ]
            yield "## Response standards\n\n" + table(["Channel", "What", "Within", "Met for"], rows)
    elif policy.kind == "leader-commitment" and policy.target:
        target = policy.target
        rows = [["Who", roles_text(policy.roles)], ["Target", f"{target} ({plain_cell(target.activity)})"], ["Measured by", cell(policy.measured_by or "")]]
        yield "## The commitment\n\n" + table(["", ""], rows)
        yield "## What counts as evidence\n\n" + bullet_list(policy.evidence)


def label_of(word: str) -> str:
    return word.replace("-", " ").capitalize()


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


def _related(policy: Policy, by_id: Mapping[str, Policy], path: str) -> str:
    lines = [f"- {policy_link(by_id[r], path)}" for r in policy.related if r in by_id]
    lines += [f"- Replaces {policy_link(by_id[r], path)}" for r in policy.supersedes if r in by_id]
    return "## Related policies\n\n" + "\n".join(lines) if lines else ""


def _references(policy: Policy) -> str:
    items = []
    for ref in policy.references:
        title = f"[{plain(ref.title)}](<{ref.url}>)" if ref.url else f"*{plain(ref.title)}*"
        author = f" — {plain(ref.author)}" if ref.author else ""
        note = f". {block(ref.note, 4)}" if ref.note else ""
        items.append(f"{title}{author}{note}")
    return "## Sources\n\n" + bullet_list(items) if items else ""


def _changelog(policy: Policy) -> str:
    rows = [[entry.version, entry.date, cell(entry.summary)] for entry in policy.changelog]
    return "## Changelog\n\n" + table(["Version", "Approved", "What changed"], rows)


def _propose(policy: Policy, edit_url: str | None, path: str) -> str:
    how = link("how to propose a change", path, PROPOSING)
    target = f"[propose a change to this policy]({edit_url})" if edit_url else "propose a change to this policy"
    return f"---\n\nSomething here out of date? You can {target}: its source is `{policy.source}`. Read {how}."
