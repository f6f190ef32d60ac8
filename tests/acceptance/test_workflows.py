"""CI and publishing: the workflows and pre-commit hooks only run project commands, and
those commands work as the workflows call them (the same make targets, from a clean state)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
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
    """Each target is run below as the workflows run it; `test` is what CI (.ci/run) runs."""
    targets = {shlex.split(c)[1] for c in _commands() if c.startswith("make ")}
    assert targets == {"ci-scope", "validate", "review", "review-comment", "post-review-comment", "site", "linkcheck", "test", "reviews-due", "reviews-issue"}


@pytest.mark.parametrize("path", [p for p in WORKFLOWS if "actions/setup-python@" in p.read_text(encoding="utf-8")], ids=lambda p: p.name)
def test_the_workflows_cache_packages_by_the_lock_file(path: Path) -> None:
    steps = _steps(yaml.safe_load(path.read_text(encoding="utf-8")))
    caches = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1
    assert "hashFiles('uv.lock', 'requirements/uv.txt')" in caches[0]["with"]["key"]
    assert not any("cache" in step.get("with", {}) for step in steps if step.get("uses", "").startswith("actions/setup-python@"))


def test_the_pull_request_check_runs_on_every_pull_request_and_tests_code_changes() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    assert "paths" not in workflow[True]["pull_request"]  # a required check must report on every pull request
    [test] = [step for step in _steps(workflow) if step.get("run", "").startswith("make test")]
    assert test["if"] == "${{ !cancelled() && steps.scope.outputs.code == 'true' }}"


def test_the_review_is_posted_by_a_workflow_that_never_runs_the_pull_requests_code() -> None:
    """The check keeps the comment it wrote; a workflow_run workflow, which may write to pull
    requests (also from forks), posts it from the default branch's own Makefile."""
    check = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    poster = yaml.safe_load((ROOT / ".github" / "workflows" / "review-comment.yml").read_text(encoding="utf-8"))
    assert check["permissions"] == {"contents": "read"}
    assert poster[True] == {"workflow_run": {"workflows": [check["name"]], "types": ["completed"]}}
    assert poster["permissions"] == {"contents": "read", "actions": "read", "pull-requests": "write"}
    [upload] = [s for s in _steps(check) if s.get("uses", "").startswith("actions/upload-artifact@")]
    [download] = [s for s in _steps(poster) if s.get("uses", "").startswith("actions/download-artifact@")]
    assert upload["with"]["name"] == download["with"]["name"]
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    [checkout] = [s for s in _steps(poster) if s.get("uses", "").startswith("actions/checkout@")]
    assert set(checkout.get("with", {})) == {"persist-credentials"}  # no `ref:`: the default branch, never the pull request's head
    [post] = [s for s in _steps(poster) if "run" in s]
    assert post["run"].startswith("make post-review-comment ") and "HEAD_SHA=${{ github.event.workflow_run.head_sha }}" in post["run"]


def test_the_makefile_finds_the_comment_by_the_marker_policybook_writes() -> None:
    from policybook.review_report import COMMENT_LIMIT, COMMENT_MARKER, QUIET_MARKER

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"COMMENT_MARKER := {COMMENT_MARKER}\n" in makefile and f"QUIET_MARKER := {QUIET_MARKER}\n" in makefile
    assert QUIET_MARKER.startswith(COMMENT_MARKER[:-4]) and 'startswith("' + COMMENT_MARKER[:-4] + '")' in makefile
    assert int(re.search(r"COMMENT_MAX_BYTES := (\d+)", makefile).group(1)) > COMMENT_LIMIT  # type: ignore[union-attr]


def test_the_reviews_workflow_runs_every_week() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "reviews.yml").read_text(encoding="utf-8"))
    assert [entry["cron"].split()[-1] for entry in workflow[True]["schedule"]] == ["1"]  # Mondays
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}


def test_pre_commit_hooks_run_policybook_validate_on_policy_files() -> None:
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        hooks = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
        hooks = [h for h in hooks if h["id"] == "policybook-validate"]
        assert [shlex.split(h["entry"])[-2:] for h in hooks] == [["policybook", "validate"]] or [Path(shlex.split(h["entry"])[0]).name for h in hooks] == ["policybook"]
        assert all(re.match(h["files"], "policies/SE-001-greeting.yaml") and not re.match(h["files"], "handbook/index.md") for h in hooks)


def make(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(project), *args], capture_output=True, text=True, env=env or ENV, check=False)


