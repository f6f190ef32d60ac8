"""CI and publishing: the workflows and pre-commit hooks only run project commands, and
those commands work as the workflows call them (the same make targets, from a clean state)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, TODAY, new_project, site_project

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
ENV = {**os.environ, "POLICYBOOK_TODAY": TODAY}


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _commands() -> list[str]:
    """Each `run:` command, with GitHub's `${{ ... }}` expressions as one word."""
    runs = [step["run"].strip() for path in WORKFLOWS for step in _steps(yaml.safe_load(path.read_text(encoding="utf-8"))) if "run" in step]
    return [re.sub(r"\$\{\{[^}]*\}\}", "EXPRESSION", run) for run in runs]


def test_there_is_a_pull_request_check_and_a_publishing_workflow() -> None:
    triggers = {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))[True] for path in WORKFLOWS}  # YAML 1.1 reads `on:` as true
    assert "pull_request" in triggers["pull-request.yml"]
    assert triggers["publish.yml"]["push"]["branches"] == ["main"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit(path: Path) -> None:
    uses = [step["uses"] for step in _steps(yaml.safe_load(path.read_text(encoding="utf-8"))) if "uses" in step]
    assert uses
    assert [u for u in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u)] == []


def test_workflows_run_only_make_targets_of_this_project() -> None:
    commands = _commands()
    assert commands
    for command in commands:
        words = shlex.split(command)
        if words[:2] == ["git", "fetch"]:
            continue
        assert words[0] == "make" and words[1] in MAKE_TARGETS, command
        assert all("=" in word for word in words[2:]), command


def test_the_workflows_run_exactly_the_targets_these_tests_exercise() -> None:
    targets = {shlex.split(c)[1] for c in _commands() if c.startswith("make ")}
    assert targets == {"validate", "review", "site", "linkcheck"}


def test_pre_commit_hooks_run_policybook_validate_on_policy_files() -> None:
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        hooks = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
        assert [shlex.split(h["entry"])[-2:] for h in hooks] == [["policybook", "validate"]] or [Path(shlex.split(h["entry"])[0]).name for h in hooks] == ["policybook"]
        assert all(re.match(h["files"], "policies/SE-001-greeting.yaml") and not re.match(h["files"], "handbook/index.md") for h in hooks)


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(project), *args], capture_output=True, text=True, env=ENV, check=False)


def test_make_validate_with_github_format_annotates_problems(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: may", "level: maybe"), encoding="utf-8")
    result = make(project, "validate", "FORMAT=github")
    assert result.returncode == 2  # make reports the command's failure
    assert "::error file=policies/SE-001-greeting.yaml,line=18,col=12,title=policybook enum::" in result.stdout


def test_make_review_writes_the_summary_for_the_base_revision(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    git = ["git", "-C", str(project), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    base = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: may", "level: should"), encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(project), "review", f"BASE={base}", "FORMAT=github"], capture_output=True, text=True, env={**ENV, "GITHUB_STEP_SUMMARY": str(summary)}, check=False)
    assert result.returncode == 2
    assert "::error file=policies/SE-001-greeting.yaml,line=5,title=SE-001 version::this change needs a minor version raise" in result.stdout
    assert "- *minor* — **S2** (“Step away from a task to greet a customer.”) is now a *should* instead of a *may*" in summary.read_text(encoding="utf-8")


def test_make_site_then_linkcheck_build_and_check_a_handbook(tmp_path: Path) -> None:
    project = site_project(tmp_path / "p")
    site = ROOT / "test-output" / "linkcheck-site"
    built = make(project, "site", f"SITE_DIR={site}")
    assert built.returncode == 0, built.stderr
    checked = make(project, "linkcheck", f"SITE_DIR={site}")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    found = re.search(r"(\d+) links? in (\d+) URLs? checked\. 0 warnings found\. 0 errors found\.", checked.stdout)
    assert found and int(found.group(2)) > 30, checked.stdout
    shutil.rmtree(site / "policies" / "GR-001")
    broken = make(project, "linkcheck", f"SITE_DIR={site}")
    assert broken.returncode != 0 and "Error: 404" in broken.stdout
