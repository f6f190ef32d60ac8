"""The schemas are part of the product: valid 2020-12, described, and closed to typos."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT
from policybook.schema import KINDS, load_schemas

SCHEMA_FILES = sorted((ROOT / "schemas").glob("*.schema.json"))


def _objects(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for where, node in _objects(schema, "#"):
        if where.endswith(("/examples", "/enum", "/const")) or "/examples/" in where:
            continue
        for name, prop in node.get("properties", {}).items() if isinstance(node.get("properties"), dict) else []:
            yield where, name, prop


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_against_the_2020_12_metaschema(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_has_a_description(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    schemas = load_schemas(ROOT / "schemas")
    undescribed = [f"{where}/properties/{name}" for where, name, prop in _properties(schema) if not schemas.resolve(prop).get("description")]
    assert undescribed == []


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_object_rejects_unknown_fields(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    open_objects = [
        where
        for where, node in _objects(schema, "#")
        if "properties" in node and "/examples" not in where and where != "#/$defs/envelope"
        and node.get("additionalProperties") is not False and node.get("unevaluatedProperties") is not False
    ]
    assert open_objects == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_a_leader_types_has_examples(kind: str) -> None:
    schemas = load_schemas(ROOT / "schemas")
    for name in schemas.fields(kind):
        field = schemas.field_schema(kind, name)
        leaf = field.get("type") in ("string", "integer", "number") or "enum" in field
        if leaf:
            assert field.get("examples"), f"{kind}.{name} has no examples"


def _limited(node: dict[str, Any]) -> bool:
    return "enum" in node or "const" in node or ("maxLength" if node.get("type") == "string" else "maxItems") in node


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_text_and_list_has_a_limit(path: Path) -> None:
    """No valid policy can hold thousands of tags (Material's tag and search pages are
    quadratic in a page's tags) or unbounded text: every string and list is bounded."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    schemas = load_schemas(ROOT / "schemas")
    unbounded = []
    for where, node in _objects(schema, "#"):
        if "/examples" in where or "/enum" in where:
            continue
        resolved = schemas.resolve(node) if "$ref" in node else node
        if resolved.get("type") in ("string", "array") and not _limited(resolved):
            unbounded.append(where)
    assert unbounded == []


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_limit_is_explained_in_the_description_beside_it(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    unexplained = []
    for where, node in _objects(schema, "#"):
        for keyword in ("maxLength", "maxItems"):
            if keyword in node and "/examples" not in where:
                limit = node[keyword]
                if str(limit) not in node.get("description", "") and f"{limit:,}" not in node.get("description", ""):
                    unexplained.append(f"{where}: {keyword} {limit}")
    assert unexplained == []
