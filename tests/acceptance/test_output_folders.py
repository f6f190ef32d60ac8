"""Output folders, for `policybook render` and `mkdocs build` alike: never over what policybook
did not make, never over the project, ordinary permissions, no moment without a site, and
failures of the disk as one line."""

from __future__ import annotations

import grp
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from folders import ENV, build_in_process, git_status, in_git, leftovers, mkdocs, policybook, small_project, tree, with_slow_renames

AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (to change groups, or to run as another user)")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


@pytest.fixture
def git_project(tmp_path: Path) -> Path:
    """The handbook as a clone has it: in git, with code and CI files tracked beside it."""
    root = small_project(tmp_path / "project")
    for name in ("src/policybook/engine.py", "tests/test_engine.py", ".github/workflows/ci.yml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("# tracked\n", encoding="utf-8")
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    return in_git(root)


# --- never over what policybook did not make --------------------------------------------------


def test_render_refuses_a_folder_holding_other_files_and_leaves_them_as_they_were(project: Path, run_cli: Callable[..., Result]) -> None:
    folder = project / "d"
    (folder / "notes").mkdir(parents=True)
    (folder / "important.txt").write_text("keep\n", encoding="utf-8")
    before = tree(folder)
    result = run_cli("render", "d", cwd=project)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "d: error: this folder holds files that policybook did not write (important.txt, notes/); "
        "to keep them, choose an empty or new folder; to replace them, pass --force"
    ]
    assert tree(folder) == before


def test_render_with_force_replaces_such_a_folder_but_keeps_its_hidden_entries(project: Path, run_cli: Callable[..., Result]) -> None:
    folder = project / "d"
    (folder / "notes").mkdir(parents=True)
    (folder / "important.txt").write_text("keep\n", encoding="utf-8")
    (folder / ".keep").write_text("hidden\n", encoding="utf-8")
    result = run_cli("render", "d", "--force", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert not (folder / "important.txt").exists() and not (folder / "notes").exists()
    assert (folder / ".keep").read_text(encoding="utf-8") == "hidden\n"
    assert (folder / "policies" / "GR-001.md").is_file()
    again = run_cli("render", "d", cwd=project)  # now an output of its own: no --force needed
    assert again.exit_code == 0, again.stderr


@pytest.mark.parametrize("folder", [".git", "hooks", "src", "tests", ".github", "policies", "handbook", "schemas", "."])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "forced"])
def test_render_never_replaces_the_projects_own_folders_or_what_git_tracks(folder: str, force: bool, git_project: Path, run_cli: Callable[..., Result]) -> None:
    before = tree(git_project)
    result = run_cli("render", folder, *(["--force"] if force else []), cwd=git_project)
    assert result.exit_code == 2
    assert "policybook never writes its output" in result.stderr and len(result.stderr.splitlines()) == 1
    assert tree(git_project) == before


def test_render_never_replaces_the_home_folder(git_project: Path, tmp_path: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "letters.txt").write_text("private\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    result = run_cli("render", str(home), "--force", cwd=git_project)
    assert result.exit_code == 2
    assert result.stderr == f"{home}: error: this is your home folder; policybook never writes its output there: choose another folder\n"
    assert (home / "letters.txt").read_text(encoding="utf-8") == "private\n"


@pytest.mark.parametrize("folder", ["policies", "schemas", "hooks", ".git", "src", "link-to-the-project"])
def test_the_site_build_never_replaces_the_projects_own_folders(folder: str, git_project: Path) -> None:
    (git_project / "link-to-the-project").symlink_to(git_project)
    before, status = tree(git_project), git_status(git_project)
    built, logged = build_in_process(git_project, git_project / folder)
    assert not built
    assert any("policybook never writes its output" in line for line in logged), logged
    assert tree(git_project) == before
    assert git_status(git_project) == status


def test_the_site_build_into_a_link_to_the_project_is_refused_as_a_real_command(git_project: Path) -> None:
    (git_project / "link").symlink_to(git_project)
    before = tree(git_project)
    result = mkdocs("build", "--strict", "-d", str(git_project / "link"), cwd=git_project)
    assert result.returncode == 1
    assert f"{git_project}/link: error: this is the project folder; policybook never writes its output there: choose another folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(git_project) == before


def test_the_site_build_refuses_a_folder_holding_other_files(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "report.pdf").write_text("not ours\n", encoding="utf-8")
    built, logged = build_in_process(project, folder)
    assert not built
    assert any(line.startswith(f"{folder}: error: this folder holds files that policybook did not write (report.pdf)") for line in logged), logged
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]


