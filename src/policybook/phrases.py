"""Phrases to avoid, found where customers read them: templates, macros, help articles.

The service expectations list phrases to avoid, each with why and what to say instead.
This module turns the lists in force today into one compiled matcher and runs it over the
text of the files writers keep: plain text, Markdown, HTML (tags skipped) and the JSON,
YAML and CSV exports of support desks (every string value or cell).

How a phrase matches, so writers can predict it:
- case is ignored, and so are extra spaces and line breaks between its words;
- curly and straight quotes and apostrophes are the same (’ and '), as are the dashes;
- the phrase's own trailing punctuation is ignored ("No problem." matches "no problem!"),
  except in a phrase of one word ("Next!" is not found in "next steps");
- it matches whole words only: "no problem" is not found in "no problems found", and
  "calm down" is not found in "becalm downstairs".

A line that holds `policybook-phrases: ignore` is not checked, nor is the line after it (for a
comment on a line of its own); everything between `policybook-phrases: off` and
`policybook-phrases: on` is not checked either. Use them where a phrase is quoted on purpose,
as in training material that shows what not to say.

Pure: text and phrases in, matches out; `scan_file` is the one place that reads a file.
"""

from __future__ import annotations

import bisect
import csv
import functools
import html
import io
import itertools
import json
import multiprocessing
import os
import re
import signal
import stat
import string
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ahocorasick_rs
import yaml

from .model import Policy
from .problems import Problem, Severity, error

#: Characters that count as the same when matching: every apostrophe, quote and dash.
_APOSTROPHES = "'’‘ʼ′"
_QUOTES = '"“”„″'
_DASHES = "-‐‑–—"
#: Punctuation a phrase may end with that a match does not need.
_TRAILING = ".!?…,;: \t\n"
#: The largest text file checked (help articles are a few kilobytes; exports can be large).
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class AvoidPhrase:
    """One phrase to avoid, and the policy that says so."""

    text: str
    why: str
    instead: str | None
    policy: str
    policy_title: str
    audience: tuple[str, ...]
    channels: tuple[str, ...] = ()


def phrases_in_force(policies: Iterable[Policy], *, today: date, audience: str | None = None, channel: str | None = None) -> list[AvoidPhrase]:
    """The phrases to avoid of every policy in force today, optionally only those that apply
    to one audience (a role; policies for everyone apply to every role) or one channel."""
    found = []
    for policy in policies:
        if not policy.in_force or policy.effective > today.isoformat():
            continue
        if audience is not None and audience not in policy.audience and "everyone" not in policy.audience:
            continue
        for phrase in policy.phrases_avoid:
            if channel is not None and phrase.channels and channel not in phrase.channels:
                continue
            found.append(AvoidPhrase(phrase.text, phrase.why, phrase.instead, policy.id, policy.title, policy.audience, phrase.channels))
    return found


def core(text: str) -> str:
    """The part of a phrase a match needs: without surrounding quotes and, for a phrase of
    several words, trailing punctuation (a one-word phrase such as "Next!" keeps its own,
    or it would be found in every "next")."""
    words = text.strip().strip(_QUOTES)
    if len(words.split()) < 2:
        return words
    return words.rstrip(_TRAILING).strip(_QUOTES + _APOSTROPHES).strip()


def _atoms(text: str) -> list[str]:
    """The phrase as regular-expression pieces for any text: one per character, any run of
    spaces as `\\s+`, and every apostrophe, quote or dash as a class of its look-alikes."""
    atoms = []
    for part in re.split(r"(\s+)", core(text)):
        if part.isspace():
            atoms.append(r"\s+")
            continue
        for char in part:
            if char in _APOSTROPHES:
                atoms.append(f"[{_APOSTROPHES}]")
            elif char in _QUOTES:
                atoms.append(f"[{_QUOTES}]")
            elif char in _DASHES:
                atoms.append(f"[{_DASHES}]")
            else:
                atoms.append(re.escape(char))
    return [atom for atom in atoms if atom]


