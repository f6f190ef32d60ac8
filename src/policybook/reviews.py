"""Reviews that are due: which policies their owners should look at again, and when.

An overdue review never fails a check or a build (a date alone must not stop anyone from
publishing the very update that fixes it); it is listed here instead, for the owners and
for the weekly reminder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .model import Policy

#: Days ahead in which a coming review is worth a reminder.
SOON_DAYS = 30


@dataclass(frozen=True)
class Due:
    """One policy whose review is past or coming soon."""

    id: str
    title: str
    owner: str
    review_by: str
    source: str
    #: days from today to the review date: negative when it has passed
    days: int

    @property
    def overdue(self) -> bool:
        return self.days < 0


def reviews_due(policies: Iterable[Policy], *, today: date, within: int = SOON_DAYS) -> list[Due]:
    """Policies still in use whose review date has passed or comes within `within` days, soonest first."""
    found = []
    for policy in policies:
        if policy.status == "retired":
            continue  # a retired policy is not reviewed any more
        days = (date.fromisoformat(policy.review_by) - today).days
        if days <= within:
            found.append(Due(policy.id, policy.title, policy.owner, policy.review_by, policy.source, days))
    return sorted(found, key=lambda d: (d.review_by, d.id))
