"""Interrupted builds: Ctrl-C, SIGTERM and SIGHUP stop a build with a non-zero exit and publish
nothing; a build killed outright at any moment leaves the previous site whole, and the next
build removes what it left behind (and nothing else)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from folders import ENV, leftovers, mkdocs, small_project, tree, with_slow_renames

#: The longest a build may take to react to a signal, and the longest a moment is waited for.
PATIENCE = 120


def _restore_default_signals() -> None:
    """A child started from a shell in the background may inherit Ctrl-C as ignored: undo that."""
    for signum in (signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _start(*command: str, cwd: Path, env: dict[str, str] = ENV) -> subprocess.Popen[str]:
    return subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=_restore_default_signals)


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[str]) -> bool:
    """Wait until `condition` holds (True) or the process has ended (False)."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    raise AssertionError("the moment never came")


_SANITISING = textwrap.dedent(
    """
    from policybook.render.safe import sanitise
    page = "".join(f'<p id="p{i}" class="note md-typeset">text</p>' for i in range(20000))
    print("ready", flush=True)
    for _ in range(500):
        sanitise(page)
    print("finished", flush=True)
    """
)


def test_ctrl_c_while_the_sanitiser_runs_stops_the_work(tmp_path: Path) -> None:
    """nh3 calls back into Python for every attribute, and used to swallow a Ctrl-C that arrived then."""
    process = _start(sys.executable, "-c", _SANITISING, cwd=tmp_path)
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    time.sleep(0.5)  # well inside the sanitising
    process.send_signal(signal.SIGINT)
    output, errors = process.communicate(timeout=PATIENCE)
    assert "finished" not in output
    assert process.returncode != 0
    assert "KeyboardInterrupt" in errors


def _staging_of(site: Path) -> list[Path]:
    return [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.") or p.name.startswith(f".{site.name}-")]


def _edit_title(project: Path, title: str) -> None:
    path = project / "policies" / "GR-001-golden-rule.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\ntitle: ") + len("\ntitle: ")
    path.write_text(text[:start] + title + text[text.index("\n", start) :], encoding="utf-8")


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path]:
    """A small project and the site it built: the 'previous' site."""
    project = small_project(tmp_path / "project")
    site = tmp_path / "published" / "site"
    result = mkdocs("build", "--strict", "-d", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    return project, site


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: signal.Signals(s).name)
def test_a_signal_during_the_build_stops_it_publishes_nothing_and_leaves_nothing(signum: int, published: tuple[Path, Path]) -> None:
    project, site = published
    before = tree(site)
    _edit_title(project, "A title that must not be published")
    build = _start(sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), cwd=project)
    assert _wait_for(lambda: bool(_staging_of(site)), build), "the build ended before it began to write"
    build.send_signal(signum)
    _, errors = build.communicate(timeout=PATIENCE)
    assert build.returncode != 0, errors
    assert "Traceback" not in errors
    assert tree(site) == before
    assert leftovers(site) == []  # removed on the way out, not only by the next build


def _index_replaced(site: Path) -> Callable[[], bool]:
    marker = site / ".policybook"
    first = marker.stat().st_ino

    def replaced() -> bool:
        try:
            return marker.stat().st_ino != first
        except FileNotFoundError:
            return True

    return replaced


def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_build_leaves_nothing(published: tuple[Path, Path], tmp_path: Path) -> None:
    project, site = published
    versions = {}
    for title in ("Version two", "Version one"):
        _edit_title(project, title)
        reference = tmp_path / f"reference-{title}" / "site"
        assert mkdocs("build", "--strict", "-d", str(reference), cwd=project).returncode == 0
        versions[title] = tree(reference)
    assert mkdocs("build", "--strict", "-d", str(site), cwd=project).returncode == 0
    moments: dict[str, Callable[[], Callable[[], bool]]] = {
        "as it starts": lambda: lambda: True,
        "once it has a staging folder": lambda: lambda: bool(_staging_of(site)),
        "halfway through the pages": lambda: lambda: any((p / "policies").is_dir() for p in _staging_of(site)),
        "as the new site goes in, while the old one is removed": lambda: _index_replaced(site),
    }
    titles = ["Version two", "Version one"] * 2
    for (moment, condition), title in zip(moments.items(), titles, strict=True):
        previous = tree(site)
        if moment.startswith("as the new site"):
            (site / "stale").mkdir()  # an old site that takes a while to remove
            for number in range(3000):
                (site / "stale" / f"{number}.html").write_text("old\n", encoding="utf-8")
            previous = tree(site)
        _edit_title(project, title)
        build = _start(sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), cwd=project)
        _wait_for(condition(), build)
        build.kill()
        build.communicate(timeout=PATIENCE)
        assert tree(site) in (previous, versions[title]), f"killed {moment}, the site is neither the old one nor the new one"
        result = mkdocs("build", "--strict", "-d", str(site), cwd=project)
        assert result.returncode == 0, result.stderr
        assert tree(site) == versions[title]
        assert leftovers(site) == [], f"killed {moment}, the next build left these"


def test_a_build_killed_while_the_new_site_goes_in_never_leaves_the_site_missing(published: tuple[Path, Path]) -> None:
    """Swapping by two renames left a moment with no site folder at all; a kill then left none."""
    project, site = published
    before = tree(site)
    _edit_title(project, "Version two")
    build = _start(*with_slow_renames("mkdocs", "build", "--strict", "-d", str(site)), cwd=project, env={**ENV, "RENAME_SECONDS": "0.2"})
    missing = _wait_for(lambda: not site.exists(), build)  # True only if the site went missing
    build.kill()
    build.communicate(timeout=PATIENCE)
    assert not missing
    assert (site / "index.html").is_file()
    assert tree(site) != before  # the build had finished: the new site is in
    assert mkdocs("build", "--strict", "-d", str(site), cwd=project).returncode == 0
    assert leftovers(site) == []
