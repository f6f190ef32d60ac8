"""Synthetic handbook projects for the benchmarks: N valid, varied policies plus the real
project's configuration, schemas, hook and hand-written pages.

The policies follow every rule `policybook validate --strict` checks (so a benchmark
measures the engine's normal path, not its error reporting), and their mix of kinds,
statuses, text lengths and cross-references looks like a real handbook's, so that pages,
tables and the search index grow the way a real one would. Same N and seed, same bytes.

    python benchmarks/generate.py OUT_DIR --count 1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

import words as w

REPO = Path(__file__).resolve().parents[1]
#: What a generated project copies from the repository, besides its generated policies.
COPIED = ("mkdocs.yml", "policybook.yml", "schemas", "hooks", "handbook")
#: The day the benchmarks check dates against (as the tests do): nothing is overdue.
TODAY = "2026-11-23"
PREFIXES = {"golden-rule": "GR", "service-expectation": "SE", "leader-commitment": "LC"}
ROLES = ("frontline", "manager", "executive", "support-functions")  # 'everyone' aside
LEADERS = ("manager", "executive")
STATUS_WEIGHTS = {"active": 74, "draft": 6, "proposed": 5, "deprecated": 10, "retired": 5}
MAX_POLICIES = 99_999


@dataclass
class _Slot:
    """One policy to generate: what must be decided for all policies before any is written."""

    id: str
    kind: str
    status: str
    supersedes: list[str] = field(default_factory=list)
    superseded_by: str | None = None


def kind_counts(count: int) -> dict[str, int]:
    """A few golden rules (1 up to 5), then about 55% service expectations and 45% leader commitments."""
    golden = min(5, 1 + count // 500, count)
    rest = count - golden
    service = (rest * 55 + 50) // 100 if rest > 1 else rest
    return {"golden-rule": golden, "service-expectation": service, "leader-commitment": rest - service}


def plan(count: int, rng: random.Random) -> list[_Slot]:
    """Ids, kinds and statuses, and who replaces whom, decided before any text is written."""
    if not 1 <= count <= MAX_POLICIES:
        raise ValueError(f"count must be between 1 and {MAX_POLICIES}, not {count}")
    slots: list[_Slot] = []
    for kind, number in kind_counts(count).items():
        for i in range(1, number + 1):
            # numbered as `policybook new` numbers them: at least three digits (SE-004, then
            # SE-1000 after SE-999), so GR-001, which the hand-written pages link to, always exists
            pid = f"{PREFIXES[kind]}-{i:03d}"
            if kind == "golden-rule":  # one active golden rule; the others are history or drafts
                status = "active" if i == 1 else rng.choice(("deprecated", "retired", "draft", "proposed"))
            else:
                status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
            slots.append(_Slot(pid, kind, status))
    active = {kind: [s for s in slots if s.kind == kind and s.status == "active"] for kind in PREFIXES}
    for slot in slots:
        if slot.status in ("deprecated", "retired") and active[slot.kind] and rng.random() < 0.65:
            replacement = rng.choice(active[slot.kind])
            slot.superseded_by = replacement.id
            replacement.supersedes.append(slot.id)
    return slots


# --- text ---------------------------------------------------------------------------


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(w.VERBS)} {rng.choice(w.OBJECTS)} {rng.choice(w.QUALIFIERS)}"
    roll = rng.random()
    if roll < 0.12:
        text += f", {rng.choice(w.EMPHASIS)}"
    elif roll < 0.2:
        name = rng.choice(w.LINK_TEXTS)
        text += f"; see [{name}](https://intranet.example.org/guides/{name.replace(' ', '-')})"
    return text + "."


def _sentences(rng: random.Random, low: int, high: int) -> str:
    parts = [_sentence(rng) if rng.random() < 0.6 else rng.choice(w.REASONS) for _ in range(rng.randint(low, high))]
    return " ".join(parts)


def _statement_text(rng: random.Random) -> str:
    text = _sentence(rng)
    if rng.random() < 0.7:
        text += " " + rng.choice(w.REASONS)
    if rng.random() < 0.4:
        text += " " + _sentence(rng)
    return text


def _summary(rng: random.Random) -> str:
    text = _sentences(rng, 2, 4)
    while len(text) > 600:  # the schema's limit for a summary
        text = text.rsplit(". ", 1)[0] + "."
    return text


def _paragraphs(rng: random.Random, low: int, high: int) -> str:
    return "\n\n".join(_sentences(rng, 3, 6) for _ in range(rng.randint(low, high)))


def _title(rng: random.Random, kind: str, roles: list[str]) -> str:
    if kind == "golden-rule":
        return rng.choice(("The Employee Golden Rule", "Treat colleagues as customers", "Service starts inside"))
    if kind == "leader-commitment":
        who = "Executive" if roles == ["executive"] else "Manager" if roles == ["manager"] else "Leader"
        return f"{who} {rng.choice(w.LEADER_TOPICS)} {rng.choice(w.TITLE_CONTEXTS)}"
    return f"{rng.choice(w.TITLE_ADJECTIVES)} {rng.choice(w.TITLE_TOPICS)} {rng.choice(w.TITLE_CONTEXTS)}"


def slugify(title: str) -> str:
    """As `policybook new` names files: lower-case words joined by hyphens, at most 50 characters."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:50].strip("-") or "policy"