def test_a_dirty_build_obeys_the_same_rules_and_marks_its_folder(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "published" / "site"
    command = ["build", "--dirty", "-d", str(site)]  # not --strict: MkDocs warns about every dirty build
    assert mkdocs(*command, cwd=project).returncode == 0
    assert (site / ".policybook").is_file()
    assert mkdocs(*command, cwd=project).returncode == 0  # its own output now
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "theirs.txt").touch()
    refused = mkdocs("build", "--dirty", "-d", str(tmp_path / "other"), cwd=project)
    assert refused.returncode == 1 and "holds files that policybook did not write (theirs.txt)" in refused.stderr


def test_building_into_a_web_root_keeps_its_hidden_entries_mode_and_group(project: Path, tmp_path: Path) -> None:
    """Plain MkDocs builds into an existing folder keeping hidden entries and the folder itself."""
    web = tmp_path / "srv" / "www"
    (web / ".well-known" / "acme-challenge").mkdir(parents=True)
    (web / ".well-known" / "acme-challenge" / "token").write_text("proof\n", encoding="utf-8")
    group = grp.getgrnam("www-data").gr_gid if os.geteuid() == 0 and _group_exists("www-data") else os.getegid()
    os.chown(web, -1, group)
    web.chmod(0o2775)
    for _ in range(2):  # the first build finds only hidden entries; the second, its own output
        result = mkdocs("build", "--strict", "-d", str(web), cwd=project)
        assert result.returncode == 0, result.stderr
        assert (web / ".well-known" / "acme-challenge" / "token").read_text(encoding="utf-8") == "proof\n"
        assert stat.S_IMODE(web.stat().st_mode) == 0o2775
        assert web.stat().st_gid == group
        assert (web / "index.html").stat().st_gid == group  # files made in it take its group, as in any set-group-id folder
        assert leftovers(web) == []


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


# --- ordinary permissions ----------------------------------------------------------------------


@pytest.fixture
def public_folder() -> Iterator[Path]:
    """A folder any user may enter (pytest's own temporary folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="policybook-public-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_nobody() -> list[str]:
    """The command prefix that runs a command as the unprivileged user `nobody`."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "nobody", "--"]
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0:
        return ["sudo", "-n", "-u", "nobody", "--"]  # CI runners have password-less sudo
    pytest.skip("needs root or password-less sudo to run as another user")