def pattern(text: str) -> str:
    """A regular expression for the phrase, in the subset that Python and Go's RE2 (Vale)
    read alike: literal characters, character classes, `\\s+` and `\\b`. Match it ignoring case."""
    words = core(text)
    start = r"\b" if words[:1].isalnum() else ""
    end = r"\b" if words[-1:].isalnum() else ""
    return f"{start}{''.join(_atoms(text))}{end}"


#: Look-alikes made one character in the matcher's copy of a text (same length, so every
#: match is where it was): apostrophes and dashes to their plain forms, quotes to '"'.
_CANONICAL = {**{ord(c): "'" for c in _APOSTROPHES}, **{ord(c): '"' for c in _QUOTES}, **{ord(c): "-" for c in "‐‑"}}
#: Characters that can come right before a word without a space (quotes, brackets, markup,
#: dashes between words): in the matcher's copy they become spaces, so that "a phrase starts
#: after a space" is the one rule it needs — unless a phrase itself contains them. Sentence
#: punctuation stays: "Say no. Problem solved." holds no "no problem".
_SEPARATORS = " \t\n\r\f\v\u00a0\u2002\u2003\u2009\u202f\"()[]{}<>*_`/\\|~=+#&–—"


def _canonical(text: str) -> str:
    """A phrase as the matcher's copy of a text spells it: lower case, plain apostrophes and quotes."""
    return core(text).lower().translate(_CANONICAL)


_RUNS = re.compile("  +")
_BYTE_RUNS = re.compile(b"  +")


class _Unspacer:
    """Where a character of `spaced` (`copy` with each run of spaces made one) is in `copy`;
    both are text, or both are ASCII bytes.

    Asked only for the characters of a match, never for a space: the place in `copy` with as
    many other characters before it. In a short text that place is found by halving, with
    counts done in compiled code; in a long one (an export of thousands of macros) by the
    positions of the runs, found once."""

    SHORT = 64 * 1024

    def __init__(self, copy: str | bytes, spaced: str | bytes) -> None:
        self.copy, self.spaced = copy, spaced
        self._runs: list[tuple[int, int]] | None = None

    def __call__(self, index: int) -> int:
        copy, spaced = self.copy, self.spaced
        if spaced is copy:
            return index
        if len(copy) > self.SHORT:
            if self._runs is None:  # (index in spaced after the run, index in copy after it)
                runs = [m.span() for m in (_BYTE_RUNS.finditer(copy) if isinstance(copy, bytes) else _RUNS.finditer(copy))]
                gone = itertools.accumulate(end - start - 1 for start, end in runs)
                self._runs = [(end - removed, end) for (_, end), removed in zip(runs, gone, strict=True)]
            at = bisect.bisect_right(self._runs, (index, len(copy))) - 1
            return index if at < 0 else self._runs[at][1] + index - self._runs[at][0]
        space = b" " if isinstance(copy, bytes) else " "
        before = index - spaced.count(space, 0, index)  # type: ignore[arg-type]  # characters other than spaces before it
        low, high = index, len(copy)
        while low < high:
            middle = (low + high) // 2
            if middle - copy.count(space, 0, middle) <= before:  # type: ignore[arg-type]
                low = middle + 1
            else:
                high = middle
        return low - 1


