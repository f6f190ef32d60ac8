"""Where each generated page lives and what readers call things; one place for both."""

from __future__ import annotations

from ..model import ROLE_LABELS as ROLE_LABELS  # re-exported: what readers call each role

KIND_LABELS = {"golden-rule": "Golden rule", "service-expectation": "Service expectation", "leader-commitment": "Leader commitment"}
KIND_SECTIONS = {
    "golden-rule": ("golden-rule.md", "The Golden Rule"),
    "service-expectation": ("service-expectations.md", "Service expectations"),
    "leader-commitment": ("leader-commitments.md", "Leader commitments"),
}
STATUS_LABELS = {"draft": "Draft", "proposed": "Proposed", "active": "Active", "deprecated": "Deprecated", "retired": "Retired"}
LEVEL_HEADINGS = {"must": "What you must do", "should": "What you should do", "may": "What you may do"}
#: Headings for statements shown as a record, not as rules in force today (a retired or
#: deprecated policy, a proposal, a version coming later, an archived version).
RECORD_HEADINGS = {"must": "Required (must)", "should": "Recommended (should)", "may": "Allowed (may)"}

CATALOGUE = "policies/index.md"
ROLES_INDEX = "expected-of-me/index.md"
SCHEMA_REFERENCE = "reference/schemas.md"
PROPOSING = "proposing-a-change.md"
WHATS_NEW = "whats-new.md"
POLICIES_JSON = "policies.json"
REVIEWS_DUE = "reviews-due.md"
PROPOSALS = "proposals/index.md"
#: The Atom feed of "What's new", beside the page.
FEED = "whats-new.xml"


def policy_page(policy_id: str) -> str:
    return f"policies/{policy_id}.md"


def version_page(policy_id: str, version: str) -> str:
    """Where one version of a policy stays readable: /policies/LC-001/1.1.0/."""
    return f"policies/{policy_id}/{version}.md"


def proposal_page(policy_id: str) -> str:
    return f"proposals/{policy_id}.md"


def role_page(role: str) -> str:
    return f"expected-of-me/{role}.md"


def statement_anchor(statement_id: str) -> str:
    return f"statement-{statement_id}"


def schema_url(name: str) -> str:
    return f"schemas/{name}"
