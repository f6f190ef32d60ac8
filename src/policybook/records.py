"""Leaders' activity records: what was done, and what is lined up, toward each commitment.

They live in the handbook's `records/` folder, as CSV with a header row naming the columns
(what calendars, CRMs and learning systems export) or as YAML (`records:` and a list), one
row per activity: `date`, `commitment`, `who` (a leader from policybook.yml's roster, or a
role), `count` (1 when left out), and optionally `unit`, `note` and `evidence` (a web link).
A date after the day the scorecard is made for is a plan: "lined up".

Reading has the policy loader's limits and its rule that nothing is skipped without a word:
every file in the folder is read or reported, and every row becomes a record or a located
problem. Checking records against the policies and the roster (`check_records`) is pure.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .config import Leader, Settings
from .load import MAX_BYTES, Document, decode_text, first_unprintable, parse_document
from .model import Policy
from .problems import LoadError, Problem, error, warning
from .project import display_path
from .validate import disguise_problems
from .versions import PUBLISHED, in_effect_on

#: Every column a record may have, in the order messages list them.
COLUMNS = ("date", "commitment", "who", "count", "unit", "note", "evidence")
REQUIRED = ("date", "commitment", "who")
#: File endings of record files, and how each is read.
FORMATS = {".csv": "csv", ".yaml": "yaml"}
#: Most units one record may count: more is surely a typo (or many activities in one row).
MAX_COUNT = 1_000
#: Longest note or evidence link; a record is one activity, not a report.
MAX_TEXT = 400
#: Statuses of a version that asks something of leaders (of those published: see `versions`).
IN_FORCE = ("active", "deprecated")

Position = tuple[int, int]
_LOCATED = ("date", "commitment", "who", "count", "unit")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_WHOLE = re.compile(r"[0-9]+\Z")
_LINK = re.compile(r"https?://[^\s<>\"']+\Z")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Record:
    """One activity (or plan) of one leader or role toward one commitment."""

    day: date
    commitment: str
    who: str
    count: int
    unit: str
    note: str
    evidence: str
    #: the file, as messages name it
    source: str
    #: where the date, commitment, who, count and unit are in the file (line, column)
    at: tuple[Position, ...]

    def where(self, column: str) -> Position:
        return self.at[_LOCATED.index(column)]

    @property
    def line(self) -> int:
        return self.at[0][0]


# --- which files are records ---------------------------------------------------------------


def collect_records(paths: Sequence[Path], *, root: Path, base: Path) -> tuple[list[Path], list[Problem]]:
    """The record files under `paths`, and a problem for every other file found there (as
    `project.collect` does for policies: hidden files too, links out of the project refused)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        absolute = given if given.is_absolute() else base / given
        if absolute.is_dir() and not absolute.is_symlink():
            for folder, dirs, names in os.walk(absolute):
                dirs[:] = sorted(dirs)
                for name in [*sorted(names), *(d for d in dirs if (Path(folder) / d).is_symlink())]:
                    _classify(Path(folder) / name, root, base, files, problems)
        else:
            _classify(absolute, root, base, files, problems)
    return sorted(set(files), key=str), problems


def _classify(path: Path, root: Path, base: Path, files: list[Path], problems: list[Problem]) -> None:
    shown = display_path(path, base)
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            problems.append(error(shown, 1, 1, "symlink", "this is a link to a file that does not exist; remove it or copy the records here"))
            return
        if not target.is_relative_to(root.resolve()):
            problems.append(error(shown, 1, 1, "symlink", "this is a link to a file outside the project, which is not allowed; copy the records into records/ instead"))
            return
        if target.is_dir():
            problems.append(warning(shown, 1, 1, "not-records", "this is a link to a folder, which is not followed; move the records it holds into records/"))
            return
    suffix = path.suffix.lower()
    if path.suffix in FORMATS:
        files.append(path)
    elif suffix in (".csv", ".yaml", ".yml"):
        files.append(path)  # still read, so its other problems show too
        right = path.stem + (".csv" if suffix == ".csv" else ".yaml")
        problems.append(error(shown, 1, 1, "file-extension", f"record files end in '.csv' or '.yaml' (lower case); rename this file to {right!r}"))
    elif not path.exists():
        problems.append(error(shown, 1, 1, "unreadable", "no such file or folder; check the path"))
    else:
        advice = "export it as CSV (comma-separated, UTF-8)" if suffix in (".xlsx", ".xls", ".ods", ".numbers", ".tsv", ".txt") else "move it out of the records folder"
        problems.append(warning(shown, 1, 1, "not-records", f"this file is not a records file (they end in '.csv' or '.yaml') and is ignored; {advice}"))


