"""Validation: schema errors turned into located, plain-language problems, then the rules
that span a policy's fields or several files (ids, references, changelog, dates).

Pure: documents and schemas in, problems out. Messages speak to the leader who edits the
YAML: what is wrong, in their words, and what to do about it.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from . import characters
from .load import Document, JsonPath, json_path, locate, locator
from .model import version_key
from .problems import Problem, Severity, warning
from .schema import PREFIXES, Schemas, schema_file

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
#: A version the rules can compare: the schema's form, with numbers short enough to read (the
#: schema allows 32 characters; a number of thousands of digits is its error, not a crash here).
_VERSION = re.compile(r"(0|[1-9][0-9]{0,29})\.(0|[1-9][0-9]{0,29})\.(0|[1-9][0-9]{0,29})\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_ID = re.compile(r"(GR|SE|LC)-([0-9]{3,5})\Z")


def validate(documents: list[Document], schemas: Schemas, *, today: date, unreadable_ids: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem in `documents`, from the loader, the schemas and the cross-file rules, sorted.

    `unreadable_ids` are the ids (from their file names) of files that could not be read
    at all: references to them are not reported as dangling, since the real fault is
    already reported on the broken file.
    """
    problems: list[Problem] = []
    documents = list(documents)
    for i, doc in enumerate(documents):
        if not doc.located:
            if _passes_quickly(doc, schemas, today):
                continue
            doc = documents[i] = locate(doc)  # something to report: now find where everything is
        found = schema_problems(doc, schemas)
        for rule in POLICY_RULES:
            found += rule(doc, today)
        said = doc.problems + _dropped_text(doc, schemas)
        problems += said + _placeholders_first(_not_already_said(found, said))
    across = cross_file_problems(documents, unreadable_ids)
    involved = {p.file for p in across}
    if any(not d.located and d.display in involved for d in documents):
        documents = [locate(d) if d.display in involved else d for d in documents]
        across = cross_file_problems(documents, unreadable_ids)
    return sorted(problems + across)


def _passes_quickly(doc: Document, schemas: Schemas, today: date) -> bool:
    """True when a document read without positions has nothing to report on its own.

    The compiled schema check says yes or no; the rules run as usual (their positions are
    not used). Anything found means the document is read again with positions.
    """
    if doc.checked:  # these bytes passed before: only what depends on more than them is left
        return not any(any(True for _ in rule(doc, today)) for rule in CONTEXT_RULES)
    kind = doc.data.get("kind")
    if not isinstance(kind, str) or kind not in schemas.quick_checks or not schemas.quick_checks[kind](doc.data):
        return False
    return not any(any(True for _ in rule(doc, today)) for rule in POLICY_RULES)


def _dropped_text(doc: Document, schemas: Schemas) -> list[Problem]:
    """Text YAML silently left out of a plain value (see `load.Dropped`), where the schema takes text."""
    if not doc.dropped:
        return []
    candidates = {path: drop.would_be(_value_at(doc.data, path)) for path, drop in doc.dropped.items()}
    texts = schemas.text_fields(doc.data.get("kind"), doc.data, candidates)
    return [drop.problem(doc.display, path) for path, drop in doc.dropped.items() if path in texts]


