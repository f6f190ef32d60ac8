"""Pages that lead to policies: one listing per kind, and the catalogue of all of them."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Policy
from .paging import NOT_SEARCHED, PAGE_SIZE, numbered, pager, split
from .paths import CATALOGUE, KIND_LABELS, KIND_SECTIONS, PROPOSALS, ROLES_INDEX, policy_page
from .policy_page import policy_link, roles_text, status_badge
from .text import cell, link, page, plain, plain_cell, table, title_meta

_INTROS = {
    "golden-rule": "How we treat each other. Service starts inside: treat every colleague the way you want customers treated, and leaders go first.",
    "service-expectation": "What good service looks like here, in concrete terms: the words we use, how we address and answer customers, and how quickly we respond.",
    "leader-commitment": "What executives and managers personally do for the service culture, with targets anyone can check.",
}


def render_kind_pages(kind: str, policies: Sequence[Policy], *, size: int = PAGE_SIZE) -> dict[str, str]:
    first, title = KIND_SECTIONS[kind]
    chunks = split(first, [p for p in policies if p.kind == kind], size)
    paths = [path for path, _ in chunks]
    out = {}
    for path, chosen in chunks:
        rows = [[policy_link(p, path), status_badge(p.status), roles_text(p.audience), cell(p.summary)] for p in chosen]
        listing = table(["Policy", "Status", "Applies to", "In short"], rows) if rows else "There are no policies of this kind yet."
        more = f"See also {link('all policies', path, CATALOGUE)} and {link(chr(8220) + 'What is expected of me' + chr(8221), path, ROLES_INDEX)}."
        heading = numbered(title, paths, path)
        out[path] = page({"title": title_meta(heading), "search": NOT_SEARCHED}, [f"# {heading}", _INTROS[kind], pager(paths, path), listing, pager(paths, path), more])
    return out


def render_catalogue_pages(policies: Sequence[Policy], *, size: int = PAGE_SIZE, proposals: int = 0, published_proposals: bool = False) -> dict[str, str]:
    chunks = split(CATALOGUE, policies, size)
    paths = [path for path, _ in chunks]
    intro = f"Every published policy in the handbook, {len(policies)} in all, including those no longer in force. Use search to find a policy by any word in it."
    if proposals:
        where = f"; read them under {link('Proposals', CATALOGUE, PROPOSALS)}" if published_proposals else ""
        intro += f" Drafts and proposals ({proposals}) do not apply yet and are not listed here{where}."
    out = {}
    for path, chosen in chunks:
        heading = numbered("All policies", paths, path)
        out[path] = page({"title": title_meta(heading), "search": NOT_SEARCHED}, [f"# {heading}", intro, pager(paths, path), catalogue_table(chosen, path), pager(paths, path)])
    return out


def catalogue_table(policies: Sequence[Policy], path: str) -> str:
    """The catalogue: a table on a wide screen, one card per policy on a narrow one (see
    `.pb-catalogue` in the style sheet). Needs the `md_in_html` Markdown extension."""
    rows = [[p.id, link(plain(p.title), path, policy_page(p.id)), KIND_LABELS[p.kind], status_badge(p.status), p.version, plain_cell(p.owner), p.review_by] for p in policies]
    listing = table(["Id", "Title", "Kind", "Status", "Version", "Owner", "Review by"], rows)
    return f'<div class="pb-catalogue" markdown>\n\n{listing}\n\n</div>'
