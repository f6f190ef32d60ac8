"""Schema errors in plain words: each keyword of JSON Schema has its message, written for the
leader who edits the YAML (what is wrong, and what to type instead).

When one value breaks several rules, only the most basic is said; a missing field is not
also reported when an unknown field beside it was taken for it ('titel' → 'title'). Both
are decided from what each error is about, never by reading the messages back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..load import Document, JsonPath, json_path
from ..problems import Problem
from ..schema import Schemas
from ..vocabulary import KIND_NAMES
from .values import at, closest, describe, field_name, show, suggest, where

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
#: Unknown fields of one group given a "did you mean" (more than a file's problems shown).
SUGGESTED_FIELDS = 100
#: When one value breaks several rules, only the most basic is reported: an empty text is
#: "empty", not also "not in the expected form"; an id far too long is "not in the expected
#: form" (which says what it should be), not also "too long".
RANK = {"type": 0, "const": 1, "enum": 1, "minLength": 2, "format": 3, "pattern": 4, "maxLength": 5}
#: The problem code of each keyword's message.
CODES = {
    "type": "wrong-type",
    "enum": "enum",
    "const": "enum",
    "pattern": "pattern",
    "format": "pattern",
    "maxItems": "too-many",
    "required": "missing-field",
    "additionalProperties": "unknown-field",
    "unevaluatedProperties": "unknown-field",
}
#: Every code a schema error can be reported with.
MESSAGE_CODES = frozenset({*CODES.values(), "missing-field", "schema"})


@dataclass(frozen=True)
class Failure:
    """One schema error, with what its message needs."""

    doc: Document
    path: JsonPath
    name: str
    value: Any
    expected: Any
    schema: dict[str, Any]

    @property
    def shown(self) -> str:
        return show(self.doc, self.path, self.value)


@dataclass(frozen=True)
class Explained:
    """A problem made from a schema error, and what it is about, for choosing what to say."""

    problem: Problem
    rank: int
    #: for a missing field: its name
    missing: str | None = None
    #: for an unknown field taken for another: the group that lacks it, and which field it was meant to be
    meant: tuple[str, str] | None = None


def schema_problems(doc: Document, schemas: Schemas) -> list[Problem]:
    kind = doc.data.get("kind")
    if not isinstance(kind, str) or kind not in schemas.validators:
        return [_kind_problem(doc, kind)]
    seen: set[tuple[JsonPath, str]] = set()
    explained: list[Explained] = []
    for err in schemas.validators[kind].iter_errors(doc.data):
        explained += _explain(doc, err, schemas, kind, seen)
    return _tidy(explained)


def _tidy(explained: list[Explained]) -> list[Problem]:
    """A value's lesser problems left out, and a missing field when an unknown one was taken for it."""
    best: dict[str, int] = {}
    for e in explained:
        if e.rank < len(RANK):
            best[e.problem.json_path] = min(e.rank, best.get(e.problem.json_path, e.rank))
    meant = {e.meant for e in explained if e.meant is not None}
    return [
        e.problem
        for e in explained
        if not (e.rank < len(RANK) and e.rank > best[e.problem.json_path]) and not (e.missing is not None and (e.problem.json_path, e.missing) in meant)
    ]


def _kind_problem(doc: Document, kind: Any) -> Problem:
    kinds = ", ".join(KIND_NAMES)
    if kind is None:
        return at(doc, (), "missing-field", f"missing required field 'kind'; add 'kind:' with one of: {kinds}")
    return at(doc, ("kind",), "enum", f"'kind' is {show(doc, ('kind',), kind)}, which is not a kind of policy; use one of: {kinds}{suggest(str(kind), KIND_NAMES)}")


def _explain(doc: Document, err: ValidationError, schemas: Schemas, kind: str, seen: set[tuple[JsonPath, str]]) -> list[Explained]:
    path: JsonPath = tuple(err.absolute_path)
    keyword = str(err.validator)
    rank = RANK.get(keyword, len(RANK))
    failure = Failure(doc, path, field_name(path), err.instance, err.validator_value, err.schema if isinstance(err.schema, dict) else {})
    if keyword in ("required", "additionalProperties", "unevaluatedProperties"):
        if (path, keyword) in seen:  # jsonschema reports each missing field separately
            return []
        seen.add((path, keyword))
    if keyword == "required":
        return _missing(failure, schemas, rank)
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        known = list(failure.schema.get("properties", {})) if keyword == "additionalProperties" else schemas.fields(kind)
        return _unknown(failure, known, schemas.fields(kind), rank)
    if keyword in ("anyOf", "oneOf"):
        branches = [sub for sub in failure.expected if isinstance(sub, dict)]
        if branches and all(set(b) == {"required"} for b in branches):
            options = ", ".join(f for b in branches for f in b["required"])
            message = f"a {kind.replace('-', ' ')} needs at least one of: {options}; add the ones that make it concrete"
            return [Explained(at(doc, path, "missing-field", message), rank)]
        from jsonschema.exceptions import best_match

        inner = best_match(err.context) if err.context else None
        return _explain(doc, inner, schemas, kind, seen) if inner is not None else [Explained(at(doc, path, "schema", err.message), rank)]
    make = MESSAGES.get(keyword)
    message = make(failure) if make else f"{failure.name}: {keyword} check failed ({failure.expected!r})"
    return [Explained(at(doc, path, CODES.get(keyword, "schema"), message), rank)]


