"""What's new as an Atom feed, so people can follow changes in a feed reader or mail client.

Made with feedgen. Dated by changelog entries and the build day, never the clock, so two
builds of the same sources write the same bytes. Text goes in as text (escaped by the XML
writer), never as HTML.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]  # feedgen ships no type hints

from ..model import ChangelogEntry, Policy
from .paths import FEED, WHATS_NEW, policy_page, version_page


def _moment(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def _address(path: str, site_url: str | None) -> str:
    """A generated page's address: absolute under `site_url`, else relative to the feed (at the site's root)."""
    url = path.removesuffix("index.md").removesuffix(".md") + ("" if path.endswith("index.md") else "/")
    return (site_url.rstrip("/") + "/" + url) if site_url else url


def render_feed(entries: Sequence[tuple[ChangelogEntry, Policy]], *, title: str, today: date, site_url: str | None, pages: Collection[str]) -> bytes:
    """An Atom feed with one entry per changelog entry in `entries` (newest first), each linked
    to the page of the version it announces where there is one (in `pages`), else the policy's."""
    feed = FeedGenerator()
    home = _address(WHATS_NEW, site_url)
    feed.id(home if site_url else "urn:policybook:whats-new")
    feed.title(f"{title}: what's new")
    feed.subtitle("Changes to the handbook's policies, newest first.")
    feed.link(href=home, rel="alternate")
    feed.link(href=(site_url.rstrip("/") + "/" + FEED) if site_url else FEED, rel="self")
    feed.language("en")
    newest = max((entry.date for entry, _ in entries), default=today.isoformat())
    feed.updated(_moment(min(newest, today.isoformat())))
    for entry, policy in entries:
        item = feed.add_entry(order="append")
        target = version_page(policy.id, entry.version)
        address = _address(target if target in pages else policy_page(policy.id), site_url)
        item.id(_address(target, site_url) if site_url else f"urn:policybook:{policy.id}:{entry.version}")  # unique and stable, linked or not
        item.title(f"{policy.id} {policy.title}: version {entry.version}")
        item.link(href=address, rel="alternate")
        item.updated(_moment(entry.date))
        item.summary(" ".join(entry.summary.split()))
    return bytes(feed.atom_str(pretty=True))
