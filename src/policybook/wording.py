"""How a text changed between two versions: which words went and came, and which of them
carry a rule.

A reword that keeps the meaning is a patch; one that changes a number, a time limit, a
"not", an "every" or an "unless" can change what people must do, however small it looks.
The classes of such words are data (`RULE_WORDS`), so the rule can be read, documented and
tested in one place. Pure: text in, facts out; reporters decide how to show them.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

#: The classes of words whose change can change a rule, each with its members (lower case).
#: Numbers are also any word with a digit in it. Keys name the class for the reporters.
RULE_WORDS: dict[str, tuple[str, ...]] = {
    "number": (
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "thousand", "once", "twice", "half", "double", "dozen",
    ),
    "time limit": (
        "second", "minute", "hour", "day", "week", "fortnight", "month", "quarter", "year",
        "daily", "weekly", "monthly", "quarterly", "yearly", "annually", "within", "immediately",
    ),
    "negation": ("not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without", "cannot"),
    "quantifier": ("always", "every", "all", "any", "only", "some", "most", "least", "sometimes", "usually", "often", "rarely"),
    "condition": ("if", "unless", "except", "when", "whenever", "until", "before", "after", "provided", "otherwise"),
    "obligation": ("must", "should", "may", "might", "can", "could", "shall", "required", "optional", "allowed"),
}  # fmt: skip
#: Words that say the same thing, compared as one: "ten" and "10", "each" and "every", "don't" and "do not".
_SAME = {
    **{word: str(n) for n, word in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])},
    "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
    "each": "every",
}  # fmt: skip
_PLURALS = {"seconds", "minutes", "hours", "days", "weeks", "fortnights", "months", "quarters", "years"}
_WORD = re.compile(r"[\w’']+")
_DIGIT = re.compile(r"\d")
_CLASS_OF = {word: name for name, words in RULE_WORDS.items() for word in words}


@dataclass(frozen=True)
class Segment:
    """A run of words that both versions share, or that only one of them has."""

    kind: Literal["same", "removed", "added"]
    text: str


@dataclass(frozen=True)
class RuleWords:
    """The rule-carrying words that one version has more of than the other, as written."""

    removed: tuple[str, ...]
    added: tuple[str, ...]
    #: the classes they belong to ("number", "negation"...), in `RULE_WORDS` order
    classes: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)


def segments(before: str, after: str) -> tuple[Segment, ...]:
    """A word-level diff: the words kept, removed and added, in reading order."""
    a, b = before.split(), after.split()
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Segment("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("added", " ".join(b[j1:j2])))
    return tuple(out)


def similarity(before: str, after: str) -> float:
    """How much of two texts is the same words in the same order: 1.0 identical, 0.0 nothing shared."""
    a, b = _words(before), _words(after)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def rule_words(before: str, after: str) -> RuleWords:
    """The numbers, time limits, negations, quantifiers, conditions and obligations that changed.

    Counted, not diffed: a word that only moves within the sentence is not a change, and
    "ten" becoming "10" or "do not" becoming "don't" is not one either.
    """
    old, new = _rule_words(before), _rule_words(after)
    removed, added = old - new, new - old
    spelled = {**_spellings(after), **_spellings(before)}
    classes = {_class(key) for key in (*removed, *added)}
    return RuleWords(
        removed=tuple(spelled[key] for key in _in_order(before, removed)),
        added=tuple(_spellings(after)[key] for key in _in_order(after, added)),
        classes=tuple(name for name in RULE_WORDS if name in classes),
    )


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _key(word: str) -> str | None:
    """The form a rule-carrying word is compared in, or None for any other word."""
    word = word.casefold().replace("’", "'")
    if word.endswith("n't"):
        return "not"
    if _DIGIT.search(word):
        return word
    word = _SAME.get(word, word)
    if word in _PLURALS:
        word = word[:-1]
    return word if word in _CLASS_OF or word.isdigit() else None


def _class(key: str) -> str:
    return "number" if _DIGIT.search(key) else _CLASS_OF[key]


def _rule_words(text: str) -> Counter[str]:
    return Counter(key for word in _WORD.findall(text) if (key := _key(word)) is not None)


def _spellings(text: str) -> dict[str, str]:
    """Each rule word's key, and how the text first writes it."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text):
        key = _key(word)
        if key is not None:
            found.setdefault(key, word)
    return found


def _in_order(text: str, keys: Counter[str]) -> list[str]:
    """`keys` in the order the text first uses them."""
    order = list(_spellings(text))
    return sorted(keys, key=order.index)
