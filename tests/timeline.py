"""The fixture handbook with a history: several versions of its policies, committed to git
on the days in tests/fixtures/timeline/history.yaml, built in a temporary folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

from conftest import FIXTURES, apply_changes, site_project

TIMELINE = FIXTURES / "timeline"


def git(root: Path, *args: str, day: str = "2026-01-01") -> None:
    moment = f"{day}T09:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, env=env)


def timeline_project(root: Path) -> Path:
    """A handbook project whose policies went through every commit of the fixture's history."""
    commits: list[dict[str, Any]] = yaml.safe_load((TIMELINE / "history.yaml").read_text(encoding="utf-8"))
    site_project(root, TIMELINE / "policies")
    git(root, "init", "-q", "-b", "main")
    for number, commit in enumerate(commits):
        if number:
            apply_changes(commit, root / "policies")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", commit["message"], day=commit["date"])
    return root
