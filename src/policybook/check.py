"""One validation run, from paths on disk to valid policies and every problem found.

This is the edge where files are read; everything it calls past that is pure. The CLI and
the MkDocs hook both call `run_check`, so a build fails with exactly the messages that
`policybook validate` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .load import Document, read_document
from .model import Policy, policy_from_data
from .problems import LoadError, Problem, counts, error
from .project import Project, collect, display_path, today as configured_today
from .schema import Schemas, load_schemas
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


def run_check(project: Project, paths: Sequence[Path] = (), *, base: Path | None = None, today: date | None = None, strict: bool = False) -> Outcome:
    """Check `paths` (default: the project's policies folder); messages name files relative to `base`."""
    base = base or project.root
    targets = list(paths) or [project.policies]
    files, problems = collect(targets, root=project.root, base=base)
    if not files and not problems:
        problems.append(error(display_path(targets[0], base), 1, 1, "no-policies", "no policy files (ending in '.yaml') found here; add a policy or check the path"))
    schemas = load_schemas(project.schemas)
    # Checking a few files still needs the others: their ids make references resolve.
    context = sorted(set(files) | set(collect([project.policies], root=project.root, base=base)[0])) if paths and project.policies.is_dir() else files
    documents: list[Document] = []
    load_problems: list[Problem] = []
    unreadable_ids: set[str] = set()
    for path in context:
        try:
            documents.append(read_document(path, display_path(path, base)))
        except LoadError as exc:
            load_problems.append(exc.problem)
            unreadable_ids.add(id_from_file_name(path))
    selected = {display_path(path, base) for path in files}
    found = validate(documents, schemas, today=today or configured_today(), unreadable_ids=frozenset(unreadable_ids))
    problems += [p for p in load_problems + found if p.file in selected]
    if strict:
        problems = [p.as_error() for p in problems]
    failed = {p.file for p in problems if p.severity == "error"}
    policies = tuple(
        policy_from_data(doc.data, source=project.relative(doc.path)) for doc in documents if doc.display in selected and doc.display not in failed
    )
    return Outcome(policies=tuple(sorted(policies, key=lambda p: p.id)), problems=tuple(sorted(problems)), checked=len(files), schemas=schemas)
