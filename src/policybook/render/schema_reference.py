"""The schema reference page, written from the schemas' own descriptions and examples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..schema import COMMON, KINDS, Schemas, schema_file
from .paths import KIND_LABELS, SCHEMA_REFERENCE, schema_url
from .text import cell, page, relative, table


def render_schema_reference(schemas: Schemas) -> str:
    links = ", ".join(f"[{name}]({relative(SCHEMA_REFERENCE, schema_url(name))})" for name in (COMMON, *map(schema_file, KINDS)))
    intro = (
        "Every field a policy file can have, taken from the JSON Schemas that validation uses. "
        "Editors that read the `# yaml-language-server: $schema=...` line at the top of each policy "
        f"show the same descriptions as you type. The schemas themselves: {links}."
    )
    sections = ["# Policy file reference", intro]
    envelope = schemas.envelope
    sections.append("## Fields every policy has\n\n" + _fields(schemas, envelope, set(envelope.get("required", ()))))
    seen: set[str] = set()
    sections += _nested_sections(schemas, envelope, seen)
    for kind in KINDS:
        document = schemas.documents[schema_file(kind)]
        own = {k: v for k, v in document["properties"].items() if k != "kind"}
        body = schemas.resolve(document).get("description", "")
        sections.append(f"## {KIND_LABELS[kind]} fields\n\n{body}\n\n" + _fields(schemas, {"properties": own}, set(document.get("required", ()))))
        sections += _nested_sections(schemas, {"properties": own}, seen)
    return page({"title": "Policy file reference", "search": {"exclude": True}}, sections)


def _nested_sections(schemas: Schemas, schema: dict[str, Any], seen: set[str]) -> list[str]:
    """The fields of each group within `schema`, right under the section that owns them."""
    out = []
    for path, is_list, target in _nested(schemas, schema, ()):
        dotted = ".".join(path)
        if dotted not in seen:
            seen.add(dotted)
            title = f"Fields of each entry in `{dotted}`" if is_list else f"Fields of `{dotted}`"
            out.append(f"### {title}\n\n" + _fields(schemas, target, set(target.get("required", ()))))
    return out


def _nested(schemas: Schemas, schema: dict[str, Any], owner: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], bool, dict[str, Any]]]:
    """(path, whether it is a list of groups, the group's schema) for every group of fields inside `schema`."""
    for name, prop in schema.get("properties", {}).items():
        resolved = schemas.resolve(prop)
        items = schemas.resolve(resolved.get("items", {})) if resolved.get("type") == "array" else None
        target = items if items and "properties" in items else resolved if "properties" in resolved else None
        if target is not None:
            yield (*owner, name), target is items, target
            yield from _nested(schemas, target, (*owner, name))


def _fields(schemas: Schemas, schema: dict[str, Any], required: set[str]) -> str:
    rows = []
    for name, prop in schema.get("properties", {}).items():
        field = schemas.resolve(prop)
        example = field.get("examples", [None])[0]
        shown = f"`{json.dumps(example, ensure_ascii=False)}`" if example is not None else ""
        rows.append([f"`{name}`", "yes" if name in required else "", _form(schemas, field), cell(field.get("description", "")), cell(shown)])
    return table(["Field", "Required", "Form", "What it is", "Example"], rows)


def _form(schemas: Schemas, field: dict[str, Any]) -> str:
    """What a field holds, and how much of it: the schema's limits on texts and lists (a short
    value of a fixed form, an id or a date, is bounded by its form)."""
    if field.get("maxLength", 0) >= _SHORT and "enum" not in field:
        return f"{_kind_of(schemas, field)} (up to {field['maxLength']:,} characters)"
    if "maxItems" in field:
        return f"{_kind_of(schemas, field)} (up to {field['maxItems']:,})"
    return _kind_of(schemas, field)


#: Values shorter than this are of a fixed form (ids, dates, versions): their form says how long.
_SHORT = 40


def _kind_of(schemas: Schemas, field: dict[str, Any]) -> str:
    if "enum" in field:
        return "one of: " + ", ".join(f"`{v}`" for v in field["enum"])
    if "const" in field:
        return f"`{field['const']}`"
    kind = field.get("type")
    if kind == "array":
        items = schemas.resolve(field.get("items", {}))
        inner = _kind_of(schemas, items) if "properties" not in items else "group of fields"
        return f"list of {inner}"
    if kind == "string":
        if field.get("format") == "date":
            return "date (YYYY-MM-DD)"
        return cell(field.get("patternErrorMessage", "text")) if "pattern" in field and field.get("pattern") != "\\S" else "text"
    return {"integer": "whole number", "number": "number", "object": "group of fields", "boolean": "yes or no"}.get(str(kind), "")
