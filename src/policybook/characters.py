"""Characters that disguise text, and how names are compared and shown so that none can.

A right-to-left override makes `SE-960 · Refund policy ‮fdp.exe` display as something it
is not; a zero-width space makes two phrases that look the same differ; two file names
can print identically yet be different files (one written with `é`, the other with `e`
and a combining accent). These are the "Trojan Source" class of tricks (CVE-2021-42574):
what a reviewer reads is not what the text is. So policy files may not contain them at
all (validation reports each one, naming it), names are compared the way a reader would
compare them (`normal`), and messages show escapes where text would otherwise print the
same or invisibly (`shown`, `escaped`).

Pure vocabulary: nothing here knows files or YAML.
"""

from __future__ import annotations

import re
import unicodedata

#: What each kind of disguising character does to a reader, in the words messages use.
EFFECTS = {
    "bidi": "an invisible control that changes the direction the text after it is shown in, so the text reads differently from what it is",
    "invisible": "an invisible character, so text that looks the same is not (a phrase or word with it no longer matches its twin)",
    "separator": "a line break that many programs do not show, so lines run together or split where the file shows none",
}
#: Every character refused in policy files, with its kind. Bidirectional embeddings,
#: overrides and isolates; zero-width characters and the word joiner; the byte-order mark
#: (allowed only as the file's first character); the Unicode line and paragraph separators.
DISGUISING: dict[str, str] = {
    **{chr(code): "bidi" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
    **{chr(code): "invisible" for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)},
    "\u2028": "separator",
    "\u2029": "separator",
}
PATTERN = re.compile("[" + "".join(DISGUISING) + "]")
#: The same characters as the escapes YAML writes them with in double quotes ("\u202E", "\L").
ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(L)|(P))")
#: A quick look at a file's bytes: any of the characters in UTF-8, or a backslash that could
#: start an escape making one (a byte-order mark at the very start is skipped by the caller).
QUICK = re.compile(rb"\xe2\x80[\x8b-\x8d\xa8-\xae]|\xe2\x81[\xa0\xa6-\xa9]|\xef\xbb\xbf|\\[uULP]")


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: the code point and its Unicode name."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def effect(char: str) -> str:
    return EFFECTS[DISGUISING[char]]


def escape_char(match: re.Match[str]) -> str | None:
    """The character a YAML escape matched by `ESCAPE` stands for, if it is a disguising one."""
    short, long, line, paragraph = match.groups()
    if line or paragraph:
        return "\u2028" if line else "\u2029"
    code = int(short or long, 16)
    char = chr(code) if code <= 0x10FFFF else ""
    return char if char in DISGUISING else None


def normal(text: str) -> str:
    """`text` as a reader sees it, for comparing names and phrases: disguising characters
    dropped, then in Unicode's composed form (NFC), so `é` and `e` + `◌́` are the same."""
    return unicodedata.normalize("NFC", PATTERN.sub("", text))


def shown(text: str) -> str:
    """`text` for a message: every disguising character written as its escape (`\\u202e`)."""
    return PATTERN.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if PATTERN.search(text) else text


def escaped(text: str) -> str:
    """`text` with every character outside ASCII written as an escape: for two names that
    would otherwise print the same (`caf\\u00e9` and `cafe\\u0301`)."""
    return text.encode("ascii", "backslashreplace").decode("ascii")


def look_alike(first: str, second: str) -> bool:
    """True when two different texts would print the same to a reader."""
    return first != second and normal(first) == normal(second)
