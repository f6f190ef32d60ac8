"""Shared test fixtures: a throw-away handbook project and an in-process CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policybook.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
#: Every expected message is written as if validation ran on this day.
TODAY = "2026-11-23"

MINIMAL_CONFIG = "site_name: Test handbook\ndocs_dir: handbook\n"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYBOOK_TODAY", TODAY)


def new_project(root: Path, policies: Path | None = VALID, *, config: str = MINIMAL_CONFIG) -> Path:
    """A project folder with the real schemas, `config` as mkdocs.yml and a copy of `policies`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
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
