"""policybook.yml: read safely, checked against its own schema, every mistake located."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from policybook.config import EVERYONE, ConfigError, defaults, load_settings


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "policybook.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_shipped_configuration_is_valid_and_keeps_the_handbooks_roles() -> None:
    settings = load_settings(ROOT)
    assert settings.organisation == "Harbour & Pine"
    assert settings.role_ids == ("everyone", "frontline", "manager", "executive", "support-functions")
    assert settings.leading_roles == ("manager", "executive")
    assert settings.label("support-functions") == "Support functions"


def test_a_handbook_without_the_file_gets_plain_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings == defaults()
    assert "Harbour" not in repr(settings) and settings.source == ""


def test_everyone_is_always_a_role_and_rules_apply_through_also(tmp_path: Path) -> None:
    settings = load_settings(
        _write(
            tmp_path,
            "organisation: St Anne's Clinic\nroles:\n  - {id: nurse, label: Nurses}\n  - {id: ward-manager, label: Ward managers, also: [nurse], leads: true}\n  - {id: director, label: Directors, also: [ward-manager], leads: true}\n",
        )
    )
    assert settings.role_ids == (EVERYONE, "nurse", "ward-manager", "director")
    assert settings.applies_to("director") == (EVERYONE, "nurse", "ward-manager", "director")
    assert settings.applies_to("nurse") == (EVERYONE, "nurse")
    assert settings.units == defaults().units  # left out: the defaults


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("roles: []\n", ["policybook.yml:1:1: error: missing setting 'organisation'; add it", "policybook.yml:1:8: error: 'roles' is an empty list; add at least 1"]),
        (
            "organisation: X\nroles:\n  - {id: Nurse, label: Nurses}\n",
            ["policybook.yml:3:10: error: 'id' (item 1 of 'roles') is 'Nurse', which is not in the expected form. Use lower-case letters and digits, words joined by hyphens, like 'front-line' or 'support-functions'."],
        ),
        ("organisation: X\nroles:\n  - {id: a, label: A}\n  - {id: a, label: B}\n", ["policybook.yml:4:10: error: role 'a' is listed twice; give each role its own id"]),
        ("organisation: X\nroles:\n  - {id: a, label: A, also: [b]}\n", ["policybook.yml:3:30: error: 'also' names 'b', which is not one of the roles; use one of: a, everyone"]),
        ("organisation: X\nrole:\n  - {id: a, label: A}\n", ["policybook.yml:1:1: error: missing setting 'roles'; add it", "policybook.yml:2:1: error: unknown setting 'role'; use one of: organisation, roles, units, channels, response_units, publish, reviews, leaders, scorecard"]),
        ("organisation: X\nroles: [{id: a, label: A}]\npublish: {proposals: yes please}\n", ["policybook.yml:3:22: error: 'proposals' must be true or false"]),
        (
            "organisation: X\nroles: [{id: boss, label: Bosses, leads: true}]\nleaders:\n  - {id: kim, name: Kim, roles: [chief], joined: 2026-02-30}\n",
            ["policybook.yml:4:34: error: 'chief' is not one of the roles; use one of: boss, everyone", "policybook.yml:4:50: error: 'joined' (item 1 of 'leaders') is '2026-02-30', which is not a real date; write it as YYYY-MM-DD"],
        ),
        ("organisation: X\nroles: [{id: a, label: A}]\nroles: [{id: b, label: B}]\n", ["policybook.yml:3:1: error: field 'roles' appears twice: first on line 2, again on line 3; keep one of them"]),
    ],
    ids=["missing-and-empty", "bad-id", "duplicate-role", "unknown-also", "typo-in-a-setting", "not-a-yes-no", "leader-roles-and-dates", "duplicate-key"],
)
def test_every_mistake_in_the_configuration_is_located(tmp_path: Path, text: str, expected: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(_write(tmp_path, text))
    assert [str(p) for p in caught.value.problems] == expected


def _nodes(node: object, where: str = "#"):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _nodes(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nodes(value, f"{where}/{i}")


def test_the_configuration_schema_describes_every_setting_and_explains_every_limit() -> None:
    """Editors show these descriptions as leaders type policybook.yml."""
    import json

    schema = json.loads((ROOT / "schemas" / "policybook.schema.json").read_text(encoding="utf-8"))
    undescribed, unexplained = [], []
    for where, node in _nodes(schema):
        if "/examples" in where:
            continue
        for name, prop in node.get("properties", {}).items():
            if not prop.get("description"):
                undescribed.append(f"{where}/properties/{name}")
        for keyword in ("maxItems",):
            if keyword in node and f"{node[keyword]:,}" not in node.get("description", "") and str(node[keyword]) not in node.get("description", ""):
                unexplained.append(f"{where}: {keyword}")
    assert undescribed == [] and unexplained == []
