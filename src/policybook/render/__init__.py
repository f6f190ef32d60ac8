"""From valid policies to the handbook's generated pages and files, as plain data.

Nothing here knows MkDocs or the file system: `render_site` returns Markdown pages and
byte files by path, which the MkDocs hook adds to a build and `policybook render` writes
to disk for any Python-Markdown site builder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..history import Commit
from ..model import Policy
from ..schema import Schemas
from ..scorecard import Scorecard
from .data import policies_json, schema_files
from .history import history_section, render_whats_new
from .indexes import render_catalogue_pages, render_kind_pages
from .paths import KIND_SECTIONS, POLICIES_JSON, ROLE_LABELS, ROLES_INDEX, SCHEMA_REFERENCE, WHATS_NEW, policy_page
from .policy_page import render_policy_page
from .roles import render_role_pages, render_roles_index
from .schema_reference import render_schema_reference
from .scorecard import how_we_are_doing, render_scorecard_pages, scorecard_files


@dataclass(frozen=True)
class Site:
    """Generated pages (path -> Markdown) and files (path -> bytes), and each policy page's source."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    #: policy page path -> the YAML file it was made from, relative to the project root
    sources: dict[str, str] = field(default_factory=dict)
    #: policy page path -> where to edit its YAML file, if the code host is known
    edit_urls: dict[str, str | None] = field(default_factory=dict)


def render_site(
    policies: Sequence[Policy],
    schemas: Schemas,
    *,
    today: date,
    edit_url: Callable[[str], str | None] = lambda source: None,
    history: Mapping[str, Sequence[Commit]] | None = None,
    repo_url: str | None = None,
    scorecard: Scorecard | None = None,
) -> Site:
    """Every generated page and file of the handbook.

    `edit_url(source)` links a policy to its YAML; `history` maps each policy's source to
    its commits (None when the project is not in git); `today` decides what is "coming";
    `scorecard` is how leaders stand against their commitments (none measured without it).
    """
    by_id = {p.id: p for p in policies}
    site = Site()
    for policy in policies:
        path = policy_page(policy.id)
        commits = None if history is None else history.get(policy.source, [])
        site.sources[path] = policy.source
        site.edit_urls[path] = edit_url(policy.source)
        site.pages[path] = render_policy_page(
            policy, by_id, edit_url=site.edit_urls[path], history=history_section(commits, repo_url=repo_url), doing=how_we_are_doing(scorecard, policy.id)
        )
    for kind in KIND_SECTIONS:
        site.pages.update(render_kind_pages(kind, policies))
    site.pages.update(render_catalogue_pages(policies))
    site.pages[ROLES_INDEX] = render_roles_index()
    for role in ROLE_LABELS:
        site.pages.update(render_role_pages(role, policies))
    site.pages[WHATS_NEW] = render_whats_new(policies, today=today)
    site.pages[SCHEMA_REFERENCE] = render_schema_reference(schemas)
    site.files[POLICIES_JSON] = policies_json(policies)
    site.files.update(schema_files(schemas))
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
