"""Safe, located YAML loading: bytes in, JSON-shaped data and source positions out.

The document is built straight from PyYAML's event stream (its C parser where present),
never with a constructor: no tag can build an object, every value can keep its line and
column, and the limits below are checked while the events arrive, so a hostile file is
stopped before it can grow, nest or alias its way past them.

Positions cost time, and most files are fine: `parse_document(..., located=False)` builds
the data alone and stops at the first thing worth a message; `locate()` then reads the
file again, this time remembering where everything is.
"""

from __future__ import annotations

import bisect
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from .mistakes import Mistake, SyntaxFailure, recognise
from .problems import LoadError, Problem, error

#: Largest policy file accepted; real policies are a few kilobytes.
MAX_BYTES = 256 * 1024
#: Deepest nesting of lists and mappings; policies need about six.
MAX_DEPTH = 64
#: Values that aliases (`*name`) may add in total, counting everything they copy.
MAX_ALIAS_VALUES = 1_000
#: Longest whole number accepted; counts and targets need a few digits.
MAX_DIGITS = 30

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]

_PARSER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + "str", _TAG + "map", _TAG + "seq", "!"}
_TEXT_TAGS = {_TAG + "str", _TAG + "timestamp", _TAG + "merge", _TAG + "value"}
#: First characters with which a plain scalar can be something other than text (null is also '').
_RESOLVABLE = set(_RESOLVER.yaml_implicit_resolvers) | {""}
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: A comment on the rest of the line after a plain value (' #' ends a plain value).
_COMMENT_ON_THE_LINE = re.compile(r"[ \t]+(#[^\r\n]*)")
#: A comment on the next line that is not blank (its indentation, then the comment).
_COMMENT_BELOW = re.compile(r"[ \t]*(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*([ \t]*)(#[^\r\n]*)")


@dataclass(frozen=True)
class Dropped:
    """Text written as part of a plain (unquoted) value that YAML does not count as part of it."""

    line: int
    column: int
    #: what is lost, as written
    text: str
    #: 'comment': ' #' on the value's line; 'comment-line': a '#' line indented like the
    #: value's next line; 'anchor': '&name' at its start, which no alias uses
    how: Literal["comment", "comment-line", "anchor"]

    def would_be(self, value: Any) -> str:
        """The value, had YAML kept the text: what the schema is asked about."""
        written = "" if value is None else str(value)
        if self.how == "anchor":
            return f"{self.text} {written}"
        return f"{written} {self.text}".strip()

    def problem(self, display: str, path: JsonPath) -> Problem:
        field = path[-1] if path else None
        block, start = (f"'{field}: >-'", f"'{field}:'") if isinstance(field, str) else ("'- >-'", "the '-'")
        message = _DROPPED[self.how].format(lost=_clip(self.text), block=block, start=start)
        return error(display, self.line, self.column, "dropped-text", message, json_path(path))


_KEEP_IT = "to keep it, put the whole text in quotes, or write {block} with the text indented on the lines below"
_DROPPED = {
    "comment": "YAML reads ' #' and everything after it as a comment, so {lost!r} is left out of this text; " + _KEEP_IT + "; if it is a note, put it on a line of its own",
    "comment-line": "YAML reads this line as a comment because it starts with '#', so {lost!r} is left out of the text above it; "
    + _KEEP_IT
    + "; if it is a note, indent it no further than {start}",
    "anchor": "YAML reads {lost!r} at the start of this text as an anchor (a name for the value), so it is left out of the text; to keep it, put the whole text in quotes",
}