def _value_at(data: Any, path: JsonPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _not_already_said(found: list[Problem], loader: list[Problem]) -> list[Problem]:
    """Drop problems about a value the loader already reported (a tag, an octal number...)."""
    said = {p.json_path for p in loader}
    return [p for p in found if not any(p.json_path == path or p.json_path.startswith((path + ".", path + "[")) for path in said)]


def _placeholders_first(found: list[Problem]) -> list[Problem]:
    """A value that still holds a placeholder is reported as that alone, not also as the wrong
    type or value ('count' holding "TODO: how many" is not also "must be a whole number")."""
    waiting = {p.json_path for p in found if p.code == "placeholder"}
    return [p for p in found if p.code == "placeholder" or p.json_path not in waiting]


# --- schema errors -------------------------------------------------------------------


def schema_problems(doc: Document, schemas: Schemas) -> list[Problem]:
    kind = doc.data.get("kind")
    if not isinstance(kind, str) or kind not in schemas.validators:
        return [_kind_problem(doc, kind)]
    seen: set[tuple[JsonPath, str]] = set()
    problems: list[tuple[int, Problem]] = []
    for err in schemas.validators[kind].iter_errors(doc.data):
        rank = _RANK.get(str(err.validator), len(_RANK))
        problems += [(rank, p) for p in _explain(doc, err, schemas, kind, seen)]
    return _tidy(problems)


#: When one value breaks several rules, only the most basic is reported: an empty text
#: is "empty", not also "not in the expected form"; an id far too long is "not in the expected
#: form" (which says what it should be), not also "too long".
_RANK = {"type": 0, "const": 1, "enum": 1, "minLength": 2, "format": 3, "pattern": 4, "maxLength": 5}


def _tidy(ranked: list[tuple[int, Problem]]) -> list[Problem]:
    """Drop a value's lesser problems, and 'missing title' when 'titel' was already suggested."""
    best: dict[str, int] = {}
    for rank, p in ranked:
        if rank < len(_RANK):
            best[p.json_path] = min(rank, best.get(p.json_path, rank))
    suggested = {(p.json_path.rsplit(".", 1)[0], m.group(1)) for _, p in ranked if (m := _DID_YOU_MEAN.search(p.message)) and p.code == "unknown-field"}
    suggested |= {("$", m.group(1)) for _, p in ranked if (m := _MISPLACED.match(p.message)) and p.code == "unknown-field"}
    kept = []
    for rank, p in ranked:
        if rank < len(_RANK) and rank > best[p.json_path]:
            continue
        if p.code == "missing-field" and (m := _MISSING.match(p.message)) and (p.json_path, m.group(1)) in suggested:
            continue
        kept.append(p)
    return kept


_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
_MISSING = re.compile(r"missing required field '([^']+)'")
_MISPLACED = re.compile(r"'([^']+)' is a field of the policy itself")


def _misplaced_message(field: str, path: JsonPath) -> str:
    """A policy's own field indented under another one: it is misplaced, not unknown."""
    top = path[0]
    return f"{field!r} is a field of the policy itself, not of {_field_name(path)}: it is indented too far; move it left so that it lines up with '{top}:'"


def _kind_problem(doc: Document, kind: Any) -> Problem:
    kinds = ", ".join(PREFIXES)
    if kind is None:
        return _at(doc, (), "missing-field", f"missing required field 'kind'; add 'kind:' with one of: {kinds}")
    return _at(doc, ("kind",), "enum", f"'kind' is {_show(doc, ('kind',), kind)}, which is not a kind of policy; use one of: {kinds}{_suggest(str(kind), PREFIXES)}")


def _explain(doc: Document, err: ValidationError, schemas: Schemas, kind: str, seen: set[tuple[JsonPath, str]]) -> list[Problem]:
    path: JsonPath = tuple(err.absolute_path)
    keyword = str(err.validator)
    name = _field_name(path)
    value: Any = err.instance
    expected: Any = err.validator_value
    schema: dict[str, Any] = err.schema if isinstance(err.schema, dict) else {}

    if keyword in ("required", "additionalProperties", "unevaluatedProperties"):
        if (path, keyword) in seen:  # jsonschema reports each missing field separately
            return []
        seen.add((path, keyword))
    if keyword == "required":
        missing = [f for f in expected if f not in value]
        properties = schema.get("properties", {})
        out = []
        for field in missing:
            about = _first_sentence(schemas.resolve(properties[field]).get("description", "")) if field in properties else ""
            out.append(_at(doc, path, "missing-field", f"missing required field {field!r}{_where(path)}; add it" + (f" ({about})" if about else "")))
        return out
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        known = list(schema.get("properties", {})) if keyword == "additionalProperties" else schemas.fields(kind)
        out = []
        for field in value:
            if field in known:
                continue
            if path and field in schemas.fields(kind):
                out.append(_at(doc, (*path, field), "unknown-field", _misplaced_message(field, path), key=True))
                continue
            # looking for a near name costs a millisecond: past the problems a file shows, none is looked for
            near = _suggest(field, known) if len(out) < SUGGESTED_FIELDS else ""
            hint = near or ("; remove it, or use one of: " + ", ".join(known) if len(known) <= 8 else "; remove it, or check its spelling")
            out.append(_at(doc, (*path, field), "unknown-field", f"unknown field {field!r}{_where(path)}{hint}", key=True))
        return out
    if keyword in ("anyOf", "oneOf"):
        branches = [sub for sub in expected if isinstance(sub, dict)]
        if branches and all(set(b) == {"required"} for b in branches):
            options = ", ".join(f for b in branches for f in b["required"])
            what = kind.replace("-", " ")
            return [_at(doc, path, "missing-field", f"a {what} needs at least one of: {options}; add the ones that make it concrete")]
        from jsonschema.exceptions import best_match

        inner = best_match(err.context) if err.context else None
        return _explain(doc, inner, schemas, kind, seen) if inner is not None else [_at(doc, path, "schema", err.message)]
    if keyword == "maxItems":
        return [_at(doc, path, "too-many", _too_many_message(name, value, expected))]
    return [_at(doc, path, _CODES.get(keyword, "schema"), _value_message(doc, path, name, value, keyword, expected, schema))]


def _too_many_message(name: str, value: list[Any], expected: int) -> str:
    return f"{name} lists {len(value):,} items, but at most {expected:,} are allowed; keep the ones that matter most, or split the policy in two"


#: Unknown fields of one group given a "did you mean" (more than a file's problems shown).
SUGGESTED_FIELDS = 100

_CODES = {"type": "wrong-type", "enum": "enum", "const": "enum", "pattern": "pattern", "format": "pattern"}


def _value_message(doc: Document, path: JsonPath, name: str, value: Any, keyword: str, expected: Any, schema: dict[str, Any]) -> str:
    shown = _show(doc, path, value)
    if keyword == "type":
        return _type_message(doc, path, name, value, expected, schema)
    if keyword in ("enum", "const"):
        options = expected if isinstance(expected, list) else [expected]
        return f"{name} is {shown}, which is not allowed here; use one of: {', '.join(map(str, options))}{_suggest(str(value), [str(o) for o in options])}"
    if keyword == "pattern":
        advice = schema.get("patternErrorMessage") or f"it must match {expected}"
        return f"{name} is {shown}, which is not in the expected form. {advice}"
    if keyword == "format":
        if isinstance(value, str) and not _DATE.match(value):
            return f"{name} is {shown}, a date written in another form; {_date_advice(value)}"
        return f"{name} is {shown}, which is not a real calendar date; write an existing date as YYYY-MM-DD"
    if keyword == "minLength":
        return f"{name} is empty; write some text"
    if keyword == "maxLength":
        return f"{name} is {len(value)} characters long; shorten it to at most {expected}"
    if keyword == "minItems":
        return f"{name} is an empty list; add at least {expected} item" + ("s" if expected != 1 else "")
    if keyword == "uniqueItems":
        twice = next((v for i, v in enumerate(value) if v in value[:i]), None)
        return f"{name} lists {twice!r} more than once; list each only once"
    if keyword == "minProperties":
        return f"{name} is empty; add at least one of: {', '.join(schema.get('properties', {}))}"
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        relation = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most", "exclusiveMaximum": "less than"}[keyword]
        return f"{name} is {shown}; it must be {relation} {expected}"
    return f"{name}: {keyword} check failed ({expected!r})"


_KINDS_OF_VALUE = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "yes or no",
    "array": "a list (one '- ' item per line)",
    "object": "a group of fields (one 'name: value' per line)",
    "null": "empty",
}