class Matcher:
    """Every phrase in one Aho-Corasick automaton: each text is read once, in compiled code,
    whatever the number of phrases.

    It runs over a copy of the text: lower case, look-alike quotes and apostrophes made one,
    every character that can come before a word without a space (quotes, brackets, markup)
    turned into a space, and every run of spaces made one. A phrase that starts with a letter
    is searched as " phrase", so it is only found where a word starts; whether it ends where a
    word ends is checked for each match."""

    def __init__(self, phrases: Sequence[AvoidPhrase]) -> None:
        self.phrases = [p for p in phrases if core(p.text)]
        canonical = [" ".join(_canonical(p.text).split()) for p in self.phrases]
        used = set("".join(canonical))
        spaces = {c for c in _SEPARATORS if c not in used or c.isspace()}
        self._table = {**{ord(c): " " for c in spaces}, **{k: " " if v in spaces else v for k, v in _CANONICAL.items()}}
        ascii_table = bytearray(range(128))
        for key, value in {**{ord(c): c.lower() for c in string.ascii_uppercase}, **{k: v for k, v in self._table.items() if k < 128}}.items():
            ascii_table[key] = ord(value)
        #: an ASCII text's lower case and separators, one byte for one (bytes are twice as fast as text here)
        self._ascii_table = bytes(ascii_table) + bytes(range(128, 256))
        # A phrase starting a word follows a space, or a space and an opening single quote.
        needles = [(n, needle) for n, text in enumerate(canonical) for needle in ((" " + text, " '" + text) if text[:1].isalnum() else (text,))]
        #: each distinct needle's phrase (the first with that spelling) and whether a word must end after it
        first = {needle: n for n, needle in reversed(needles)}
        self._needles = list(first)
        self._phrase_of = [self.phrases[first[needle]] for needle in self._needles]
        self._lead = [len(needle) - len(needle.lstrip(" '")) if canonical[first[needle]][:1].isalnum() else 0 for needle in self._needles]
        self._word_end = [n[-1:].isalnum() or n[-1:] == "_" for n in self._needles]
        #: for each needle, the shorter needles it begins with, longest first: tried when a
        #: match is not a whole word ("no problem at" in "no problem atlas" leaves "no problem")
        self._prefixes = [sorted((j for j, other in enumerate(self._needles) if j != i and needle.startswith(other)), key=lambda j: -len(self._needles[j])) for i, needle in enumerate(self._needles)]
        self._automaton = (
            ahocorasick_rs.BytesAhoCorasick([n.encode("utf-8") for n in self._needles], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest, implementation=ahocorasick_rs.Implementation.DFA)
            if self._needles
            else None
        )

    def find(self, text: str) -> Iterator[tuple[int, int, AvoidPhrase]]:
        """(start, end, phrase) of each phrase to avoid in `text`, in order."""
        if self._automaton is None:
            return
        copy: str | bytes
        spaced: str | bytes
        if text.isascii():  # most templates: bytes throughout, one byte a character
            copy = b" " + text.encode("ascii").translate(self._ascii_table)  # lower case and separators in one pass
            spaced = data = _BYTE_RUNS.sub(b" ", copy) if b"  " in copy else copy  # one space for many
            ascii_only = True
        else:
            lowered = text.lower()
            if len(lowered) != len(text):  # a rare letter whose lower case is longer: keep the places
                lowered = "".join(c.lower()[:1] for c in text)
            copy = " " + lowered.translate(self._table)
            spaced = _RUNS.sub(" ", copy) if "  " in copy else copy
            data = spaced.encode("utf-8")
            ascii_only = len(data) == len(spaced)
        unspaced = _Unspacer(copy, spaced)
        for needle, start, end in self._automaton.find_matches_as_indexes(data):
            if not ascii_only:  # byte offsets to character offsets
                start, end = len(data[:start].decode("utf-8")), len(data[:end].decode("utf-8"))
            chosen = self._whole(needle, spaced, start)
            if chosen is None:
                continue
            length = len(self._needles[chosen])
            begin = unspaced(start + self._lead[chosen]) - 1  # past the space (and quote) searched for, and the copy's first space
            finish = unspaced(start + length - 1)
            yield begin, finish, self._phrase_of[chosen]

    def _whole(self, needle: int, copy: str | bytes, start: int) -> int | None:
        """`needle`, or the longest needle it begins with, if it ends where a word ends there."""
        for candidate in (needle, *self._prefixes[needle]):
            after = start + len(self._needles[candidate])
            following = copy[after : after + 1]  # text or bytes alike
            if not self._word_end[candidate] or not (following.isalnum() or following in ("_", b"_")):
                return candidate
        return None


# --- the texts inside each kind of file ---------------------------------------------------


Anchors = tuple[tuple[int, int], ...]


