"""Which version of a policy applies on a given day, from every version it has had.

Pure: the versions come from git (`check.past_versions` reads them); this module only
decides. A version is *published* once its status is active, deprecated or retired; it
applies from its `effective` date until a later published version takes effect. So a
version raised today with an `effective` date next month leaves the one before it in force
until then, and the page says what is coming.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .model import Policy, version_key

#: Statuses of a version that was approved and published, as opposed to a draft or proposal.
PUBLISHED = ("active", "deprecated", "retired")
#: Statuses that are not published unless the handbook asks for a "Proposals" area.
PROPOSALS = ("draft", "proposed")


@dataclass(frozen=True)
class Timeline:
    """One policy: its newest version (the file as it is now) and every published version."""

    latest: Policy
    #: published versions, newest first (the latest included when published); None when the
    #: handbook was built outside git and older versions could not be read
    versions: tuple[Policy, ...] | None
    #: the day the handbook was built for
    day: str

    @property
    def id(self) -> str:
        return self.latest.id

    @property
    def published(self) -> bool:
        """Whether any version of it was ever approved (a draft's first version was not)."""
        return bool(self.versions) or self.latest.status in PUBLISHED

    @property
    def today(self) -> Policy | None:
        """The version in effect on the build day: the newest published one already effective."""
        return in_effect_on(self._known, self.day)

    @property
    def shown(self) -> Policy:
        """What the policy's page presents: the version in effect today, else the next to come
        (a policy not in force yet), else the newest."""
        coming = self.coming
        return self.today or (coming[0] if coming else None) or self.latest

    @property
    def coming(self) -> tuple[Policy, ...]:
        """Published versions that take effect after the build day, soonest first."""
        return tuple(sorted((p for p in self._known if p.effective > self.day), key=lambda p: (p.effective, version_key(p.version))))

    @property
    def applies(self) -> bool:
        """Whether the policy asks anything of anyone on the build day."""
        return self.today is not None and self.today.in_force

    @property
    def newest_published(self) -> Policy | None:
        known = self._known
        return max(known, key=lambda p: version_key(p.version)) if known else None

    @property
    def _known(self) -> tuple[Policy, ...]:
        if self.versions is not None:
            return self.versions
        return (self.latest,) if self.latest.status in PUBLISHED else ()

    def until(self, version: Policy) -> str | None:
        """The day a later published version replaced `version`, if one has."""
        later = [p.effective for p in self._known if version_key(p.version) > version_key(version.version) and p.effective >= version.effective]
        return min(later) if later else None


def in_effect_on(versions: Iterable[Policy], day: str) -> Policy | None:
    """The newest published version whose `effective` date is on or before `day`."""
    effective = [p for p in versions if p.status in PUBLISHED and p.effective <= day]
    return max(effective, key=lambda p: version_key(p.version)) if effective else None


def timeline(latest: Policy, past: Sequence[Policy] | None, *, day: date) -> Timeline:
    """The timeline of `latest`, given its earlier versions from git (newest commit first, any
    status); None when there is no history to read. The file as it is now wins over git for
    its own version number."""
    if past is None:
        return Timeline(latest, None, day.isoformat())
    chosen: dict[str, Policy] = {}
    for policy in (latest, *past):
        if policy.id == latest.id and policy.status in PUBLISHED and policy.version not in chosen:
            chosen[policy.version] = policy
    versions = tuple(sorted(chosen.values(), key=lambda p: version_key(p.version), reverse=True))
    return Timeline(latest, versions, day.isoformat())
