"""Shared test fixtures: a throw-away handbook project and an in-process CLI runner."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from policybook.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
#: Every expected message is written as if validation ran on this day.
TODAY = "2026-11-23"

MINIMAL_CONFIG = "site_name: Test handbook\ndocs_dir: handbook\n"


@pytest.fixture(scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("policybook-cache")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch, cache_folder: Path) -> None:
    """Every test sees the same day, and a cache of its own rather than the user's."""
    monkeypatch.setenv("POLICYBOOK_TODAY", TODAY)
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", str(cache_folder))


def new_project(root: Path, policies: Path | None = VALID, *, config: str = MINIMAL_CONFIG) -> Path:
    """A project folder with the real schemas, `config` as mkdocs.yml and a copy of `policies`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "policybook.yml", root / "policybook.yml")  # the schemas are made from it
    shutil.copytree(ROOT / "schemas", root / "schemas")
    (root / "handbook").mkdir()
    (root / "policies").mkdir()
    if policies is not None:
        for source in sorted(policies.glob("*.yaml")):
            shutil.copy(source, root / "policies" / source.name)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A valid three-policy project (one of each kind) to mutate."""
    return new_project(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    return new_project(tmp_path / "project", None)


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `policybook ARGS...` in-process from `cwd`, as a user would in a terminal."""

    def run(*args: str, cwd: Path) -> Result:
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def site_project(root: Path, policies: Path | None = VALID) -> Path:
    """A project that builds like the real one: its mkdocs.yml, hook and
    hand-written pages, with `policies` as its policies."""
    new_project(root, policies, config=(ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for folder in ("hooks",):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "handbook", root / "handbook", dirs_exist_ok=True)
    return root


def write_config(root: Path, text: str) -> None:
    """Give the project `text` as its policybook.yml, and the schemas it makes (as a user runs
    `policybook schemas` after changing the configuration)."""
    from policybook.config import load_settings
    from policybook.schema_maker import make_schemas

    (root / "policybook.yml").write_text(text, encoding="utf-8")
    (root / "schemas").mkdir(exist_ok=True)
    for name, data in make_schemas(load_settings(root)).items():
        (root / "schemas" / name).write_bytes(data)


def publish_proposals(root: Path) -> None:
    """Turn on the setting that publishes drafts and proposals in their own area."""
    config = root / "policybook.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("proposals: false") == 1
    config.write_text(text.replace("proposals: false", "proposals: true"), encoding="utf-8")


def build_site(root: Path, site_dir: Path, *extra: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a real process, the way `make site` and CI run it."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config or root / "mkdocs.yml"), "-d", str(site_dir), *extra]
    env = {**os.environ, "POLICYBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built once for all the tests that only read it."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served on localhost as a static host would serve it; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built handbook, served."""
    with serving(built_site) as url:
        yield url


def apply_changes(case: dict[str, Any], policies: Path) -> None:
    """Apply a case's changes to a policies folder: copies and renames, text replacements,
    removals and added files, in that order."""
    for source, target in case.get("copy", {}).items():
        (policies / target).write_bytes((policies / source).read_bytes())
    for old, new in case.get("rename", {}).items():
        (policies / old).rename(policies / new)
    for name, edits in case.get("edit", {}).items():
        path = policies / name
        text = path.read_text(encoding="utf-8")
        for edit in edits:
            assert text.count(edit["replace"]) == 1, f"{name}: {edit['replace']!r} must occur exactly once"
            text = text.replace(edit["replace"], edit["with"])
        path.write_text(text, encoding="utf-8")
    for name in case.get("remove", []):
        (policies / name).unlink()
    for name, text in case.get("add", {}).items():
        (policies / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def timeline_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture handbook with git history (tests/fixtures/timeline): a draft, a version
    still to come, a deprecated and a retired policy, several versions of each."""
    from timeline import timeline_project

    return timeline_project(tmp_path_factory.mktemp("timeline") / "project")


@pytest.fixture(scope="session")
def timeline_site(timeline_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture handbook built as on TODAY, with the default settings (proposals kept back)."""
    site = tmp_path_factory.mktemp("timeline-site") / "site"
    result = build_site(timeline_root, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def proposals_site(timeline_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same handbook with `publish_proposals: true`: its drafts in a "Proposals" area."""
    root = tmp_path_factory.mktemp("proposals") / "project"
    shutil.copytree(timeline_root, root, symlinks=True)
    publish_proposals(root)
    site = tmp_path_factory.mktemp("proposals-site") / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def served_timeline(timeline_site: Path) -> Iterator[str]:
    with serving(timeline_site) as url:
        yield url


@pytest.fixture(scope="session")
def served_proposals(proposals_site: Path) -> Iterator[str]:
    with serving(proposals_site) as url:
        yield url


def mkdocs_yml(path: Path = ROOT / "mkdocs.yml", *, text: str | None = None) -> dict[str, Any]:
    """A handbook's mkdocs.yml (or `text`) as policybook reads it: `!ENV` from the environment, other tags ignored."""
    from policybook.project import _TolerantLoader

    config: dict[str, Any] = yaml.load(text if text is not None else path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506 - safe loader subclass
    return config
