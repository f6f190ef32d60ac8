"""Helpers for the tests of output folders: snapshots of folders, and projects in git."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import ROOT, TODAY, new_project

ENV = {**os.environ, "POLICYBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
POLICYBOOK = str(Path(sys.executable).with_name("policybook"))


SMALL_CONFIG = """\
site_name: Small handbook
docs_dir: handbook
hooks:
  - hooks/handbook.py
markdown_extensions:
  - policybook.render.safe
"""


def small_project(root: Path) -> Path:
    """A handbook that builds in about a second: the three fixture policies, the hook, and
    MkDocs' own theme; for tests that build it many times."""
    new_project(root, config=SMALL_CONFIG)
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "handbook" / "index.md").write_text("# Small handbook\n", encoding="utf-8")
    (root / "handbook" / "proposing-a-change.md").write_text("# Proposing a change\n", encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (hidden ones too) with the hash of a file's bytes, or its kind."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = f"link to {path.readlink()}"
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def in_git(root: Path) -> Path:
    """`root` committed to a fresh git repository, as a clone would have it."""
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "Handbook"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return root


def git_status(root: Path) -> str:
    return subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--ignored"], check=True, capture_output=True, text=True).stdout


def policybook(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([POLICYBOOK, *args], cwd=cwd, capture_output=True, text=True, env=env or ENV, check=False, timeout=300)


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, capture_output=True, text=True, env=ENV, check=False, timeout=300)


def leftovers(folder: Path) -> list[str]:
    """What is beside `folder` apart from it: staging or old folders a build left behind."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


_SLOW_RENAMES = """
import os, runpy, sys, time
_rename = os.rename


def _slow_rename(*args, **kwargs):
    _rename(*args, **kwargs)
    time.sleep(float(os.environ.get("RENAME_SECONDS", "0.02")))  # as on a slow network disk: a rename takes a while to be done


os.rename = _slow_rename
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def with_slow_renames(module: str, *args: str) -> list[str]:
    """The command `python -m MODULE ARGS...`, run as if every rename took a while (20 ms, or
    `RENAME_SECONDS`): any moment between two renames becomes long enough for a reader, or
    another build, to run into it."""
    return [sys.executable, "-c", _SLOW_RENAMES, module, *args]


class _Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines += record.getMessage().splitlines()


def build_in_process(project: Path, site: Path) -> tuple[bool, list[str]]:
    """`mkdocs build --strict` in this process (quick, so every case can have one): did it
    succeed, and what did it log."""
    captured = _Captured()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(captured)
    level = logger.level
    logger.setLevel(logging.INFO)  # as `mkdocs build` sets it, so notices are logged too
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
        return True, captured.lines
    except Abort:
        return False, captured.lines
    finally:
        logger.removeHandler(captured)
        logger.setLevel(level)
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
