"""A new handbook: every file `policybook init` writes, as data.

Made from the package's starter (`data/starter/`: the build and publish set-up, a home page,
one policy of each kind) or its example (`data/example/`: the whole Harbour & Pine handbook),
filled in from the handbook's own `policybook.yml`, so the roles, units and organisation it
names are the new handbook's. Pure: choices in, `{path: bytes}` out; `cli.init` writes them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from string import Template
from typing import Any

import yaml

from .config import CONFIG_FILE, Settings, read_settings, starter_config
from .render.paths import CATALOGUE, KIND_SECTIONS, PROPOSING, REVIEWS_DUE, ROLES_INDEX, SCHEMA_REFERENCE, WHATS_NEW, role_page
from .render.scorecard import SCORECARD
from .schema_maker import make_schemas, prefer
from .validate import slugify
from .vocabulary import EVERYONE

_DATA = resources.files("policybook").joinpath("data")
#: What a package cannot carry under its own name (files and folders whose names start with
#: a dot), by the name each gets in the handbook.
RENAMED = {"dot-gitignore": ".gitignore", "dot-pre-commit-config.yaml": ".pre-commit-config.yaml", "dot-github": ".github", "pyproject.toml.template": "pyproject.toml"}
#: The starter's files whose `${name}`s are filled in; every other file is copied as it is.
TEMPLATES = re.compile(r"(README\.md|mkdocs\.yml|pyproject\.toml|handbook/index\.md|policies/.*\.yaml)\Z")
#: The starter's files the example brings its own of.
EXAMPLE_OWN = re.compile(r"(policies|handbook)/")
#: The example's pages every new handbook gets as they are (they explain policybook, not the example).
SHARED_PAGES = ("handbook/proposing-a-change.md", "handbook/tags.md")
#: What the starter's leader commitment counts, the first of these the handbook allows.
LIKED_UNITS = ("visits", "conversations", "meetings", "hours")
LEADER_COMMITMENT = "policies/LC-001-time-with-customers.yaml"


@dataclass(frozen=True)
class Choices:
    """What `policybook init` was asked for."""

    today: date
    organisation: str | None = None
    #: the text of a `policybook.yml` to start from, and its name for problems
    config: tuple[bytes, str] | None = None
    #: the requirement the handbook installs policybook by (see `requirement`)
    policybook: str = ""
    example: bool = False


def requirement(spec: str | None) -> str:
    """The requirement a handbook installs policybook by: this version when `spec` is None, or
    `spec` as a version (`0.2.0`), a requirement (`policybook @ git+https://...`) or the
    path of a wheel or a source folder. The `site` extra (MkDocs and Material) is always in."""
    if spec is None:
        return f"policybook[site]=={installed_version()}"
    if re.fullmatch(r"[0-9]+(\.[0-9]+)*([a-z0-9.+!-]*)", spec):
        return f"policybook[site]=={spec}"
    named = re.match(r"policybook(?:\[([^\]]*)\])?(?![\w.-])", spec)
    if named:
        extras = [e.strip() for e in (named.group(1) or "").split(",") if e.strip()]
        return f"policybook[{','.join(extras if 'site' in extras else [*extras, 'site'])}]" + spec[named.end() :]
    path = Path(spec).expanduser()
    if (path.is_file() and path.suffix == ".whl") or (path / "pyproject.toml").is_file():
        return f"policybook[site] @ {path.resolve().as_uri()}"
    raise ValueError(f"{spec!r} is not a version, a requirement naming policybook, or the path of a policybook wheel or source folder")


def installed_version() -> str:
    try:
        return version("policybook")
    except PackageNotFoundError:  # run from a source folder that was never installed
        return "0"


def starter_files(choices: Choices) -> dict[str, bytes]:
    """Every file of the new handbook, by its path in it."""
    raw, display = _config(choices)
    settings = read_settings(raw, path=Path(display), display=display)
    values = _values(settings, choices)
    files: dict[str, bytes] = {}
    for path, source in _walk(_DATA.joinpath("starter")):
        if choices.example and EXAMPLE_OWN.match(path):
            continue
        if path == LEADER_COMMITMENT and not settings.leading_roles:
            continue  # no role leads, so there is no one for a commitment to bind
        data = source.read_bytes()
        files[path] = Template(data.decode("utf-8")).substitute(values).encode("utf-8") if TEMPLATES.match(path) else data
    example = dict(_walk(_DATA.joinpath("example")))
    files.update((path, source.read_bytes()) for path, source in example.items() if choices.example or path in SHARED_PAGES)
    files[CONFIG_FILE] = raw
    files.update((f"schemas/{name}", data) for name, data in make_schemas(settings).items())
    return dict(sorted(files.items()))


def _config(choices: Choices) -> tuple[bytes, str]:
    if choices.example:
        return _DATA.joinpath("example", CONFIG_FILE).read_bytes(), CONFIG_FILE
    if choices.config:
        return choices.config
    return starter_config(choices.organisation or "Our organisation"), CONFIG_FILE


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = prefix + RENAMED.get(entry.name, entry.name)
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _walk(entry, name + "/")
        else:
            yield name, entry


def _values(settings: Settings, choices: Choices) -> dict[str, str]:
    organisation = settings.organisation
    leading = list(settings.leading_roles)
    labels = [settings.label(role) for role in settings.role_ids if role != EVERYONE]
    site_name, description = f"{organisation} Service Handbook", f"How we treat customers and each other at {organisation}, written down."
    quoted = json.dumps  # a JSON string is a YAML and a TOML string too
    return {
        "organisation": organisation,
        "site_name": site_name,
        "site_name_yaml": quoted(site_name, ensure_ascii=False),
        "description_yaml": quoted(description, ensure_ascii=False),
        "description_toml": quoted(description),
        "copyright_yaml": quoted(f"{organisation}. Policies are maintained by their owners; propose changes by pull request.", ensure_ascii=False),
        "name": (slugify(organisation) or "our") + "-handbook",
        "policybook_toml": json.dumps(choices.policybook or requirement(None)),
        "nav": yaml.safe_dump({"nav": nav(settings)}, sort_keys=False, allow_unicode=True, width=1000),
        "role_labels": ", ".join(labels).lower() if labels else "everyone",
        "today": choices.today.isoformat(),
        "review_by": _a_year_after(choices.today).isoformat(),
        "leading_roles": json.dumps(leading),
        "unit": prefer(settings.units, *LIKED_UNITS),
    }


def _a_year_after(day: date) -> date:
    return day.replace(year=day.year + 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year + 1)


def nav(settings: Settings) -> list[Any]:
    """The site's navigation: one entry per section, never one per policy (it is drawn into
    every page), with a page for each of the handbook's roles."""
    sections = [{title: path} for path, title in KIND_SECTIONS.values()]
    roles = [ROLES_INDEX, *({settings.label(role): role_page(role)} for role in settings.role_ids)]
    return [
        {"Home": "index.md"},
        {"What's new": WHATS_NEW},
        *sections,
        {"Leader scorecard": SCORECARD},
        {"What is expected of me": roles},
        {"All policies": CATALOGUE},
        {"Tags": "tags.md"},
        {"Reviews due": REVIEWS_DUE},
        {"Proposing a change": PROPOSING},
        {"Policy file reference": SCHEMA_REFERENCE},
    ]
