"""The JSON Schemas in `schemas/`: read once, checked, and turned into one validator per kind."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .problems import ProjectError, error

KINDS = ("golden-rule", "service-expectation", "leader-commitment")
COMMON = "common.schema.json"
#: Id prefix that each kind's ids start with.
PREFIXES = {"golden-rule": "GR", "service-expectation": "SE", "leader-commitment": "LC"}


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


@dataclass(frozen=True)
class Schemas:
    """The schema documents by file name, and what is derived from them."""

    folder: Path
    documents: dict[str, dict[str, Any]]
    #: the files as read, so they can be published byte for byte
    sources: dict[str, bytes]

    @cached_property
    def registry(self) -> Registry:
        return Registry().with_resources(
            (name, Resource.from_contents(doc, default_specification=DRAFT202012)) for name, doc in self.documents.items()
        )

    @cached_property
    def validators(self) -> dict[str, Draft202012Validator]:
        checker = FormatChecker(formats=("date",))
        return {kind: Draft202012Validator(self.documents[schema_file(kind)], registry=self.registry, format_checker=checker) for kind in KINDS}

    @property
    def envelope(self) -> dict[str, Any]:
        return self.documents[COMMON]["$defs"]["envelope"]

    def fields(self, kind: str) -> list[str]:
        """Top-level field names a policy of `kind` may have, in schema order."""
        return [*self.envelope["properties"], *(k for k in self.documents[schema_file(kind)]["properties"] if k != "kind")]

    def field_schema(self, kind: str, name: str) -> dict[str, Any]:
        """The schema of a top-level field, looking through one `$ref` into the shared definitions."""
        node = self.documents[schema_file(kind)]["properties"].get(name) or self.envelope["properties"].get(name, {})
        return self.resolve(node)

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """`node` merged over the definition its `$ref` points at (its own keywords win)."""
        ref = node.get("$ref")
        if not ref:
            return node
        name, _, pointer = ref.partition("#")
        target: Any = self.documents[name or COMMON]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        return {**self.resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}


def load_schemas(folder: Path) -> Schemas:
    """Read and check every schema; a broken schema is the project's problem, not a policy's."""
    sources: dict[str, bytes] = {}
    for name in (COMMON, *map(schema_file, KINDS)):
        try:
            sources[name] = (folder / name).read_bytes()
        except OSError as exc:
            raise ProjectError(error(str(folder / name), 1, 1, "schema-missing", f"cannot read the schema: {exc.strerror or exc}; the project needs schemas/{name}")) from None
    return schemas_from_sources(folder, sources)


def schemas_from_sources(folder: Path, sources: dict[str, bytes]) -> Schemas:
    """Schemas from their files' bytes (from disk, or from a git revision)."""
    documents: dict[str, dict[str, Any]] = {}
    for name in (COMMON, *map(schema_file, KINDS)):
        path = folder / name
        if name not in sources:
            raise ProjectError(error(str(path), 1, 1, "schema-missing", f"the schema is missing; the project needs schemas/{name}"))
        try:
            documents[name] = json.loads(sources[name].decode("utf-8"))
        except UnicodeDecodeError:
            raise ProjectError(error(str(path), 1, 1, "schema-invalid", "the schema is not UTF-8 text")) from None
        except json.JSONDecodeError as exc:
            raise ProjectError(error(str(path), exc.lineno, exc.colno, "schema-invalid", f"the schema is not valid JSON: {exc.msg}")) from None
        try:
            Draft202012Validator.check_schema(documents[name])
        except SchemaError as exc:
            raise ProjectError(error(str(path), 1, 1, "schema-invalid", f"the schema breaks the JSON Schema 2020-12 rules: {exc.message}")) from None
    return Schemas(folder, documents, {name: sources[name] for name in documents})