# --- fields -------------------------------------------------------------------------


def _ordered(roles: set[str]) -> list[str]:
    return [r for r in ("everyone", *ROLES) if r in roles]


def _audience(rng: random.Random, kind: str, leaders: list[str]) -> list[str]:
    if kind == "golden-rule" or rng.random() < 0.4:
        return ["everyone"]
    if kind == "leader-commitment":
        return _ordered(set(leaders) | set(rng.sample(ROLES, rng.randint(0, 1))))
    return _ordered(set(rng.sample(ROLES, rng.randint(1, 3))))


def _statements(rng: random.Random, audience: list[str]) -> list[dict[str, Any]]:
    pool = list(ROLES) if audience == ["everyone"] else audience
    statements = []
    number = 0
    for _ in range(rng.randint(3, 9)):
        number += 1 if rng.random() < 0.9 else 2  # now and then a gap, as after a removed statement
        statement: dict[str, Any] = {"id": f"S{number}", "level": rng.choices(("must", "should", "may"), weights=(5, 4, 2))[0]}
        if rng.random() < 0.3 and (len(pool) > 1 or audience == ["everyone"]):
            statement["audience"] = _ordered(set(rng.sample(pool, rng.randint(1, max(1, len(pool) - 1)))))
        statement["text"] = _statement_text(rng)
        statements.append(statement)
    return statements


def _versions(rng: random.Random, status: str) -> list[str]:
    """Changelog versions, newest first: 1 to 4 releases from 1.0.0 (0.1.0 while not yet in force)."""
    draft = status in ("draft", "proposed")
    major, minor, patch = (0, 1, 0) if draft else (1, 0, 0)
    versions = [f"{major}.{minor}.{patch}"]
    for _ in range(rng.choices((0, 1, 2, 3), weights=(4, 3, 2, 1))[0]):
        raise_ = rng.choices(("patch", "minor", "major"), weights=(4, 4, 0 if draft else 2))[0]
        if raise_ == "major":
            major, minor, patch = major + 1, 0, 0
        elif raise_ == "minor":
            minor, patch = minor + 1, 0
        else:
            patch += 1
        versions.append(f"{major}.{minor}.{patch}")
    return versions[::-1]


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _changelog(rng: random.Random, versions: list[str], effective: date) -> list[dict[str, str]]:
    day = effective - timedelta(days=rng.randint(0, 45))
    entries = []
    for i, version in enumerate(versions):
        last = i == len(versions) - 1
        summary = "First published version." if last and version in ("1.0.0", "0.1.0") else rng.choice(w.CHANGE_SUMMARIES[1:])
        if rng.random() < 0.3:
            summary += " " + _sentence(rng)
        entries.append({"version": version, "date": day.isoformat(), "summary": summary})
        day -= timedelta(days=rng.randint(20, 200))
    return entries


def _references(rng: random.Random) -> list[dict[str, str]]:
    references = []
    for title, author in rng.sample(w.SOURCES, rng.randint(1, 3)):
        reference = {"title": title}
        if author:
            reference["author"] = author
        if rng.random() < 0.4:
            reference["url"] = f"https://example.org/articles/{slugify(title)}"
        if rng.random() < 0.6:
            reference["note"] = _sentences(rng, 1, 2)
        references.append(reference)
    return references


