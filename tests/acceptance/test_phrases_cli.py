"""`policybook phrases` as writers and CI use it: templates checked against the avoid-lists
in force, exact output on realistic fixtures, exit codes, and the export for editors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from conftest import FIXTURES, ROOT, site_project


def test_realistic_templates_get_every_phrase_to_avoid_located_exactly(run_cli: Callable[..., Result]) -> None:
    """Markdown and plain-text emails, a help-centre HTML page, and support-desk exports
    (macros as JSON, saved replies as CSV, chat snippets as YAML), against the shipped policies."""
    result = run_cli("phrases", "check", "tests/fixtures/phrases/templates", cwd=ROOT)
    assert result.stdout == (FIXTURES / "phrases" / "expected.txt").read_text(encoding="utf-8")
    assert result.exit_code == 1


def test_github_format_annotates_each_line(run_cli: Callable[..., Result]) -> None:
    result = run_cli("phrases", "check", "--format", "github", "tests/fixtures/phrases/templates/desk/saved-replies.csv", cwd=ROOT)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::warning file=tests/fixtures/phrases/templates/desk/saved-replies.csv,line=2,col=29,title=policybook avoid-phrase::\"Calm down.\" is a phrase to avoid (SE-003)")
    assert lines[-1] == "1 file checked against 24 phrases to avoid: 2 phrases to avoid found"


def test_json_format_lists_each_phrase_found(run_cli: Callable[..., Result]) -> None:
    result = run_cli("phrases", "check", "--format", "json", "tests/fixtures/phrases/templates/email", cwd=ROOT)
    records = json.loads(result.stdout)
    assert [(r["file"], r["line"], r["column"], r["severity"], r["code"]) for r in records] == [
        ("tests/fixtures/phrases/templates/email/refund-delayed.md", 5, 28, "warning", "avoid-phrase"),
        ("tests/fixtures/phrases/templates/email/refund-delayed.md", 7, 1, "warning", "avoid-phrase"),
        ("tests/fixtures/phrases/templates/email/refund-delayed.md", 10, 79, "warning", "avoid-phrase"),
    ]


@pytest.mark.parametrize(
    ("args", "exit_code", "severity"),
    [
        ([], 1, "warning"),
        (["--fail-on", "error"], 0, "warning"),
        (["--severity", "error"], 1, "error"),
        (["--severity", "error", "--fail-on", "never"], 0, "error"),
    ],
    ids=["any-hit-fails", "only-errors-fail", "hits-as-errors", "report-only"],
)
def test_the_exit_status_follows_the_chosen_severity(run_cli: Callable[..., Result], args: list[str], exit_code: int, severity: str) -> None:
    result = run_cli("phrases", "check", *args, "tests/fixtures/phrases/templates/email/refund-delayed.md", cwd=ROOT)
    assert result.exit_code == exit_code
    assert result.stdout.splitlines()[0].startswith(f"tests/fixtures/phrases/templates/email/refund-delayed.md:5:28: {severity}: ")


def test_a_clean_template_passes(run_cli: Callable[..., Result]) -> None:
    result = run_cli("phrases", "check", "tests/fixtures/phrases/templates/email/order-confirmed.txt", cwd=ROOT)
    assert (result.exit_code, result.stdout) == (0, "1 file checked against 24 phrases to avoid: no phrase to avoid found\n")


def test_the_audience_narrows_the_phrases(run_cli: Callable[..., Result]) -> None:
    """SE-002 (front-line staff and managers) and SE-006 (not executives) drop out for executives."""
    result = run_cli("phrases", "check", "--audience", "executive", "tests/fixtures/phrases/templates/email/order-confirmed.txt", cwd=ROOT)
    assert result.stdout == "1 file checked against 19 phrases to avoid: no phrase to avoid found\n"


def test_the_handbooks_own_pages_are_never_flagged(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    project = site_project(tmp_path / "project")
    (project / "handbook" / "never-say.md").write_text('# Never say\n\nDo not say "Next!" to a customer.\n', encoding="utf-8")
    (project / "templates").mkdir()
    (project / "templates" / "queue.txt").write_text("Next! Who is next?\n", encoding="utf-8")  # a one-word phrase keeps its "!"
    walked = run_cli("phrases", "check", ".", cwd=project)
    assert walked.stdout.splitlines() == [
        'templates/queue.txt:1:1: warning: "Next!" is a phrase to avoid (SE-001): it treats the customer as a number; say "I can help whoever is next." instead',
        "note: the handbook's own pages, policies, schemas and built site are not checked: they quote phrases to avoid as examples",
        "1 file checked against 1 phrase to avoid: 1 phrase to avoid found",
    ]
    named = run_cli("phrases", "check", "handbook", "policies/SE-001-greeting.yaml", cwd=project)
    assert named.exit_code == 0
    assert named.stdout.splitlines()[-1] == "0 files checked against 1 phrase to avoid: no phrase to avoid found"
    assert "note: handbook is the handbook's own" in named.stdout


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.json", b'{"body": "no problem",', "broken.json:1:"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "latin1.txt:1:1: error: the file is not UTF-8 text (byte 0xE9 cannot be read); save it with UTF-8 encoding"),
        ("logo.svg", b"<svg/>", "logo.svg:1:1: error: files ending in '.svg' are not checked"),
    ],
)
def test_a_file_that_cannot_be_checked_is_a_located_error(tmp_path: Path, project: Path, run_cli: Callable[..., Result], name: str, content: bytes, expected: str) -> None:
    (project / name).write_bytes(content)
    result = run_cli("phrases", "check", name, cwd=project)
    assert result.exit_code == 1
    assert result.stdout.startswith(expected)
    assert "Traceback" not in result.stdout


def test_a_missing_path_is_an_error(project: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("phrases", "check", "templates", cwd=project)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, "templates:1:1: error: no such file or folder; check the path")


def test_phrases_are_only_taken_from_valid_policies(project: Path, run_cli: Callable[..., Result]) -> None:
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: may", "level: maybe"), encoding="utf-8")
    (project / "queue.txt").write_text("Next!\n", encoding="utf-8")
    result = run_cli("phrases", "check", "queue.txt", cwd=project)
    assert result.exit_code == 1
    assert "policies/SE-001-greeting.yaml:18:12: error: 'level' is 'maybe'" in result.stdout
    assert "Fix these errors first: the phrases to avoid come from the policies." in result.stderr


def test_the_vale_export_writes_one_rule_per_phrase_and_replaces_only_its_own_files(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    styles = tmp_path / "styles"
    first = run_cli("phrases", "export", "--output", str(styles), cwd=ROOT)
    assert first.exit_code == 0, first.output
    rules = sorted((styles / "Policybook").glob("*.yml"))
    assert len(rules) == 24 and first.stdout == f"24 Vale rules written to {styles / 'Policybook'}\n"
    no_problem = yaml.safe_load((styles / "Policybook" / "SE003NoProblem.yml").read_text(encoding="utf-8"))
    assert no_problem == {
        "extends": "substitution",
        "message": "Say '%s' instead of '%s': it hints that the request could have been a problem (SE-003).",
        "level": "warning",
        "ignorecase": True,
        "swap": {r"No\s+problem": "You're very welcome."},
    }
    (styles / "Policybook" / "SE003NoProblem.yml").write_text("edited by hand", encoding="utf-8")
    again = run_cli("phrases", "export", "--output", str(styles), cwd=ROOT)
    assert again.exit_code == 0 and yaml.safe_load((styles / "Policybook" / "SE003NoProblem.yml").read_text(encoding="utf-8"))["extends"] == "substitution"
    (styles / "Policybook" / "MyOwnRule.yml").write_text("extends: existence\n", encoding="utf-8")
    refused = run_cli("phrases", "export", "--output", str(styles), cwd=ROOT)
    assert refused.exit_code == 2
    assert "holds files that policybook did not write (MyOwnRule.yml)" in refused.stderr
    assert (styles / "Policybook" / "MyOwnRule.yml").read_text(encoding="utf-8") == "extends: existence\n"


def test_the_json_export_is_a_plain_list_with_the_matching_pattern(run_cli: Callable[..., Result]) -> None:
    result = run_cli("phrases", "export", "--format", "json", cwd=ROOT)
    data = json.loads(result.stdout)
    entry = next(p for p in data["phrases"] if p["phrase"] == "No problem.")
    assert entry == {
        "phrase": "No problem.",
        "pattern": r"\bNo\s+problem\b",
        "instead": "You're very welcome.",
        "why": "It hints that the request could have been a problem.",
        "policy": "SE-003",
        "policy_title": "Words we use and words we avoid",
        "audience": ["everyone"],
        "channels": [],
    }
    assert data["ignore_case"] is True and len(data["phrases"]) == 24
    for record in data["phrases"]:
        re.compile(record["pattern"], re.IGNORECASE)


def test_there_is_a_pre_commit_hook_for_templates() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["policybook-phrases"]
    assert hook["entry"] == "policybook phrases check"
    assert set(hook["types_or"]) == {"markdown", "html", "text", "json", "yaml", "csv"}
    assert re.match(hook["exclude"], "policies/SE-003-words-we-use.yaml") and re.match(hook["exclude"], "handbook/index.md")


def test_a_large_folder_is_shared_among_processes_with_the_same_report(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    from policybook.phrases import PARALLEL_FROM, READERS

    templates = FIXTURES / "phrases" / "templates"
    sources = [p for p in sorted(templates.rglob("*")) if p.suffix in READERS]
    for n in range(PARALLEL_FROM // len(sources) + 1):
        for source in sources:
            target = tmp_path / f"copy-{n:03d}" / source.relative_to(templates)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    alone = run_cli("phrases", "check", "--jobs", "1", str(tmp_path), cwd=ROOT)
    shared = run_cli("phrases", "check", "--jobs", "2", str(tmp_path), cwd=ROOT)
    assert alone.exit_code == shared.exit_code == 1
    assert shared.stdout == alone.stdout and f"{(PARALLEL_FROM // len(sources) + 1) * len(sources):,} files checked" in alone.stdout


def test_jobs_must_be_at_least_one(run_cli: Callable[..., Result]) -> None:
    result = run_cli("phrases", "check", "--jobs", "0", "tests/fixtures/phrases/templates", cwd=ROOT)
    assert result.exit_code == 2 and "--jobs" in result.stderr
