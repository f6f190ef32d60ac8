"""The schemas are made from the vocabulary and policybook.yml, and kept up to date."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from jsonschema import Draft202012Validator

from conftest import ROOT, new_project
from policybook.config import load_settings
from policybook.schema import schemas_from_sources
from policybook.schema_maker import CONFIG_SCHEMA, make_schemas
from policybook.vocabulary import KIND_NAMES, LEVELS, PERIODS, PREFIXES, STATUS_NAMES

CLINIC = """\
organisation: St Anne's Clinic
roles:
  - {id: nurse, label: Nurses}
  - {id: receptionist, label: Receptionists}
  - {id: ward-manager, label: Ward managers, leads: true, also: [nurse]}
units: [ward rounds, huddles]
channels: [in-person, phone, patient-portal]
response_units: [minutes, working-days]
"""


def _examples(node: Any, schema: Any, where: str = "#") -> Iterator[tuple[str, Any, Any]]:
    if isinstance(node, dict):
        for example in node.get("examples", []):
            yield where, node, example
        for key, value in node.items():
            if key != "examples":
                yield from _examples(value, schema, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _examples(value, schema, f"{where}/{i}")


@pytest.mark.parametrize("config", [None, CLINIC], ids=["harbour-and-pine", "a-clinic"])
def test_every_example_in_the_made_schemas_is_a_value_they_accept(config: str | None, tmp_path: Path) -> None:
    """Editors offer the examples as values: for any organisation's roles, units and channels,
    each one must pass the schema it is an example of."""
    if config is not None:
        (tmp_path / "policybook.yml").write_text(config, encoding="utf-8")
    root = ROOT if config is None else tmp_path
    made = make_schemas(load_settings(root))
    schemas = schemas_from_sources(tmp_path, {name: data for name, data in made.items() if name != CONFIG_SCHEMA})
    wrong = []
    for name, document in schemas.documents.items():
        Draft202012Validator.check_schema(document)
        for where, node, example in _examples(document, document):
            resolved = {k: v for k, v in schemas.resolve(node).items() if k != "examples"}
            if "$defs" in resolved or "allOf" in resolved:
                continue  # a whole policy's examples are the policy files themselves
            root_schema = {**resolved, "$defs": schemas.documents["common.schema.json"]["$defs"]}
            text = json.dumps(root_schema).replace("common.schema.json#/$defs/", "#/$defs/")
            if not Draft202012Validator(json.loads(text)).is_valid(example):
                wrong.append(f"{name}{where}: {example!r}")
    assert wrong == []


def test_the_organisations_roles_units_and_channels_become_the_allowed_values(tmp_path: Path) -> None:
    (tmp_path / "policybook.yml").write_text(CLINIC, encoding="utf-8")
    made = {name: json.loads(data) for name, data in make_schemas(load_settings(tmp_path)).items()}
    common, commitment, expectation = made["common.schema.json"], made["leader-commitment.schema.json"], made["service-expectation.schema.json"]
    assert common["$defs"]["role"]["enum"] == ["everyone", "nurse", "receptionist", "ward-manager"]
    assert common["$defs"]["roles"]["maxItems"] == 4
    assert common["$defs"]["channel"]["enum"] == ["in-person", "phone", "patient-portal"]
    assert commitment["properties"]["roles"]["items"]["enum"] == ["ward-manager"]
    assert commitment["properties"]["target"]["properties"]["unit"]["enum"] == ["ward rounds", "huddles"]
    assert expectation["properties"]["response_standards"]["items"]["properties"]["target"]["properties"]["unit"]["enum"] == ["minutes", "working-days"]
    assert "Harbour" not in json.dumps(made)


def test_the_vocabulary_is_what_the_schemas_say() -> None:
    """Kinds, statuses, levels, periods and id prefixes are defined once: the shipped schemas agree."""
    made = {name: json.loads(data) for name, data in make_schemas(load_settings(ROOT)).items()}
    envelope = made["common.schema.json"]["$defs"]["envelope"]["properties"]
    assert envelope["kind"]["enum"] == list(KIND_NAMES)
    assert envelope["status"]["enum"] == list(STATUS_NAMES)
    assert made["common.schema.json"]["$defs"]["statement"]["properties"]["level"]["enum"] == list(LEVELS)
    assert made["leader-commitment.schema.json"]["properties"]["target"]["properties"]["per"]["enum"] == list(PERIODS)
    assert made["common.schema.json"]["$defs"]["policyId"]["pattern"] == f"^({'|'.join(PREFIXES.values())})-[0-9]{{3,5}}$"
    assert {made[f"{kind}.schema.json"]["properties"]["kind"]["const"] for kind in KIND_NAMES} == set(KIND_NAMES)


def test_the_shipped_schemas_are_up_to_date(run_cli: Callable[..., Result]) -> None:
    result = run_cli("schemas", "--check", cwd=ROOT)
    assert (result.exit_code, result.stdout) == (0, "5 schema files up to date\n")


def test_a_schema_edited_by_hand_is_a_warning_until_written_again(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """A pull request that loosens a schema (a longer title, another status) is seen."""
    project = new_project(tmp_path / "p")
    schema = project / "schemas" / "common.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"maxLength": 120', '"maxLength": 100000'), encoding="utf-8")
    result = run_cli("validate", "--strict", cwd=project)
    assert result.exit_code == 1
    assert result.stdout.startswith("schemas/common.schema.json:1:1: error: this schema is not what policybook.yml and this version of policybook make")
    assert run_cli("schemas", "--check", cwd=project).exit_code == 1
    written = run_cli("schemas", cwd=project)
    assert written.stdout == "1 schema file written to schemas/\n"
    assert run_cli("validate", "--strict", cwd=project).exit_code == 0


def test_a_change_to_the_roles_asks_for_the_schemas_to_be_written_again(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    project = new_project(tmp_path / "p")
    config = project / "policybook.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - id: support-functions", "  - id: drivers\n    label: Drivers\n  - id: support-functions"), encoding="utf-8")
    stale = run_cli("validate", cwd=project)
    assert "schemas/common.schema.json:1:1: warning: this schema is not what policybook.yml" in stale.stdout
    run_cli("schemas", cwd=project)
    assert "drivers" in json.loads((project / "schemas" / "common.schema.json").read_text(encoding="utf-8"))["$defs"]["role"]["enum"]
    assert run_cli("validate", cwd=project).stdout.endswith("all good\n")
