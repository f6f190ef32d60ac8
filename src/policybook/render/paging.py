"""Long listings split over several pages, so no page grows with the whole handbook.

A role page or the catalogue of ten thousand policies would be a page of tens of
megabytes: slow to build (some work per page grows faster than the page) and useless to
read. Each listing shows `PAGE_SIZE` policies a page, with links to the others.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import TypeVar

from .text import relative

#: Policies a listing page shows.
PAGE_SIZE = 200
#: Listing pages are for browsing; their text repeats the policy pages, so search skips them.
NOT_SEARCHED = {"exclude": True}

T = TypeVar("T")


def split(first: str, items: Sequence[T], size: int = PAGE_SIZE) -> list[tuple[str, Sequence[T]]]:
    """(path, items) for each page of a listing whose first page is `first`.

    Later pages sit beside it: `policies/index.md` then `policies/page-2.md`;
    `expected-of-me/manager.md` then `expected-of-me/manager/page-2.md`.
    """
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]
    folder = posixpath.dirname(first) if first.endswith("/index.md") else first.removesuffix(".md")
    return [(first if n == 1 else f"{folder}/page-{n}.md", chunk) for n, chunk in enumerate(chunks, 1)]


def pager(paths: Sequence[str], current: str) -> str:
    """'Page 2 of 5: 1 · 2 · 3 · 4 · 5', linked; nothing when there is one page."""
    if len(paths) < 2:
        return ""
    links = [f"**{n}**" if path == current else f"[{n}]({relative(current, path)})" for n, path in enumerate(paths, 1)]
    return f"Page {paths.index(current) + 1} of {len(paths)}: " + " · ".join(links)


def numbered(title: str, paths: Sequence[str], current: str) -> str:
    return title if len(paths) < 2 or current == paths[0] else f"{title} (page {paths.index(current) + 1} of {len(paths)})"
