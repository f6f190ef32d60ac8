"""Policy ids: what they look like, what a file name claims, and the next free one.

The prefixes and the number of digits come from `vocabulary`, so a new kind's ids are
recognised everywhere at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from ..vocabulary import ID, ID_DIGITS, PREFIXES

#: The id a file name starts with: the id, then the end of the name or a hyphen.
_IN_FILE_NAME = re.compile(f"({'|'.join(PREFIXES.values())})-[0-9]{{{ID_DIGITS[0]},{ID_DIGITS[1]}}}(?=-|$)")
#: Lower-case words joined by hyphens: what follows the id in a file name.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


def is_id(text: str) -> bool:
    return ID.match(text) is not None


def id_parts(text: str) -> tuple[str, int] | None:
    """('SE', 4) for 'SE-004'; None for anything that is not an id."""
    found = ID.match(text)
    return (found.group(1), int(found.group(2))) if found else None


def id_from_file_name(path: PurePath) -> str:
    """The policy id a file name claims (`SE-004-phones.yaml` -> `SE-004`), or '' if none."""
    found = _IN_FILE_NAME.match(path.stem)
    return found.group(0) if found else ""


def slugify(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:50].strip("-") or "policy"


def next_free(prefix: str, taken: Iterable[str]) -> str:
    """The next id with `prefix`: one more than the highest in use, at least three digits."""
    numbers = [parts[1] for pid in taken if (parts := id_parts(pid.upper())) and parts[0] == prefix]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"
