"""The rules across files: a registry of one function each, every one told all the
documents at once (ids unique, references that resolve, one golden rule, names a reader
can tell apart)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .. import characters
from ..load import Document, JsonPath
from ..problems import Problem
from ..vocabulary import DRAFTING
from .ids import id_parts, is_id, next_free
from .values import at, items, text_of

Check = Callable[["Documents"], Iterable[Problem]]


@dataclass(frozen=True)
class Documents:
    """Every document of a run, and what the rules across files need to know about them."""

    all: tuple[Document, ...]
    #: ids (from their file names) of files that could not be read at all: references to
    #: them are not reported as dangling, since the broken file already says what is wrong
    unreadable_ids: frozenset[str] = frozenset()

    def groups(self) -> dict[str, list[Document]]:
        """Documents by id as a reader compares them (case, Unicode form and invisible characters aside)."""
        found: dict[str, list[Document]] = {}
        for doc in sorted(self.all, key=lambda d: d.display):
            pid = text_of(doc.data, "id")
            if pid is not None:
                found.setdefault(characters.normal(pid).casefold(), []).append(doc)
        return found

    def by_id(self) -> dict[str, Document]:
        return {text_of(group[0].data, "id") or "": group[0] for group in self.groups().values()}


@dataclass(frozen=True)
class CrossFileRule:
    name: str
    check: Check
    codes: frozenset[str]


CROSS_FILE_RULES: list[CrossFileRule] = []


def cross_file_rule(*codes: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        CROSS_FILE_RULES.append(CrossFileRule(check.__name__.removesuffix("_rule"), check, frozenset(codes)))
        return check

    return register


def cross_file_problems(documents: list[Document], unreadable_ids: frozenset[str] = frozenset()) -> list[Problem]:
    context = Documents(tuple(documents), unreadable_ids)
    return [problem for rule in CROSS_FILE_RULES for problem in rule.check(context)]


@cross_file_rule("duplicate-id")
def duplicate_ids_rule(documents: Documents) -> Iterator[Problem]:
    groups = documents.groups()
    taken = [text_of(group[0].data, "id") or "" for group in groups.values()]
    for group in groups.values():
        for doc in group if len(group) > 1 else ():
            pid = text_of(doc.data, "id") or ""
            others = "; ".join(_id_owner(other, pid, beside=doc) for other in group if other is not doc)
            parts = id_parts(pid.upper())
            free = f" (the next free one is {next_free(parts[0], taken)})" if parts else ""
            yield at(doc, ("id",), "duplicate-id", f"id {pid!r} is also used by {others}; give each policy its own id{free}")


def _id_owner(other: Document, pid: str, *, beside: Document) -> str:
    line, column = other.where(("id",))
    theirs = text_of(other.data, "id")
    case = "" if theirs == pid else f" (as {theirs!r}, which differs only in upper/lower case)"
    return f"{_name_beside(other.display, beside.display)}:{line}:{column}{case}"


def _name_beside(name: str, other: str) -> str:
    """`name` as a message shows it next to `other`: escaped when the two would print the same."""
    return characters.escaped(name) if characters.look_alike(name, other) else name


@cross_file_rule("self-reference", "dangling-reference", "supersedes-mismatch", "supersedes-active")
def references_rule(documents: Documents) -> Iterator[Problem]:
    by_id = documents.by_id()
    folded = {k.casefold(): k for k in by_id}
    for doc in documents.all:
        yield from _references(doc, by_id, folded, documents.unreadable_ids)


def _references(doc: Document, by_id: dict[str, Document], folded: dict[str, str], unreadable_ids: frozenset[str]) -> Iterator[Problem]:
    pid = text_of(doc.data, "id")
    refs: list[tuple[JsonPath, str]] = [(("related", i), r) for i, r in items(doc.data, "related")]
    refs += [(("supersedes", i), r) for i, r in items(doc.data, "supersedes")]
    if isinstance(doc.data.get("superseded_by"), str):
        refs.append((("superseded_by",), doc.data["superseded_by"]))
    for path, target in refs:
        if not isinstance(target, str) or not is_id(target) or target in unreadable_ids:
            continue  # the schema, or the broken file, has already said what is wrong
        field = str(path[0])
        if target == pid:
            yield at(doc, path, "self-reference", f"'{field}' names this policy itself ({target}); remove it")
        elif target not in by_id:
            near = folded.get(target.casefold())
            hint = f" — did you mean {near!r}?" if near else "; check the id, or remove it"
            yield at(doc, path, "dangling-reference", f"'{field}' names {target!r}, but no policy has that id{hint}")
        elif field == "superseded_by":
            other = by_id[target]
            listed = other.data.get("supersedes")
            if not (isinstance(listed, list) and pid in listed):
                yield at(doc, path, "supersedes-mismatch", f"this policy says {target} replaces it, but {target} ({other.display}) does not list {pid} in its 'supersedes'; add it there", severity="warning")
        elif field == "supersedes" and by_id[target].data.get("status") in DRAFTING | {"active"}:
            yield at(doc, path, "supersedes-active", f"this policy replaces {target}, which is still {by_id[target].data['status']!r}; set its status to 'deprecated' or 'retired' and its 'superseded_by' to {pid}", severity="warning")


@cross_file_rule("several-golden-rules")
def one_golden_rule_rule(documents: Documents) -> Iterator[Problem]:
    active = sorted((d for d in documents.by_id().values() if d.data.get("kind") == "golden-rule" and d.data.get("status") == "active"), key=lambda d: d.display)
    for doc in active[1:]:
        yield at(doc, ("status",), "several-golden-rules", f"{active[0].data.get('id')} ({active[0].display}) is already the active golden rule; a handbook has one — deprecate one of them", severity="warning")


@cross_file_rule("look-alike-file-name")
def look_alike_names_rule(documents: Documents) -> Iterator[Problem]:
    """Two files whose names print the same (they differ only in Unicode form, NFC or NFD,
    or by an invisible character) are two files a reader cannot tell apart."""
    groups: dict[str, list[Document]] = {}
    for doc in sorted(documents.all, key=lambda d: d.display):
        groups.setdefault(characters.normal(doc.display), []).append(doc)
    for group in groups.values():
        for doc in group if len(group) > 1 else ():
            others = ", ".join(characters.escaped(other.display) for other in group if other is not doc)
            message = (
                f"this file's name, {characters.escaped(doc.display)!r} written with escapes, prints the same as {others} "
                "but is a different name (the letters are made of different Unicode characters); keep one file and delete the other"
            )
            yield Problem(doc.display, 1, 1, "error", "look-alike-file-name", message)