def _type_message(doc: Document, path: JsonPath, name: str, value: Any, expected: Any, schema: dict[str, Any]) -> str:
    wanted = " or ".join(_KINDS_OF_VALUE.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    source = doc.plain.get(path)
    if value is None:
        return f"{name} is empty; write {wanted} after the ':'"
    if source is not None and "string" in expected:
        read_as = "a yes/no value" if isinstance(value, bool) else "a number"
        return f"{name} is {source}, which YAML reads as {read_as}, not text; {_quote_advice(source, schema)}"
    if isinstance(value, str) and _quoted_number(value, expected):
        field = path[-1] if path and isinstance(path[-1], str) else None
        written = f": {field}: {value.strip()}" if field else f": {value.strip()}"
        return f"{name} is {value!r} in quotes, which makes it text, but it must be {wanted}; remove the quotes{written}"
    if isinstance(value, float) and expected == "integer":
        return f"{name} is {source or value}, but it must be a whole number; drop the decimals"
    return f"{name} must be {wanted}, but it is {_describe(value)}"


def _date_advice(value: str) -> str:
    """How to write `value` as YYYY-MM-DD, with the dates it can mean when the order is unclear."""
    found = re.fullmatch(r"\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\s*", value) or re.fullmatch(r"\s*([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})\s*", value)
    if not found:
        return "write it as YYYY-MM-DD, like 2026-03-01"
    a, b, c = (int(part) for part in found.groups())
    candidates = [(a, b, c)] if a > 31 else [(c, b, a), (c, a, b)]  # year first; else day first, then month first
    real = list(dict.fromkeys(found_date.isoformat() for y, m, d in candidates if (found_date := _calendar_date(y, m, d)) is not None))
    if not real:
        return "write an existing date as YYYY-MM-DD, like 2026-03-01"
    if len(real) == 1:
        return f"write it as YYYY-MM-DD: {real[0]}"
    return f"write it as YYYY-MM-DD: {real[0]} if the day comes first, {real[1]} if the month does"


def _calendar_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _quote_advice(source: str, schema: dict[str, Any]) -> str:
    """How to write a value YAML took for a number as text: in quotes, and in the form the
    field needs (a version `1.10` becomes "1.10.0", not "1.10", which would fail next)."""
    options = schema.get("enum")
    if isinstance(options, list) and source not in options:
        return f"use one of: {', '.join(map(str, options))}"
    pattern = schema.get("pattern")
    if not isinstance(pattern, str) or re.search(pattern, source):
        return f'put it in quotes: "{source}"'
    fitting = next((f for f in (source + ".0", source + ".0.0") if re.search(pattern, f)), None)
    if fitting is not None:
        return f'put it in quotes, in the form this field needs: "{fitting}"'
    advice = schema.get("patternErrorMessage", "")
    return "write it in the form this field needs" + (f". {advice}" if advice else "")


def _quoted_number(value: str, expected: Any) -> bool:
    """Whether `value` is a number written in quotes, where a number is wanted."""
    wanted = [expected] if isinstance(expected, str) else list(expected)
    if "string" in wanted:
        return False
    if "integer" in wanted and re.fullmatch(r"\s*[-+]?[0-9]+\s*", value):
        return True
    return "number" in wanted and re.fullmatch(r"\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)\s*", value) is not None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "empty"


def _show(doc: Document, path: JsonPath, value: Any) -> str:
    source = doc.plain.get(path)
    if source is not None:
        return source
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return _describe(value)


def _field_name(path: JsonPath) -> str:
    """How a leader would name the value at `path`: the field, or 'item 3 of statements'."""
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], str):
            items = [p for p in path[i + 1 :] if isinstance(p, int)]
            base = f"'{path[i]}'"
            return f"item {items[-1] + 1} of {base}" if items else base
    return f"item {int(path[-1]) + 1}" if path else "the policy"


