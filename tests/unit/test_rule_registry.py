"""The rules are a registry: each declares the problem codes it can report, and reports no other."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, apply_changes, new_project
from policybook.load import read_document
from policybook.problems import LoadError
from policybook.validate import CROSS_FILE_RULES, MESSAGE_CODES, RULES, problem_codes
from policybook.validate.cross_file import Documents

#: What each rule checks and can say: the list a handbook's maintainer reads to know the codes.
EXPECTED = {
    "rule disguise": {"disguising-character"},
    "rule markdown_limits": {"markdown-limit"},
    "rule placeholder": {"placeholder"},
    "rule id_prefix": {"id-kind"},
    "rule statement_ids": {"duplicate-statement-id"},
    "rule changelog": {"changelog-version", "changelog-order"},
    "rule phrases": {"phrase-conflict"},
    "rule replacement": {"replacement"},
    "rule version": {"version-status"},
    "rule audience": {"audience"},
    "rule schema_line": {"schema-line"},
    "rule file_name": {"file-name"},
    "rule dates": {"review-date", "review-overdue"},
    "across files duplicate_ids": {"duplicate-id"},
    "across files references": {"self-reference", "dangling-reference", "supersedes-mismatch", "supersedes-active"},
    "across files one_golden_rule": {"several-golden-rules"},
    "across files look_alike_names": {"look-alike-file-name"},
    "schema": {"wrong-type", "enum", "pattern", "too-many", "missing-field", "unknown-field", "schema"},
}
CASES = sorted((FIXTURES / "rules").glob("*.yaml"))
TODAY = date(2026, 11, 23)


def test_every_rule_and_the_codes_it_can_report_are_listed() -> None:
    assert {name: set(codes) for name, codes in problem_codes().items()} == EXPECTED
    assert [r.name for r in RULES if not r.by_content] == ["file_name", "dates"]  # checked every run, not kept in the cache


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_each_rule_reports_only_the_codes_it_declares(case_file: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    apply_changes(yaml.safe_load(case_file.read_text(encoding="utf-8")), project / "policies")
    documents = []
    for path in sorted((project / "policies").glob("*.y*ml")):
        try:
            documents.append(read_document(path, f"policies/{path.name}"))
        except LoadError:
            continue
    for rule in RULES:
        for doc in documents:
            assert {p.code for p in rule.check(doc, TODAY)} <= rule.codes, rule.name
    for cross in CROSS_FILE_RULES:
        assert {p.code for p in cross.check(Documents(tuple(documents)))} <= cross.codes, cross.name


def test_each_code_belongs_to_one_rule_so_a_problem_says_which_rule_found_it() -> None:
    owners: dict[str, list[str]] = {}
    for name, codes in problem_codes().items():
        for code in codes:
            owners.setdefault(code, []).append(name)
    assert {code: names for code, names in owners.items() if len(names) > 1} == {}
    assert all(MESSAGE_CODES.isdisjoint(r.codes) for r in RULES)