def format_of(path: Path) -> str:
    return "csv" if path.suffix.lower() == ".csv" else "yaml"


# --- reading one file ---------------------------------------------------------------------


@dataclass(frozen=True)
class RecordFile:
    """One records file as read: its records, its problems, and a hash of its bytes."""

    display: str
    digest: str
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]


def read_record_file(path: Path, display: str) -> RecordFile:
    """The records in one file and every problem with them; a file that cannot be read at
    all gives one problem and no records."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        return RecordFile(display, "", (), (error(display, 1, 1, "unreadable", f"cannot read the file: {exc.strerror or exc}; check that it exists and that you may read it"),))
    records, problems = parse_records(raw, display=display, kind=format_of(path))
    return RecordFile(display, hashlib.sha256(raw).hexdigest(), tuple(records), tuple(problems))


def parse_records(raw: bytes, *, display: str, kind: str) -> tuple[list[Record], list[Problem]]:
    """Records from a file's bytes (`kind` 'csv' or 'yaml'); pure, for tests and benchmarks."""
    if len(raw) > MAX_BYTES:
        return [], [error(display, 1, 1, "too-large", f"the file is over the {MAX_BYTES:,}-byte limit for one records file; split it into smaller files, one a month or a quarter")]
    hidden = disguise_problems(raw, display)  # a right-to-left override or a zero-width space: what a reviewer reads is not what the file says
    try:
        records, problems = (_parse_csv if kind == "csv" else _parse_yaml)(raw, display)
    except LoadError as exc:
        return [], [_for_records(exc.problem), *hidden]
    return ([] if hidden else records), [*problems, *hidden]


#: The loader's messages that speak of policies, said of records instead.
_RECORD_WORDING = {
    "empty": "the file is empty; a records file starts with 'records:' and a list of records (YAML) or with a header row such as 'date,commitment,who,count,note' (CSV)",
    "not-a-mapping": "the file does not start with 'records:'; write 'records:' on the first line and list the records under it, one '- date: ...' each",
}


def _for_records(problem: Problem) -> Problem:
    message = _RECORD_WORDING.get(problem.code) or problem.message.replace("policies use plain YAML", "records use plain YAML")
    return Problem(problem.file, problem.line, problem.column, problem.severity, problem.code, message, problem.json_path)


class _Row:
    """The values of one record as read, with where each starts, for the field readers."""

    __slots__ = ("display", "positions", "problems", "values")

    def __init__(self, display: str, values: dict[str, Any], positions: dict[str, Position], problems: list[Problem]) -> None:
        self.display, self.values, self.positions, self.problems = display, values, positions, problems

    def fail(self, column: str, code: str, message: str) -> None:
        line, col = self.positions[column]
        self.problems.append(error(self.display, line, col, code, message))


def _read_row(row: _Row, start: Position) -> Record | None:
    """One record from its values, each checked by its field's reader; None after a problem."""
    values = row.values
    before = len(row.problems)
    read = {column: reader(values.get(column), row, column) for column, reader in _READERS.items()}
    if len(row.problems) > before:
        return None
    at = tuple(row.positions.get(column, start) for column in _LOCATED)
    return Record(read["date"], read["commitment"], read["who"], read["count"], read["unit"], read["note"], read["evidence"], row.display, at)