def _where(path: JsonPath) -> str:
    return "" if not path else f" in {_field_name(path)}"


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6) or difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".")


def _at(doc: Document, path: JsonPath, code: str, message: str, *, key: bool = False, severity: Severity = "error") -> Problem:
    line, column = doc.where(path, key=key)
    return Problem(doc.display, line, column, severity, code, message, json_path(path))


# --- rules within one policy ---------------------------------------------------------


def _str(data: dict[str, Any], field: str) -> str | None:
    value = data.get(field)
    return value if isinstance(value, str) else None


def _items(data: Any, field: str) -> list[tuple[int, Any]]:
    value = data.get(field) if isinstance(data, dict) else None
    return list(enumerate(value)) if isinstance(value, list) else []


def id_from_file_name(path: PurePath) -> str:
    """The policy id a file name claims (`SE-004-phones.yaml` -> `SE-004`), or '' if none."""
    match = re.match(r"(GR|SE|LC)-[0-9]{3,5}(?=-|$)", path.stem)
    return match.group(0) if match else ""


def slugify(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:50].strip("-") or "policy"


def file_name_rule(doc: Document, today: date) -> Iterator[Problem]:
    pid = _str(doc.data, "id")
    if not pid or not _ID.match(pid):
        return
    stem = PurePath(doc.display).stem
    if stem == pid or (stem.startswith(pid + "-") and _SLUG.match(stem[len(pid) + 1 :])):
        return
    suggestion = f"{pid}-{slugify(_str(doc.data, 'title') or '')}.yaml"
    yield _at(doc, ("id",), "file-name", f"the file name {PurePath(doc.display).name!r} does not match the policy id {pid!r}; rename the file to {suggestion!r} (the id, then lower-case words joined by hyphens)")


