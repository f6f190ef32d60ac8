"""The YAML mistakes people who are not programmers make, recognised from the text around a
syntax error, so that the message names the real cause and says what to type instead.

The parser only knows where it gave up, which is often a line or two after the mistake and
worded for programmers ("did not find expected key"). Each recogniser here looks at the
text itself; the first that matches gives the message and the place. Pure: text in,
`Mistake` out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """Where the mistake really is (an index into the text), and what to say about it."""

    index: int
    message: str


@dataclass(frozen=True)
class SyntaxFailure:
    """What the parser said, and where (indexes into the text, or None)."""

    text: str
    problem: str
    context: str
    problem_at: int | None
    context_at: int | None


#: A field whose value starts with a quote: `title: 'What's wrong'`, `- "Say "hi""`.
_QUOTED_VALUE = re.compile(r"""[ \t]*(?:-[ \t]+)?(?:[^\s#'"][^:#]*:[ \t]+)?(['"])""")
#: A field name followed by a colon but no space: `owner:Head of Stores`.
_NO_SPACE = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*):([^\s:/][^\n]*)")


def _line_at(text: str, index: int) -> tuple[int, str]:
    """The start of the line holding `index`, and that line."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return start, text[start : end if end != -1 else len(text)]


def quote_ends_early(failure: SyntaxFailure) -> Mistake | None:
    """`title: 'What's wrong with it?'`: the apostrophe closes the quoted text."""
    if failure.problem_at is None or "expected" not in failure.problem:
        return None
    start, line = _line_at(failure.text, failure.problem_at)
    opened = _QUOTED_VALUE.match(line)
    if not opened:
        return None
    quote = opened.group(1)
    inside = opened.end()
    close = line.find(quote, inside)
    while close != -1 and line[close + 1 : close + 2] == quote and quote == "'":
        close = line.find(quote, close + 2)  # '' is an apostrophe written the YAML way
    rest = line[close + 1 :].strip() if close != -1 else ""
    if close == -1 or not rest or rest.startswith("#"):
        return None
    left, right = close, close + 1
    while left > inside and line[left - 1].isalnum():
        left -= 1
    while right < len(line) and line[right].isalnum():
        right += 1
    value = line[inside - 1 :].strip()
    if quote == "'":
        word = line[left:right]
        fixed = '"' + value[1:-1] + '"' if value.endswith("'") and '"' not in value else None
        instead = "put the whole text in double quotes instead" + (f" ({fixed})" if fixed else "") + f", or write the apostrophe twice ({word.replace(quote, quote * 2)})"
        return Mistake(start + close, f"the text starts with a single quote, so the apostrophe in {word!r} ends it early; {instead}")
    after = line[close + 1 : right] or line[close + 1 :].split()[0]
    return Mistake(
        start + close,
        f"the text starts with a double quote, so the double quote before {after!r} ends it early; put the whole text in single quotes instead, or write \\\" for each double quote inside it",
    )


def no_space_after_colon(failure: SyntaxFailure) -> Mistake | None:
    """`owner:Head of Stores`: without a space after ':', YAML reads one long name."""
    if failure.context_at is None or "simple key" not in failure.context:
        return None
    start, line = _line_at(failure.text, failure.context_at)
    found = _NO_SPACE.match(line)
    if not found:
        return None
    name, value = found.group(1), found.group(2)
    return Mistake(start + found.end(1), f"there is no space after the ':' in {line.strip()!r}; write it as '{name}: {value.strip()}'")


def tab_in_text(failure: SyntaxFailure) -> Mistake | None:
    """A tab at the start of a line that continues a value: YAML allows only spaces there."""
    if failure.problem_at is None or "tab character" not in failure.problem:
        return None
    begins = failure.text.count("\n", 0, failure.context_at) + 1 if failure.context_at is not None else None
    where = f", inside the text that begins on line {begins}" if begins else ""
    return Mistake(failure.problem_at, f"a tab character is at the start of this line{where}; YAML does not allow tabs there: use spaces instead")


#: Tried in order; the first that recognises the failure explains it.
RECOGNISERS: tuple[Callable[[SyntaxFailure], Mistake | None], ...] = (quote_ends_early, no_space_after_colon, tab_in_text)


def recognise(failure: SyntaxFailure) -> Mistake | None:
    """The mistake behind a syntax error, if it is one we know."""
    for recogniser in RECOGNISERS:
        found = recogniser(failure)
        if found is not None:
            return found
    return None
