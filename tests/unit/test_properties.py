"""Property-based tests: whatever a leader writes, the loader and the validator either accept
it or report located problems, and never raise anything else.

A broken or hostile YAML file must never give the leader a traceback: every way a file can be
wrong has to come back as `FILE:LINE:COL: error: MESSAGE` pointing inside the file. These
properties feed the engine arbitrary text and bytes, arbitrary JSON-like data dumped as YAML,
and the valid fixtures with random mutations, and check the shape and place of every answer.

Settings: the profiles are registered here and applied to these tests only (loading a profile
would change every other test module too). With the environment variable `CI` set, the runs are
derandomized and use no example database, so a CI failure reproduces exactly; locally Hypothesis
keeps its database, so a failure found once is retried first next time.
"""

from __future__ import annotations

import copy
import math
import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, TODAY, VALID, new_project
from policybook.check import run_check
from policybook.load import MAX_DEPTH, Document, parse_document
from policybook.model import policy_from_data
from policybook.problems import LoadError, PolicyError, Problem
from policybook.project import read_project
from policybook.schema import Schemas, load_schemas
from policybook.validate import validate

# --- settings ------------------------------------------------------------------------------

settings.register_profile(
    "policybook-ci",
    deadline=None,  # the first call builds the schema validators; timing is not the property
    derandomize=True,  # the same examples on every CI run, so a red build reproduces
    database=None,  # nothing carried between CI runs
    print_blob=True,
)
settings.register_profile("policybook-dev", deadline=None)
PROFILE = settings.get_profile("policybook-ci" if os.environ.get("CI") else "policybook-dev")


def run(examples: int) -> settings:
    """The module's profile, with a number of examples chosen to keep the file under ~20 s.
    No health check is suppressed: none fires for these strategies."""
    return settings(PROFILE, max_examples=examples)


# --- the promise, as assertions ------------------------------------------------------------

DISPLAY = "x.yaml"
TODAY_DATE = date.fromisoformat(TODAY)
SCHEMAS: Schemas = load_schemas(ROOT / "schemas")
FIXTURES: dict[str, bytes] = {path.name: path.read_bytes() for path in sorted(VALID.glob("*.yaml"))}
FIXTURE_TEXTS: dict[str, str] = {name: raw.decode("utf-8") for name, raw in FIXTURES.items()}
FIXTURE_DATA: dict[str, dict[str, Any]] = {name: yaml.safe_load(raw) for name, raw in FIXTURES.items()}
#: the `# yaml-language-server: $schema=...` line each fixture starts with
MODELINES: dict[str, str] = {name: text.split("\n", 1)[0] for name, text in FIXTURE_TEXTS.items()}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: characters YAML refuses in a file (the complement of its printable set)
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def source_text(raw: bytes) -> str:
    """The text a leader sees in their editor: undecodable bytes as U+FFFD, no byte-order mark."""
    return raw.decode("utf-8", "replace").removeprefix("\ufeff")


def editor_lines(text: str) -> list[str]:
    """The lines as editors, YAML 1.2 and code-review annotations count them: CRLF, CR or LF
    ends a line; U+0085, U+2028 and U+2029 do not (editors flag them as unusual)."""
    return _LINE_BREAK.split(text)


def assert_inside(text: str, line: int, column: int, what: str) -> None:
    """(line, column) names a character of `text`, or the end of one of its lines.

    One position past the last line is tolerated: the end of a file that lacks a final line
    break, where YAML reports "unexpected end of stream" (at the line after the last, column 1).
    """
    lines = editor_lines(text)
    assert line >= 1 and column >= 1, f"{what}: position {line}:{column} is not 1-based"
    if (line, column) == (len(lines) + 1, 1) and lines[-1]:
        return
    assert line <= len(lines), f"{what}: line {line} is past the end of the text, which has {len(lines)} lines"
    assert column <= len(lines[line - 1]) + 1, f"{what}: column {column} is past the end of line {line} ({len(lines[line - 1])} characters)"


def assert_located(problem: Problem, texts: dict[str, str]) -> None:
    """A problem a leader can act on: in a known file, inside it, with words and a JSON path."""
    assert problem.file in texts, f"{problem} names a file that was not checked"
    assert problem.severity in ("error", "warning"), problem
    assert problem.message.strip(), f"{problem!r} has no message"
    assert problem.code.strip(), f"{problem!r} has no code"
    assert problem.json_path.startswith("$"), problem
    assert_inside(texts[problem.file], problem.line, problem.column, str(problem))


