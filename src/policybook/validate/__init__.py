"""Validation: schema errors in plain words (`messages`), the rules for one policy
(`rules`), the rules across files (`cross_file`), ids (`ids`), and one run over them all
(`run`). Pure: documents and schemas in, problems out."""

from __future__ import annotations

from .cross_file import CROSS_FILE_RULES, cross_file_problems
from .ids import id_from_file_name, slugify
from .messages import MESSAGE_CODES, MESSAGES, schema_problems
from .rules import PLACEHOLDER, RULES, disguise_problems, normal_phrase
from .run import validate

__all__ = [
    "CROSS_FILE_RULES",
    "MESSAGES",
    "MESSAGE_CODES",
    "PLACEHOLDER",
    "RULES",
    "cross_file_problems",
    "disguise_problems",
    "id_from_file_name",
    "normal_phrase",
    "problem_codes",
    "schema_problems",
    "slugify",
    "validate",
]


def problem_codes() -> dict[str, frozenset[str]]:
    """Every problem code validation can report, by what reports it."""
    return {
        "schema": MESSAGE_CODES,
        **{f"rule {r.name}": r.codes for r in RULES},
        **{f"across files {r.name}": r.codes for r in CROSS_FILE_RULES},
    }
