"""The JSON Schemas in `schemas/`: read once, checked, and turned into one validator per kind."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import ProjectError, error

if TYPE_CHECKING:  # python-jsonschema is imported only when a policy has a problem to explain
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

KINDS = ("golden-rule", "service-expectation", "leader-commitment")
COMMON = "common.schema.json"
#: Id prefix that each kind's ids start with.
PREFIXES = {"golden-rule": "GR", "service-expectation": "SE", "leader-commitment": "LC"}


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


@cache
def _ecma(pattern: str) -> re.Pattern[str]:
    """`pattern` as JSON Schema means it (ECMA-262): `$` ends the text, even before a newline."""
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _validator_class() -> Any:
    """Draft 2020-12, except that `$` means what it means in JSON Schema (see `_ecma`)."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class Schemas:
    """The schema documents by file name, and what is derived from them."""

    folder: Path
    documents: dict[str, dict[str, Any]]
    #: the files as read, so they can be published byte for byte
    sources: dict[str, bytes]

    @cached_property
    def validators(self) -> dict[str, Draft202012Validator]:
        """Validators that find every error, with its path: for the messages."""
        from jsonschema import FormatChecker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry: Registry = Registry().with_resources(
            (name, Resource.from_contents(doc, default_specification=DRAFT202012)) for name, doc in self.documents.items()
        )
        checker = FormatChecker(formats=("date",))
        return {kind: _validator_class()(self.documents[schema_file(kind)], registry=registry, format_checker=checker) for kind in KINDS}

    @cached_property
    def quick_checks(self) -> dict[str, Callable[[Any], bool]]:
        """Compiled yes/no checks (jsonschema-rs), about forty times faster than `validators`:
        a policy they pass has no schema error, so its errors are looked for only when they fail."""
        try:
            import jsonschema_rs
        except ImportError:  # the compiled validator is an optimisation, not a requirement
            return {kind: validator.is_valid for kind, validator in self.validators.items()}

        def retrieve(uri: str) -> Any:
            return self.documents[uri.rsplit("/", 1)[-1]]

        return {
            kind: jsonschema_rs.Draft202012Validator(self.documents[schema_file(kind)], validate_formats=True, retriever=retrieve).is_valid
            for kind in KINDS
        }

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever a schema's bytes change: part of every cache key."""
        digest = hashlib.sha256()
        for name in sorted(self.sources):
            digest.update(name.encode() + b"\0" + self.sources[name] + b"\0")
        return digest.hexdigest()

    @property
    def envelope(self) -> dict[str, Any]:
        envelope: dict[str, Any] = self.documents[COMMON]["$defs"]["envelope"]
        return envelope

    def fields(self, kind: str) -> list[str]:
        """Top-level field names a policy of `kind` may have, in schema order."""
        return [*self.envelope["properties"], *(k for k in self.documents[schema_file(kind)]["properties"] if k != "kind")]

    def field_schema(self, kind: str, name: str) -> dict[str, Any]:
        """The schema of a top-level field, looking through one `$ref` into the shared definitions."""
        node = self.documents[schema_file(kind)]["properties"].get(name) or self.envelope["properties"].get(name, {})
        return self.resolve(node)

    def text_fields(self, kind: Any, data: dict[str, Any], candidates: dict[tuple[str | int, ...], str]) -> set[tuple[str | int, ...]]:
        """Which `candidates` (JSON path -> a text) are places where that text would be allowed:
        free text such as a title or a statement, as opposed to a status, an id or a number.

        Asked of the schema itself: each path gets its candidate text, and a path with no
        error of its own then (its length aside) takes text. Without a known kind, all do.
        """
        if not isinstance(kind, str) or kind not in self.validators:
            return set(candidates)
        trial = json.loads(json.dumps(data))
        for path, text in candidates.items():
            node: Any = trial
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = text
        refused = {tuple(err.absolute_path) for err in self.validators[kind].iter_errors(trial) if err.validator not in ("minLength", "maxLength")}
        return {path for path in candidates if path not in refused}

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
        broken = _metaschema_problem(documents[name])
        if broken:
            raise ProjectError(error(str(path), 1, 1, "schema-invalid", f"the schema breaks the JSON Schema 2020-12 rules: {broken}"))
    return Schemas(folder, documents, {name: sources[name] for name in documents})


def _metaschema_problem(document: Any) -> str | None:
    """What makes `document` an invalid 2020-12 schema, or None (the compiled check when present)."""
    try:
        import jsonschema_rs
    except ImportError:
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError

        try:
            Draft202012Validator.check_schema(document)
        except SchemaError as exc:
            return exc.message
        return None
    try:
        jsonschema_rs.meta.validate(document)
    except jsonschema_rs.ValidationError as exc:
        return str(exc).split("\n", 1)[0]
    return None
