"""The page of one policy: what it asks, of whom, why, and how it got here.

A page tells the truth about status first: a policy in force today shows its statements as
rules (MUST badges); anything else (being phased out, retired, a proposal, a version that
takes effect later, an archived version) shows them as a record, under a notice that says
what applies instead.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..config import Settings
from ..model import Policy, Statement, amount, version_key
from ..reviews import Due
from ..versions import Timeline
from ..vocabulary import BY_NAME, LEVEL_HEADINGS, LEVELS, RECORD_HEADINGS, STATUS_LABELS
from .paths import KIND_SECTIONS, PROPOSING, policy_page, statement_anchor, version_page
from .text import box, bullet_list, cell, link, page, plain, plain_cell, table, text_block, text_inline, text_list, title_meta


@dataclass(frozen=True)
class Framing:
    """How a page presents statements: as rules in force today, or as a record of what was written."""

    headings: Mapping[str, str]
    badges: bool


RULES = Framing(LEVEL_HEADINGS, badges=True)
RECORD = Framing(RECORD_HEADINGS, badges=False)
#: Search weight of a policy page that is a record rather than rules in force today (retired,
#: not in force yet): found, but after the policies that apply.
LOWER = 0.5


def status_badge(status: str) -> str:
    return f'<span class="pb-status pb-status--{status}">{STATUS_LABELS[status]}</span>'


def level_badge(level: str) -> str:
    return f'<span class="pb-level pb-level--{level}">{level.upper()}</span>'


def roles_text(roles: tuple[str, ...], settings: Settings) -> str:
    return ", ".join(settings.label(r) for r in roles)


def policy_link(policy: Policy, source: str, *, anchor: str = "") -> str:
    target = policy_page(policy.id) + (f"#{anchor}" if anchor else "")
    return link(f"{policy.id} · {plain(policy.title)}", source, target)


def render_policy_page(line: Timeline, linked: Mapping[str, Policy], settings: Settings, *, edit_url: str | None = None, history: str = "", due: Due | None = None, doing: str = "") -> str:
    """The policy's own page: the version in force on the build day (else the newest), what is
    coming, every version, and `history` and `doing` (how leaders are doing against a leader
    commitment, from `render.scorecard`): ready-made sections."""
    shown = line.shown
    path = policy_page(shown.id)
    meta: dict[str, object] = {"title": title_meta(f"{shown.id} · {shown.title}")}
    if shown.tags and line.applies:
        meta["tags"] = list(shown.tags)
    if not line.applies:  # retired, or not yet in force: readable, but not what a search for a rule should find first
        meta["search"] = {"boost": LOWER}
    framing = RULES if line.applies and shown.status == "active" else RECORD
    notices = [*status_notices(line, linked, path), _review_notice(due)]
    return page(meta, policy_body(shown, path, linked, settings, framing=framing, notices=notices, versions=versions_section(line, path), history=history, edit_url=edit_url, doing=doing))


def policy_body(
    policy: Policy,
    path: str,
    linked: Mapping[str, Policy],
    settings: Settings,
    *,
    framing: Framing,
    notices: Sequence[str] = (),
    versions: str = "",
    history: str = "",
    edit_url: str | None = None,
    propose: bool = True,
    title: str | None = None,
    doing: str = "",
) -> list[str]:
    """The sections of a page showing one version of a policy."""
    return [
        f"# {plain(title or policy.title)}",
        *notices,
        text_block(policy.summary),
        facts(policy, path, settings),
        *_statements(policy, framing, settings),
        *_kind_sections(policy, settings),
        doing,
        "## Why\n\n" + text_block(policy.rationale),
        _related(policy, linked, path),
        _references(policy),
        versions,
        _changelog(policy),
        history,
        _propose(policy, edit_url, path) if propose else "",
        print_stamp(f"{policy.id} · version {policy.version} · effective {policy.effective}"),
    ]


def print_stamp(text: str) -> str:
    """What a printed copy carries on every page (with the address and the day it was printed,
    which the page's script adds when it is printed); hidden on screen."""
    return f'<div class="pb-stamp" aria-hidden="true">{html.escape(text)}</div>'


def status_notices(line: Timeline, linked: Mapping[str, Policy], path: str) -> list[str]:
    """What a reader must know first: the policy no longer applies, is being phased out, has
    not taken effect yet, or is about to change."""
    shown, notices = line.shown, []
    if shown.status in ("deprecated", "retired"):
        notices.append(_ending_notice(shown, linked, path))
    if line.today is None and line.coming:
        first = line.coming[0]
        before = "" if line.versions is not None else " Older versions are unavailable here: the handbook was built from a folder that is not a git repository."
        notices.append(f'!!! info "Not in force yet"\n\n    This policy takes effect on **{first.effective}**. Until then it does not apply.{before}')
    elif line.coming:
        notices.append(_coming_notice(line, path))
    return notices


def _ending_notice(policy: Policy, linked: Mapping[str, Policy], path: str) -> str:
    replacement = linked.get(policy.superseded_by or "")
    if policy.status == "deprecated":
        kind, title, said = "warning", "Deprecated: being phased out", "This policy is being phased out."
        record, missing = "What it says is kept below as a record.", "It will not be replaced."
    else:
        kind, title, said = "danger", "Retired: no longer applies", "This policy no longer applies."
        record, missing = "What it said is kept below as a record, so that links to it keep working.", "It was not replaced."
    if replacement is not None or not policy.no_replacement_reason:
        follow = f"It is replaced by {policy_link(replacement, path)}: follow that instead." if replacement else missing
        return f'!!! {kind} "{title}"\n\n    {said} {follow} {record}'
    # the reason is policy text: a box made as HTML holds its rendered block whole
    return box(kind, title, f"<p>{html.escape(said)} {html.escape(missing)}</p>", text_block(policy.no_replacement_reason), f"<p>{html.escape(record)}</p>")


def _coming_notice(line: Timeline, path: str) -> str:
    today = line.today
    assert today is not None
    items, previous = [], today.version
    for version in line.coming:
        changes = [e for e in version.changelog if version_key(previous) < version_key(e.version) <= version_key(version.version)]
        said = " ".join(text_inline(entry.summary) for entry in changes) or "A new version."
        where = link(f"version {version.version}", path, version_page(version.id, version.version)) if line.versions is not None else f"version {version.version}"
        items.append(f"From **{version.effective}**: {where} applies. {said}")
        previous = version.version
    body = "\n\n    ".join(items)
    return f'!!! info "Changing on {line.coming[0].effective}"\n\n    This page shows version {today.version}, which applies today.\n\n    {body}'


def _review_notice(due: Due | None) -> str:
    if due is None or not due.overdue:
        return ""
    return f'!!! note "Review overdue"\n\n    The review of this policy was due on **{due.review_by}**. {plain(due.owner)} owns it and has been asked to review it; until then, it still applies as written.'


def versions_section(line: Timeline, path: str) -> str:
    """Every published version, with the days it applied: what the policy said on any date."""
    if line.versions is None:
        return "## Versions\n\nOlder versions are unavailable: the handbook was built from a folder that is not a git repository."
    if not line.versions:
        return ""
    today = line.today
    rows = []
    for version in line.versions:
        state = " · in force today" if version is today else (" · coming" if version.effective > line.day else "")
        rows.append([link(version.version, path, version_page(version.id, version.version)), version.effective, line.until(version) or "", status_badge(version.status) + state])
    intro = "Each version as it was published, and the days it applied. Open one to read exactly what it said."
    return "## Versions\n\n" + intro + "\n\n" + table(["Version", "From", "Until", "Status"], rows)


def facts(policy: Policy, path: str, settings: Settings) -> str:
    """The key facts as a list of labelled values, which wraps on a narrow screen (a table ran
    off a phone's screen). Needs the `md_in_html` Markdown extension."""
    section, _ = KIND_SECTIONS[policy.kind]
    items = [
        ("Id", policy.id),
        ("Kind", link(BY_NAME[policy.kind].label, path, section)),
        ("Status", status_badge(policy.status)),
        ("Version", policy.version),
        ("Effective", policy.effective),
        ("Review by", policy.review_by),
        ("Owner", plain(policy.owner)),
        ("Applies to", roles_text(policy.audience, settings)),
    ]
    listed = "\n".join(f'- <span class="pb-fact">{name}</span> {value}' for name, value in items)
    return f'<div class="pb-facts" markdown>\n\n{listed}\n\n</div>'


def _statement_item(statement: Statement, settings: Settings, *, show_audience: bool, badges: bool) -> str:
    anchor = statement_anchor(statement.id)
    if badges:
        label = f'<span class="pb-level pb-level--{statement.level}" id="{anchor}">{statement.level.upper()}</span>'
    else:  # the level as a word, not a badge that reads as a rule in force
        label = f'<span class="pb-said" id="{anchor}">{statement.level}</span>'
    who = f' <span class="pb-for">{roles_text(statement.audience, settings)}</span>' if show_audience else ""
    sid = f' <a class="pb-sid" href="#{anchor}">{statement.id}</a>'
    return f"{label}{who}{sid} " + text_inline(statement.text)


def _statements(policy: Policy, framing: Framing, settings: Settings) -> Iterator[str]:
    for level in LEVELS:
        chosen = [s for s in policy.statements if s.level == level]
        if chosen:
            items = bullet_list(_statement_item(s, settings, show_audience=s.own_audience, badges=framing.badges) for s in chosen)
            yield f"## {framing.headings[level]}\n\n{items}"


def _kind_sections(policy: Policy, settings: Settings) -> Iterator[str]:
    if policy.kind == "golden-rule":
        # Two labelled lists, not a two-column table: search reads a table row by row, which
        # made a "don't" read like a "do". One section, so a word in one example does not
        # make a three-line section outrank the policies about it.
        yield "## In practice\n\n**Do**\n\n" + text_list(policy.do) + "\n\n**Don't**\n\n" + text_list(policy.dont)
        yield "## How leaders model it\n\n" + text_list(policy.leaders_model_it)
    elif policy.kind == "service-expectation":
        yield "## When this applies\n\n" + text_list(policy.situations)
        if policy.phrases_use:
            yield "## Phrases to use\n\n" + table(["Say", "Why"], [[plain_cell(p.text), cell(p.why)] for p in policy.phrases_use])
        if policy.phrases_avoid:
            rows = [[plain_cell(p.text), cell(p.why), plain_cell(p.instead or "")] for p in policy.phrases_avoid]
            yield "## Phrases to avoid\n\n" + table(["Avoid", "Why", "Say instead"], rows)
        if policy.addressing_customers:
            yield "## Addressing customers\n\n" + text_list(policy.addressing_customers)
        if policy.answering_questions:
            yield "## Answering questions\n\n" + text_list(policy.answering_questions)
        if policy.response_standards:
            rows = [
                [label_of(r.channel), plain_cell(r.measure), amount(r.value, r.unit), f"{_number(r.share)}% of contacts" if r.share else "Every contact"]
                for r in policy.response_standards
            ]
            yield "## Response standards\n\n" + table(["Channel", "What", "Within", "Met for"], rows)
    elif policy.kind == "leader-commitment" and policy.target:
        target = policy.target
        rows = [["Who", roles_text(policy.roles, settings)], ["Target", f"{target} ({plain_cell(target.activity)})"], ["Measured by", cell(policy.measured_by or "")]]
        yield "## The commitment\n\n" + table(["", ""], rows)
        yield "## What counts as evidence\n\n" + text_list(policy.evidence)


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
        note = f". {text_inline(ref.note)}" if ref.note else ""
        items.append(f"{title}{author}{note}")
    return "## Sources\n\n" + bullet_list(items) if items else ""


def _changelog(policy: Policy) -> str:
    rows = [[entry.version, entry.date, cell(entry.summary)] for entry in policy.changelog]
    return "## Changelog\n\n" + table(["Version", "Approved", "What changed"], rows)


def _propose(policy: Policy, edit_url: str | None, path: str) -> str:
    how = link("how to propose a change", path, PROPOSING)
    target = f"[propose a change to this policy]({edit_url})" if edit_url else "propose a change to this policy"
    return f"---\n\nSomething here out of date? You can {target}: its source is `{policy.source}`. Read {how}."