def test_the_built_site_can_be_read_and_served_by_an_unprivileged_user(project: Path, public_folder: Path) -> None:
    nobody = _as_nobody()
    site = public_folder / "site"
    umask = os.umask(0o022)  # the usual umask, whatever this test run was started with
    try:
        result = mkdocs("build", "--strict", "-d", str(site), cwd=project)
    finally:
        os.umask(umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_dir()} == {0o755}
    assert {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()} == {0o644}
    read = subprocess.run([*nobody, "cat", str(site / "policies" / "GR-001" / "index.html")], capture_output=True, text=True, check=False)
    assert read.returncode == 0, read.stderr
    assert "Treat colleagues as you treat customers" in read.stdout
    port = _free_port()
    server = subprocess.Popen(
        [*nobody, "/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(site), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for path in ("", "policies/GR-001/", "search/search_index.json", "css/"):
            status = _get(f"http://127.0.0.1:{port}/{path}")
            assert status == 200, path
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str) -> int:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server on localhost
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            time.sleep(0.1)  # the server is still starting
    raise AssertionError(f"{url} never answered")


# --- no moment without a site --------------------------------------------------------------------

_POLLER = textwrap.dedent(
    """
    import os, sys, time
    page, stop = sys.argv[1], sys.argv[2]
    seen = missing = 0
    while not os.path.exists(stop):
        try:
            with open(page, "rb") as stream:
                stream.read(1)
            seen += 1
        except OSError:
            missing += 1
        time.sleep(0.0005)
    print(seen, missing)
    """
)


def _poll_while(page: Path, work: list[list[str]], cwd: Path) -> tuple[int, int]:
    """Run each command of `work` in turn while another process keeps reading `page`."""
    stop = page.parent.parent / "stop-polling"
    reader = subprocess.Popen([sys.executable, "-c", _POLLER, str(page), str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        for command in work:
            done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV, check=False, timeout=300)
            assert done.returncode == 0, done.stderr
    finally:
        stop.touch()
        output, _ = reader.communicate(timeout=60)
        stop.unlink()
    seen, missing = map(int, output.split())
    return seen, missing


def test_a_reader_finds_the_site_at_every_moment_while_builds_replace_it(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    site = tmp_path / "published" / "site"
    assert mkdocs("build", "--strict", "-d", str(site), cwd=project).returncode == 0
    build = with_slow_renames("mkdocs", "build", "--strict", "-d", str(site))
    seen, missing = _poll_while(site / "index.html", [build] * 4, project)
    assert seen > 200  # the reader really was reading all along
    assert missing == 0
    assert leftovers(site) == []


def test_a_reader_finds_the_rendered_pages_at_every_moment_while_renders_replace_them(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    out = tmp_path / "published" / "docs"
    assert policybook("render", str(out), cwd=project).returncode == 0
    seen, missing = _poll_while(out / "index.md", [with_slow_renames("policybook", "render", str(out))] * 4, project)
    assert seen > 200
    assert missing == 0
    assert leftovers(out) == []


def test_concurrent_builds_of_one_site_all_succeed_and_leave_one_whole_site(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    site = tmp_path / "published" / "site"
    command = with_slow_renames("mkdocs", "build", "--strict", "-d", str(site))
    slow = {**ENV, "RENAME_SECONDS": "1"}  # long enough for the other builds to finish meanwhile
    builds = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=slow) for _ in range(3)]
    for build in builds:
        _, errors = build.communicate(timeout=300)
        assert build.returncode == 0, errors
        assert "Traceback" not in errors and "OSError" not in errors
    assert (site / "policies" / "GR-001" / "index.html").is_file()
    assert leftovers(site) == []


# --- failures of the disk --------------------------------------------------------------------------

_FULL_DISK = textwrap.dedent(
    """
    import errno, sys
    import mkdocs.utils
    from mkdocs.__main__ import cli

    def full(content, output_path):
        raise OSError(errno.ENOSPC, "No space left on device", output_path)

    mkdocs.utils.write_file = full  # every page MkDocs writes: as if the disk were full
    sys.argv = ["mkdocs", *sys.argv[1:]]
    cli()
    """
)


def test_a_full_disk_during_the_build_is_one_line_and_leaves_the_previous_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "published" / "site"
    assert mkdocs("build", "--strict", "-d", str(site), cwd=project).returncode == 0
    before = tree(site)
    command = [sys.executable, "-c", _FULL_DISK, "build", "--strict", "-d", str(site)]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=ENV, check=False, timeout=300)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "rror" in line]
    assert len(errors) == 1
    assert errors[0].startswith(f"Error: {site}/")  # a file of the site, not of a staging folder
    assert errors[0].endswith(": error: No space left on device; the disk is full; free some space and build again")
    assert tree(site) == before
    assert leftovers(site) == []


def test_render_interrupted_exits_with_the_signal_and_leaves_the_folder_as_it_was(project: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("render", "out", cwd=project).exit_code == 0
    before = tree(project / "out")
    real = Path.write_bytes

    def terminated(self: Path, data: bytes) -> int:
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill PID` would, while the pages are written
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", terminated)
    result = run_cli("render", "out", cwd=project)
    assert result.exit_code == 128 + signal.SIGTERM
    assert result.stderr == "error: interrupted by SIGTERM; out was left as it was\n"
    assert tree(project / "out") == before
    assert leftovers(project / "out") == sorted(p.name for p in project.iterdir() if p.name != "out")


_NO_PERMISSION = textwrap.dedent(
    """
    import errno, pathlib, sys
    from mkdocs.__main__ import cli

    real = pathlib.Path.mkdir

    def denied(self, *args, **kwargs):
        if self.parent.name == "published":  # as if the folder around the site were someone else's
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    pathlib.Path.mkdir = denied
    sys.argv = ["mkdocs", *sys.argv[1:]]
    cli()
    """
)


def test_a_folder_the_build_may_not_write_is_one_line_naming_it(project: Path, tmp_path: Path) -> None:
    (tmp_path / "published").mkdir()
    command = [sys.executable, "-c", _NO_PERMISSION, "build", "--strict", "-d", str(tmp_path / "published" / "site")]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=ENV, check=False, timeout=300)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: {tmp_path}/published: error: Permission denied; check that you may write there (its owner and permissions), or choose another folder"
    )
    assert list((tmp_path / "published").iterdir()) == []
