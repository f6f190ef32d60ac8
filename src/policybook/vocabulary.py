"""The handbook's fixed vocabulary, defined once: the kinds of policy, the statuses a policy
goes through, and the levels of a statement.

Everything else is made from these tables: the schemas' enums and id patterns
(`policybook schemas`), the checker's id rules, the CLI's choices, and the words on the
pages. What differs between organisations (roles, units, channels) is not here but in
`policybook.yml` (see `config`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Level = Literal["must", "should", "may"]
#: The role every policy can speak to; it includes every other role.
EVERYONE = "everyone"


@dataclass(frozen=True)
class Kind:
    """One kind of policy."""

    name: str
    #: what its ids start with: GR-001
    prefix: str
    #: what one is called ('Service expectation')
    label: str
    #: its listing page and that page's title and introduction
    section: str
    section_title: str
    intro: str

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


KINDS: tuple[Kind, ...] = (
    Kind(
        "golden-rule",
        "GR",
        "Golden rule",
        "golden-rule.md",
        "The Golden Rule",
        "How we treat each other. Service starts inside: treat every colleague the way you want customers treated, and leaders go first.",
    ),
    Kind(
        "service-expectation",
        "SE",
        "Service expectation",
        "service-expectations.md",
        "Service expectations",
        "What good service looks like here, in concrete terms: the words we use, how we address and answer customers, and how quickly we respond.",
    ),
    Kind(
        "leader-commitment",
        "LC",
        "Leader commitment",
        "leader-commitments.md",
        "Leader commitments",
        "What executives and managers personally do for the service culture, with targets anyone can check.",
    ),
)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
KIND_NAMES: tuple[str, ...] = tuple(BY_NAME)
PREFIXES: dict[str, str] = {kind.name: kind.prefix for kind in KINDS}
#: Digits in an id after the prefix and the hyphen.
ID_DIGITS = (3, 5)
ID_PATTERN = f"({'|'.join(PREFIXES.values())})-([0-9]{{{ID_DIGITS[0]},{ID_DIGITS[1]}}})"
#: An id, whole: the kind's prefix and its number as groups.
ID = re.compile(ID_PATTERN + r"\Z")


@dataclass(frozen=True)
class Status:
    """One stage in a policy's life."""

    name: str
    label: str
    #: what a review says it was ('it was a draft')
    was: str
    #: its rules apply (while effective): active, and deprecated until it is retired
    in_force: bool
    #: it has been approved and published at least once; drafts and proposals have not
    published: bool


STATUSES: tuple[Status, ...] = (
    Status("draft", "Draft", "a draft", in_force=False, published=False),
    Status("proposed", "Proposed", "a proposal", in_force=False, published=False),
    Status("active", "Active", "active", in_force=True, published=True),
    Status("deprecated", "Deprecated", "deprecated", in_force=True, published=True),
    Status("retired", "Retired", "retired", in_force=False, published=True),
)
STATUS: dict[str, Status] = {status.name: status for status in STATUSES}
STATUS_NAMES: tuple[str, ...] = tuple(STATUS)
IN_FORCE = frozenset(s.name for s in STATUSES if s.in_force)
PUBLISHED = tuple(s.name for s in STATUSES if s.published)
DRAFTING = frozenset(s.name for s in STATUSES if not s.published)
STATUS_LABELS: dict[str, str] = {s.name: s.label for s in STATUSES}


@dataclass(frozen=True)
class LevelWords:
    """How binding a statement is, and how pages head the statements of each level."""

    name: Level
    #: on a policy in force: 'What you must do'
    heading: str
    #: on a record (a retired policy, an old version): 'Required (must)'
    record: str
    #: on a role page: 'You must'
    role: str
    #: what weakening to it means, said by a review
    meaning: str


LEVEL_WORDS: tuple[LevelWords, ...] = (
    LevelWords("must", "What you must do", "Required (must)", "You must", "required"),
    LevelWords("should", "What you should do", "Recommended (should)", "You should", "expected unless there is a good reason"),
    LevelWords("may", "What you may do", "Allowed (may)", "You may", "allowed and encouraged"),
)
#: Strongest first.
LEVELS: tuple[Level, ...] = tuple(words.name for words in LEVEL_WORDS)
LEVEL_HEADINGS: dict[str, str] = {w.name: w.heading for w in LEVEL_WORDS}
RECORD_HEADINGS: dict[str, str] = {w.name: w.record for w in LEVEL_WORDS}
ROLE_PAGE_HEADINGS: dict[str, str] = {w.name: w.role for w in LEVEL_WORDS}
#: Periods a leader target can be given per, with how many there are in a year.
PERIODS: dict[str, int] = {"week": 52, "month": 12, "quarter": 4, "year": 1}