def _service_fields(rng: random.Random) -> dict[str, Any]:
    fields: dict[str, Any] = {"situations": rng.sample(w.SITUATIONS, rng.randint(2, 5))}
    chosen = [name for name in ("phrases", "addressing_customers", "answering_questions", "response_standards") if rng.random() < 0.5]
    for name in chosen or [rng.choice(("phrases", "response_standards"))]:
        if name == "phrases":
            phrases: dict[str, Any] = {}
            if rng.random() < 0.85:
                phrases["use"] = [{"text": t, "why": rng.choice(w.REASONS)} for t in rng.sample(w.PHRASES_USE, rng.randint(1, 5))]
            if "use" not in phrases or rng.random() < 0.6:
                avoid = []
                for text in rng.sample(w.PHRASES_AVOID, rng.randint(1, 4)):
                    item = {"text": text, "why": rng.choice(w.REASONS)}
                    if rng.random() < 0.6:
                        item["instead"] = rng.choice(w.PHRASES_USE)
                    avoid.append(item)
                phrases["avoid"] = avoid
            fields["phrases"] = phrases
        elif name == "response_standards":
            fields[name] = [_response_standard(rng) for _ in range(rng.randint(1, 5))]
        else:
            fields[name] = [_statement_text(rng) for _ in range(rng.randint(1, 3))]
    return fields


_UNIT_RANGES = {"seconds": (10, 120), "minutes": (1, 30), "hours": (1, 48), "business-hours": (1, 8), "days": (1, 10), "business-days": (1, 5), "rings": (3, 6)}
_CHANNELS = ("in-person", "phone", "email", "chat", "social-media", "letter", "internal-request")


def _response_standard(rng: random.Random) -> dict[str, Any]:
    unit = rng.choice(list(_UNIT_RANGES))
    value: float = rng.randint(*_UNIT_RANGES[unit])
    if unit in ("hours", "days") and rng.random() < 0.2:
        value += 0.5
    standard: dict[str, Any] = {"channel": rng.choice(_CHANNELS), "measure": rng.choice(w.MEASURES), "target": {"value": value, "unit": unit}}
    if rng.random() < 0.7:
        standard["share"] = rng.choice((80, 85, 90, 95, 99))
    return standard


_TARGET_UNITS = ("visits", "hours", "sessions", "conversations", "calls", "meetings", "shifts", "messages", "recognitions", "reviews", "interviews")


def _leader_fields(rng: random.Random, leaders: list[str]) -> dict[str, Any]:
    return {
        "roles": leaders,
        "target": {
            "activity": rng.choice(w.LEADER_TOPICS),
            "count": rng.randint(1, 12),
            "unit": rng.choice(_TARGET_UNITS),
            "per": rng.choice(("week", "month", "quarter", "year")),
        },
        "measured_by": _sentences(rng, 1, 3),
        "evidence": rng.sample(w.EVIDENCE, rng.randint(1, 4)),
    }


def _golden_fields(rng: random.Random) -> dict[str, Any]:
    dont = [f"Never {s[0].lower()}{s[1:]}" for s in (_sentence(rng) for _ in range(rng.randint(3, 7)))]
    return {
        "behaviours": {"do": [_statement_text(rng) for _ in range(rng.randint(3, 7))], "dont": dont},
        "leaders_model_it": [_sentences(rng, 1, 4) for _ in range(rng.randint(2, 5))],
    }


def policy_data(slot: _Slot, ids: list[str], rng: random.Random) -> dict[str, Any]:
    """One policy's fields, in the order a person would write them."""
    leaders = _ordered(set(rng.sample(LEADERS, rng.randint(1, 2)))) if slot.kind == "leader-commitment" else []
    audience = _audience(rng, slot.kind, leaders)
    versions = _versions(rng, slot.status)
    effective = _day(rng, date(2026, 1, 1), date(2026, 11, 1))
    data: dict[str, Any] = {
        "id": slot.id,
        "kind": slot.kind,
        "title": _title(rng, slot.kind, leaders),
        "version": versions[0],
        "status": slot.status,
        "owner": rng.choice(w.OWNERS),
        "effective": effective.isoformat(),
        "review_by": _day(rng, date(2027, 1, 1), date(2027, 12, 31)).isoformat(),
        "audience": audience,
    }
    tags = rng.sample(w.TAGS, rng.randint(0, 5)) if rng.random() < 0.85 else []
    if slot.kind == "golden-rule" and "golden-rule" not in tags:
        tags.insert(0, "golden-rule")
    if tags:
        data["tags"] = tags
    data["summary"] = _summary(rng)
    data["statements"] = _statements(rng, audience)
    if slot.kind == "golden-rule":
        data.update(_golden_fields(rng))
    elif slot.kind == "service-expectation":
        data.update(_service_fields(rng))
    else:
        data.update(_leader_fields(rng, leaders))
    data["rationale"] = _paragraphs(rng, 1, 3)
    if rng.random() < 0.7 and len(ids) > 1:
        related = [i for i in rng.sample(ids, min(len(ids), rng.randint(1, 4))) if i != slot.id]
        if related:
            data["related"] = related
    if slot.supersedes:
        data["supersedes"] = slot.supersedes
    if slot.superseded_by:
        data["superseded_by"] = slot.superseded_by
    elif slot.status in ("deprecated", "retired"):
        data["no_replacement_reason"] = rng.choice(w.NO_REPLACEMENT)
    if rng.random() < 0.6:
        data["references"] = _references(rng)
    data["changelog"] = _changelog(rng, versions, effective)
    return data


