"""From valid policies to the handbook's generated pages and files, as plain data.

Nothing here knows MkDocs or the file system: `render_site` returns Markdown pages and
byte files by path, which the MkDocs hook adds to a build and `policybook render` writes
to disk for any Python-Markdown site builder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..config import Settings, defaults
from ..history import Commit
from ..model import Policy
from ..reviews import reviews_due
from ..schema import Schemas
from ..scorecard import Scorecard
from ..versions import PROPOSALS, timeline
from .data import asset_files, policies_json, schema_files
from .feed import render_feed
from .history import history_section, recent_entries, render_whats_new
from .indexes import render_catalogue_pages, render_kind_pages
from .paths import FEED, KIND_SECTIONS, POLICIES_JSON, REVIEWS_DUE, ROLES_INDEX, SCHEMA_REFERENCE, WHATS_NEW, policy_page, proposal_page
from .policy_page import render_policy_page
from .reviews import render_reviews_due
from .roles import render_role_pages, render_roles_index
from .schema_reference import render_schema_reference
from .scorecard import how_we_are_doing, render_scorecard_pages, scorecard_files
from .versions import render_proposals, render_version_pages


@dataclass(frozen=True)
class Site:
    """Generated pages (path -> Markdown) and files (path -> bytes), and each policy page's source."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    #: policy page path (its own page, or its proposal page) -> the YAML file it was made from, relative to the project root
    sources: dict[str, str] = field(default_factory=dict)
    #: policy page path -> where to edit its YAML file, if the code host is known
    edit_urls: dict[str, str | None] = field(default_factory=dict)
    #: policy files deliberately given no page: drafts and proposals, when proposals are not published
    withheld: list[str] = field(default_factory=list)

    @property
    def accounted(self) -> int:
        """How many policy files ended as a page or were withheld on purpose: the build checks
        this against the number checked, so no policy goes missing silently."""
        return len(set(self.sources.values()) | set(self.withheld))


def render_site(
    policies: Sequence[Policy],
    schemas: Schemas,
    *,
    today: date,
    edit_url: Callable[[str], str | None] = lambda source: None,
    history: Mapping[str, Sequence[Commit]] | None = None,
    versions: Mapping[str, Sequence[Policy]] | None = None,
    repo_url: str | None = None,
    site_url: str | None = None,
    title: str = "Handbook",
    settings: Settings | None = None,
    scorecard: Scorecard | None = None,
) -> Site:
    """Every generated page and file of the handbook, as it stands on `today` (the build day).

    `edit_url(source)` links a policy to its YAML; `history` maps each policy's source to
    its commits and `versions` to its earlier versions as committed (both None when the
    project is not in git); `today` decides which version applies and what is "coming";
    `scorecard` is how leaders stand against their commitments (none measured without it).
    """
    settings = settings or defaults()
    publish_proposals = settings.publish_proposals
    lines = [timeline(p, None if versions is None else versions.get(p.source, ()), day=today) for p in policies]
    published = [line for line in lines if line.published]
    linked = {line.id: line.shown for line in published}
    due = {d.id: d for d in reviews_due((line.latest for line in published), today=today)}
    site = Site()
    for line in published:
        path = policy_page(line.id)
        commits = None if history is None else history.get(line.latest.source, [])
        site.sources[path] = line.latest.source
        site.edit_urls[path] = edit_url(line.latest.source)
        site.pages[path] = render_policy_page(line, linked, settings, edit_url=site.edit_urls[path], history=history_section(commits, repo_url=repo_url), due=due.get(line.id), doing=how_we_are_doing(scorecard, line.id))
        site.pages.update(render_version_pages(line, linked, settings))
    proposals = [line for line in lines if line.latest.status in PROPOSALS]
    if publish_proposals:
        site.pages.update(render_proposals(proposals, linked, settings))
        for line in proposals:
            site.sources[proposal_page(line.id)] = line.latest.source
            site.edit_urls[proposal_page(line.id)] = edit_url(line.latest.source)
    else:
        site.withheld.extend(line.latest.source for line in lines if not line.published)
    shown = [line.shown for line in published]
    in_force = [line.today for line in published if line.applies and line.today is not None]
    for kind in KIND_SECTIONS:
        site.pages.update(render_kind_pages(kind, shown, settings))
    site.pages.update(render_catalogue_pages(shown, proposals=len(proposals), published_proposals=publish_proposals))
    site.pages[ROLES_INDEX] = render_roles_index(settings)
    for role in settings.role_ids:
        site.pages.update(render_role_pages(role, in_force, settings, day=today.isoformat()))
    newest = [p for p in (line.newest_published for line in published) if p is not None]
    site.pages[WHATS_NEW] = render_whats_new(newest, today=today)
    site.files[FEED] = render_feed(recent_entries(newest, today=today), title=title, today=today, site_url=site_url, pages=set(site.pages))
    site.pages[REVIEWS_DUE] = render_reviews_due(list(due.values()), today=today.isoformat())
    site.pages[SCHEMA_REFERENCE] = render_schema_reference(schemas)
    pages = {source: path for path, source in site.sources.items() if path.startswith("policies/")}
    pages.update({source: path for path, source in site.sources.items() if source not in pages})
    site.files[POLICIES_JSON] = policies_json([(line.latest, pages[line.latest.source]) for line in lines if line.latest.source in pages])
    site.files.update(schema_files(schemas))
    site.files.update(asset_files())
    site.pages.update(render_scorecard_pages(scorecard or Scorecard(today, "named", ())))  # the leader scorecard and its charts
    site.files.update(scorecard_files(scorecard or Scorecard(today, "named", ())))
    return site


def source_edit_url(repo_url: str | None, edit_uri: str | None, docs_dir: str, source: str) -> str | None:
    """Where to edit `source` (a path from the project root) on the code host, if known.

    `edit_uri` points into the docs folder (`edit/main/handbook/`); policies live beside
    it, so the docs folder is taken off the end.
    """
    if not repo_url:
        return None
    base = (edit_uri if edit_uri is not None else "edit/main/").strip("/")
    docs = docs_dir.strip("/")
    if base.endswith("/" + docs) or base == docs:
        base = base[: -len(docs)].rstrip("/")
    return "/".join(part for part in (repo_url.rstrip("/"), base, source) if part)
