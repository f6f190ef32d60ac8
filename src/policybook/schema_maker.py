"""Making a handbook's JSON Schemas from policybook's templates, its vocabulary and its
`policybook.yml`: the roles, channels and units an organisation uses become the schemas'
enums, so editors complete the organisation's own roles and validation checks them.

The templates (`data/schemas/`) are ordinary schemas in which a value such as `"@roles"`
stands for what the configuration says; `policybook schemas` writes the result into the
handbook's `schemas/` folder, and validation warns when that folder is out of date.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from .config import Settings, config_schema_source
from .vocabulary import ID_DIGITS, KIND_NAMES, KINDS, LEVELS, PERIODS, STATUS_NAMES

COMMON = "common.schema.json"
#: The configuration's own schema, written beside the policies' so editors check policybook.yml too.
CONFIG_SCHEMA = "policybook.schema.json"
SCHEMA_FILES: tuple[str, ...] = (COMMON, *(kind.schema_file for kind in KINDS))


@cache
def _templates() -> dict[str, str]:
    folder = resources.files("policybook").joinpath("data", "schemas")
    return {name: folder.joinpath(name).read_text(encoding="utf-8") for name in SCHEMA_FILES}


def _either(words: Sequence[str], joiner: str = "or") -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {joiner} " + words[-1] if words else "none"


def _any_of(words: Sequence[str]) -> str:
    """'managers, executives or both': the roles a commitment can bind, any number of them."""
    if len(words) < 2:
        return _either(words)
    return ", ".join(words) + (" or both" if len(words) == 2 else " or several of them")


def prefer(options: Sequence[str], *liked: str) -> str:
    return next((word for word in liked if word in options), options[0])


def placeholders(settings: Settings) -> dict[str, Any]:
    """What each `@name` in the templates stands for, for these settings. Examples are made
    from the settings too, so that every example is a value the schema accepts."""
    roles, leading = list(settings.role_ids), list(settings.leading_roles)
    channels, units, response_units = list(settings.channels), list(settings.units), list(settings.response_units)
    prefixes = [kind.prefix for kind in KINDS]
    some_roles = leading[:2] or roles[1:3] or roles[:1]
    channel = prefer(channels, "email", "phone")
    reply_unit = prefer(response_units, "business-hours", "hours", "minutes")
    return {
        "@id-pattern": f"^({'|'.join(prefixes)})-[0-9]{{{ID_DIGITS[0]},{ID_DIGITS[1]}}}$",
        "@id-prefixes": _either(prefixes),
        "@id-prefixes-explained": ", ".join(f"{kind.prefix} = {kind.label.lower()}" for kind in KINDS),
        "@kinds": list(KIND_NAMES),
        "@statuses": list(STATUS_NAMES),
        "@levels": list(LEVELS),
        "@periods": list(PERIODS),
        "@roles": roles,
        "@role-count": len(roles),
        "@role-examples": [roles[0], some_roles[0]],
        "@roles-examples": [roles[:1], some_roles],
        "@audience-examples": [some_roles],
        "@leading-roles": leading,
        "@leading-role-count": max(len(leading), 1),
        "@leading-roles-explained": _any_of([settings.label(r).lower() for r in leading]) if leading else "no role leads yet (set 'leads: true' on a role in policybook.yml)",
        "@leading-roles-examples": [leading[-1:], leading[:2]] if leading else [],
        "@channels": channels,
        "@channel-examples": [channel],
        "@channels-examples": [channels[:2]],
        "@units": units,
        "@unit-examples": units[:2],
        "@response-units": response_units,
        "@response-unit-examples": [reply_unit],
        "@target-examples": [{"activity": "customer visits", "count": 2, "unit": units[0], "per": "quarter"}],
        "@response-target-examples": [{"value": 4, "unit": reply_unit}],
        "@response-standard-examples": [{"channel": channel, "measure": "First reply", "target": {"value": 4, "unit": reply_unit}}],
    }


def _fill(node: Any, values: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values) for value in node]
    if isinstance(node, str) and "@" in node:
        if node in values:
            return values[node]
        for name, value in sorted(values.items(), key=lambda item: -len(item[0])):  # '@id-prefixes-explained' before '@id-prefixes'
            if name in node and isinstance(value, str | int):
                node = node.replace(name, str(value))
        return node
    return node


def make_schemas(settings: Settings) -> dict[str, bytes]:
    """The policy schemas for these settings, and the configuration's own, as files' bytes."""
    values = placeholders(settings)
    made = {name: _dump(_fill(json.loads(text), values)) for name, text in _templates().items()}
    made[CONFIG_SCHEMA] = config_schema_source()
    return made


def _dump(document: Any) -> bytes:
    """Indented JSON, with short lists of plain values on one line, as people write them."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return (_join_short_lists(text) + "\n").encode("utf-8")


def _join_short_lists(text: str, width: int = 100) -> str:
    """Lists of strings and numbers printed one item a line are put back on one line when short."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("[") and i + 1 < len(lines):
            j, items = i + 1, []
            while j < len(lines) and not lines[j].strip().startswith("]"):
                item = lines[j].strip().rstrip(",")
                if not item or item[0] in "[{":
                    break
                items.append(item)
                j += 1
            if j < len(lines) and lines[j].strip().startswith("]") and items:
                joined = line.rstrip() + ", ".join(items) + lines[j].strip()
                if len(joined) <= width:
                    out.append(joined)
                    i = j + 1
                    continue
        out.append(line)
        i += 1
    return "\n".join(out)


def stale(written: dict[str, bytes], settings: Settings) -> list[str]:
    """The schema files in `written` that are not what these settings make (missing ones included)."""
    made = make_schemas(settings)
    return [name for name in made if name != CONFIG_SCHEMA and written.get(name) != made[name]]