def id_prefix_rule(doc: Document, today: date) -> Iterator[Problem]:
    pid, kind = _str(doc.data, "id"), _str(doc.data, "kind")
    match = _ID.match(pid or "")
    if match and kind in PREFIXES and match.group(1) != PREFIXES[kind]:
        yield _at(doc, ("id",), "id-kind", f"id {pid!r} starts with {match.group(1)}, but this policy is a {kind}; {kind} ids start with '{PREFIXES[kind]}-'")


def statement_ids_rule(doc: Document, today: date) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, statement in _items(doc.data, "statements"):
        sid = statement.get("id") if isinstance(statement, dict) else None
        if not isinstance(sid, str):
            continue
        path = ("statements", i, "id")
        sid = characters.normal(sid)
        if sid in first:
            yield _at(doc, path, "duplicate-statement-id", f"statement id {sid!r} is used twice in this policy (first on line {first[sid]}); give each statement its own id")
        else:
            first[sid] = doc.where(path)[0]


def changelog_rule(doc: Document, today: date) -> Iterator[Problem]:
    entries = [(i, e) for i, e in _items(doc.data, "changelog") if isinstance(e, dict)]
    version = _str(doc.data, "version")
    if entries and version and _VERSION.match(version):
        newest = entries[0][1].get("version")
        if isinstance(newest, str) and newest != version:
            yield _at(doc, ("changelog", 0, "version"), "changelog-version", f"the newest changelog entry is for version {newest}, but 'version' is {version}; add an entry for {version} at the top of 'changelog' saying what changed")
    previous: tuple[int, dict[str, Any]] | None = None
    for i, entry in entries:
        if previous is not None:
            j, before = previous
            v_now, v_before = entry.get("version"), before.get("version")
            if isinstance(v_now, str) and isinstance(v_before, str) and _VERSION.match(v_now) and _VERSION.match(v_before):
                line = doc.where(("changelog", j, "version"))[0]
                if v_now == v_before:
                    yield _at(doc, ("changelog", i, "version"), "changelog-order", f"version {v_now} has two changelog entries (the other is on line {line}); give each version one entry")
                elif version_key(v_now) > version_key(v_before):
                    yield _at(doc, ("changelog", i, "version"), "changelog-order", f"changelog entries go newest first, but {v_now} comes after {v_before} (line {line}); put the newest version at the top")
            d_now, d_before = entry.get("date"), before.get("date")
            if isinstance(d_now, str) and isinstance(d_before, str) and _DATE.match(d_now) and _DATE.match(d_before) and d_now > d_before:
                yield _at(doc, ("changelog", i, "date"), "changelog-order", f"changelog dates go newest first, but {d_now} comes after {d_before}; check the dates")
        previous = (i, entry)


def _norm_phrase(text: str) -> str:
    """A phrase as a reader hears it: case, spacing, end punctuation, Unicode form and
    invisible characters make no difference."""
    return " ".join(characters.normal(characters.normal(text).casefold()).split()).rstrip(".!?")


