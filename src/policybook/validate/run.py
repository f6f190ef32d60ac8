"""One validation of a set of documents: the loader's problems, the schemas' (in plain
words), the rules for each policy, then the rules across files; sorted.

Most files are fine, and finding where everything is costs time: a document read without
positions is checked with the compiled schema check and the rules first, and read again
with positions only when something is to be said about it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..load import Document, JsonPath, locate
from ..problems import Problem
from ..schema import Schemas
from .cross_file import cross_file_problems
from .messages import schema_problems
from .rules import CONTEXT_RULES, POLICY_RULES


def validate(documents: list[Document], schemas: Schemas, *, today: date, unreadable_ids: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem in `documents`, from the loader, the schemas and the rules, sorted.

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
        for check in POLICY_RULES:
            found += check(doc, today)
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
        return not any(any(True for _ in check(doc, today)) for check in CONTEXT_RULES)
    kind = doc.data.get("kind")
    if not isinstance(kind, str) or kind not in schemas.quick_checks or not schemas.quick_checks[kind](doc.data):
        return False
    return not any(any(True for _ in check(doc, today)) for check in POLICY_RULES)


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