class Piece:
    """A run of text to check, and where its characters are in the file.

    Anchors are (index here, index in the parent) pairs, sorted: a character's place in the
    parent is its anchor's place plus its distance from the anchor. The parent is the file
    itself, or the piece this one was rewritten from. Anchors of a rewritten piece are worked
    out only when a match asks for them: most texts hold no phrase to avoid.
    """

    __slots__ = ("_anchors", "_build", "parent", "text")

    def __init__(self, text: str, anchors: Anchors = ((0, 0),), *, parent: Piece | None = None, build: Callable[[], Anchors] | None = None) -> None:
        self.text = text
        self.parent = parent
        self._anchors: Anchors | None = None if build else anchors
        self._build = build

    @property
    def anchors(self) -> Anchors:
        if self._anchors is None:
            assert self._build is not None
            self._anchors = self._build()
        return self._anchors

    def source_index(self, index: int) -> int:
        anchors = self.anchors
        at = bisect.bisect_right(anchors, (index, float("inf"))) - 1
        mine, theirs = anchors[max(at, 0)]
        here = theirs + (index - mine)
        return self.parent.source_index(here) if self.parent is not None else here


def rewrite(piece: Piece, regex: re.Pattern[str], replace: str | Callable[[re.Match[str]], str]) -> Piece:
    """`piece` with every match of `regex` replaced (in one compiled pass when `replace` is text)."""
    text = regex.sub(replace, piece.text)
    if text == piece.text:
        return piece

    def build() -> Anchors:
        """An anchor after each replaced run: the characters a match can ask about (a phrase's
        own) are never inside one. One comprehension, as a text can have thousands of runs."""
        if isinstance(replace, str):
            spans = [m.span() for m in regex.finditer(piece.text)]
            width = len(replace)
            removed = list(itertools.accumulate([end - start - width for start, end in spans]))
        else:
            matches = list(regex.finditer(piece.text))
            spans = [m.span() for m in matches]
            removed = list(itertools.accumulate([m.end() - m.start() - len(replace(m)) for m in matches]))
        ends = [end for _, end in spans]
        return ((0, 0), *zip([end - gone for end, gone in zip(ends, removed, strict=True)], ends, strict=True))

    return Piece(text, parent=piece, build=build)


_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)|<[A-Za-z/!?][^>]*>", re.S | re.I)
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescape(found: re.Match[str]) -> str:
    return html.unescape(found.group())


def plain_pieces(text: str) -> list[Piece]:
    return [Piece(text)]


def markdown_pieces(text: str) -> list[Piece]:
    """Markdown: HTML and link targets are not words (emphasis and code marks are not
    letters, so the matcher reads past them already)."""
    piece = Piece(text)
    if "<" in text:
        piece = rewrite(piece, _TAG, " ")
    if "](" in text:
        piece = rewrite(piece, _LINK_TARGET, " ")
    return [piece]


def html_pieces(text: str) -> list[Piece]:
    """HTML: the text a reader sees; tags, comments, scripts and styles skipped (a tag still
    separates words: "No <b>problem</b>" reads as "No problem"), entities read (`&rsquo;` is an
    apostrophe)."""
    piece = rewrite(Piece(text), _TAG, " ")
    return [rewrite(piece, _ENTITY, _unescape) if "&" in piece.text else piece]


def _value_piece(value: str, source: str, start: int) -> Piece:
    """A string value whose first character is at `start` in the file `source`.

    When the value is written out verbatim there (most are), its characters keep their
    places; otherwise (escapes, doubled quotes, indented or folded lines) each word is found
    in the file in turn, so a match is reported where its first word is. HTML inside the value
    is read as HTML."""
    if source.startswith(value, start):
        base = Piece(value, ((0, start),))
    else:
        anchors, cursor = [], start
        for word in re.finditer(r"\S+", value):
            where = source.find(word.group(), cursor)
            if where >= 0:
                anchors.append((word.start(), where))
                cursor = where + len(word.group())
        base = Piece(value, tuple(anchors) or ((0, start),))
    if "<" in value and _TAG.search(value):
        inner = rewrite(base, _TAG, " ")
        return rewrite(inner, _ENTITY, _unescape) if "&" in inner.text else inner
    return base


_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?')


def json_pieces(text: str) -> list[Piece]:
    """JSON exports (support-desk macros, canned responses): every string value, not the keys.

    Positions are exact for values without escapes, and point into the value otherwise."""
    json.loads(text)  # refuse a file that is not JSON, with the parser's own message
    pieces = []
    for found in _JSON_STRING.finditer(text):
        if found.group(2):  # a key
            continue
        value = json.loads(found.group(0).rstrip(":").rstrip())
        if isinstance(value, str) and value.strip():
            pieces.append(_value_piece(value, text, found.start() + 1))
    return pieces