def _day(value: Any, row: _Row, column: str) -> date:
    text = _text(value)
    if text is None or not text:
        row.fail(column, "record-date", "the date is missing; write it as YYYY-MM-DD, like 2026-10-14")
        return date.min
    if not _DAY.match(text):
        row.fail(column, "record-date", f"the date is {text!r}, which is not in the form YYYY-MM-DD; write it like 2026-10-14 (year, month, day)")
        return date.min
    try:
        return date.fromisoformat(text)
    except ValueError:
        row.fail(column, "record-date", f"the date is {text!r}, which is not a real date (check the month and the day); write it as YYYY-MM-DD")
        return date.min


def _word(value: Any, row: _Row, column: str) -> str:
    text = _text(value)
    if text is None:
        row.fail(column, "record-value", f"'{column}' must be text, not {_kind(value)}")
        return ""
    if not text and column in REQUIRED:
        row.fail(column, "record-missing", f"'{column}' is empty; {_WHAT[column]}")
    elif len(text) > 80:
        row.fail(column, "record-value", f"'{column}' is {len(text)} characters long; {_WHAT.get(column, 'shorten it')}")
    return text or ""


_WHAT = {
    "commitment": "write the id of the leader commitment, like LC-001",
    "who": "write the id of a leader from policybook.yml, or a role such as 'manager'",
    "unit": "write the unit the target counts, like 'visits', or leave it empty",
}


def _count(value: Any, row: _Row, column: str) -> int:
    if value is None or value == "":
        return 1
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    if text is None or not _WHOLE.match(text) or int(text) < 1:
        shown = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool | int | float) else _kind(value)
        row.fail(column, "record-count", f"the count is {shown}, which is not a positive whole number; write 1, 2, 3… (leave it empty for 1)")
        return 0
    if len(text) > 6 or int(text) > MAX_COUNT:
        row.fail(column, "record-count", f"the count is {text}, more than the {MAX_COUNT:,} one record may hold; check it, or split it over the days it happened")
        return 0
    return int(text)


def _note(value: Any, row: _Row, column: str) -> str:
    if value is None:
        return ""
    text = _text(value)
    if text is None:
        row.fail(column, "record-value", f"'{column}' must be text, not {_kind(value)}")
        return ""
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_TEXT:
        row.fail(column, "record-value", f"the {column} is {len(text)} characters long; keep it to {MAX_TEXT} (link to a longer write-up as evidence)")
    return text


def _evidence(value: Any, row: _Row, column: str) -> str:
    text = _note(value, row, column)
    if text and not _LINK.match(text):
        row.fail(column, "record-evidence", f"the evidence is {_clip(text)!r}, which is not a web link; write its full address, starting with https://")
    return text


#: How each column is read and checked; each reader reports its own problems on the row.
_READERS: dict[str, Callable[[Any, _Row, str], Any]] = {
    "date": _day,
    "commitment": _word,
    "who": _word,
    "count": _count,
    "unit": lambda value, row, column: _word(value, row, column).lower(),
    "note": _note,
    "evidence": _evidence,
}


def _text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a yes/no value (YAML reads yes, no, true, false, on and off so: put the text in quotes)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, str):
        return f"the text {_clip(value)!r}"
    return "an empty value"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6) or difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- CSV ----------------------------------------------------------------------------------