def char_at(text: str, line: int, column: int) -> str:
    lines = editor_lines(text)
    row = lines[line - 1] if line <= len(lines) else ""
    return row[column - 1] if column <= len(row) else ""


def assert_load_error_located(exc: LoadError, raw: bytes, display: str = DISPLAY) -> None:
    """A file that cannot be loaded is refused with one located error; where the fault is a
    single character (a bad byte, a control character) the position names that character."""
    problem = exc.problem
    text = source_text(raw)
    assert problem.file == display
    assert problem.severity == "error"
    assert_located(problem, {display: text})
    assert problem.line <= len(editor_lines(text)) + 1  # implied by the above; the bound the brief asks for
    if problem.code == "encoding":
        start = _first_bad_byte(raw)
        before = source_text(raw[:start])
        lines = editor_lines(before)
        expected = (len(lines), len(lines[-1]) + 1)
        assert (problem.line, problem.column) == expected, f"{problem}: the first byte that is not UTF-8 is at {expected[0]}:{expected[1]}"
    if problem.code == "unprintable":
        found = char_at(text, problem.line, problem.column)
        assert _UNPRINTABLE.fullmatch(found), f"{problem}: the character there is {found!r}, not a control character"


def _first_bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    raise AssertionError("the bytes are valid UTF-8")


