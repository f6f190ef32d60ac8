"""The handbook's configuration, `policybook.yml`: what differs between organisations.

Its roles (and which other roles' rules apply to each), the units and channels targets and
response standards may use, what is published, review reminders, the leaders whose
commitments are measured and how the scorecard shows them. Read with the same safe, located
loader as the policies and checked against its own schema (`data/policybook.schema.json`),
so a mistake gets `policybook.yml:LINE:COL: error: ...` like any other; a handbook without
the file gets the defaults below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any, Literal

from .load import Document, json_path, parse_document, read_bytes
from .problems import LoadError, Problem, ProjectError, error
from .vocabulary import EVERYONE

CONFIG_FILE = "policybook.yml"


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    about: str = ""
    #: other roles whose rules also apply to this one (everyone's always do)
    also: tuple[str, ...] = ()
    #: whether leader commitments can bind it
    leads: bool = False
    #: how it describes one of its commitments ('executive customer visits')
    adjective: str = ""


@dataclass(frozen=True)
class Leader:
    id: str
    name: str
    roles: tuple[str, ...]
    joined: date | None = None
    left: date | None = None


@dataclass(frozen=True)
class Settings:
    """Everything `policybook.yml` says, with the defaults filled in."""

    organisation: str
    roles: tuple[Role, ...]
    units: tuple[str, ...]
    channels: tuple[str, ...]
    response_units: tuple[str, ...]
    publish_proposals: bool = False
    review_soon_days: int = 30
    leaders: tuple[Leader, ...] = ()
    scorecard_names: Literal["named", "totals"] = "named"
    #: how many periods of each target the scorecard shows (the current one and those before)
    scorecard_periods: int = 6
    #: where the settings came from ('' for the defaults)
    source: str = ""
    by_id: dict[str, Role] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {role.id: role for role in self.roles})

    @property
    def role_ids(self) -> tuple[str, ...]:
        return tuple(role.id for role in self.roles)

    @property
    def leading_roles(self) -> tuple[str, ...]:
        return tuple(role.id for role in self.roles if role.leads)

    def label(self, role: str) -> str:
        known = self.by_id.get(role)
        return known.label if known else role

    def applies_to(self, role: str) -> tuple[str, ...]:
        """The roles whose rules apply to `role`: itself, everyone, and those it names in `also`
        (and theirs in turn), in the handbook's order."""
        found = {role, EVERYONE}
        waiting = [role]
        while waiting:
            current = self.by_id.get(waiting.pop())
            for other in current.also if current else ():
                if other not in found:
                    found.add(other)
                    waiting.append(other)
        return tuple(r for r in self.role_ids if r in found)


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("policybook").joinpath("data", "policybook.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def config_schema_source() -> bytes:
    """The configuration's schema as shipped, to publish beside the policy schemas."""
    return resources.files("policybook").joinpath("data", "policybook.schema.json").read_bytes()


@cache
def defaults(organisation: str = "Our organisation") -> Settings:
    """What a handbook without `policybook.yml` gets: the settings `policybook init` starts a
    handbook with (four plain roles and the schema's lists), for `organisation`."""
    document = parse_document(starter_config(organisation), path=Path(CONFIG_FILE), display=CONFIG_FILE)  # shipped, and checked by the tests
    return settings_from_data(document.data)


def starter_config(organisation: str) -> bytes:
    """The `policybook.yml` a new handbook starts with, and every handbook without one gets."""
    text = resources.files("policybook").joinpath("data", "starter", CONFIG_FILE).read_text(encoding="utf-8")
    return Template(text).substitute(organisation=organisation, organisation_yaml=json.dumps(organisation, ensure_ascii=False)).encode("utf-8")


def load_settings(root: Path) -> Settings:
    """The settings of the handbook at `root`: its `policybook.yml`, or the defaults without one.

    Raises `ConfigError` with every problem found (all of them, each located)."""
    path = root / CONFIG_FILE
    if not path.exists() and not path.is_symlink():
        return defaults()
    try:
        raw = read_bytes(path, CONFIG_FILE)
    except LoadError as exc:
        raise ConfigError([exc.problem]) from None
    return read_settings(raw, path=path, display=CONFIG_FILE)


def read_settings(raw: bytes, *, path: Path, display: str = CONFIG_FILE) -> Settings:
    """Settings from the text of a `policybook.yml` (`display` names it in problems);
    `ConfigError` lists every mistake, located."""
    try:
        document = parse_document(raw, path=path, display=display)
    except LoadError as exc:
        raise ConfigError([exc.problem]) from None
    problems = [*document.problems, *_schema_problems(document), *_reference_problems(document)]
    if problems:
        raise ConfigError(sorted(problems))
    return settings_from_data(document.data, source=CONFIG_FILE)


class ConfigError(ProjectError):
    """`policybook.yml` has mistakes: every one of them, located."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0])
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def settings_from_data(data: dict[str, Any], *, source: str = "") -> Settings:
    """Settings from checked configuration data, defaults filled in."""
    properties = _schema()["properties"]
    declared = [
        Role(r["id"], r["label"], r.get("about", ""), tuple(r.get("also", ())), bool(r.get("leads", False)), r.get("adjective", r["id"].replace("-", " ")))
        for r in data["roles"]
    ]
    if EVERYONE not in {role.id for role in declared}:
        declared.insert(0, Role(EVERYONE, "Everyone", "These apply to every one of us, whatever our job."))
    leaders = tuple(
        Leader(entry["id"], entry["name"], tuple(entry["roles"]), _day(entry.get("joined")), _day(entry.get("left"))) for entry in data.get("leaders", ())
    )
    return Settings(
        organisation=data["organisation"],
        roles=tuple(declared),
        units=tuple(data.get("units", properties["units"]["default"])),
        channels=tuple(data.get("channels", properties["channels"]["default"])),
        response_units=tuple(data.get("response_units", properties["response_units"]["default"])),
        publish_proposals=bool(data.get("publish", {}).get("proposals", False)),
        review_soon_days=int(data.get("reviews", {}).get("soon", 30)),
        leaders=leaders,
        scorecard_names=data.get("scorecard", {}).get("names", "named"),
        scorecard_periods=int(data.get("scorecard", {}).get("periods", 6)),
        source=source,
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- checking the file -------------------------------------------------------------------


def _schema_problems(document: Document) -> list[Problem]:
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(_schema(), format_checker=FormatChecker(formats=("date",)))
    problems = []
    for err in sorted(validator.iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        keyword = str(err.validator)
        if keyword in ("additionalProperties",):
            allowed = list(err.schema.get("properties", {})) if isinstance(err.schema, dict) else []
            for name in (k for k in err.instance if k not in allowed):
                problems.append(_at(document, (*path, name), f"unknown setting {name!r}{_inside(path)}; use one of: {', '.join(allowed)}", key=True))
            continue
        if keyword == "required":
            for name in (k for k in err.validator_value if k not in err.instance):
                problems.append(_at(document, path, f"missing setting {name!r}{_inside(path)}; add it"))
            continue
        problems.append(_at(document, path, _message(err, path)))
    return problems


_WHAT = {"string": "text", "integer": "a whole number", "boolean": "true or false", "array": "a list (one '- ' item per line)", "object": "a group of settings"}


def _message(err: Any, path: tuple[str | int, ...]) -> str:
    """A schema error in plain words, by its keyword."""
    name = _name(path)
    expected, value = err.validator_value, err.instance
    schema = err.schema if isinstance(err.schema, dict) else {}
    messages = {
        "type": lambda: f"{name} must be {' or '.join(_WHAT.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))}",
        "enum": lambda: f"{name} is {value!r}; use one of: {', '.join(map(str, expected))}",
        "pattern": lambda: f"{name} is {value!r}, which is not in the expected form. {schema.get('patternErrorMessage', '')}".rstrip(),
        "format": lambda: f"{name} is {value!r}, which is not a real date; write it as YYYY-MM-DD",
        "minLength": lambda: f"{name} is empty; write some text",
        "maxLength": lambda: f"{name} is {len(value)} characters long; shorten it to at most {expected}",
        "minItems": lambda: f"{name} is an empty list; add at least {expected}",
        "maxItems": lambda: f"{name} lists {len(value)} items; at most {expected} are allowed",
        "uniqueItems": lambda: f"{name} lists the same value twice; list each once",
        "minimum": lambda: f"{name} is {value}; it must be at least {expected}",
        "maximum": lambda: f"{name} is {value}; it must be at most {expected}",
    }
    make = messages.get(str(err.validator))
    return make() if make else f"{name}: {err.message}"


def _reference_problems(document: Document) -> list[Problem]:
    """Ids unique, and `also` and leaders' `roles` naming roles that exist."""
    data = document.data
    roles: list[Any] = data["roles"] if isinstance(data.get("roles"), list) else []
    ids = [r.get("id") for r in roles if isinstance(r, dict)]
    known = {EVERYONE, *(i for i in ids if isinstance(i, str))}
    problems = []
    seen: set[str] = set()
    for index, role in enumerate(roles):
        if not isinstance(role, dict) or not isinstance(role.get("id"), str):
            continue
        if role["id"] in seen:
            problems.append(_at(document, ("roles", index, "id"), f"role {role['id']!r} is listed twice; give each role its own id"))
        seen.add(role["id"])
        for j, other in enumerate(role.get("also", []) if isinstance(role.get("also"), list) else []):
            if isinstance(other, str) and other not in known:
                problems.append(_at(document, ("roles", index, "also", j), f"'also' names {other!r}, which is not one of the roles; use one of: {', '.join(sorted(known))}"))
    leaders: list[Any] = data["leaders"] if isinstance(data.get("leaders"), list) else []
    leader_ids: set[str] = set()
    for index, leader in enumerate(leaders):
        if not isinstance(leader, dict):
            continue
        if isinstance(leader.get("id"), str):
            if leader["id"] in leader_ids:
                problems.append(_at(document, ("leaders", index, "id"), f"leader {leader['id']!r} is listed twice; give each person one entry"))
            leader_ids.add(leader["id"])
        for j, role in enumerate(leader.get("roles", []) if isinstance(leader.get("roles"), list) else []):
            if isinstance(role, str) and role not in known:
                problems.append(_at(document, ("leaders", index, "roles", j), f"{role!r} is not one of the roles; use one of: {', '.join(sorted(known))}"))
        joined, left = leader.get("joined"), leader.get("left")
        if isinstance(joined, str) and isinstance(left, str) and left < joined:
            problems.append(_at(document, ("leaders", index, "left"), f"'left' ({left}) is before 'joined' ({joined}); check the dates"))
    return problems


def _name(path: tuple[str | int, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    items = [p for p in path if isinstance(p, int)]
    if not names:
        return "the configuration"
    return f"'{names[-1]}'" + (f" (item {items[-1] + 1} of '{names[0]}')" if items and len(names) > 1 else f" (item {items[-1] + 1})" if items else "")


def _inside(path: tuple[str | int, ...]) -> str:
    return f" in {_name(path)}" if path else ""


def _at(document: Document, path: tuple[str | int, ...], message: str, *, key: bool = False) -> Problem:
    line, column = document.where(path, key=key)
    return error(document.display, line, column, "config", message, json_path(path))