def yaml_pieces(text: str) -> list[Piece]:
    """YAML exports: every string value (keys are names, not text customers read)."""
    pieces = []
    #: for each open mapping, whether its next node is a key; None for a list
    expecting_key: list[bool | None] = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        for event in iter(loader.get_event, None):
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                expecting_key.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            is_key = bool(expecting_key) and expecting_key[-1] is True
            if expecting_key and expecting_key[-1] is not None:
                expecting_key[-1] = not expecting_key[-1]
            if isinstance(event, yaml.MappingStartEvent):
                expecting_key.append(True)
            elif isinstance(event, yaml.SequenceStartEvent):
                expecting_key.append(None)
            elif isinstance(event, yaml.ScalarEvent) and not is_key and event.value.strip():
                pieces.append(_value_piece(event.value, text, _scalar_start(event)))
    finally:
        loader.dispose()
    return pieces


def _scalar_start(event: yaml.ScalarEvent) -> int:
    """Where the value starts: after its quote, if quoted (a block's words are found from its indicator)."""
    mark: int = event.start_mark.index  # type: ignore[union-attr]
    return mark + 1 if event.style in ("'", '"') else mark


def csv_pieces(text: str) -> list[Piece]:
    """CSV exports with a header row (saved replies, canned responses): every cell below it."""
    pieces = []
    stream = io.StringIO(text, newline="")
    record_start = 0
    for number, row in enumerate(csv.reader(stream, strict=True)):
        record_end = stream.tell()
        cursor = record_start
        for cell in row:
            quoted = text.startswith('"', cursor)
            raw = '"' + cell.replace('"', '""') + '"' if quoted else cell
            if number > 0 and cell.strip():
                pieces.append(_value_piece(cell, text, cursor + 1 if quoted else cursor))
            cursor += len(raw) + 1  # and the comma
        record_start = record_end
    return pieces


#: How the text of each kind of file is read, by file name ending.
READERS: dict[str, Callable[[str], list[Piece]]] = {
    ".txt": plain_pieces,
    ".text": plain_pieces,
    ".md": markdown_pieces,
    ".markdown": markdown_pieces,
    ".html": html_pieces,
    ".htm": html_pieces,
    ".json": json_pieces,
    ".yaml": yaml_pieces,
    ".yml": yaml_pieces,
    ".csv": csv_pieces,
}


# --- checking a file -------------------------------------------------------------------

_IGNORE = "policybook-phrases: ignore"
_OFF, _ON = "policybook-phrases: off", "policybook-phrases: on"


def _ignored_lines(text: str) -> set[int]:
    """Lines (from 1) not checked: those with the ignore comment and the ones after them,
    and everything from an 'off' comment to the next 'on'."""
    ignored: set[int] = set()
    off = False
    for number, line in enumerate(text.split("\n"), 1):
        if _OFF in line:
            off = True
        if off or _IGNORE in line:
            ignored.update((number, number + 1) if _IGNORE in line else (number,))
        if _ON in line:
            off = False
    return ignored


