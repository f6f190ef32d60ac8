"""Reading values out of a document and naming them the way a leader would, for messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from ..load import Document, JsonPath, json_path
from ..problems import Problem, Severity


def text_of(data: dict[str, Any], field: str) -> str | None:
    value = data.get(field)
    return value if isinstance(value, str) else None


def items(data: Any, field: str) -> list[tuple[int, Any]]:
    value = data.get(field) if isinstance(data, dict) else None
    return list(enumerate(value)) if isinstance(value, list) else []


def walk(data: Any) -> Iterator[tuple[JsonPath, Any]]:
    """Every value in `data` with its path, containers first."""
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "empty"


def show(doc: Document, path: JsonPath, value: Any) -> str:
    """The value as the file wrote it when YAML read it as something else, else quoted and clipped."""
    source = doc.plain.get(path)
    if source is not None:
        return source
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return describe(value)


def field_name(path: JsonPath) -> str:
    """How a leader would name the value at `path`: the field, or 'item 3 of statements'."""
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], str):
            numbers = [p for p in path[i + 1 :] if isinstance(p, int)]
            base = f"'{path[i]}'"
            return f"item {numbers[-1] + 1} of {base}" if numbers else base
    return f"item {int(path[-1]) + 1}" if path else "the policy"


def where(path: JsonPath) -> str:
    return "" if not path else f" in {field_name(path)}"


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option `word` was most likely meant to be, if any is close."""
    choices = list(options)
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6) or difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def suggest(word: str, options: Iterable[str]) -> str:
    near = closest(word, options)
    return f" — did you mean {near!r}?" if near else ""


def at(doc: Document, path: JsonPath, code: str, message: str, *, key: bool = False, severity: Severity = "error") -> Problem:
    """A problem at the value (or, with `key`, the field name) at `path`."""
    line, column = doc.where(path, key=key)
    return Problem(doc.display, line, column, severity, code, message, json_path(path))