# --- YAML, written the way people write policies -------------------------------------

_QUOTED_KEYS = {"version", "effective", "review_by", "date"}
_FLOW_KEYS = {"audience"}  # inside a statement: `audience: [manager, executive]`
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.'&()/!?-]*\Z")
_RESOLVER = yaml.resolver.Resolver()
_WIDTH = 88


def _is_plain(text: str) -> bool:
    return bool(_PLAIN_SAFE.match(text)) and not text.endswith(" ") and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _scalar(prefix: str, value: Any, indent: int, key: str | None) -> list[str]:
    if not isinstance(value, str):
        return [f"{prefix} {value}"]
    if key in _QUOTED_KEYS:
        return [f"{prefix} {json.dumps(value)}"]
    if len(value) > 70 or "\n" in value or "*" in value or "[" in value:
        pad = " " * (indent + 2)
        lines = [f"{prefix} >-"]
        for number, paragraph in enumerate(value.split("\n\n")):
            if number:
                lines += ["", ""]  # two empty lines in a folded block make one blank line in the text
            lines += [pad + line for line in textwrap.wrap(paragraph, width=max(40, _WIDTH - len(pad)), break_long_words=False, break_on_hyphens=False)]
        return lines
    return [f"{prefix} {value}" if _is_plain(value) else f"{prefix} {json.dumps(value, ensure_ascii=False)}"]


def _mapping(data: dict[str, Any], indent: int, *, in_list: bool = False) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        prefix = " " * indent + f"{key}:"
        if isinstance(value, dict):
            lines += [prefix, *_mapping(value, indent + 2)]
        elif isinstance(value, list) and in_list and key in _FLOW_KEYS:
            lines.append(f"{prefix} [{', '.join(value)}]")
        elif isinstance(value, list):
            lines.append(prefix)
            for item in value:
                lines += _item(item, indent + 2)
        else:
            lines += _scalar(prefix, value, indent, key)
    return lines


def _item(item: Any, indent: int) -> list[str]:
    if isinstance(item, dict):
        lines = _mapping(item, indent + 2, in_list=True)
        return [" " * indent + "- " + lines[0].lstrip(), *lines[1:]]
    return _scalar(" " * indent + "-", item, indent, None)


def policy_yaml(data: dict[str, Any]) -> str:
    """The policy file's text: the editor's schema line, then the fields in block style."""
    header = f"# yaml-language-server: $schema=../schemas/{data['kind']}.schema.json"
    return "\n".join([header, *_mapping(data, 0)]) + "\n"


def policy_file_name(data: dict[str, Any]) -> str:
    return f"{data['id']}-{slugify(data['title'])}.yaml"


def generate(count: int, seed: int = 1) -> dict[str, str]:
    """File name -> YAML text for `count` policies; the same for the same count and seed."""
    rng = random.Random(f"policybook-bench-{count}-{seed}")
    slots = plan(count, rng)
    ids = [slot.id for slot in slots]
    files = {}
    for slot in slots:
        data = policy_data(slot, ids, rng)
        files[policy_file_name(data)] = policy_yaml(data)
    return files


def write_policies(folder: Path, count: int, seed: int = 1) -> int:
    """Write the policies into `folder` (made if need be); returns their total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, text in generate(count, seed).items():
        raw = text.encode("utf-8")
        (folder / name).write_bytes(raw)
        total += len(raw)
    return total


def make_project(root: Path, count: int, seed: int = 1, *, repo: Path = REPO) -> Path:
    """A project that builds like the real one, with `count` generated policies; `root` must not exist."""
    root.mkdir(parents=True)
    for name in COPIED:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        else:
            shutil.copy2(source, root / name)
    write_policies(root / "policies", count, seed)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a handbook project with generated policies.")
    parser.add_argument("out_dir", type=Path, help="the project folder to create (must not exist)")
    parser.add_argument("--count", type=int, default=100, help="how many policies (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    make_project(args.out_dir, args.count, args.seed)
    print(f"{args.count} policies written to {args.out_dir / 'policies'}")


if __name__ == "__main__":
    main()