def paths_of(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every (JSON path, value) in `value`, the root included."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_of(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_of(item, (*path, index))


def lookup(data: Any, path: tuple[str | int, ...]) -> Any:
    """The value at `path`; raises KeyError/IndexError/TypeError when there is none."""
    for part in path:
        if isinstance(part, int) and not isinstance(data, list):
            raise TypeError(f"{part!r} indexes a {type(data).__name__}")
        data = data[part]
    return data


def assert_plain_data(value: Any) -> None:
    """What the loader builds is JSON-shaped: no tag may create any other object."""
    for path, item in paths_of(value):
        assert type(item) in (dict, list, str, int, float, bool, type(None)), f"{path}: {type(item).__name__}"
        if isinstance(item, dict):
            assert all(type(key) is str for key in item), f"{path}: a key is not text"
        if isinstance(item, float):
            assert math.isfinite(item), f"{path}: {item} is not a finite number"


def assert_document_sound(doc: Document, text: str) -> None:
    """A loaded document: plain data, every recorded position inside the text, every load
    problem located, and (unless a duplicate key overwrote a value) every position's path in the data."""
    assert isinstance(doc.data, dict)
    assert_plain_data(doc.data)
    for problem in doc.problems:
        assert_located(problem, {doc.display: text})
    for path, (line, column) in [*doc.positions.items(), *doc.key_positions.items()]:
        assert_inside(text, line, column, f"position of {path}")
    if not any(p.code == "duplicate-key" for p in doc.problems):
        for path in [*doc.positions, *doc.key_positions]:
            try:
                lookup(doc.data, path)
            except (KeyError, IndexError, TypeError):
                raise AssertionError(f"{path} has a position but no value in the data") from None


def load(raw: bytes, display: str = DISPLAY) -> Document | None:
    """parse_document, with LoadError (checked to be located) turned into None. Any other
    exception propagates and fails the property."""
    try:
        doc = parse_document(raw, path=Path(display), display=display)
    except LoadError as exc:
        assert_load_error_located(exc, raw, display)
        return None
    assert_document_sound(doc, source_text(raw))
    return doc


def assert_validation_sound(documents: list[Document], texts: dict[str, str]) -> list[Problem]:
    """validate() answers with located problems only, and hands the model only valid data."""
    problems = validate(documents, SCHEMAS, today=TODAY_DATE)
    for problem in problems:
        assert_located(problem, texts)
    failed = {p.file for p in problems if p.severity == "error"}
    for doc in documents:
        if doc.display not in failed:
            policy_from_data(doc.data, source=doc.display)  # raises if the model meets invalid data
    return problems


# --- strategies ----------------------------------------------------------------------------

#: pieces that make YAML interesting: indicators, anchors, tags, directives, odd breaks and
#: characters, numbers YAML 1.1 reads in surprising ways, and numbers too big to print
YAML_PIECES = [
    ": ", ":", "- ", "-", "? ", "[", "]", "{", "}", ", ", ",", "#", " #c", "&a ", "*a", "&b ", "*b", "!", "!!str ", "!!int ",
    "!!python/object/apply:os.system ", "!!binary ", "!<tag:x> ", "!e!x ", "|", "|-", ">", "'", '"', "\\", "\\x", "%YAML 1.1\n",
    "%TAG !e! tag:example.com,2000:\n", "---\n", "--- ", "...\n", "\n", "\r\n", "\r", "\t", " ", "  ", "    ", "<<: ", "<<", "=",
    "\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x9f", "\ud7ff", "\ue000", "\ufffe", "\U0001f600",
    "a", "id", "kind", "title", "é", "0b_", "0x_", "-0x_", "0b1", "0x1F", "010", "08", "1_000", "1:30", "1.0", "1e3", "1.0e+400",
    ".inf", "-.inf", ".nan", "~", "null", "yes", "no", "on", "off", "2026-02-30", "2026-03-01", "2026-03-01 10:00:00",
    "1" * 4301, "0x" + "f" * 3600, "0" + "7" * 5000, "9" * 400 + ".0",
]
#: the pieces a hand edit might slip into a policy (all but the giant numbers)
SLIPS = [piece for piece in YAML_PIECES if len(piece) < 50]


def yaml_text() -> st.SearchStrategy[str]:
    """Text that looks a little or a lot like YAML, including very long lines and deep brackets."""
    pieces = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=8)), max_size=40).map("".join)
    brackets = st.builds(
        lambda n, opener, closer, inner: opener * n + inner + closer * (n // 2),
        st.integers(1, 3 * MAX_DEPTH), st.sampled_from(["[", "{", "- ", "[{a: ", "a:\n  "]), st.sampled_from(["]", "}", "", "]}"]), st.text(max_size=3),
    )
    long_line = st.builds(lambda key, n, ch: f"{key}: " + ch * n + "\n", st.sampled_from(["a", "title", "- x"]), st.integers(1000, 20_000), st.sampled_from(["x", "é", "'", "[", " ", "\t"]))
    return st.one_of(st.text(), pieces, brackets, long_line, edited_fixture_text())


@st.composite
def edited_fixture(draw: st.DrawFn) -> tuple[str, str]:
    """A valid policy (file name, text) with a few characters inserted, deleted or replaced:
    the slips a leader makes by hand (a tab, a lost quote, a stray colon, a missing space)."""
    name = draw(st.sampled_from(sorted(FIXTURES)))
    text = FIXTURES[name].decode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(SLIPS), st.text(max_size=2)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        end = min(len(text), at + draw(st.integers(1, 12)))
        text = text[:at] + (piece if action != "delete" else "") + (text[end:] if action != "insert" else text[at:])
    return name, text


def edited_fixture_text() -> st.SearchStrategy[str]:
    return edited_fixture().map(lambda case: case[1])


#: byte sequences that are not UTF-8, and byte-order marks
BAD_BYTES = [b"\xff", b"\xfe", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\x80", b"\x80", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00"]


def any_bytes() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, and YAML-like text with invalid UTF-8 and byte-order marks spliced in."""
    spliced = st.lists(st.one_of(yaml_text().map(lambda t: t.encode("utf-8", "surrogatepass")), st.sampled_from(BAD_BYTES)), max_size=6).map(b"".join)
    return st.one_of(st.binary(max_size=400), spliced, st.builds(lambda body: b"\xef\xbb\xbf" + body, st.binary(max_size=60)))


finite_floats = st.floats(allow_nan=False, allow_infinity=False)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), finite_floats, st.text(max_size=30))


def json_like(max_leaves: int = 25) -> st.SearchStrategy[Any]:
    return st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=max_leaves)


class Plain(str):
    """A string the YAML dumper writes unquoted, so that YAML 1.1 reads it as it would in a
    hand-written file: `no` as a yes/no value, `1.0` and `010` as numbers, `~` as empty."""


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes `Plain` strings without quotes (and so without tags)."""


_Dumper.add_representer(Plain, lambda dumper, value: dumper.represent_scalar(dumper.resolve(yaml.ScalarNode, str(value), (True, False)), str(value)))

#: strings that YAML 1.1 reads as something else when unquoted, and other values leaders write
SURPRISES = ["no", "No", "on", "off", "yes", "y", "true", "1.0", "2.5", "010", "08", "0x1F", "0b_", "1_000", "1:30", "12e3", "1.0e+400",
             ".inf", ".nan", "~", "null", "2026-02-30", "2026-03-01", "2026-3-1", "2026-03-01 10:00:00", "0o7", "+1", "-0", "0", "-1", "TODO", "=", "<<"]
POLICY_WORDS = ["GR-001", "SE-001", "LC-001", "SE-002", "se-001", "GR-1", "S1", "S2", "S99", "must", "should", "shoud", "may", "active", "draft",
                "deprecated", "retired", "proposed", "everyone", "frontline", "manager", "executive", "golden-rule", "service-expectation",
                "leader-commitment", "1.0.0", "0.9.0", "2.0.0", "1.1.0", "2026-03-01", "2027-03-01", "2020-01-01", "quarter", "month",
                "visits", "phone", "email", "rings", "", " ", "<b>x</b>", "a\nb", "TODO: write this", "x" * 300]
FIELD_NAMES = ["id", "kind", "title", "titel", "Title", "version", "status", "owner", "effective", "review_by", "audience", "summary", "statements",
               "rationale", "changelog", "tags", "related", "supersedes", "superseded_by", "no_replacement_reason", "references", "behaviours",
               "leaders_model_it", "situations", "phrases", "response_standards", "roles", "target", "measured_by", "evidence", "level", "text",
               "why", "instead", "count", "per", "unit", "value", "share", "extra", "", "<<", "1"]
KINDS = ["golden-rule", "service-expectation", "leader-commitment", "golden_rule", "Golden-Rule", "policy", ""]

replacement_values = st.one_of(
    json_like(8),
    st.sampled_from(SURPRISES).map(Plain),
    st.sampled_from(POLICY_WORDS),
    st.lists(st.sampled_from(POLICY_WORDS), max_size=4),
    st.sampled_from(KINDS),
)


def _containers(data: Any, kind: type) -> list[tuple[tuple[str | int, ...], Any]]:
    return [(path, value) for path, value in paths_of(data) if isinstance(value, kind)]


@st.composite
def mutated_policy(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A valid fixture (its file name and data) after a few random edits at any depth."""
    name = draw(st.sampled_from(sorted(FIXTURE_DATA)))
    data = copy.deepcopy(FIXTURE_DATA[name])
    for _ in range(draw(st.integers(1, 4))):
        everything = [(path, value) for path, value in paths_of(data) if path]
        action = draw(st.sampled_from(["delete", "replace", "replace", "move", "unknown-key", "resize", "duplicate", "kind", "id"]))
        if action in ("delete", "replace", "move") and everything:
            path, _ = draw(st.sampled_from(everything))
            parent = lookup(data, path[:-1])
            if action == "delete":
                del parent[path[-1]]
            elif action == "replace":
                parent[path[-1]] = draw(replacement_values)
            else:  # a value pasted in the wrong place: a list of statements where a date belongs
                parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(everything))[1])
        elif action == "unknown-key":
            _, mapping = draw(st.sampled_from(_containers(data, dict)))
            mapping[draw(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10)))] = draw(replacement_values)
        elif action in ("resize", "duplicate") and (lists := _containers(data, list)):
            _, items = draw(st.sampled_from(lists))
            if action == "resize":
                size = draw(st.integers(0, len(items) + 2))
                items[:] = (items + [copy.deepcopy(items[-1]) if items else draw(replacement_values) for _ in range(size)])[:size]
            elif items:
                at = draw(st.integers(0, len(items) - 1))
                items.insert(at, copy.deepcopy(items[at]))
        elif action == "kind":
            data["kind"] = draw(st.one_of(st.sampled_from(KINDS), replacement_values))
        elif action == "id":
            data["id"] = draw(st.one_of(st.sampled_from(POLICY_WORDS[:6]), replacement_values))
    return name, data


def dump_policy(data: dict[str, Any], *, modeline: str | None, flow: bool | None = False) -> str:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=flow)
    return f"{modeline}\n{text}" if modeline else text


def with_changes(name: str, **changes: Any) -> tuple[str, dict[str, Any]]:
    """A fixture's data with some top-level fields replaced: a mutated policy written by hand."""
    return name, {**copy.deepcopy(FIXTURE_DATA[name]), **changes}


def others(name: str) -> list[Document]:
    """The other valid fixtures, loaded from their files, so references between policies resolve."""
    return [parse_document(raw, path=Path(other), display=other) for other, raw in FIXTURES.items() if other != name]


# --- 1. arbitrary text and bytes -----------------------------------------------------------


@run(300)
@given(yaml_text())
@example("a: 0b_\n")  # found by this property: int("", 2) raised ValueError
@example("a: -0x_\n")  # found by this property: int("", 16) raised ValueError
@example("a: " + "1" * 4301 + "\n")  # found by this property: Python's 4,300-digit limit raised ValueError
@example("a: 0" + "7" * 5000 + "\n")  # found by this property: printing the octal number raised ValueError
@example("a: x\u2028\u2028y\nb: [\n")  # found by this property: U+2028 counted as a line break
@example("a: 1\rb: \x01\n")  # found by this property: a control character after a lone CR placed on line 1
@example("a: b\x85c\nd: [\n")
@example("[" * 200)
@example("\ta: 1\n")
def test_any_text_loads_or_fails_with_a_located_problem(text: str) -> None:
    """Whatever a leader types, loading returns a document or a LoadError pointing inside the file."""
    load(text.encode("utf-8", "surrogatepass"))


@run(300)
@given(any_bytes())
@example(b"\xef\xbb\xbfa: \xff\n")  # found by this property: the byte-order mark counted as a column
@example(b"a: 1\r\xff")
@example(b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n")
@example(b"\xff\xfea\x00:\x00 \x001\x00")
@example(b"a: \xed\xa0\x80\n")
def test_any_bytes_load_or_fail_with_a_located_problem(raw: bytes) -> None:
    """Non-UTF-8 files, byte-order marks and binary junk are refused at the byte that is wrong."""
    load(raw)


@run(120)
@given(edited_fixture())
@example(("SE-001-greeting.yaml", FIXTURES["SE-001-greeting.yaml"].decode().replace("kind: service-expectation", "kind: [service-expectation]")))  # found by this property: TypeError
@example(("LC-001-customer-visits.yaml", FIXTURES["LC-001-customer-visits.yaml"].decode().replace("kind: leader-commitment", "kind: {a: 1}")))
def test_a_hand_edited_policy_validates_with_located_problems_only(case: tuple[str, str]) -> None:
    """A valid policy with typing slips either fails to load with a located error or validates
    into located problems, alongside the other policies."""
    name, text = case
    raw = text.encode("utf-8", "surrogatepass")
    doc = load(raw, display=name)
    if doc is not None:
        assert_validation_sound([doc, *others(name)], {**FIXTURE_TEXTS, name: source_text(raw)})


# --- 2. JSON-like data written by a YAML dumper --------------------------------------------


@run(100)
@given(
    st.dictionaries(st.text(max_size=12), json_like(), max_size=8),
    st.sampled_from([False, True, None]),
    st.booleans(),
    st.sampled_from([2, 4, 8]),
    st.sampled_from([20, 80, 1000]),
    st.booleans(),
    st.sampled_from([yaml.SafeDumper, yaml.Dumper, getattr(yaml, "CSafeDumper", yaml.SafeDumper)]),
)
@example({"\x85": None}, False, True, 2, 80, False, yaml.SafeDumper)  # found by this property: U+0085 counted as a line break
@example({"a": "x\u2028y", "b": [1, 2]}, False, True, 2, 80, False, yaml.SafeDumper)
def test_dumped_json_like_data_loads_back_with_positions_inside_the_text(
    data: dict[str, Any], flow: bool | None, unicode: bool, indent: int, width: int, start: bool, dumper: type
) -> None:
    """What a YAML tool writes from plain data loads back as the same data, with every value's
    position inside the text; the only problems plain data can have are a field with no name,
    a whole number too long for any policy field (more than MAX_DIGITS digits), and a control
    character, which a dumper writes as an escape and policies may not hold."""
    text = yaml.dump(data, Dumper=dumper, default_flow_style=flow, allow_unicode=unicode, indent=indent, width=width, explicit_start=start, sort_keys=False)
    raw = text.encode("utf-8")
    try:
        doc = parse_document(raw, path=Path(DISPLAY), display=DISPLAY)
    except LoadError as exc:
        assert_load_error_located(exc, raw)
        assert exc.problem.code in ("too-deep", "too-large"), f"plain data was refused: {exc.problem}"
        return
    assert_document_sound(doc, text)
    assert {p.code for p in doc.problems} <= {"empty-key", "number-format", "unprintable"}, doc.problems
    assert all(p.code != "number-format" or "digits" in p.message for p in doc.problems)
    if not doc.problems:
        # PyYAML's own reading is the reference: its dumper does not round-trip every string
        # (a U+0085 written inside single quotes reads back as a space), which is not ours to test
        expected = yaml.safe_load(text)
        assert doc.data == expected
        assert set(doc.positions) == {path for path, _ in paths_of(expected)}, "every value, and only those, has a position"


# --- 3. the valid policies, mutated --------------------------------------------------------


def test_the_valid_fixtures_have_no_problems_as_written_or_as_dumped() -> None:
    """The starting point of the mutations is clean, from the files and as the dumper writes them."""
    for dumped in (False, True):
        texts = {name: dump_policy(FIXTURE_DATA[name], modeline=MODELINES[name]) if dumped else raw.decode() for name, raw in FIXTURES.items()}
        documents = [parse_document(text.encode(), path=Path(name), display=name) for name, text in texts.items()]
        assert validate(documents, SCHEMAS, today=TODAY_DATE) == []
        for doc in documents:
            policy_from_data(doc.data, source=doc.display)


@run(150)
@given(mutated_policy(), st.booleans(), st.sampled_from([False, None]))
@example(with_changes("SE-001-greeting.yaml", kind=["service-expectation"]), True, False)  # found by this property: TypeError
@example(with_changes("GR-001-golden-rule.yaml", kind={"golden-rule": None}), True, False)
@example(with_changes("LC-001-customer-visits.yaml", target={"activity": "customer visits", "count": 2.0, "unit": "visits", "per": "quarter"}), True, False)  # found: 2.0 passes as an integer
@example(with_changes("SE-001-greeting.yaml", summary=Plain("no"), version=Plain("1.0"), effective=Plain("2026-02-30")), True, False)
def test_a_mutated_policy_validates_into_located_problems(policy: tuple[str, dict[str, Any]], modeline: bool, flow: bool | None) -> None:
    """Deleted, replaced, misread, unknown and duplicated fields never crash validation; each
    problem is located in its file; and a policy with no errors can be modelled."""
    name, data = policy
    text = dump_policy(data, modeline=MODELINES[name] if modeline else None, flow=flow)
    raw = text.encode("utf-8")
    doc = load(raw, display=name)
    if doc is None:
        return
    problems = assert_validation_sound([doc, *others(name)], {**FIXTURE_TEXTS, name: text})
    if not any(p.severity == "error" and p.file == name for p in problems):
        policy = policy_from_data(doc.data, source=name)
        if policy.target is not None:
            assert isinstance(policy.target.count, int), f"the model's target count is {policy.target.count!r}, not a whole number"


# --- 4. the whole run, on disk -------------------------------------------------------------


@pytest.fixture(scope="module")
def disk_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project for every example (a function-scoped tmp_path would be shared by them anyway);
    each example replaces one policy file and puts it back."""
    return new_project(tmp_path_factory.mktemp("properties") / "project")


@run(30)
@given(
    st.one_of(
        mutated_policy().map(lambda p: (p[0], dump_policy(p[1], modeline=MODELINES[p[0]]).encode("utf-8"))),
        st.tuples(st.sampled_from(sorted(FIXTURES)), any_bytes()),
        edited_fixture().map(lambda case: (case[0], case[1].encode("utf-8", "surrogatepass"))),
    )
)
@example(("SE-001-greeting.yaml", FIXTURES["SE-001-greeting.yaml"].replace(b"kind: service-expectation", b"kind: [x]")))  # the bugs above, end to end
@example(("GR-001-golden-rule.yaml", b"a: 0x_\n"))
def test_a_run_on_disk_reports_a_broken_policy_file_and_never_raises(disk_project: Path, case: tuple[str, bytes]) -> None:
    """`run_check`, as the CLI and the site build call it, turns any broken policy file into
    located problems: it raises for nothing a policy file contains."""
    name, raw = case
    path = disk_project / "policies" / name
    path.write_bytes(raw)
    try:
        project = read_project(disk_project)
        try:
            outcome = run_check(project, today=TODAY_DATE)
        except PolicyError as exc:  # a project-level failure caused by one policy file is a failure too
            raise AssertionError(f"a policy file made the whole run fail: {exc.problem}") from exc
        texts = {f"policies/{n}": source_text((disk_project / "policies" / n).read_bytes()) for n in FIXTURES}
        for problem in outcome.problems:
            assert_located(problem, texts)
        failed = {p.file for p in outcome.problems if p.severity == "error"}
        assert {p.source for p in outcome.policies} == set(texts) - failed
        assert outcome.checked == len(FIXTURES)
    finally:
        shutil.copyfile(VALID / name, path)