def _sentence(why: str) -> str:
    """A reason as the middle of a sentence: 'It hints…' → 'it hints…', without its full stop."""
    text = " ".join(why.split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


@functools.lru_cache(maxsize=4096)
def message(phrase: AvoidPhrase) -> str:
    said = f'"{phrase.text}" is a phrase to avoid ({phrase.policy}): {_sentence(phrase.why)}'
    return said + (f'; say "{phrase.instead}" instead' if phrase.instead else "")


def check_text(text: str, *, display: str, suffix: str, matcher: Matcher, severity: Severity = "warning") -> list[Problem]:
    """Every phrase to avoid in one file's `text`, located, as problems."""
    reader = READERS[suffix.lower()]
    starts: list[int] = []  # where each line starts: found only when there is something to report
    ignored = _ignored_lines(text) if "policybook-phrases:" in text else set()
    problems = []
    for piece in reader(text):
        for start, _end, phrase in matcher.find(piece.text):
            index = piece.source_index(start)
            starts = starts or [0] + [m.end() for m in re.finditer(r"\n", text)]
            line = bisect.bisect_right(starts, index)
            if line in ignored:
                continue
            problems.append(Problem(display, line, index - starts[line - 1] + 1, severity, "avoid-phrase", message(phrase)))
    return sorted(problems)


def _read_up_to(descriptor: int, size: int) -> bytes:
    """The file's bytes, read straight from the descriptor (no buffered stream to set up for a
    file of two kilobytes): its `size` at once, then whatever it grew by meanwhile, stopping
    once past the limit."""
    chunks = [os.read(descriptor, size + 1)]
    total = len(chunks[0])
    while chunks[-1] and total <= MAX_BYTES:
        chunks.append(os.read(descriptor, 1 << 16))
        total += len(chunks[-1])
    return b"".join(chunks)


def scan_file(path: Path, *, display: str, matcher: Matcher, severity: Severity = "warning") -> list[Problem]:
    """Read one file and check it; a file that cannot be read or parsed is one located error."""
    try:
        # Not blocking: a FIFO or device named like a template must not stall the check.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                return [error(display, 1, 1, "not-a-file", "this is not a regular file (a pipe, device or socket); only text files are checked")]
            raw = _read_up_to(descriptor, info.st_size) if info.st_size <= MAX_BYTES else b""
            if info.st_size > MAX_BYTES or len(raw) > MAX_BYTES:
                size = max(info.st_size, len(raw))
                return [error(display, 1, 1, "too-large", f"the file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for a text to check; split it")]
        finally:
            os.close(descriptor)
    except OSError as exc:
        return [error(display, 1, 1, "unreadable", f"cannot read the file: {exc.strerror or exc}; check that it exists and that you may read it")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [error(display, 1, 1, "encoding", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be read); save it with UTF-8 encoding")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return check_text(text, display=display, suffix=path.suffix, matcher=matcher, severity=severity)
    except (ValueError, yaml.YAMLError, csv.Error) as exc:  # json.JSONDecodeError is a ValueError
        where = getattr(exc, "lineno", None) or getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        return [error(display, where, 1, "unreadable", f"the file cannot be read as {path.suffix.lstrip('.').upper()}: {exc}; fix it, or rename it if it is another kind of file")]


# --- which files to check ---------------------------------------------------------------

#: Folders never walked into: tools' own, and hidden ones.
_SKIPPED_FOLDERS = {"node_modules", "__pycache__", "venv"}


@dataclass(frozen=True)
class Selection:
    """The files to check, and what was left out and why."""

    files: tuple[Path, ...]
    #: named paths that are the handbook's own (they may quote phrases on purpose)
    own: tuple[Path, ...] = ()
    #: files of kinds that cannot be read, met while walking folders
    other_kinds: int = 0
    #: named paths that do not exist, or are of a kind that cannot be read
    unusable: tuple[tuple[Path, str], ...] = ()
    #: whether walking a folder passed over the handbook's own folders
    passed_own: bool = False


def select_files(paths: Sequence[Path], *, own_folders: Sequence[Path]) -> Selection:
    """The files under `paths` to check. The handbook's own folders (its pages, policies,
    schemas and built site) are never checked: they quote phrases to avoid as examples."""
    own_real = [folder.resolve() for folder in own_folders]

    def is_own(path: Path) -> bool:
        real = path.resolve()
        return any(real == folder or folder in real.parents for folder in own_real)

    files: list[Path] = []
    own: list[Path] = []
    unusable: list[tuple[Path, str]] = []
    other = 0
    pruned = False
    for given in paths:
        if is_own(given):
            own.append(given)
        elif given.is_file():
            if given.suffix.lower() in READERS:
                files.append(given)
            else:
                unusable.append((given, f"files ending in {given.suffix or '(nothing)'!r} are not checked; the kinds checked are {', '.join(sorted(READERS))}"))
        elif given.is_dir():
            for folder, dirs, names in sorted_walk(given):
                kept = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_FOLDERS]
                dirs[:] = [d for d in kept if not is_own(folder / d)]
                real_folder = folder.resolve()
                own_here = {real.name for real in own_real if real.parent == real_folder}
                pruned = pruned or len(dirs) < len(kept) or bool(own_here & set(names))
                for name in names:
                    if name.startswith(".") or name in own_here:
                        continue
                    if Path(name).suffix.lower() in READERS:
                        files.append(folder / name)
                    else:
                        other += 1
        else:
            unusable.append((given, "no such file or folder; check the path"))
    return Selection(tuple(dict.fromkeys(files)), tuple(own), other, tuple(unusable), pruned)


def sorted_walk(top: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    """`os.walk`, in a stable order, not following links to folders."""
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        yield Path(folder), dirs, sorted(names)


@dataclass(frozen=True)
class PhraseCheck:
    """One run of the checker: every problem found, sorted, and what was looked at."""

    problems: tuple[Problem, ...]
    files: int
    phrases: int
    #: notes about what was not checked, for the summary
    notes: tuple[str, ...] = ()


#: Fewer files than this are checked in this process: starting workers would cost more than they save.
PARALLEL_FROM = 500


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's limit, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def workers_for(files: int, jobs: int | None) -> int:
    """How many processes check `files` files: `jobs` (or every usable CPU), but one when there
    are too few files to be worth it or processes cannot be forked (a fork inherits the
    compiled matcher; building it again in each worker would cost more than it saves)."""
    wanted = usable_cpus() if jobs is None else jobs
    if wanted <= 1 or files < PARALLEL_FROM or sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(wanted, files // (PARALLEL_FROM // 2))


#: The matcher of the workers of one `check_files`: set before they are forked, which inherit it.
_WORKER_MATCHER: Matcher | None = None


def _quiet_worker() -> None:
    """Ctrl-C is for the parent: it stops the workers itself and reports once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _scan_batch(batch: Sequence[tuple[Path, str]], severity: Severity) -> list[Problem]:
    assert _WORKER_MATCHER is not None
    return [problem for path, display in batch for problem in scan_file(path, display=display, matcher=_WORKER_MATCHER, severity=severity)]


def _scan_all(files: Sequence[tuple[Path, str]], matcher: Matcher, severity: Severity, workers: int) -> list[Problem]:
    if workers <= 1:
        return [problem for path, display in files for problem in scan_file(path, display=display, matcher=matcher, severity=severity)]
    global _WORKER_MATCHER
    _WORKER_MATCHER = matcher
    try:
        shares = workers * 4  # interleaved shares, so that one folder of large files is not all one worker's
        batches = [files[n::shares] for n in range(shares)]
        # Leaving the block terminates the workers, also on Ctrl-C or an error.
        with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
            return [problem for found in pool.starmap(_scan_batch, [(batch, severity) for batch in batches]) for problem in found]
    finally:
        _WORKER_MATCHER = None


def check_files(selection: Selection, *, matcher: Matcher, base: Path, severity: Severity = "warning", jobs: int | None = 1) -> PhraseCheck:
    """Check every selected file; name files relative to `base`. With `jobs` other than 1, a
    long list is shared among that many processes (None: one per usable CPU); what is found
    is the same, in the same order."""
    files = [(path, _display(path, base)) for path in selection.files]
    problems = _scan_all(files, matcher, severity, workers_for(len(files), jobs))
    for path, why in selection.unusable:
        problems.append(error(_display(path, base), 1, 1, "unreadable", why))
    notes = [f"{_display(path, base)} is the handbook's own (its pages, policies, schemas or built site), which quote phrases to avoid as examples: not checked" for path in selection.own]
    if selection.passed_own:
        notes.append("the handbook's own pages, policies, schemas and built site are not checked: they quote phrases to avoid as examples")
    if selection.other_kinds:
        notes.append(f"{selection.other_kinds} file{'s' if selection.other_kinds != 1 else ''} of other kinds not checked (the kinds checked are {', '.join(sorted(READERS))})")
    return PhraseCheck(tuple(sorted(problems)), len(selection.files), len(matcher.phrases), tuple(notes))


def _display(path: Path, base: Path) -> str:
    """`path` relative to `base` when inside it; string work, as it runs for every file."""
    text, prefix = str(path if path.is_absolute() else base / path), str(base).rstrip("/") + "/"
    return text[len(prefix) :] if text.startswith(prefix) else text


# --- the avoid-list for writers' editors ------------------------------------------------

#: The Vale style's name: its rules are `Policybook.<rule>` in Vale's output and settings.
VALE_STYLE = "Policybook"


def _vale_rule_name(phrase: AvoidPhrase, taken: set[str]) -> str:
    words = re.findall(r"[A-Za-z0-9]+", re.sub(f"[{_APOSTROPHES}]", "", core(phrase.text)))
    name = phrase.policy.replace("-", "") + "".join(w.capitalize() for w in words)[:40]
    unique, n = name, 2
    while unique in taken:
        unique, n = f"{name}{n}", n + 1
    taken.add(unique)
    return unique


def vale_style(phrases: Sequence[AvoidPhrase], *, level: str = "warning") -> dict[str, str]:
    """A Vale style: one rule file per phrase, by file name inside the style's folder.

    A phrase with something to say instead is a `substitution` rule (Vale shows the better
    phrase, and editors can offer it as a fix); one without is an `existence` rule. Patterns are
    written without word boundaries, which Vale adds, and in the regular-expression subset
    that Go reads as Python does."""
    files: dict[str, str] = {}
    taken: set[str] = set()
    for phrase in phrases:
        name = _vale_rule_name(phrase, taken)
        why = _sentence(phrase.why).replace("%", "%%")
        key = pattern(phrase.text).removeprefix(r"\b").removesuffix(r"\b")
        rule: dict[str, object]
        if phrase.instead:
            rule = {
                "extends": "substitution",
                "message": f"Say '%s' instead of '%s': {why} ({phrase.policy}).",
                "level": level,
                "ignorecase": True,
                "swap": {key: phrase.instead.replace("|", "/")},
            }
        else:
            rule = {"extends": "existence", "message": f"Avoid '%s': {why} ({phrase.policy}).", "level": level, "ignorecase": True, "tokens": [key]}
        head = f"# Written by policybook from {phrase.policy} ({phrase.policy_title}): {phrase.text}\n# Do not edit: change the policy, then run `policybook phrases export`.\n"
        files[f"{name}.yml"] = head + yaml.safe_dump(rule, sort_keys=False, allow_unicode=True, width=1000)
    return files


def phrases_json(phrases: Sequence[AvoidPhrase]) -> str:
    """The avoid-list as plain JSON, for any other tool: each phrase, what to say instead and why."""
    records = [
        {
            "phrase": p.text,
            "pattern": pattern(p.text),
            "instead": p.instead,
            "why": p.why,
            "policy": p.policy,
            "policy_title": p.policy_title,
            "audience": list(p.audience),
            "channels": list(p.channels),
        }
        for p in phrases
    ]
    return json.dumps({"format": 1, "ignore_case": True, "phrases": records}, indent=2, ensure_ascii=False) + "\n"


#: Lists the files an export wrote, so the next export replaces those and nothing else.
EXPORT_MANIFEST = ".policybook-export"


class ExportRefusedError(Exception):
    """The export's folder holds files policybook did not write there."""


def write_export(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write `files` into `folder`, replacing what an earlier export wrote there and nothing
    else: a folder holding anything else is refused before anything is written."""
    manifest = folder / EXPORT_MANIFEST
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ExportRefusedError(f"{folder} is not a folder; choose a folder for the style")
    before: set[str] = set()
    if manifest.is_file():
        before = {line for line in manifest.read_text(encoding="utf-8").splitlines() if line and "/" not in line and line != EXPORT_MANIFEST}
    if folder.is_dir():
        strangers = sorted(p.name for p in folder.iterdir() if p.name != EXPORT_MANIFEST and p.name not in before)
        if strangers:
            shown = ", ".join(strangers[:3]) + (f" and {len(strangers) - 3} more" if len(strangers) > 3 else "")
            raise ExportRefusedError(f"{folder} holds files that policybook did not write ({shown}); choose an empty or new folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(files.items()):
        target = folder / name
        temporary = folder / f".{name}.tmp"
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
        written.append(target)
    for stale in sorted(before - set(files)):
        (folder / stale).unlink(missing_ok=True)
    manifest.write_text("".join(f"{name}\n" for name in sorted(files)), encoding="utf-8")
    return written
