"""One validation run, from policy files to valid policies and every problem found.

This is the edge where files are read (from disk, or from a git revision); everything it
calls past that is pure. The CLI and the MkDocs hook both call `run_check`, so a build
fails with exactly the messages that `policybook validate` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from . import history
from .load import Document, parse_document, read_document
from .model import Policy, policy_from_data
from .problems import LoadError, Problem, counts, error
from .project import Project, collect, display_path
from .project import today as configured_today
from .schema import Schemas, load_schemas, schemas_from_sources
from .validate import id_from_file_name, validate


@dataclass(frozen=True)
class Outcome:
    """What a run found: the valid policies, every problem (sorted), and how many files it checked."""

    policies: tuple[Policy, ...]
    problems: tuple[Problem, ...]
    checked: int
    schemas: Schemas

    @property
    def errors(self) -> int:
        return counts(list(self.problems))[0]

    @property
    def warnings(self) -> int:
        return counts(list(self.problems))[1]


@dataclass(frozen=True)
class _Source:
    """A policy file to check: how messages name it, its path from the project root, its bytes."""

    display: str
    relative: str
    path: Path
    raw: bytes | None = None  # None: read it from `path`

    def read(self) -> Document:
        if self.raw is None:
            return read_document(self.path, self.display)
        return parse_document(self.raw, path=self.path, display=self.display)


def run_check(project: Project, paths: Sequence[Path] = (), *, base: Path | None = None, today: date | None = None, strict: bool = False) -> Outcome:
    """Check `paths` (default: the project's policies folder); messages name files relative to `base`."""
    base = base or project.root
    targets = list(paths) or [project.policies]
    files, problems = collect(targets, root=project.root, base=base)
    if not files and not problems:
        problems.append(error(display_path(targets[0], base), 1, 1, "no-policies", "no policy files (ending in '.yaml') found here; add a policy or check the path"))
    # Checking a few files still needs the others: their ids make references resolve.
    context = sorted(set(files) | set(collect([project.policies], root=project.root, base=base)[0])) if paths and project.policies.is_dir() else files
    sources = [_Source(display_path(path, base), project.relative(path), path) for path in context]
    selected = {display_path(path, base) for path in files}
    return _check(sources, load_schemas(project.schemas), problems, selected=selected, checked=len(files), today=today, strict=strict)


def check_revision(project: Project, revision: str, *, today: date | None = None) -> Outcome:
    """Check the policies as they are at a git `revision`, against that revision's schemas."""
    schemas = schemas_from_sources(project.schemas, {PurePosixPath(p).name: raw for p, raw in history.files_at(project.root, revision, "schemas").items()})
    files = history.files_at(project.root, revision, "policies")
    sources = [_Source(f"{revision}:{path}", path, project.root / path, raw) for path, raw in sorted(files.items()) if path.endswith(".yaml")]
    return _check(sources, schemas, [], selected={s.display for s in sources}, checked=len(sources), today=today, strict=False)


def _check(sources: list[_Source], schemas: Schemas, problems: list[Problem], *, selected: set[str], checked: int, today: date | None, strict: bool) -> Outcome:
    documents: list[Document] = []
    relative: dict[str, str] = {}
    unreadable_ids: set[str] = set()
    for source in sources:
        relative[source.display] = source.relative
        try:
            documents.append(source.read())
        except LoadError as exc:
            problems.append(exc.problem)
            unreadable_ids.add(id_from_file_name(source.path))
    found = validate(documents, schemas, today=today or configured_today(), unreadable_ids=frozenset(unreadable_ids))
    problems = [p for p in problems if p.file in selected or p.file not in relative] + [p for p in found if p.file in selected]
    if strict:
        problems = [p.as_error() for p in problems]
    failed = {p.file for p in problems if p.severity == "error"}
    policies = tuple(
        policy_from_data(doc.data, source=relative[doc.display]) for doc in documents if doc.display in selected and doc.display not in failed
    )
    return Outcome(policies=tuple(sorted(policies, key=lambda p: p.id)), problems=tuple(sorted(problems)), checked=checked, schemas=schemas)
