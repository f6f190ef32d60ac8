"""One validation run, from policy files to valid policies and every problem found.

This is the edge where files are read (from disk, or from a git revision); everything it
calls past that is pure. The CLI and the MkDocs hook both call `run_check`, so a build
fails with exactly the messages that `policybook validate` prints.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from . import history
from .cache import CacheFolder, CheckCache, cache_folder
from .load import Document, parse_document, read_bytes
from .model import Policy, policy_from_data
from .problems import LoadError, Problem, Severity, counts, error, plural, warning
from .project import Project, collect, display_path
from .project import today as configured_today
from .records import Record, check_records, collect_records, context_for, read_record_file
from .schema import Schemas, load_schemas, schemas_from_sources
from .schema_maker import stale
from .validate import disguise_problems, id_from_file_name, validate
from .versions import PUBLISHED


@dataclass(frozen=True)
class Outcome:
    """What a run found: the valid policies, every problem (sorted), and how many files it checked."""

    problems: tuple[Problem, ...]
    checked: int
    schemas: Schemas
    #: (data, source) of every valid policy, made into `Policy` objects only when asked for
    valid: tuple[tuple[dict[str, Any], str], ...] = ()
    #: a hash of every valid policy's source path and bytes: equal fingerprints, equal policies
    fingerprint: str = ""
    #: (data, source) of every file that was read but has an error
    failed: tuple[tuple[dict[str, Any], str], ...] = ()
    #: each checked file's path from the project root, by the name messages give it
    sources: Mapping[str, str] = field(default_factory=dict)
    #: the activity records that passed every check, and how many record files were read
    records: tuple[Record, ...] = ()
    record_files: int = 0
    records_read: int = 0
    #: every published version of each leader commitment, by id (see `commitment_versions`)
    versions: Mapping[str, tuple[Policy, ...]] = field(default_factory=dict)
    #: how many problems of each severity were found, those left out of `problems` included
    totals: dict[Severity, int] | None = None

    @cached_property
    def policies(self) -> tuple[Policy, ...]:
        return tuple(sorted((policy_from_data(data, source=source) for data, source in self.valid), key=lambda p: p.id))

    @cached_property
    def reviewable(self) -> tuple[Policy, ...]:
        """The valid policies, and those whose fields are all as the schema wants them but that
        break a rule across fields or files: a review of a change can still compare those."""
        checks = self.schemas.quick_checks
        readable = [
            policy_from_data(data, source=source)
            for data, source in self.failed
            if isinstance(data.get("kind"), str) and data["kind"] in checks and checks[data["kind"]](data)
        ]
        return tuple(sorted((*self.policies, *readable), key=lambda p: (p.id, p.source)))

    def errors_by_source(self) -> dict[str, tuple[Problem, ...]]:
        """Every error, by the path from the project root of the file it is in (which each problem now names)."""
        found: dict[str, list[Problem]] = {}
        for problem in self.problems:
            if problem.severity == "error":
                source = self.sources.get(problem.file, problem.file)
                found.setdefault(source, []).append(dataclasses.replace(problem, file=source))
        return {source: tuple(problems) for source, problems in found.items()}

    @property
    def errors(self) -> int:
        return (self.totals or counts(self.problems))["error"]

    @property
    def warnings(self) -> int:
        return (self.totals or counts(self.problems))["warning"]

    @property
    def notices(self) -> int:
        return (self.totals or counts(self.problems))["notice"]


@dataclass(frozen=True)
class _Source:
    """A policy file to check: how messages name it, its path from the project root, its bytes."""

    display: str
    relative: str
    path: Path
    raw: bytes | None = None  # None: read it from `path`

    def read(self, cache: CheckCache) -> tuple[Document, str]:
        """The document without positions (found later, only if there is a problem), and the hash of its bytes."""
        raw = self.raw if self.raw is not None else read_bytes(self.path, self.display)
        key = CheckCache.key(raw)
        known = cache.get(key)
        if known is not None:
            data, hint = known
            return Document(self.path, self.display, data, schema_hint=hint, raw=raw, located=False, checked=True), key
        return parse_document(raw, path=self.path, display=self.display, located=False), key


def run_check(project: Project, paths: Sequence[Path] = (), *, base: Path | None = None, today: date | None = None, strict: bool = False, cache: bool = True) -> Outcome:
    """Check `paths` (default: the project's policies folder); messages name files relative to `base`.

    With `cache`, files whose bytes passed before are not parsed and checked again (see `cache`).
    """
    project.settings  # noqa: B018 - policybook.yml is checked first: its mistakes stop the run, all of them listed
    base = base or project.root
    record_paths = [p for p in paths if _within(p if p.is_absolute() else base / p, project.records)]
    targets = [p for p in paths if p not in record_paths] or ([] if record_paths else [project.policies])
    files, problems = collect(targets, root=project.root, base=base)
    if targets and not files and not problems:
        problems.append(error(display_path(targets[0], base), 1, 1, "no-policies", "no policy files (ending in '.yaml') found here; add a policy or check the path"))
    # Checking a few files still needs the others: their ids make references resolve.
    context = sorted(set(files) | set(collect([project.policies], root=project.root, base=base)[0]), key=str) if paths and project.policies.is_dir() else files
    sources = [_Source(display_path(path, base), project.relative(path), path) for path in context]
    only_records = bool(record_paths) and not targets  # the policies are read to check the records against, not reported on
    selected = {source.display for source in sources} if not paths or only_records else {display_path(path, base) for path in files}
    schemas = load_schemas(project.schemas)
    problems += stale_schema_problems(project, schemas, base=base)
    folder = cache_folder(project.root) if cache else CacheFolder(None)
    said = folder.notice()  # the one notice that results could not be cached, and why
    problems += [said] if said else []
    store = CheckCache(folder, project=project.root, schemas_fingerprint=schemas.fingerprint)
    outcome = _check(sources, schemas, problems, selected=selected, checked=len(files), today=today, strict=strict, cache=store)
    store.save()
    if only_records:
        outcome = dataclasses.replace(outcome, problems=tuple(p for p in outcome.problems if p.file not in outcome.sources), totals=None, checked=0)
    records = record_paths if paths else [project.records] if project.records.exists() or project.records.is_symlink() else []
    return with_records(project, outcome, records, base=base, strict=strict) if records else outcome


def stale_schema_problems(project: Project, schemas: Schemas, *, base: Path) -> list[Problem]:
    """A warning for each schema file that is not what `policybook.yml` and this version of
    policybook make: edited by hand (a pull request can loosen a schema so), or left behind
    by a change to the configuration or an upgrade."""
    found = []
    for name in stale(schemas.sources, project.settings):
        message = "this schema is not what policybook.yml and this version of policybook make (edited by hand, or left over from before a change); run 'policybook schemas' to write it again"
        found.append(warning(display_path(project.schemas / name, base), 1, 1, "schemas-out-of-date", message))
    return found


def check_revision(project: Project, revision: str, *, today: date | None = None) -> Outcome:
    """Check the policies as they are at a git `revision`, against that revision's schemas."""
    schemas = schemas_from_sources(project.schemas, {PurePosixPath(p).name: raw for p, raw in history.files_at(project.root, revision, "schemas").items()})
    files = history.files_at(project.root, revision, "policies")
    sources = [_Source(f"{revision}:{path}", path, project.root / path, raw) for path, raw in sorted(files.items()) if path.endswith(".yaml")]
    store = CheckCache(CacheFolder(None), project=project.root, schemas_fingerprint=schemas.fingerprint)
    return _check(sources, schemas, [], selected={s.display for s in sources}, checked=len(sources), today=today, strict=False, cache=store)


def past_versions(project: Project, schemas: Schemas, revisions: Mapping[str, Sequence[history.Revision]]) -> dict[str, list[Policy]]:
    """Each policy file's versions as its commits left them, newest commit first, read by one
    batched `git cat-file` for the whole handbook.

    A version is kept when its bytes load and pass today's schema for its kind (the model
    needs that shape); one that does not (it had an error when committed, or the schema has
    since changed) is left out of the versions shown, never guessed at.
    """
    blobs = history.read_blobs(project.root, (revision.blob for found in revisions.values() for revision in found))
    parsed: dict[str, dict[str, Any] | None] = {}
    versions: dict[str, list[Policy]] = {}
    for source, found in revisions.items():
        for revision in found:
            if revision.blob not in parsed:
                parsed[revision.blob] = _schema_valid(blobs.get(revision.blob), schemas, project.root / source, f"{revision.commit.short}:{source}")
            data = parsed[revision.blob]
            if data is not None:
                versions.setdefault(source, []).append(policy_from_data(data, source=source))
    return versions


def _schema_valid(raw: bytes | None, schemas: Schemas, path: Path, display: str) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        doc = parse_document(raw, path=path, display=display, located=False)
    except LoadError:
        return None
    kind = doc.data.get("kind")
    if doc.problems or not isinstance(kind, str) or kind not in schemas.quick_checks or not schemas.quick_checks[kind](doc.data):
        return None
    return doc.data


def _disguised_syntax(source: _Source, exc: LoadError) -> list[Problem]:
    """YAML counts U+2028 and U+2029 as line breaks, so one in a field name or a comment is
    a syntax error there: say which character caused it, and where."""
    if exc.problem.code != "yaml-syntax":
        return []
    try:
        raw = source.raw if source.raw is not None else read_bytes(source.path, source.display)
    except LoadError:
        return []
    return disguise_problems(raw, source.display)


def _check(
    sources: list[_Source], schemas: Schemas, problems: list[Problem], *, selected: set[str], checked: int, today: date | None, strict: bool, cache: CheckCache
) -> Outcome:
    documents: list[Document] = []
    keys: dict[str, str] = {}
    relative: dict[str, str] = {}
    unreadable_ids: set[str] = set()
    for source in sources:
        relative[source.display] = source.relative
        try:
            doc, keys[source.display] = source.read(cache)
            documents.append(doc)
        except LoadError as exc:
            problems.append(exc.problem)
            problems += _disguised_syntax(source, exc)
            unreadable_ids.add(id_from_file_name(source.path))
    found = validate(documents, schemas, today=today or configured_today(), unreadable_ids=frozenset(unreadable_ids))
    problems = [p for p in problems if p.file in selected or p.file not in relative] + [p for p in found if p.file in selected]
    if strict:
        problems = [p.strict() for p in problems]
    failed = {p.file for p in problems if p.severity == "error"}
    with_problems = {p.file for p in found}
    for doc in documents:
        if doc.display not in with_problems:
            cache.keep(keys[doc.display], doc.data, doc.schema_hint)
    chosen = [doc for doc in documents if doc.display in selected and doc.display not in failed]
    digest = hashlib.sha256()
    for doc in sorted(chosen, key=lambda d: relative[d.display]):
        digest.update(f"{relative[doc.display]}\0{keys[doc.display]}\0".encode())
    valid = tuple((doc.data, relative[doc.display]) for doc in chosen)
    broken = tuple((doc.data, relative[doc.display]) for doc in documents if doc.display in selected and doc.display in failed)
    return Outcome(problems=capped(sorted(problems)), checked=checked, schemas=schemas, valid=valid, fingerprint=digest.hexdigest(), failed=broken, sources=relative, totals=counts(problems))


#: Problems shown for one file. A file with thousands (18,000 unknown fields made 1.7 MB of
#: messages) would bury every other file's; its first problems say what is wrong with it,
#: and one more line says how many are left.
MAX_PROBLEMS_PER_FILE = 50


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> tuple[Problem, ...]:
    """`problems` (sorted) with at most `limit` for each file, then an "and N more" line for it."""
    shown: list[Problem] = []
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, found in by_file.items():
        shown += found[:limit]
        rest = found[limit:]
        if rest:
            tally = counts(rest)
            worst: Severity = next(s for s in ("error", "warning", "notice") if tally[s])
            what = ", ".join(plural(n, s) for s, n in tally.items() if n)
            message = f"and {plural(len(rest), 'more problem')} in this file ({what}), not shown; fix the ones above, then check again to see them"
            shown.append(Problem(file, rest[0].line, rest[0].column, worst, "more-problems", message))
    return tuple(shown)


# --- activity records --------------------------------------------------------------------


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def with_records(project: Project, outcome: Outcome, paths: Sequence[Path], *, base: Path, strict: bool = False) -> Outcome:
    """`outcome` with the activity records under `paths` read and checked against its
    policies, each commitment's versions and the roster: the right ones kept, a located
    problem for each of the others and for every file in the folder that is not records."""
    files, problems = collect_records(paths, root=project.root, base=base)
    versions = commitment_versions(project, outcome)
    valid = {p.id for p in outcome.policies}
    broken = {id_from_file_name(path) for path in collect([project.policies], root=project.root, base=base)[0]} - valid if project.policies.is_dir() else set()
    context = context_for(outcome.policies, versions, project.settings, broken=broken)
    read = [read_record_file(path, display_path(path, base)) for path in files]
    kept, found = check_records([record for file in read for record in file.records], context)
    problems += [p for file in read for p in file.problems] + found
    if strict:
        problems = [p.strict() for p in problems]
    totals = counts(problems) if outcome.totals is None else {s: outcome.totals[s] + n for s, n in counts(problems).items()}
    digest = hashlib.sha256(outcome.fingerprint.encode())
    digest.update(repr(project.settings).encode())
    for file in read:
        digest.update(f"{file.display}\0{file.digest}\0".encode())
    for policy_id, found_versions in sorted(versions.items()):
        digest.update(repr([(v.version, v.status, v.effective, v.target, v.roles) for v in found_versions]).encode() + policy_id.encode())
    return dataclasses.replace(
        outcome,
        problems=tuple(sorted([*outcome.problems, *capped(sorted(problems))])),
        totals=totals,
        records=tuple(kept),
        record_files=len(files),
        records_read=sum(len(f.records) for f in read),
        versions=versions,
        fingerprint=digest.hexdigest(),
    )


def commitment_versions(project: Project, outcome: Outcome) -> dict[str, tuple[Policy, ...]]:
    """Every published version of each valid leader commitment, by id: the file as it is now
    (which wins for its own version number) and, in git, each version its commits left."""
    latest = [p for p in outcome.policies if p.kind == "leader-commitment"]
    past: dict[str, list[Policy]] = {}
    if latest and history.in_git(project.root):
        wanted = {p.source for p in latest}
        revisions = {source: found for source, found in history.file_revisions(project.root, "policies").items() if source in wanted}
        past = past_versions(project, outcome.schemas, revisions)
    versions: dict[str, tuple[Policy, ...]] = {}
    for policy in latest:
        chosen = {policy.version: policy} if policy.status in PUBLISHED else {}
        for older in past.get(policy.source, []):
            if older.id == policy.id and older.status in PUBLISHED:
                chosen.setdefault(older.version, older)
        versions[policy.id] = tuple(chosen.values())
    return versions