@dataclass
class Document:
    """A policy file read into plain data, with where each value came from."""

    path: Path
    display: str
    data: dict[str, Any]
    #: position of every value, by JSON path; values copied by an alias have none of their own
    positions: dict[JsonPath, Position] = field(default_factory=dict)
    #: position of the key of every mapping entry, by the entry's JSON path
    key_positions: dict[JsonPath, Position] = field(default_factory=dict)
    #: source text of plain scalars YAML read as something other than text (yes, 1.0, ~)
    plain: dict[JsonPath, str] = field(default_factory=dict)
    #: text YAML silently left out of plain values; an error where the schema expects text
    dropped: dict[JsonPath, Dropped] = field(default_factory=dict)
    #: the `$schema=` target named on the file's first line, if any
    schema_hint: str | None = None
    #: problems found while loading that did not stop it (duplicate keys, tags, odd numbers)
    problems: list[Problem] = field(default_factory=list)
    #: the bytes read, so positions can be found later if they were skipped
    raw: bytes = b""
    #: whether `positions`, `key_positions` and `plain` were recorded
    located: bool = True
    #: True when an earlier run found these very bytes passed every check they alone decide
    checked: bool = False

    def where(self, path: JsonPath, *, key: bool = False) -> Position:
        """Line and column for `path`: its key or value, else its nearest located ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


#: What each kind of entry that is not an ordinary file is called in messages.
_NOT_FILES = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def not_a_file(mode: int) -> str | None:
    """The message for an entry of this `st_mode` that is not an ordinary file; None for a file.

    Such an entry is never opened as a policy: a named pipe would wait for a writer forever,
    and a device could be read without end.
    """
    kind = _NOT_FILES.get(stat.S_IFMT(mode))
    if kind is None:
        return None
    if kind == "a folder":
        return "this is a folder named like a policy file; rename it so that its name does not end in '.yaml' (the policies in it are checked all the same)"
    return f"this is {kind}, not a file; policies must be ordinary files: remove it, and save the policy as an ordinary '.yaml' file"


def read_bytes(path: Path, display: str) -> bytes:
    """A policy file's bytes, never more than the limit; `LoadError` when it cannot be read.

    Only an ordinary file is opened (looked at first, so a device is never opened at all),
    and opened without waiting, so a named pipe put in its place meanwhile cannot hang the run.
    """
    try:
        special = not_a_file(path.stat().st_mode)
        if special is None:
            descriptor = os.open(path, os.O_RDONLY | _NO_WAIT)
            with os.fdopen(descriptor, "rb") as stream:
                info = os.fstat(descriptor)
                special = not_a_file(info.st_mode)
                raw = b"" if special else stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoadError(error(display, 1, 1, "unreadable", f"cannot read the file: {exc.strerror or exc}; check that it exists and that you may read it")) from None
    if special is not None:
        raise LoadError(error(display, 1, 1, "not-a-file", special))
    if len(raw) > MAX_BYTES:
        raise LoadError(error(display, 1, 1, "too-large", f"the file is {max(info.st_size, len(raw)):,} bytes, over the {MAX_BYTES:,}-byte limit for one policy; split it into smaller policies"))
    return raw


#: Open without waiting: a named pipe with no writer would otherwise block the open forever.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_document(path: Path, display: str, *, located: bool = True) -> Document:
    """Read and parse one policy file; raise `LoadError` when it cannot be used at all."""
    return parse_document(read_bytes(path, display), path=path, display=display, located=located)


def parse_document(raw: bytes, *, path: Path, display: str, located: bool = True) -> Document:
    """Turn a policy file's bytes into a `Document`; pure, so tests and git revisions can use it.

    Unlocated (`located=False`), a file with anything to report is read again located, so
    the problems and positions a caller sees are the same either way.
    """
    if len(raw) > MAX_BYTES:
        raise LoadError(error(display, 1, 1, "too-large", f"the file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit for one policy; split it into smaller policies"))
    text = _decode(raw, display)
    first_line = text.split("\n", 1)[0]
    hint = _MODELINE.match(first_line.strip())
    builder = _Builder(display, text, located=located)
    parser = _PARSER_LOADER(text)
    try:
        data = builder.build(iter(parser.get_event, None))  # yaml.parse, without a generator per event
    except _WorthAMessageError:
        return parse_document(raw, path=path, display=display, located=True)
    except yaml.MarkedYAMLError as exc:
        if _LIBYAML_TOO_DEEP in (exc.problem or ""):
            raise _too_deep(text, exc, builder.lines, display) from None
        raise LoadError(_syntax_problem(exc, builder.lines, display)) from None
    except yaml.reader.ReaderError:
        raise LoadError(_unprintable_problem(text, builder.lines, display)) from None
    finally:
        parser.dispose()
    return Document(
        path=path,
        display=display,
        data=data,
        positions=builder.positions,
        key_positions=builder.key_positions,
        plain=builder.plain,
        dropped=builder.dropped,
        schema_hint=hint.group(1) if hint else None,
        problems=builder.problems,
        raw=raw,
        located=located,
    )


def locate(doc: Document) -> Document:
    """`doc` with every position known (read again from its bytes if they were skipped)."""
    if doc.located:
        return doc
    return parse_document(doc.raw, path=doc.path, display=doc.display, located=True)


class _Lines:
    """Line and column of a character, counting line breaks as editors do (CRLF, CR, LF)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def position(self, index: int) -> Position:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        line = bisect.bisect_right(self._starts, index) - 1
        return line + 1, index - self._starts[line] + 1

    def at(self, mark: Any) -> Position:
        return self.position(mark.index) if mark is not None else (1, 1)