def _git(project: Path, *args: str) -> str:
    command = ["git", "-C", str(project), "-c", "user.name=T", "-c", "user.email=t@example.org", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize(
    ("changed", "code"),
    [
        ("policies/SE-001-greeting.yaml", "false"),
        ("handbook/index.md", "false"),
        ("src/policybook/cli.py", "true"),
        ("tests/conftest.py", "true"),
        ("uv.lock", "true"),
        ("pyproject.toml", "true"),
    ],
)
def test_make_ci_scope_tells_whether_a_change_needs_the_tests(tmp_path: Path, changed: str, code: str) -> None:
    project = new_project(tmp_path / "p")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    base = _git(project, "rev-parse", "HEAD")
    (project / changed).parent.mkdir(parents=True, exist_ok=True)
    with (project / changed).open("a", encoding="utf-8") as stream:
        stream.write("\n# changed\n")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "change")
    output = tmp_path / "github-output"
    result = make(project, "ci-scope", f"BASE={base}", env={**ENV, "GITHUB_OUTPUT": str(output)})
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == f"code={code}\n"


def test_make_reviews_due_lists_the_overdue_reviews_in_the_job_summary(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    summary = tmp_path / "summary.md"
    result = make(project, "reviews-due", "FORMAT=github", env={**ENV, "POLICYBOOK_TODAY": "2027-02-15", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    assert "::warning file=policies/SE-001-greeting.yaml,title=SE-001 review::review overdue by 14 days (2027-02-01); owner: Store Operations" in result.stdout
    assert "::notice file=policies/GR-001-golden-rule.yaml,title=GR-001 review::review due in 14 days (2027-03-01); owner: People & Culture" in result.stdout
    table = summary.read_text(encoding="utf-8")
    assert "| ⚠️ overdue by 14 days | 2027-02-01 | SE-001 · Greeting customers | Store Operations | `policies/SE-001-greeting.yaml` |" in table


FAKE_GH = """#!/usr/bin/env bash
echo "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then echo "$GH_OPEN"; fi
if [ "$1 $2" = "issue create" ] || [ "$1 $2" = "issue edit" ]; then
  while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" "$GH_BODY"; shift; done
fi
"""


@pytest.mark.parametrize(
    ("today", "open_issue", "calls"),
    [
        ("2027-02-15", "", ["issue list", "label create", "issue create --title Policy reviews due --label policy-review"]),
        ("2027-02-15", "42", ["issue list", "issue edit 42"]),
        ("2026-11-23", "42", ["issue list", "issue edit 42", "issue close 42"]),
        ("2026-11-23", "", ["issue list"]),
    ],
    ids=["due-and-no-issue-opens-one", "due-and-an-issue-updates-it", "nothing-due-closes-it", "nothing-due-and-no-issue-does-nothing"],
)
def test_make_reviews_issue_keeps_one_issue_up_to_date(tmp_path: Path, today: str, open_issue: str, calls: list[str]) -> None:
    project = new_project(tmp_path / "p")
    log, body = tmp_path / "gh.log", tmp_path / "body.md"
    env = {**ENV, "POLICYBOOK_TODAY": today, "PATH": _fake_gh(tmp_path, FAKE_GH), "GH_LOG": str(log), "GH_BODY": str(body), "GH_OPEN": open_issue}
    result = make(project, "reviews-issue", env=env)
    assert result.returncode == 0, result.stderr
    made = log.read_text(encoding="utf-8").splitlines()
    assert [" ".join(line.split()[: len(call.split())]) for line, call in zip(made, calls, strict=False)] == calls
    assert len(made) == len(calls)
    if "issue edit" in " ".join(calls) or "issue create" in " ".join(calls):
        assert body.read_text(encoding="utf-8").startswith("## Policy reviews due")


def test_the_lock_check_fails_when_pyproject_and_the_lock_disagree(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "src" / "policybook").mkdir(parents=True)
    (tmp_path / "src" / "policybook" / "__init__.py").write_text("", encoding="utf-8")
    # Not --offline: telling that the lock needs updating means resolving again, which needs
    # the package index (a fresh cache holds only this platform's packages).
    uv = [str(ROOT / ".venv" / "bin" / "uv"), "lock", "--check", "--directory", str(tmp_path)]
    env = {**ENV, "UV_PYTHON_DOWNLOADS": "never", "UV_PYTHON": sys.executable}
    assert subprocess.run(uv, capture_output=True, text=True, env=env, check=False).returncode == 0
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('    "nh3>=0.2.17",\n', ""), encoding="utf-8")
    disagreeing = subprocess.run(uv, capture_output=True, text=True, env=env, check=False)
    assert disagreeing.returncode != 0
    assert "needs to be updated" in disagreeing.stderr


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


def _committed_project(tmp_path: Path) -> tuple[Path, str]:
    project = new_project(tmp_path / "p")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    return project, _git(project, "rev-parse", "HEAD")


@pytest.mark.parametrize(
    ("change", "marker", "headline"),
    [
        (("level: may", "level: should"), "<!-- policybook-review -->", "1 changed · 0 added · 0 removed — ❌ 1 policy needs attention before merging"),
        (("owner: Store Operations", "owner:Store Operations"), "<!-- policybook-review -->", "0 changed · 0 added · 0 removed · 1 cannot be read — ❌ 1 policy needs attention before merging"),
        (None, "<!-- policybook-review: nothing to review -->", "No policy changed."),
    ],
    ids=["a-change-that-needs-fixing", "a-broken-file", "nothing-changed"],
)
def test_make_review_comment_writes_the_comment_whatever_the_review_finds(tmp_path: Path, change: tuple[str, str] | None, marker: str, headline: str) -> None:
    project, base = _committed_project(tmp_path)
    if change is not None:
        path = project / "policies" / "SE-001-greeting.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    out = tmp_path / "comment"
    result = make(project, "review-comment", f"BASE={base}", "PR=7", f"COMMENT_DIR={out}")
    assert result.returncode == 0, result.stderr  # the check's own review step is what fails the check
    body = (out / "body.md").read_text(encoding="utf-8").splitlines()
    assert body[:3] == [marker, "## Policy changes", ""] and body[3] == headline
    assert (out / "pr-number").read_text(encoding="utf-8") == "7\n"


def test_make_review_comment_needs_the_pull_request_number(tmp_path: Path) -> None:
    project, base = _committed_project(tmp_path)
    result = make(project, "review-comment", f"BASE={base}", "PR=7; rm -rf x", f"COMMENT_DIR={tmp_path / 'c'}")
    assert result.returncode == 2 and "set PR to the pull request's number" in result.stderr
    assert not (tmp_path / "c").exists()


FAKE_GH_API = """#!/usr/bin/env bash
echo "$*" >> "$GH_LOG"
case "$1 $2" in
  "api repos/{owner}/{repo}/pulls/7") echo "$GH_HEAD" ;;
  "api --paginate") printf '%s' "$GH_COMMENTS" ;;
  "api --method") while [ $# -gt 0 ]; do [ "$1" = -F ] && cp "${2#body=@}" "$GH_BODY"; shift; done ;;
  "pr comment") while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" "$GH_BODY"; shift; done ;;
esac
"""


def _fake_gh(tmp_path: Path, script: str) -> str:
    """A PATH whose `gh` is `script` (it logs its calls instead of reaching the code host)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(script, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    return f"{bin_dir}:{os.environ['PATH']}"


def _review_comment(tmp_path: Path, number: str, body: str) -> Path:
    """The folder `make review-comment` leaves for `make post-review-comment`."""
    comment = tmp_path / "comment"
    comment.mkdir()
    (comment / "pr-number").write_text(number, encoding="utf-8")
    (comment / "body.md").write_text(body, encoding="utf-8")
    return comment


@pytest.mark.parametrize(
    ("marker", "head", "comments", "calls"),
    [
        ("<!-- policybook-review -->", "abc123", "", ["api repos/{owner}/{repo}/pulls/7", "api --paginate repos/{owner}/{repo}/issues/7/comments", "pr comment 7"]),
        ("<!-- policybook-review -->", "abc123", "991\n992\n", ["api repos/{owner}/{repo}/pulls/7", "api --paginate", "api --method PATCH repos/{owner}/{repo}/issues/comments/991"]),
        ("<!-- policybook-review: nothing to review -->", "abc123", "991\n", ["api repos/{owner}/{repo}/pulls/7", "api --paginate", "api --method PATCH repos/{owner}/{repo}/issues/comments/991"]),
        ("<!-- policybook-review: nothing to review -->", "abc123", "", ["api repos/{owner}/{repo}/pulls/7", "api --paginate"]),
        ("<!-- policybook-review -->", "def456", "991\n", ["api repos/{owner}/{repo}/pulls/7"]),
    ],
    ids=["first-review-opens-the-comment", "later-pushes-update-it", "nothing-left-to-review-updates-it", "nothing-to-review-posts-nothing", "a-newer-push-is-left-to-its-own-check"],
)
def test_make_post_review_comment_keeps_one_comment_up_to_date(tmp_path: Path, marker: str, head: str, comments: str, calls: list[str]) -> None:
    project = new_project(tmp_path / "p")
    path = _fake_gh(tmp_path, FAKE_GH_API)
    comment = _review_comment(tmp_path, "7\n", f"{marker}\n## Policy changes\n")
    log, posted = tmp_path / "gh.log", tmp_path / "posted.md"
    env = {**ENV, "PATH": path, "GH_LOG": str(log), "GH_BODY": str(posted), "GH_HEAD": head, "GH_COMMENTS": comments}
    result = make(project, "post-review-comment", f"COMMENT_DIR={comment}", "HEAD_SHA=abc123", env=env)
    assert result.returncode == 0, result.stderr
    made = log.read_text(encoding="utf-8").splitlines()
    assert [" ".join(line.split()[: len(call.split())]) for line, call in zip(made, calls, strict=False)] == calls
    assert len(made) == len(calls)
    assert ("-F body=@" in made[-1] or "--body-file" in made[-1]) == posted.exists()
    if posted.exists():
        assert posted.read_text(encoding="utf-8") == (comment / "body.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("number", "body"),
    [("7; echo hacked", "<!-- policybook-review -->\n"), ("7", "Anything at all\n"), ("7", "<!-- policybook-review -->\n" + "x" * 70_000)],
    ids=["not-a-number", "not-a-review", "too-long"],
)
def test_make_post_review_comment_refuses_files_that_are_not_a_review(tmp_path: Path, number: str, body: str) -> None:
    project = new_project(tmp_path / "p")
    path = _fake_gh(tmp_path, FAKE_GH_API)
    comment = _review_comment(tmp_path, number, body)
    log = tmp_path / "gh.log"
    result = make(project, "post-review-comment", f"COMMENT_DIR={comment}", env={**ENV, "PATH": path, "GH_LOG": str(log)})
    assert result.returncode == 2 and "error: " in result.stderr
    assert not log.exists()


def test_make_post_review_comment_refuses_a_link_in_place_of_the_comment(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    comment = tmp_path / "comment"
    comment.mkdir()
    (comment / "pr-number").write_text("7\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("<!-- policybook-review -->\nsomething of the runner's\n", encoding="utf-8")
    (comment / "body.md").symlink_to(secret)
    result = make(project, "post-review-comment", f"COMMENT_DIR={comment}", env={**ENV, "PATH": f"{tmp_path / 'nothing'}:{os.environ['PATH']}"})
    assert result.returncode == 2 and "not a regular file" in result.stderr


def test_make_site_then_linkcheck_build_and_check_a_handbook(tmp_path: Path) -> None:
    project = site_project(tmp_path / "p")
    site = tmp_path / "site"
    built = make(project, "site", f"SITE_DIR={site}")
    assert built.returncode == 0, built.stderr
    checked = make(project, "linkcheck", f"SITE_DIR={site}")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    found = re.search(r"(\d+) links? in (\d+) URLs? checked\. 0 warnings found\. 0 errors found\.", checked.stdout)
    assert found and int(found.group(2)) > 30, checked.stdout
    shutil.rmtree(site / "policies" / "GR-001")
    broken = make(project, "linkcheck", f"SITE_DIR={site}")
    assert broken.returncode != 0 and "Error: 404" in broken.stdout


def test_the_published_site_is_addressed_where_github_pages_serves_it(tmp_path: Path) -> None:
    """publish.yml passes configure-pages' base_url as SITE_URL; mkdocs.yml and policybook both
    read it, so the sitemap, canonical links and the feed point at the real address."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = _steps(workflow)
    [pages] = [step for step in steps if step.get("uses", "").startswith("actions/configure-pages@")]
    [build] = [step for step in steps if step.get("run") == "make site"]
    assert build["env"]["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}/"
    assert steps.index(pages) < steps.index(build)
    project = site_project(tmp_path / "p")
    address = "https://example.github.io/handbook/"
    env = {**ENV, "SITE_URL": address, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))) >= {address, address + "policies/GR-001/"}
    assert f'<link rel="canonical" href="{address}policies/GR-001/">' in (site / "policies" / "GR-001" / "index.html").read_text(encoding="utf-8")
    assert f'href="{address}whats-new.xml"' in (site / "whats-new.xml").read_text(encoding="utf-8")
    assert "harbour-and-pine.example" not in (site / "404.html").read_text(encoding="utf-8")
