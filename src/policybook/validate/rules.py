"""The rules for one policy, beyond its schema: a registry of one function each.

Each rule says which problem codes it can report, and whether it is decided by the file's
bytes alone (then an earlier pass of the same bytes, kept in the cache, still holds) or
also by the file's name or today's date (then it is checked every run). A new rule is one
function with the `@rule(...)` line above it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from .. import characters
from ..load import Document, locator
from ..model import version_key
from ..problems import Problem, warning
from ..vocabulary import BY_NAME, DRAFTING, EVERYONE, PREFIXES, PUBLISHED
from .ids import SLUG, id_parts, slugify
from .values import at, field_name, items, show, text_of, walk

#: A version the rules can compare: the schema's form, with numbers short enough to read (the
#: schema allows 32 characters; a number of thousands of digits is its error, not a crash here).
_VERSION = re.compile(r"(0|[1-9][0-9]{0,29})\.(0|[1-9][0-9]{0,29})\.(0|[1-9][0-9]{0,29})\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
#: Text that `policybook new` leaves for the author to replace.
PLACEHOLDER = "TODO"

Check = Callable[[Document, date], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    """One check of one policy, and every problem code it can report."""

    name: str
    check: Check
    codes: frozenset[str]
    #: decided by the file's bytes alone: an earlier pass of the same bytes still holds
    by_content: bool = True


#: Every rule for one policy, in the order they are checked.
RULES: list[Rule] = []


def rule(*codes: str, by_content: bool = True) -> Callable[[Check], Check]:
    """Register a rule that can report `codes`."""

    def register(check: Check) -> Check:
        RULES.append(Rule(check.__name__.removesuffix("_rule"), check, frozenset(codes), by_content))
        return check

    return register


@rule("disguising-character")
def disguise_rule(doc: Document, today: date) -> Iterator[Problem]:
    """Every character that disguises text (see `characters`), wherever it is in the file:
    in a value, a field name or a comment, as itself or as a YAML escape."""
    found = disguise_problems(doc.raw, doc.display, doc.data)
    yield from found
    in_data = {char for value in _strings(doc.data) for char in characters.PATTERN.findall(value)}
    if in_data and not found:  # made some other way: say which value
        yield at(doc, (), "disguising-character", f"a value contains {', '.join(map(characters.describe, sorted(in_data)))}; remove it")


#: Most '[' one text may hold, and how deep its lists and quotes may nest: Markdown's time
#: grows with the square of the one (each '[' looks for its ']' to the end of the text) and
#: its stack with the other, and no policy needs more (see `markdownText` in the schema).
MAX_BRACKETS = 20
MAX_NESTING = 10
_NESTED = re.compile(r"(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+|>[ \t]?)")
#: Where the file could hold a text nested too deep: more than the limit of indentation
#: steps and markers in a row (the file's own indentation and keys can add to them, so a
#: match is only worth a closer look at the texts).
_QUICK_NESTED = re.compile(rb"(?:[ ]{4}|\t|(?:[-*+]|[0-9]{1,9}[.)])[ \t]+|>[ \t]?){%d}" % (MAX_NESTING + 1))
_LINE_START = re.compile(r"^([ \t]*)((?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+|>[ \t]?)*)", re.M)


@rule("markdown-limit")
def markdown_limits_rule(doc: Document, today: date) -> Iterator[Problem]:
    """Text that would take Markdown far too long to render (or overflow its stack) is refused
    here, with the reason, rather than stalling or failing the build."""
    if doc.raw and doc.raw.count(b"[") <= MAX_BRACKETS and not _QUICK_NESTED.search(doc.raw):
        return  # a quick look first: no text of this file can be near either limit
    for path, value in walk(doc.data):
        if not isinstance(value, str):
            continue
        brackets = value.count("[")
        if brackets > MAX_BRACKETS:
            yield at(doc, path, "markdown-limit", f"{field_name(path)} has {brackets} square brackets '['; a text may have at most {MAX_BRACKETS} (ten links), or Markdown takes too long to read it; use fewer, or split the text")
        depth = max((len(m.group(1).expandtabs(4)) // 4 + len(_NESTED.findall(m.group(2))) for m in _LINE_START.finditer(value)), default=0)
        if depth > MAX_NESTING:
            yield at(doc, path, "markdown-limit", f"{field_name(path)} nests lists or quotes {depth} deep; at most {MAX_NESTING} are allowed, and a policy needs two or three: write the items as a flatter list")


@rule("placeholder")
def placeholder_rule(doc: Document, today: date) -> Iterator[Problem]:
    if PLACEHOLDER.encode() not in doc.raw if doc.raw else f'"{PLACEHOLDER}' not in json.dumps(doc.data, ensure_ascii=False):
        return  # a quick look first: most policies have none
    for path, value in walk(doc.data):
        if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
            yield at(doc, path, "placeholder", f"{field_name(path)} still holds the placeholder {show(doc, path, value)}; replace it with the real text")


@rule("id-kind")
def id_prefix_rule(doc: Document, today: date) -> Iterator[Problem]:
    pid, kind = text_of(doc.data, "id"), text_of(doc.data, "kind")
    parts = id_parts(pid or "")
    if parts and kind in PREFIXES and parts[0] != PREFIXES[kind]:
        yield at(doc, ("id",), "id-kind", f"id {pid!r} starts with {parts[0]}, but this policy is a {kind}; {kind} ids start with '{PREFIXES[kind]}-'")


@rule("duplicate-statement-id")
def statement_ids_rule(doc: Document, today: date) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, statement in items(doc.data, "statements"):
        sid = statement.get("id") if isinstance(statement, dict) else None
        if not isinstance(sid, str):
            continue
        path = ("statements", i, "id")
        sid = characters.normal(sid)
        if sid in first:
            yield at(doc, path, "duplicate-statement-id", f"statement id {sid!r} is used twice in this policy (first on line {first[sid]}); give each statement its own id")
        else:
            first[sid] = doc.where(path)[0]


@rule("changelog-version", "changelog-order")
def changelog_rule(doc: Document, today: date) -> Iterator[Problem]:
    entries = [(i, e) for i, e in items(doc.data, "changelog") if isinstance(e, dict)]
    version = text_of(doc.data, "version")
    if entries and version and _VERSION.match(version):
        newest = entries[0][1].get("version")
        if isinstance(newest, str) and newest != version:
            yield at(doc, ("changelog", 0, "version"), "changelog-version", f"the newest changelog entry is for version {newest}, but 'version' is {version}; add an entry for {version} at the top of 'changelog' saying what changed")
    previous: tuple[int, dict[str, Any]] | None = None
    for i, entry in entries:
        if previous is not None:
            j, before = previous
            v_now, v_before = entry.get("version"), before.get("version")
            if isinstance(v_now, str) and isinstance(v_before, str) and _VERSION.match(v_now) and _VERSION.match(v_before):
                line = doc.where(("changelog", j, "version"))[0]
                if v_now == v_before:
                    yield at(doc, ("changelog", i, "version"), "changelog-order", f"version {v_now} has two changelog entries (the other is on line {line}); give each version one entry")
                elif version_key(v_now) > version_key(v_before):
                    yield at(doc, ("changelog", i, "version"), "changelog-order", f"changelog entries go newest first, but {v_now} comes after {v_before} (line {line}); put the newest version at the top")
            d_now, d_before = entry.get("date"), before.get("date")
            if isinstance(d_now, str) and isinstance(d_before, str) and _DATE.match(d_now) and _DATE.match(d_before) and d_now > d_before:
                yield at(doc, ("changelog", i, "date"), "changelog-order", f"changelog dates go newest first, but {d_now} comes after {d_before}; check the dates")
        previous = (i, entry)


def normal_phrase(text: str) -> str:
    """A phrase as a reader hears it: case, spacing, end punctuation, Unicode form and
    invisible characters make no difference."""
    return " ".join(characters.normal(characters.normal(text).casefold()).split()).rstrip(".!?")


@rule("phrase-conflict")
def phrases_rule(doc: Document, today: date) -> Iterator[Problem]:
    phrases = doc.data.get("phrases")
    used: dict[str, int] = {}
    for i, item in items(phrases, "use"):
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            used.setdefault(normal_phrase(item["text"]), doc.where(("phrases", "use", i, "text"))[0])
    for i, item in items(phrases, "avoid"):
        if isinstance(item, dict) and isinstance(item.get("text"), str) and normal_phrase(item["text"]) in used:
            line = used[normal_phrase(item["text"])]
            yield at(doc, ("phrases", "avoid", i, "text"), "phrase-conflict", f"the phrase {item['text']!r} is both a phrase to use (line {line}) and a phrase to avoid; keep it in one list only")


@rule("replacement")
def replacement_rule(doc: Document, today: date) -> Iterator[Problem]:
    status = text_of(doc.data, "status")
    has_replacement = "superseded_by" in doc.data
    ending = status in PUBLISHED and status not in ("active",)
    if ending and not has_replacement and "no_replacement_reason" not in doc.data:
        yield at(doc, ("status",), "replacement", f"a {status} policy must name the policy that replaces it in 'superseded_by', or say why there is none in 'no_replacement_reason'")
    elif (status in DRAFTING or status == "active") and has_replacement:
        yield at(doc, ("superseded_by",), "replacement", f"this policy names a replacement but its status is {status!r}; set 'status: deprecated' (or 'retired'), or remove 'superseded_by'", severity="warning")


@rule("version-status")
def version_rule(doc: Document, today: date) -> Iterator[Problem]:
    status, version = text_of(doc.data, "status"), text_of(doc.data, "version")
    if status in PUBLISHED and version and _VERSION.match(version) and version_key(version) < (1, 0, 0):
        yield at(doc, ("version",), "version-status", f"an {status} policy's version starts at 1.0.0, but it is {version}; versions 0.x are for drafts and proposals")


@rule("audience")
def audience_rule(doc: Document, today: date) -> Iterator[Problem]:
    audience = doc.data.get("audience")
    if not isinstance(audience, list) or EVERYONE in audience:
        return
    for i, statement in items(doc.data, "statements"):
        own = statement.get("audience") if isinstance(statement, dict) else None
        for role in own if isinstance(own, list) else []:
            if role != EVERYONE and role not in audience and isinstance(role, str):
                yield at(doc, ("statements", i, "audience"), "audience", f"statement {statement.get('id')!r} is for {role!r}, but the policy's audience does not include {role!r}; add {role!r} to the policy's 'audience' or remove it from the statement")
    roles = doc.data.get("roles")
    for role in roles if isinstance(roles, list) else []:
        if isinstance(role, str) and role not in audience:
            yield at(doc, ("roles",), "audience", f"this commitment binds {role!r}, but the policy's audience does not include {role!r}; add it to 'audience' so it shows on their page")


@rule("schema-line")
def schema_line_rule(doc: Document, today: date) -> Iterator[Problem]:
    kind = text_of(doc.data, "kind")
    if kind not in BY_NAME:
        return
    expected = BY_NAME[kind].schema_file
    line = f"# yaml-language-server: $schema=../schemas/{expected}"
    if doc.schema_hint is None:
        yield warning(doc.display, 1, 1, "schema-line", f"the first line should be '{line}', so editors check this policy as you type; add it")
    elif not doc.schema_hint.endswith("/" + expected) and doc.schema_hint != expected:
        yield warning(doc.display, 1, 1, "schema-line", f"the first line points editors at {doc.schema_hint!r}, but this is a {kind}; change it to '{line}'")


@rule("file-name", by_content=False)
def file_name_rule(doc: Document, today: date) -> Iterator[Problem]:
    pid = text_of(doc.data, "id")
    if not pid or not id_parts(pid):
        return
    stem = PurePath(doc.display).stem
    if stem == pid or (stem.startswith(pid + "-") and SLUG.match(stem[len(pid) + 1 :])):
        return
    suggestion = f"{pid}-{slugify(text_of(doc.data, 'title') or '')}.yaml"
    yield at(doc, ("id",), "file-name", f"the file name {PurePath(doc.display).name!r} does not match the policy id {pid!r}; rename the file to {suggestion!r} (the id, then lower-case words joined by hyphens)")


@rule("review-date", "review-overdue", by_content=False)
def dates_rule(doc: Document, today: date) -> Iterator[Problem]:
    effective, review_by = _real_date(doc.data.get("effective")), _real_date(doc.data.get("review_by"))
    if effective and review_by and review_by <= effective:
        yield at(doc, ("review_by",), "review-date", f"'review_by' ({review_by}) must be after 'effective' ({effective}); set a review date later than the day the policy takes effect")
    elif review_by and review_by < today and doc.data.get("status") != "retired":
        owner = text_of(doc.data, "owner")
        whose = f" ({owner} owns it)" if owner else ""
        message = f"the review of this policy was due on {review_by}{whose}; ask its owner to review it, then set a new 'review_by' date"
        yield at(doc, ("review_by",), "review-overdue", message, severity="notice")


def _real_date(value: Any) -> date | None:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


#: Rules decided by a file's bytes alone, and those that also depend on its name or the day.
CONTENT_RULES: tuple[Check, ...] = tuple(r.check for r in RULES if r.by_content)
CONTEXT_RULES: tuple[Check, ...] = tuple(r.check for r in RULES if not r.by_content)
POLICY_RULES: tuple[Check, ...] = CONTENT_RULES + CONTEXT_RULES


# --- characters that disguise text --------------------------------------------------------


def disguise_problems(raw: bytes, display: str, data: Any = None) -> list[Problem]:
    """The disguising characters in a file's bytes, each at its place; escapes that make one
    (`"\\u202E"`) count when `data`, what the file was read into, holds that character."""
    if not raw or not characters.QUICK.search(raw, 3 if raw.startswith(b"\xef\xbb\xbf") else 0):
        return []  # a quick look first: almost every file has none
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    where = locator(text)
    problems = []
    for match in characters.PATTERN.finditer(text):
        char = match.group()
        message = f"this text contains {characters.describe(char)}, {characters.effect(char)}; delete it" + _separator_advice(char)
        problems.append(Problem(display, *where(match.start()), "error", "disguising-character", message))
    in_data = {char for value in _strings(data) for char in characters.PATTERN.findall(value)}
    for match in characters.ESCAPE.finditer(text):
        written = characters.escape_char(match)
        if written is not None and written in in_data:  # an escape in double quotes, not a backslash in plain text
            message = f"the escape {match.group()!r} writes {characters.describe(written)}, {characters.effect(written)}; remove it" + _separator_advice(written)
            problems.append(Problem(display, *where(match.start()), "error", "disguising-character", message))
    return problems


def _separator_advice(char: str) -> str:
    return " (start a new line instead)" if characters.DISGUISING[char] == "separator" else ""


def _strings(value: Any) -> Iterator[str]:
    """Every text in a document, field names included."""
    for _, item in walk(value):
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from item