def phrases_rule(doc: Document, today: date) -> Iterator[Problem]:
    phrases = doc.data.get("phrases")
    used: dict[str, int] = {}
    for i, item in _items(phrases, "use"):
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            used.setdefault(_norm_phrase(item["text"]), doc.where(("phrases", "use", i, "text"))[0])
    for i, item in _items(phrases, "avoid"):
        if isinstance(item, dict) and isinstance(item.get("text"), str) and _norm_phrase(item["text"]) in used:
            line = used[_norm_phrase(item["text"])]
            yield _at(doc, ("phrases", "avoid", i, "text"), "phrase-conflict", f"the phrase {item['text']!r} is both a phrase to use (line {line}) and a phrase to avoid; keep it in one list only")


def replacement_rule(doc: Document, today: date) -> Iterator[Problem]:
    status = _str(doc.data, "status")
    has_replacement = "superseded_by" in doc.data
    if status in ("deprecated", "retired") and not has_replacement and "no_replacement_reason" not in doc.data:
        yield _at(doc, ("status",), "replacement", f"a {status} policy must name the policy that replaces it in 'superseded_by', or say why there is none in 'no_replacement_reason'")
    elif status in ("draft", "proposed", "active") and has_replacement:
        yield _at(doc, ("superseded_by",), "replacement", f"this policy names a replacement but its status is {status!r}; set 'status: deprecated' (or 'retired'), or remove 'superseded_by'", severity="warning")


def version_rule(doc: Document, today: date) -> Iterator[Problem]:
    status, version = _str(doc.data, "status"), _str(doc.data, "version")
    if status in ("active", "deprecated", "retired") and version and _VERSION.match(version) and version_key(version) < (1, 0, 0):
        yield _at(doc, ("version",), "version-status", f"an {status} policy's version starts at 1.0.0, but it is {version}; versions 0.x are for drafts and proposals")


def dates_rule(doc: Document, today: date) -> Iterator[Problem]:
    effective, review_by = _real_date(doc.data.get("effective")), _real_date(doc.data.get("review_by"))
    if effective and review_by and review_by <= effective:
        yield _at(doc, ("review_by",), "review-date", f"'review_by' ({review_by}) must be after 'effective' ({effective}); set a review date later than the day the policy takes effect")
    elif review_by and review_by < today and doc.data.get("status") != "retired":
        owner = _str(doc.data, "owner")
        whose = f" ({owner} owns it)" if owner else ""
        message = f"the review of this policy was due on {review_by}{whose}; ask its owner to review it, then set a new 'review_by' date"
        yield _at(doc, ("review_by",), "review-overdue", message, severity="notice")


def _real_date(value: Any) -> date | None:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def audience_rule(doc: Document, today: date) -> Iterator[Problem]:
    audience = doc.data.get("audience")
    if not isinstance(audience, list) or "everyone" in audience:
        return
    for i, statement in _items(doc.data, "statements"):
        own = statement.get("audience") if isinstance(statement, dict) else None
        for role in own if isinstance(own, list) else []:
            if role != "everyone" and role not in audience and isinstance(role, str):
                yield _at(doc, ("statements", i, "audience"), "audience", f"statement {statement.get('id')!r} is for {role!r}, but the policy's audience does not include {role!r}; add {role!r} to the policy's 'audience' or remove it from the statement")
    roles = doc.data.get("roles")
    for role in roles if isinstance(roles, list) else []:
        if isinstance(role, str) and role not in audience:
            yield _at(doc, ("roles",), "audience", f"this commitment binds {role!r}, but the policy's audience does not include {role!r}; add it to 'audience' so it shows on their page")


def schema_line_rule(doc: Document, today: date) -> Iterator[Problem]:
    kind = _str(doc.data, "kind")
    if kind not in PREFIXES:
        return
    expected = schema_file(kind)
    line = f"# yaml-language-server: $schema=../schemas/{expected}"
    if doc.schema_hint is None:
        yield warning(doc.display, 1, 1, "schema-line", f"the first line should be '{line}', so editors check this policy as you type; add it")
    elif not doc.schema_hint.endswith("/" + expected) and doc.schema_hint != expected:
        yield warning(doc.display, 1, 1, "schema-line", f"the first line points editors at {doc.schema_hint!r}, but this is a {kind}; change it to '{line}'")


