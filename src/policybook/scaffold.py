"""Starting a new policy: a draft with every field it needs, explained, and placeholders
that validation rejects until they are replaced with real text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

import yaml

from .schema import Schemas, schema_file
from .validate import PLACEHOLDER, slugify
from .validate.ids import next_free
from .vocabulary import EVERYONE, PREFIXES


def next_id(kind: str, existing: Iterable[str]) -> str:
    """The next free id of `kind`: one more than the highest in use, at least three digits."""
    return next_free(PREFIXES[kind], existing)


def _todo(what: str) -> str:
    return f"{PLACEHOLDER}: {what}"


def _options(schema: dict[str, Any], name: str) -> str:
    """'visits, hours or calls': the values a field of `schema` allows, so a placeholder can say them."""
    options = [str(o) for o in schema.get("properties", {}).get(name, {}).get("enum", [])]
    return ", ".join(options[:-1]) + " or " + options[-1] if len(options) > 1 else "".join(options)


def _fields(kind: str, policy_id: str, title: str, today: date, schemas: Schemas) -> dict[str, Any]:
    common: dict[str, Any] = {
        "id": policy_id,
        "kind": kind,
        "title": title,
        "version": "0.1.0",
        "status": "draft",
        "owner": _todo("the role or team that owns this policy"),
        "effective": today.isoformat(),
        "review_by": today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat(),
        "audience": [EVERYONE],
        "tags": [],
        "summary": _todo("the policy in two or three sentences, for someone who reads nothing else"),
        "statements": [{"id": "S1", "level": "must", "text": _todo("one rule, so that anyone can tell whether it was followed")}],
    }
    specific: dict[str, dict[str, Any]] = {
        "golden-rule": {
            "behaviours": {"do": [_todo("something to do for colleagues")], "dont": [_todo("something not to do to colleagues")]},
            "leaders_model_it": [_todo("how leaders show this rule in what they do")],
        },
        "service-expectation": {
            "situations": [_todo("a situation this covers")],
            "phrases": {
                "use": [{"text": _todo("a phrase to use"), "why": _todo("why it works")}],
                "avoid": [{"text": _todo("a phrase to avoid"), "why": _todo("why it does harm"), "instead": _todo("what to say instead")}],
            },
        },
        "leader-commitment": {
            "roles": [_todo("which leaders make it: " + _options({"properties": {"roles": schemas.field_schema(kind, "roles").get("items", {})}}, "roles"))],
            "target": {
                "activity": _todo("what is counted, in a few words"),
                "count": _todo("how many, a whole number such as 2"),
                "unit": _todo("what is counted: " + _options(schemas.field_schema(kind, "target"), "unit")),
                "per": _todo("the period: " + _options(schemas.field_schema(kind, "target"), "per")),
            },
            "measured_by": _todo("how the target is measured, and who looks at the numbers"),
            "evidence": [_todo("what counts as evidence that it was done")],
        },
    }
    tail = {
        "rationale": _todo("why the policy exists"),
        "related": [],
        "changelog": [{"version": "0.1.0", "date": today.isoformat(), "summary": "First draft."}],
    }
    return {**common, **specific[kind], **tail}


class _Dumper(yaml.SafeDumper):
    """Indents lists under their field, and quotes text YAML would read as a number or date."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_NUMBER_LIKE = re.compile(r"^[0-9][0-9.:-]*$")
_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"' if _NUMBER_LIKE.match(text) else None))


def new_policy_text(kind: str, title: str, *, policy_id: str, today: date, schemas: Schemas) -> str:
    """The YAML of a new draft: the `$schema` line, then each field under a comment saying what it is for."""
    lines = [f"# yaml-language-server: $schema=../schemas/{schema_file(kind)}"]
    for name, value in _fields(kind, policy_id, title, today, schemas).items():
        about = schemas.field_schema(kind, name).get("description", "")
        lines.append("")
        lines += [f"# {line}" for line in _wrap(about)]
        lines.append(yaml.dump({name: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False).rstrip("\n"))
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int = 88) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def new_policy_name(policy_id: str, title: str) -> str:
    return f"{policy_id}-{slugify(title)}.yaml"