def _parse_csv(raw: bytes, display: str) -> tuple[list[Record], list[Problem]]:
    text = decode_text(raw, display)
    bad = first_unprintable(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        column = bad - (text.rfind("\n", 0, bad) + 1) + 1
        raise LoadError(error(display, line, column, "unprintable", f"the file contains a control character (U+{ord(text[bad]):04X}); delete it"))
    lines = _LINES.findall(text)
    reader = csv.reader(lines, strict=True)
    problems: list[Problem] = []
    records: list[Record] = []
    header: list[str] | None = None
    consumed = 0
    try:
        for fields in reader:
            start = consumed + 1
            consumed = reader.line_num
            if not any(value.strip() for value in fields):
                continue  # a blank line, or a row of empty cells: nothing to read
            positions = _positions(lines, start, consumed, fields)
            if header is None:
                header = _header(fields, positions, display, problems)
                if header is None:
                    return [], problems
                continue
            if len(fields) != len(header):
                problems.append(error(display, start, 1, "record-columns", _width_message(len(fields), len(header))))
                continue
            row = _Row(display, dict(zip(header, fields, strict=True)), dict(zip(header, positions, strict=True)), problems)
            record = _read_row(row, (start, 1))
            if record is not None:
                records.append(record)
    except csv.Error as exc:
        line = consumed + 1 if consumed < len(lines) else max(consumed, 1)
        if "field larger than field limit" in str(exc):
            message = f"a value here is over {csv.field_size_limit():,} characters long, or a quote opened here is never closed; a record's values are short (a note at most {MAX_TEXT})"
        else:
            message = f"the CSV cannot be read here ({exc}); check the quotes: a value that holds a comma or a quote is written in double quotes, and a quote inside it is doubled (\"\")"
        problems.append(error(display, line, 1, "csv-syntax", message))
    if header is None and not problems:
        problems.append(error(display, 1, 1, "empty", _RECORD_WORDING["empty"]))
    return records, problems


def _width_message(found: int, expected: int) -> str:
    if found > expected:
        return f"this row has {found} values but the header names {expected} columns; a value that holds a comma must be in double quotes"
    return f"this row has {found} values but the header names {expected} columns; add the missing ones (leave a value empty between commas)"


def _header(fields: list[str], positions: list[Position], display: str, problems: list[Problem]) -> list[str] | None:
    """The column names of the header row, or None (with the problems) when it cannot be used."""
    names = [value.strip().lower() for value in fields]
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        sep = "semicolons" if ";" in names[0] else "tabs"
        problems.append(error(display, *positions[0], "record-header", f"the columns are separated by {sep}; export the file with commas between values (CSV, comma-separated)"))
        return None
    before = len(problems)
    seen: set[str] = set()
    for name, position in zip(names, positions, strict=True):
        if name not in COLUMNS:
            problems.append(error(display, *position, "record-header", f"unknown column {_clip(name)!r}{_suggest(name, COLUMNS)}; the columns are: {', '.join(COLUMNS)}"))
        elif name in seen:
            problems.append(error(display, *position, "record-header", f"the column {name!r} is named twice; keep one of them"))
        seen.add(name)
    missing = [name for name in REQUIRED if name not in seen]
    if missing:
        problems.append(error(display, *positions[0], "record-header", f"the header row has no {' or '.join(repr(m) for m in missing)} column; the first row names the columns, like: date,commitment,who,count,note"))
    return names if len(problems) == before else None


def _positions(lines: list[str], start: int, end: int, fields: list[str]) -> list[Position]:
    """Where each field of the row read from lines `start`..`end` begins (line, column)."""
    if start == end and '"' not in lines[start - 1]:
        positions, column = [], 1
        for value in fields:
            positions.append((start, column))
            column += len(value) + 1
        return positions
    text = "".join(lines[start - 1 : end])
    found: list[Position] = []
    line, column, i, n = start, 1, 0, len(text)
    for _ in fields:
        found.append((line, column))
        quoted = i < n and text[i] == '"'
        i, column = (i + 1, column + 1) if quoted else (i, column)
        while i < n:
            char = text[i]
            if quoted and char == '"':
                if text[i + 1 : i + 2] == '"':
                    i, column = i + 2, column + 2
                    continue
                quoted = False
            elif not quoted and char in ",\r\n":
                break
            if char == "\n" or (char == "\r" and text[i + 1 : i + 2] != "\n"):
                line, column = line + 1, 0
            i, column = i + 1, column + 1
        i, column = i + 1, column + 1  # the comma
    return found


# --- YAML ---------------------------------------------------------------------------------


def _parse_yaml(raw: bytes, display: str) -> tuple[list[Record], list[Problem]]:
    doc = parse_document(raw, path=Path(display), display=display)
    problems = [_for_records(p) for p in doc.problems]
    if problems:
        return [], problems
    for key in doc.data:
        if key != "records":
            problems.append(_at(doc, (key,), f"unknown field {_clip(str(key))!r}{_suggest(str(key), ['records'])}; a records file holds only 'records:' and a list", key=True))
    items = doc.data.get("records")
    if not isinstance(items, list):
        where = ("records",) if "records" in doc.data else ()
        problems.append(_at(doc, where, "'records' must be a list of records, one '- date: ...' each" if where else "the file has no 'records:' list; write 'records:' and list the records under it"))
        return [], problems
    records: list[Record] = []
    for index, item in enumerate(items):
        path = ("records", index)
        if not isinstance(item, dict):
            problems.append(_at(doc, path, f"record {index + 1} is {_kind(item)}; each record is a set of fields: date, commitment, who, and count if more than 1"))
            continue
        for key in item:
            if key not in COLUMNS:
                problems.append(_at(doc, (*path, key), f"unknown field {_clip(str(key))!r}{_suggest(str(key), COLUMNS)} in record {index + 1}; use: {', '.join(COLUMNS)}", key=True))
        missing = [name for name in REQUIRED if name not in item]
        if missing:
            problems.append(_at(doc, path, f"record {index + 1} has no {' or '.join(repr(m) for m in missing)}; add it"))
            continue
        positions = {column: doc.where((*path, column)) for column in COLUMNS}
        values = {column: _yaml_value(item.get(column)) for column in COLUMNS}
        record = _read_row(_Row(display, values, positions, problems), doc.where(path))
        if record is not None and not any(key not in COLUMNS for key in item):
            records.append(record)
    return records, problems


def _yaml_value(value: Any) -> Any:
    """A YAML value as a CSV cell would hold it, where that is plain: a whole number as its digits."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else value


def _at(doc: Document, path: tuple[str | int, ...], message: str, *, key: bool = False) -> Problem:
    line, column = doc.where(path, key=key)
    return error(doc.display, line, column, "record-value", message)


# --- checking records against the policies and the roster -------------------------------


@dataclass(frozen=True)
class Context:
    """What records are checked against: the policies, every published version of each
    leader commitment, and the roster."""

    #: every valid policy, as its file is now, by id
    policies: Mapping[str, Policy]
    #: each leader commitment's published versions (any order), by id
    versions: Mapping[str, Sequence[Policy]]
    settings: Settings
    #: the roster, by id
    leaders: Mapping[str, Leader]
    #: ids of policies whose files have errors: their records cannot be checked yet
    broken: frozenset[str] = frozenset()


def context_for(policies: Iterable[Policy], versions: Mapping[str, Sequence[Policy]], settings: Settings, *, broken: Iterable[str] = ()) -> Context:
    return Context({p.id: p for p in policies}, versions, settings, {leader.id: leader for leader in settings.leaders}, frozenset(broken))


@dataclass(frozen=True)
class _Finding:
    """What is wrong with a record, before it is placed on the record's column."""

    column: str
    code: str
    message: str


def check_records(records: Sequence[Record], context: Context) -> tuple[list[Record], list[Problem]]:
    """The records that are right, and a located problem for each that is not: an unknown or
    not-in-force commitment, a date before it took effect, someone it does not bind, a unit
    it does not count, a row repeated."""
    kept: list[Record] = []
    problems: list[Problem] = []
    seen: dict[tuple[Any, ...], Record] = {}
    cache: dict[tuple[str, str, str], _Finding | None] = {}
    for record in records:
        if record.commitment in context.broken:
            continue  # its policy's own errors stop the run; the record is checked once they are fixed
        key = (record.commitment, record.who, record.day.isoformat())
        if key not in cache:
            cache[key] = _first_finding(record, context)
        found = cache[key]
        if found is None and record.unit:
            found = _unit_finding(record, context)
        if found is not None:
            problems.append(error(record.source, *record.where(found.column), found.code, found.message))
            continue
        same = (record.day, record.commitment, record.who, record.count, record.unit, record.note, record.evidence)
        first = seen.get(same)
        if first is not None:
            where = f"line {first.line}" if first.source == record.source else f"{first.source}:{first.line}"
            problems.append(
                error(record.source, record.line, 1, "record-duplicate",
                      f"this record repeats {where} exactly (same date, commitment, who, count and note); delete one, or if both happened, make them one row with count {record.count * 2}")
            )
            continue
        seen[same] = record
        kept.append(record)
    return kept, problems


def _first_finding(record: Record, context: Context) -> _Finding | None:
    """What is wrong with the record's commitment, date or person, the first of them (each
    depends on the one before)."""
    for rule in _RULES:
        found = rule(record, context)
        if found is not None:
            return found
    return None


def _commitment_rule(record: Record, context: Context) -> _Finding | None:
    policy = context.policies.get(record.commitment)
    if policy is None:
        ids = [p for p, known in context.policies.items() if known.kind == "leader-commitment"]
        return _Finding("commitment", "record-commitment", f"{_clip(record.commitment)!r} is not a policy in this handbook{_suggest(record.commitment, ids)}; write the id of a leader commitment, like LC-001")
    if policy.kind != "leader-commitment":
        kind = policy.kind.replace("-", " ")
        return _Finding("commitment", "record-commitment", f"{policy.id} is a {kind}, not a leader commitment; records count only what leaders do for their commitments")
    if not any(v.status in PUBLISHED for v in context.versions.get(policy.id, ())):
        return _Finding("commitment", "record-commitment", f"{policy.id} is {_article(policy.status)} and not in force; keep records only for commitments that are active")
    return None


def _date_rule(record: Record, context: Context) -> _Finding | None:
    versions = context.versions[record.commitment]
    day = record.day.isoformat()
    current = in_effect_on(versions, day)
    if current is None:
        first = min(v.effective for v in versions if v.status in PUBLISHED)
        return _Finding("date", "record-date", f"{record.commitment} took effect on {first}; this record is dated {day}, before it applied; check the date")
    if current.status not in IN_FORCE:
        return _Finding("date", "record-date", f"{record.commitment} was retired on {current.effective}; this record is dated {day}, after that; check the date, or keep it out of the records")
    return None


def _who_rule(record: Record, context: Context) -> _Finding | None:
    version = in_effect_on(context.versions[record.commitment], record.day.isoformat())
    assert version is not None
    binds = ", ".join(context.settings.label(r) for r in version.roles)
    leader = context.leaders.get(record.who)
    if leader is None:
        if record.who in context.settings.by_id:
            if record.who in version.roles:
                return None
            return _Finding("who", "record-who", f"{record.commitment} does not bind the role {record.who!r} (it binds: {binds}); name a leader, or one of those roles")
        options = [*(leader.id for leader in context.settings.leaders), *context.settings.leading_roles]
        return _Finding("who", "record-who", f"{_clip(record.who)!r} is not a leader in policybook.yml, nor one of its roles{_suggest(record.who, options)}; check the spelling, or add the person to 'leaders' in policybook.yml")
    if not set(leader.roles) & set(version.roles):
        held = ", ".join(context.settings.label(r) for r in leader.roles)
        return _Finding("who", "record-who", f"{leader.name} ({held}) is not bound by {record.commitment}, which binds: {binds}; check the commitment or the person")
    if leader.joined and record.day < leader.joined:
        return _Finding("date", "record-date", f"{leader.name} joined on {leader.joined}; this record is dated {record.day}, before that; check the date, or 'joined' in policybook.yml")
    if leader.left and record.day > leader.left:
        return _Finding("date", "record-date", f"{leader.name} left on {leader.left}; this record is dated {record.day}, after that; check the date, or 'left' in policybook.yml")
    return None


_RULES: tuple[Callable[[Record, Context], _Finding | None], ...] = (_commitment_rule, _date_rule, _who_rule)


def _unit_finding(record: Record, context: Context) -> _Finding | None:
    version = in_effect_on(context.versions[record.commitment], record.day.isoformat())
    assert version is not None and version.target is not None
    unit = version.target.unit
    if record.unit in (unit, unit.removesuffix("s")):
        return None
    return _Finding("unit", "record-unit", f"{record.commitment} counts {unit}; this record counts {_clip(record.unit)!r}; convert it to {unit}, or leave 'unit' empty")


def _article(status: str) -> str:
    return {"draft": "a draft", "proposed": "only proposed"}.get(status, status)