#: Text that `policybook new` leaves for the author to replace.
PLACEHOLDER = "TODO"


def placeholder_rule(doc: Document, today: date) -> Iterator[Problem]:
    if PLACEHOLDER.encode() not in doc.raw if doc.raw else f'"{PLACEHOLDER}' not in json.dumps(doc.data, ensure_ascii=False):
        return  # a quick look first: most policies have none
    stack: list[tuple[JsonPath, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
            yield _at(doc, path, "placeholder", f"{_field_name(path)} still holds the placeholder {_show(doc, path, value)}; replace it with the real text")


def disguise_rule(doc: Document, today: date) -> Iterator[Problem]:
    """Every character that disguises text (see `characters`), wherever it is in the file:
    in a value, a field name or a comment, as itself or as a YAML escape."""
    found = disguise_problems(doc.raw, doc.display, doc.data)
    yield from found
    in_data = {char for value in _strings(doc.data) for char in characters.PATTERN.findall(value)}
    if in_data and not found:  # made some other way: say which value
        yield _at(doc, (), "disguising-character", f"a value contains {', '.join(map(characters.describe, sorted(in_data)))}; remove it")


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
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


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


def markdown_limits_rule(doc: Document, today: date) -> Iterator[Problem]:
    """Text that would take Markdown far too long to render (or overflow its stack) is refused
    here, with the reason, rather than stalling or failing the build."""
    if doc.raw and doc.raw.count(b"[") <= MAX_BRACKETS and not _QUICK_NESTED.search(doc.raw):
        return  # a quick look first: no text of this file can be near either limit
    stack: list[tuple[JsonPath, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, str):
            brackets = value.count("[")
            if brackets > MAX_BRACKETS:
                yield _at(doc, path, "markdown-limit", f"{_field_name(path)} has {brackets} square brackets '['; a text may have at most {MAX_BRACKETS} (ten links), or Markdown takes too long to read it; use fewer, or split the text")
            depth = max((len(m.group(1).expandtabs(4)) // 4 + len(_NESTED.findall(m.group(2))) for m in _LINE_START.finditer(value)), default=0)
            if depth > MAX_NESTING:
                yield _at(doc, path, "markdown-limit", f"{_field_name(path)} nests lists or quotes {depth} deep; at most {MAX_NESTING} are allowed, and a policy needs two or three: write the items as a flatter list")


Rule = Callable[[Document, date], Iterable[Problem]]
#: Rules decided by a file's bytes alone: an earlier pass of the same bytes still holds.
CONTENT_RULES: tuple[Rule, ...] = (
    disguise_rule,
    markdown_limits_rule,
    placeholder_rule,
    id_prefix_rule,
    statement_ids_rule,
    changelog_rule,
    phrases_rule,
    replacement_rule,
    version_rule,
    audience_rule,
    schema_line_rule,
)
#: Rules that also depend on the file's name or on today's date: checked every run.
CONTEXT_RULES: tuple[Rule, ...] = (file_name_rule, dates_rule)
POLICY_RULES: tuple[Rule, ...] = CONTENT_RULES + CONTEXT_RULES


# --- rules across files --------------------------------------------------------------


def cross_file_problems(documents: list[Document], unreadable_ids: frozenset[str] = frozenset()) -> list[Problem]:
    problems: list[Problem] = []
    groups: dict[str, list[Document]] = {}
    for doc in sorted(documents, key=lambda d: d.display):
        pid = _str(doc.data, "id")
        if pid is not None:
            groups.setdefault(characters.normal(pid).casefold(), []).append(doc)
    by_id = {_str(group[0].data, "id") or "": group[0] for group in groups.values()}
    for group in groups.values():
        for doc in group if len(group) > 1 else ():
            pid = _str(doc.data, "id") or ""
            others = "; ".join(_id_owner(other, pid, beside=doc) for other in group if other is not doc)
            problems.append(_at(doc, ("id",), "duplicate-id", f"id {pid!r} is also used by {others}; give each policy its own id{_next_free(pid, groups)}"))
    folded = {k.casefold(): k for k in by_id}
    for doc in documents:
        problems += _reference_problems(doc, by_id, folded, unreadable_ids)
    problems += _golden_rule_problems(list(by_id.values()))
    problems += _look_alike_names(documents)
    return problems


def _id_owner(other: Document, pid: str | None, *, beside: Document) -> str:
    line, column = other.where(("id",))
    theirs = _str(other.data, "id")
    case = "" if theirs == pid else f" (as {theirs!r}, which differs only in upper/lower case)"
    return f"{_name_beside(other.display, beside.display)}:{line}:{column}{case}"


def _name_beside(name: str, other: str) -> str:
    """`name` as a message shows it next to `other`: escaped when the two would print the same."""
    return characters.escaped(name) if characters.look_alike(name, other) else name


def _look_alike_names(documents: list[Document]) -> Iterator[Problem]:
    """Two files whose names print the same (they differ only in Unicode form, NFC or NFD,
    or by an invisible character) are two files a reader cannot tell apart."""
    groups: dict[str, list[Document]] = {}
    for doc in sorted(documents, key=lambda d: d.display):
        groups.setdefault(characters.normal(doc.display), []).append(doc)
    for group in groups.values():
        for doc in group if len(group) > 1 else ():
            others = ", ".join(characters.escaped(other.display) for other in group if other is not doc)
            message = (
                f"this file's name, {characters.escaped(doc.display)!r} written with escapes, prints the same as {others} "
                "but is a different name (the letters are made of different Unicode characters); keep one file and delete the other"
            )
            yield Problem(doc.display, 1, 1, "error", "look-alike-file-name", message)


def _next_free(pid: str, groups: dict[str, list[Document]]) -> str:
    match = _ID.match(pid.upper())
    if not match:
        return ""
    prefix = match.group(1)
    taken = [int(m.group(2)) for key in groups if (m := _ID.match(key.upper())) and m.group(1) == prefix]
    return f" (the next free one is {prefix}-{max(taken, default=0) + 1:03d})"


def _reference_problems(doc: Document, by_id: dict[str, Document], folded: dict[str, str], unreadable_ids: frozenset[str]) -> Iterator[Problem]:
    pid = _str(doc.data, "id")
    refs: list[tuple[JsonPath, str]] = [(("related", i), r) for i, r in _items(doc.data, "related")]
    refs += [(("supersedes", i), r) for i, r in _items(doc.data, "supersedes")]
    if isinstance(doc.data.get("superseded_by"), str):
        refs.append((("superseded_by",), doc.data["superseded_by"]))
    for path, target in refs:
        if not isinstance(target, str) or not _ID.match(target) or target in unreadable_ids:
            continue  # the schema, or the broken file, has already said what is wrong
        field = str(path[0])
        if target == pid:
            yield _at(doc, path, "self-reference", f"'{field}' names this policy itself ({target}); remove it")
        elif target not in by_id:
            near = folded.get(target.casefold())
            hint = f" — did you mean {near!r}?" if near else "; check the id, or remove it"
            yield _at(doc, path, "dangling-reference", f"'{field}' names {target!r}, but no policy has that id{hint}")
        elif field == "superseded_by":
            other = by_id[target]
            listed = other.data.get("supersedes")
            if not (isinstance(listed, list) and pid in listed):
                yield _at(doc, path, "supersedes-mismatch", f"this policy says {target} replaces it, but {target} ({other.display}) does not list {pid} in its 'supersedes'; add it there", severity="warning")
        elif field == "supersedes" and by_id[target].data.get("status") in ("draft", "proposed", "active"):
            yield _at(doc, path, "supersedes-active", f"this policy replaces {target}, which is still {by_id[target].data['status']!r}; set its status to 'deprecated' or 'retired' and its 'superseded_by' to {pid}", severity="warning")


def _golden_rule_problems(documents: list[Document]) -> Iterator[Problem]:
    active = sorted((d for d in documents if d.data.get("kind") == "golden-rule" and d.data.get("status") == "active"), key=lambda d: d.display)
    for doc in active[1:]:
        yield _at(doc, ("status",), "several-golden-rules", f"{active[0].data.get('id')} ({active[0].display}) is already the active golden rule; a handbook has one — deprecate one of them", severity="warning")
