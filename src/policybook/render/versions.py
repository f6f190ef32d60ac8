"""Every published version of a policy at a stable address (/policies/LC-001/1.1.0/), so
anyone can read what a policy said on a given day, and the drafts area when a handbook
publishes its proposals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Policy
from ..versions import PROPOSALS, Timeline
from .paging import NOT_SEARCHED
from .paths import PROPOSALS as PROPOSALS_PAGE
from .paths import STATUS_LABELS, policy_page, proposal_page, version_page
from .policy_page import RECORD, policy_body, status_badge, versions_section
from .text import link, page, plain_cell, table, title_meta


def render_version_pages(line: Timeline, linked: Mapping[str, Policy]) -> dict[str, str]:
    """A page for each published version: its text as published, and when it applied."""
    out: dict[str, str] = {}
    for version in line.versions or ():
        path = version_page(version.id, version.version)
        until = line.until(version)
        if version.effective > line.day:
            when = f"It takes effect on {version.effective}."
        elif until:
            when = f"It applied from {version.effective} until {until}."
        elif version.status == "retired":
            when = f"With it, the policy was retired on {version.effective}: it no longer applies."
        else:
            when = f"It has applied since {version.effective}, and still applies today."
        current = link("the policy's page", path, policy_page(version.id))
        notice = f'!!! note "Version {version.version} of {version.id}"\n\n    This is version {version.version} as it was published ({STATUS_LABELS[version.status].lower()}). {when} For what applies today, see {current}.'
        body = policy_body(version, path, linked, framing=RECORD, notices=[notice], versions=versions_section(line, path), propose=False, title=f"{version.title} (version {version.version})")
        out[path] = page({"title": title_meta(f"{version.id} {version.version} · {version.title}"), "search": NOT_SEARCHED}, body)
    return out


def render_proposals(lines: Sequence[Timeline], linked: Mapping[str, Policy]) -> dict[str, str]:
    """The "Proposals" area: drafts and proposals, each marked as not in force; never on role
    pages, never with MUST badges, and out of search."""
    proposals = [line.latest for line in lines if line.latest.status in PROPOSALS]
    out: dict[str, str] = {}
    for policy in proposals:
        path = proposal_page(policy.id)
        stage = "a draft" if policy.status == "draft" else "proposed and under review"
        current = f" The version in force today is on {link('the policy page', path, policy_page(policy.id))}." if policy.id in linked else ""
        notice = f'!!! info "Proposal: not in force"\n\n    This policy is {stage}. It does not apply yet and asks nothing of anyone; it may still change before it is approved.{current}'
        body = policy_body(policy, path, linked, framing=RECORD, notices=[notice], title=f"Proposal: {policy.title}")
        out[path] = page({"title": title_meta(f"Proposal {policy.id} · {policy.title}"), "search": NOT_SEARCHED}, body)
    rows = [[link(policy.id, PROPOSALS_PAGE, proposal_page(policy.id)), plain_cell(policy.title), status_badge(policy.status), policy.version, plain_cell(policy.owner)] for policy in proposals]
    intro = (
        "Drafts and proposals under review, published so that anyone can read them and comment before they are approved. "
        "**None of them applies yet**: they are not rules, they are not on the role pages, and search does not find them."
    )
    listing = table(["Id", "Title", "Status", "Version", "Owner"], rows) if rows else "There are no drafts or proposals at the moment."
    out[PROPOSALS_PAGE] = page({"title": "Proposals", "search": NOT_SEARCHED}, ["# Proposals", intro, listing])
    return out