def _missing(f: Failure, schemas: Schemas, rank: int) -> list[Explained]:
    properties = f.schema.get("properties", {})
    out = []
    for name in (n for n in f.expected if n not in f.value):
        about = _first_sentence(schemas.resolve(properties[name]).get("description", "")) if name in properties else ""
        message = f"missing required field {name!r}{where(f.path)}; add it" + (f" ({about})" if about else "")
        out.append(Explained(at(f.doc, f.path, "missing-field", message), rank, missing=name))
    return out


def _unknown(f: Failure, known: list[str], own_fields: list[str], rank: int) -> list[Explained]:
    out: list[Explained] = []
    for name in (n for n in f.value if n not in known):
        if f.path and name in own_fields:  # a field of the policy itself, indented under another
            message = f"{name!r} is a field of the policy itself, not of {field_name(f.path)}: it is indented too far; move it left so that it lines up with '{f.path[0]}:'"
            out.append(Explained(at(f.doc, (*f.path, name), "unknown-field", message, key=True), rank, meant=("$", name)))
            continue
        # looking for a near name costs a millisecond: past the problems a file shows, none is looked for
        near = closest(name, known) if len(out) < SUGGESTED_FIELDS else None
        hint = f" — did you mean {near!r}?" if near else ("; remove it, or use one of: " + ", ".join(known) if len(known) <= 8 else "; remove it, or check its spelling")
        problem = at(f.doc, (*f.path, name), "unknown-field", f"unknown field {name!r}{where(f.path)}{hint}", key=True)
        out.append(Explained(problem, rank, meant=(json_path(f.path), near) if near else None))
    return out


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".")


# --- one message for each keyword ----------------------------------------------------------

_KINDS_OF_VALUE = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "yes or no",
    "array": "a list (one '- ' item per line)",
    "object": "a group of fields (one 'name: value' per line)",
    "null": "empty",
}


def _type_message(f: Failure) -> str:
    expected = f.expected
    wanted = " or ".join(_KINDS_OF_VALUE.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    source = f.doc.plain.get(f.path)
    if f.value is None:
        return f"{f.name} is empty; write {wanted} after the ':'"
    if source is not None and "string" in expected:
        read_as = "a yes/no value" if isinstance(f.value, bool) else "a number"
        return f"{f.name} is {source}, which YAML reads as {read_as}, not text; {_quote_advice(source, f.schema)}"
    if isinstance(f.value, str) and _quoted_number(f.value, expected):
        field = f.path[-1] if f.path and isinstance(f.path[-1], str) else None
        written = f": {field}: {f.value.strip()}" if field else f": {f.value.strip()}"
        return f"{f.name} is {f.value!r} in quotes, which makes it text, but it must be {wanted}; remove the quotes{written}"
    if isinstance(f.value, float) and expected == "integer":
        return f"{f.name} is {source or f.value}, but it must be a whole number; drop the decimals"
    return f"{f.name} must be {wanted}, but it is {describe(f.value)}"


def _enum_message(f: Failure) -> str:
    options = f.expected if isinstance(f.expected, list) else [f.expected]
    return f"{f.name} is {f.shown}, which is not allowed here; use one of: {', '.join(map(str, options))}{suggest(str(f.value), [str(o) for o in options])}"


def _format_message(f: Failure) -> str:
    if isinstance(f.value, str) and not _DATE.match(f.value):
        return f"{f.name} is {f.shown}, a date written in another form; {_date_advice(f.value)}"
    return f"{f.name} is {f.shown}, which is not a real calendar date; write an existing date as YYYY-MM-DD"


def _unique_message(f: Failure) -> str:
    twice = next((v for i, v in enumerate(f.value) if v in f.value[:i]), None)
    return f"{f.name} lists {twice!r} more than once; list each only once"


def _bound_message(relation: str) -> Callable[[Failure], str]:
    return lambda f: f"{f.name} is {f.shown}; it must be {relation} {f.expected}"


_RELATIONS = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most", "exclusiveMaximum": "less than"}

#: The message for each keyword of JSON Schema a policy can break.
MESSAGES: dict[str, Callable[[Failure], str]] = {
    "type": _type_message,
    "enum": _enum_message,
    "const": _enum_message,
    "pattern": lambda f: f"{f.name} is {f.shown}, which is not in the expected form. {f.schema.get('patternErrorMessage') or f'it must match {f.expected}'}",
    "format": _format_message,
    "minLength": lambda f: f"{f.name} is empty; write some text",
    "maxLength": lambda f: f"{f.name} is {len(f.value)} characters long; shorten it to at most {f.expected}",
    "minItems": lambda f: f"{f.name} is an empty list; add at least {f.expected} item" + ("s" if f.expected != 1 else ""),
    "maxItems": lambda f: f"{f.name} lists {len(f.value):,} items, but at most {f.expected:,} are allowed; keep the ones that matter most, or split the policy in two",
    "uniqueItems": _unique_message,
    "minProperties": lambda f: f"{f.name} is empty; add at least one of: {', '.join(f.schema.get('properties', {}))}",
    **{keyword: _bound_message(relation) for keyword, relation in _RELATIONS.items()},
}


def _date_advice(value: str) -> str:
    """How to write `value` as YYYY-MM-DD, with the dates it can mean when the order is unclear."""
    found = re.fullmatch(r"\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\s*", value) or re.fullmatch(r"\s*([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})\s*", value)
    if not found:
        return "write it as YYYY-MM-DD, like 2026-03-01"
    a, b, c = (int(part) for part in found.groups())
    candidates = [(a, b, c)] if a > 31 else [(c, b, a), (c, a, b)]  # year first; else day first, then month first
    real = list(dict.fromkeys(day.isoformat() for y, m, d in candidates if (day := _calendar_date(y, m, d)) is not None))
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