def decode_text(raw: bytes, display: str) -> str:
    """UTF-8 bytes as text (a byte-order mark dropped); `LoadError` naming the first byte that
    is not UTF-8, or saying the file is UTF-16. Other readers of handbook files use it too."""
    return _decode(raw, display)


def first_unprintable(text: str) -> int | None:
    """Where the first character YAML would refuse is (a control character), if any."""
    bad = _NOT_PRINTABLE.search(text)
    return bad.start() if bad else None


def _decode(raw: bytes, display: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(error(display, 1, 1, "encoding", "the file is saved as UTF-16; save it with UTF-8 encoding"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
        start = exc.start - (len(raw) - len(body))
        before = body[:start].decode("utf-8", "replace")
        line, column = _Lines(before).position(len(before))
        raise LoadError(error(display, line, column, "encoding", f"the file is not UTF-8 text (byte 0x{body[start]:02X} cannot be read); save it with UTF-8 encoding")) from None
    return text.removeprefix("\ufeff")


def _unprintable_problem(text: str, lines: _Lines, display: str) -> Problem:
    bad = _NOT_PRINTABLE.search(text)
    index = bad.start() if bad else 0
    char = f"U+{ord(text[index]):04X}" if bad else "a character"
    return error(display, *lines.position(index), "unprintable", f"the file contains a control character ({char}) that YAML does not allow; delete it")


_SYNTAX_HINTS = (
    ("cannot start any token", "\t", "a tab is used for indentation; YAML needs spaces"),
    ("end of stream", "quoted scalar", "a quote is opened but never closed; add the closing quote"),
    ("mapping values are not allowed", "", "a value contains ': ' (put the whole value in quotes), or this line is indented more than the field above it"),
    ("did not find expected key", "", "this line's indentation does not match the lines around it; line it up with the field it belongs to"),
    ("could not find expected ':'", "", "a field name is missing its ':', or a quoted value runs on; check this line and the one before"),
    ("did not find expected '-' indicator", "", "a list and a field are mixed at the same indentation; indent the field or start it with '- '"),
    ("did not find expected ',' or", "", "a bracket is opened but never closed; close it or write the list one item per line"),
    ("unknown escape character", "", "a backslash in double quotes starts an escape; use single quotes or write \\\\"),
    ("found undefined tag handle", "", "remove the tag (the word starting with '!'); policies use plain YAML"),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, lines: _Lines, display: str) -> Problem:
    known = _known_mistake(exc, lines)
    if known is not None:
        return error(display, *lines.position(known.index), "yaml-syntax", f"YAML syntax error: {known.message}")
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark  # where the unclosed thing starts, not the end of the file
    line, column = lines.at(mark)
    what = exc.problem or "the YAML cannot be read"
    hint = "check the quoting and indentation on this line"
    here = lines.text[mark.index : mark.index + 1] if mark is not None else ""
    for needle, extra, advice in _SYNTAX_HINTS:
        if needle in what and (not extra or extra == here or extra in (exc.context or "")):
            hint = advice
            break
    context = f" ({exc.context})" if exc.context else ""
    return error(display, line, column, "yaml-syntax", f"YAML syntax error: {what}{context}; {hint}")


def _known_mistake(exc: yaml.MarkedYAMLError, lines: _Lines) -> Mistake | None:
    """The mistake a person made, when the text shows which (see `mistakes`)."""
    where = [m.index if m is not None else None for m in (exc.problem_mark, exc.context_mark)]
    return recognise(SyntaxFailure(lines.text, exc.problem or "", exc.context or "", *where))


#: What libyaml 0.2.6 and later say when a file nests past their own limit (1,000 levels).
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def _too_deep(text: str, exc: yaml.MarkedYAMLError, lines: _Lines, display: str) -> LoadError:
    """libyaml stopped at its own nesting limit before policybook's: find where policybook's
    limit is passed by reading the text up to that point with PyYAML's pure-Python parser,
    so the message and its position are the same whichever libyaml is installed."""
    mark = exc.problem_mark or exc.context_mark
    end = mark.index if mark is not None else len(text)
    parser = yaml.SafeLoader(text[:end])
    try:
        _Builder(display, text[:end], located=True).build(iter(parser.get_event, None))
    except LoadError as found:
        if found.problem.code == "too-deep":
            return found
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return LoadError(error(display, *lines.at(mark), "too-deep", f"lists and fields are nested more than {MAX_DEPTH} levels deep here; a policy needs only a few levels"))


class _WorthAMessageError(Exception):
    """Raised by an unlocated read at the first thing to report: read again, located."""


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: JsonPath
    anchor: str | None
    size: int = 0
    key: str | None = None
    #: column of the container's start (a block list's first '-'), and of the latest key
    column: int = 0
    key_column: int = 0
    flow: bool = False
    #: keys seen so far, with their line when located (0 otherwise)
    key_lines: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Consumes parser events and builds JSON-shaped data, recording positions and problems."""

    def __init__(self, display: str, text: str, *, located: bool) -> None:
        self.display = display
        self.lines = _Lines(text)
        self.located = located
        self.positions: dict[JsonPath, Position] = {}
        self.key_positions: dict[JsonPath, Position] = {}
        self.plain: dict[JsonPath, str] = {}
        self.dropped: dict[JsonPath, Dropped] = {}
        self.problems: list[Problem] = []
        self.text = text
        #: any '#' but a first line that is all comment (the editor's schema line) could cut a value short
        self.comments = "#" in (text[text.find("\n") + 1 :] if text.startswith("#") else text)
        #: anchors on plain values, by name, until an alias uses them: (path, where)
        self.plain_anchors: dict[str, tuple[JsonPath, Any]] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_values = 0

    def fail(self, mark: Any, code: str, message: str) -> LoadError:
        return LoadError(error(self.display, *self.lines.at(mark), code, message))

    def note(self, mark: Any, code: str, message: str, path: JsonPath) -> None:
        if not self.located:
            raise _WorthAMessageError
        self.problems.append(error(self.display, *self.lines.at(mark), code, message, json_path(path)))

    def build(self, events: Any) -> dict[str, Any]:  # noqa: C901 - one loop over every event of every file, kept flat for speed
        stack: list[_Frame] = []
        root: list[Any] = []
        documents = 0
        located, comments = self.located, self.comments
        positions, at = self.positions, self.lines.at
        scalar_event, mapping_start, alias_event = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.AliasEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        parent: _Frame | None = None
        for event in events:
            kind = event.__class__
            if kind is scalar_event and parent is not None:
                container = parent.container
                if container.__class__ is dict:
                    if parent.key is None:
                        self._take_key(event, parent)
                        continue
                    path = (*parent.path, parent.key) if located else ()
                else:
                    path = (*parent.path, len(container)) if located else ()
                if located:
                    positions[path] = at(event.start_mark)
                value = event.value if event.tag is None and not event.implicit[0] and event.style != '"' else self._scalar(event, path)
                if (comments or event.anchor is not None) and not event.style:  # a plain value: did YAML cut it short?
                    self._look_for_dropped_text(event, path, parent)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                if parent.key is not None:
                    container[parent.key] = value  # type: ignore[call-overload]
                    parent.key = None
                else:
                    container.append(value)  # type: ignore[union-attr]
                parent.size += 1
                continue
            if kind in ends:
                frame = stack.pop()
                parent = stack[-1] if stack else None
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.container, frame.size + 1)
                if parent is not None:
                    parent.size += frame.size + 1
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(event.start_mark, "several-documents", "the file holds more than one YAML document (a second '---' starts here); keep one policy per file")
                continue
            if kind is yaml.StreamStartEvent or kind is yaml.StreamEndEvent or kind is yaml.DocumentEndEvent:
                continue
            if parent is not None and parent.key is None and parent.container.__class__ is dict:
                self._take_key(event, parent)
                continue
            path = self._child_path(parent) if located else ()
            if located:
                positions[path] = at(event.start_mark)
            if kind is alias_event:
                value, size = self._alias(event)
                self._attach(parent, value, root)
                if parent is not None:
                    parent.size += size
                continue
            if kind is scalar_event:  # the document itself is a single value
                self._attach(parent, self._scalar(event, path), root)
                continue
            # a mapping or a sequence starts
            if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                self.note(event.start_mark, "tag", f"remove the tag {_short_tag(event.tag)!r}; policies use plain YAML only", path)
            if len(stack) >= MAX_DEPTH:
                raise self.fail(event.start_mark, "too-deep", f"lists and fields are nested more than {MAX_DEPTH} levels deep here; a policy needs only a few levels")
            container = {} if kind is mapping_start else []
            self._attach(parent, container, root)
            parent = _Frame(container, path, event.anchor, column=event.start_mark.column, flow=bool(event.flow_style))
            stack.append(parent)
        if self.plain_anchors:  # anchors no alias used: did they take the start of a text?
            if not located:
                raise _WorthAMessageError
            for name, (anchored, mark) in self.plain_anchors.items():
                self.dropped[anchored] = Dropped(*at(mark), "&" + name, "anchor")
        if not root:
            raise LoadError(error(self.display, 1, 1, "empty", "the file is empty; a policy needs fields such as 'id:', 'kind:' and 'title:'"))
        data = root[0]
        if not isinstance(data, dict):
            if not located:
                raise _WorthAMessageError
            line, column = positions.get((), (1, 1))
            if data is None:
                raise LoadError(error(self.display, line, column, "empty", "the file has no fields; a policy needs fields such as 'id:', 'kind:' and 'title:'"))
            shape = "a list" if isinstance(data, list) else "a single value"
            raise LoadError(error(self.display, line, column, "not-a-mapping", f"the file holds {shape}, but a policy is a set of fields such as 'id: GR-001' and 'title: ...', one per line"))
        return data

    def _child_path(self, parent: _Frame | None) -> JsonPath:
        if parent is None:
            return ()
        if parent.container.__class__ is dict:
            assert parent.key is not None
            return (*parent.path, parent.key)
        return (*parent.path, len(parent.container))

    def _attach(self, parent: _Frame | None, value: Any, root: list[Any]) -> None:
        if parent is None:
            root.append(value)
        elif parent.key is not None:
            parent.container[parent.key] = value  # type: ignore[call-overload]
            parent.key = None
        else:
            parent.container.append(value)  # type: ignore[union-attr]

    def _take_key(self, event: Any, parent: _Frame) -> None:
        if event.__class__ is not yaml.ScalarEvent:
            raise self.fail(event.start_mark, "complex-key", "a field name must be plain text, not a list, a mapping or an alias; write the name followed by ':'")
        key = event.value
        path = (*parent.path, key) if self.located else ()
        line = self.lines.at(event.start_mark)[0] if self.located else 0
        if event.tag not in (None, "!", _TAG + "str"):
            self.note(event.start_mark, "tag", f"remove the tag {_short_tag(event.tag)!r} from field name {key!r}; policies use plain YAML", path)
        elif event.tag is None and event.implicit[0] and key == "<<":
            self.note(event.start_mark, "merge-key", "merge keys ('<<') are not supported; write the fields out in full", path)
        if not key.strip():
            self.note(event.start_mark, "empty-key", "a field has no name; write the name before the ':'", path)
        if key in parent.key_lines:
            self.note(event.start_mark, "duplicate-key", f"field {_clip(key)!r} appears twice: first on line {parent.key_lines[key]}, again on line {line}; keep one of them", path)
        else:
            parent.key_lines[key] = line
        if self.located:
            self.key_positions[path] = self.lines.at(event.start_mark)
        parent.key = key
        parent.key_column = event.start_mark.column if event.start_mark is not None else 0

    def _alias(self, event: yaml.AliasEvent) -> tuple[Any, int]:
        if event.anchor not in self.anchors:
            name = _clip(event.anchor or "")
            raise self.fail(event.start_mark, "alias", f"alias '*{name}' refers to no anchor '&{name}' defined before it; define the anchor first or write the value out")
        value, size = self.anchors[event.anchor]
        self.plain_anchors.pop(event.anchor, None)
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            raise self.fail(event.start_mark, "alias-limit", f"aliases in this file copy more than {MAX_ALIAS_VALUES:,} values; write the values out instead of repeating them with '*'")
        return value, size

    def _scalar(self, event: yaml.ScalarEvent, path: JsonPath) -> Any:
        value: str = event.value
        if event.style == '"' and (bad := _NOT_PRINTABLE.search(value)):  # escapes such as "\x01"
            self.note(event.start_mark, "unprintable", f"this text contains a control character ({bad.group()!a}) written as an escape; remove it", path)
        if event.tag is not None:
            if event.tag not in _ALLOWED_TAGS:
                self.note(event.start_mark, "tag", f"remove the tag {_short_tag(event.tag)!r}; policies use plain YAML only", path)
            return value
        if not event.implicit[0]:  # quoted or block text
            return value
        if value[:1] not in _RESOLVABLE:
            return value  # no implicit type starts with this character: plain text
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag in _TEXT_TAGS:
            return value  # dates stay text in the form the schema checks
        if self.located:
            self.plain[path] = value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return value.lower() in ("yes", "true", "on")
        if tag == _TAG + "int":
            if _PLAIN_INT.match(value) and len(value) <= MAX_DIGITS:
                return int(value)
            if _PLAIN_INT.match(value):
                self.note(event.start_mark, "number-format", f"{_clip(value)!r} has more than {MAX_DIGITS} digits; write a smaller number, or put it in quotes if you mean text", path)
                return value
            try:
                shown = f"the number {_CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode(tag, value)):,}"
            except ValueError:  # '0x_', and numbers of thousands of digits
                shown = "a number"
            self.note(event.start_mark, "number-format", f"YAML reads {_clip(value)!r} as {_clip(shown)}; write plain digits, or put it in quotes if you mean text", path)
            return value
        number = _CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode(tag, value))
        if not math.isfinite(number):
            self.note(event.start_mark, "number-format", f"{_clip(value)!r} is not a usable number; write digits, or put it in quotes if you mean text", path)
            return value
        return number


    def _look_for_dropped_text(self, event: Any, path: JsonPath, parent: _Frame) -> None:
        """Note text that a plain value silently loses (see `Dropped`): YAML ends the value at ' #'
        and at a '#' line, and takes a leading '&name' for an anchor."""
        if event.anchor is not None:
            self.plain_anchors[event.anchor] = (path, event.start_mark)
        if not self.comments:
            return
        end = event.end_mark.index
        found = _COMMENT_ON_THE_LINE.match(self.text, end)
        how: Literal["comment", "comment-line"] = "comment"
        if found is None and not parent.flow:
            below = _COMMENT_BELOW.match(self.text, end)
            owner = parent.key_column if parent.container.__class__ is dict else parent.column
            if below is not None and len(below.group(1)) > owner:  # indented like the value's next line would be
                found, how = below, "comment-line"
        if found is None:
            return
        if not self.located:
            raise _WorthAMessageError
        group = found.lastindex or 0
        self.dropped[path] = Dropped(*self.lines.position(found.start(group)), found.group(group), how)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_tag(tag: str) -> str:
    return _clip("!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag)


def json_path(path: JsonPath) -> str:
    """`$.statements[2].level`: the JSON path of a value, for reports and CI annotations."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" if _IDENTIFIER.match(p) else f"[{p!r}]" for p in path)


def locator(text: str) -> Callable[[int], Position]:
    """Line and column of a character of `text` (decoded, without its byte-order mark) by
    its index, counting line breaks as messages about the file do."""
    return _Lines(text).position
