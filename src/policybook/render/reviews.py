"""The "Reviews due" page: which policies their owners should look at again, and who they are.

A notice, never a failure: the same list as `policybook due`, dated by the build.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..reviews import SOON_DAYS, Due
from .paging import NOT_SEARCHED
from .paths import REVIEWS_DUE, policy_page
from .text import link, page, plain, plain_cell, table


def days_text(days: int) -> str:
    count = abs(days)
    span = f"{count} day{'' if count == 1 else 's'}"
    return "due today" if days == 0 else (f"overdue by {span}" if days < 0 else f"due in {span}")


def render_reviews_due(due: Sequence[Due], *, today: str) -> str:
    intro = (
        f"Policies whose review date has passed, or comes within {SOON_DAYS} days, as of {today}, soonest first. "
        "A policy past its review date still applies as written until its owner reviews it."
    )
    rows = [[link(f"{d.id} · {plain(d.title)}", REVIEWS_DUE, policy_page(d.id)), plain_cell(d.owner), d.review_by, f"**{days_text(d.days)}**" if d.overdue else days_text(d.days)] for d in due]
    listing = table(["Policy", "Owner", "Review by", "When"], rows) if rows else "No review is due."
    return page({"title": "Reviews due", "search": NOT_SEARCHED}, ["# Reviews due", intro, listing])
