"""Only ordinary files are policies: a named pipe, a device, a socket or a folder named like a
policy is a located error, reported at once by validate, the site build and render alike,
never opened (a pipe would wait for a writer forever) and never skipped without a word."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import TODAY
from folders import small_project
from policybook.load import read_bytes
from policybook.problems import LoadError

ENV = {**os.environ, "POLICYBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
#: A run that takes longer than this is hanging on the entry.
PATIENCE = 60


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, env=ENV, check=False, timeout=PATIENCE)


def _policybook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _run(str(Path(sys.executable).with_name("policybook")), *args, cwd=cwd)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


PIPE = "this is a named pipe (FIFO), not a file; policies must be ordinary files: remove it, and save the policy as an ordinary '.yaml' file"


def _assert_reported_everywhere(project: Path, line: str, tmp_path: Path) -> None:
    validated = _policybook("validate", cwd=project)
    assert validated.returncode == 1
    assert line in validated.stdout.splitlines()
    built = _run(sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), cwd=project)
    assert built.returncode == 1 and line in built.stderr and "Traceback" not in built.stderr
    assert not (tmp_path / "site").exists()
    rendered = _policybook("render", str(tmp_path / "out"), cwd=project)
    assert rendered.returncode == 1 and line in rendered.stdout
    assert not (tmp_path / "out").exists()


def test_a_named_pipe_named_like_a_policy_is_an_error_not_a_hang(project: Path, tmp_path: Path) -> None:
    os.mkfifo(project / "policies" / "SE-970-fifo.yaml")
    _assert_reported_everywhere(project, f"policies/SE-970-fifo.yaml:1:1: error: {PIPE}", tmp_path)


def test_a_link_to_a_named_pipe_is_an_error_not_a_hang(project: Path, tmp_path: Path) -> None:
    (project / "pipes").mkdir()
    os.mkfifo(project / "pipes" / "fifo")
    (project / "policies" / "SE-971-link.yaml").symlink_to("../pipes/fifo")
    _assert_reported_everywhere(project, f"policies/SE-971-link.yaml:1:1: error: {PIPE}", tmp_path)


def test_a_folder_named_like_a_policy_is_an_error_not_ignored(project: Path, tmp_path: Path) -> None:
    (project / "policies" / "SE-975-dir.yaml").mkdir()
    message = "this is a folder named like a policy file; rename it so that its name does not end in '.yaml' (the policies in it are checked all the same)"
    _assert_reported_everywhere(project, f"policies/SE-975-dir.yaml:1:1: error: {message}", tmp_path)


def test_a_character_device_is_named_as_one_not_as_a_file_over_the_size_limit(project: Path, tmp_path: Path) -> None:
    device = project / "policies" / "SE-972-device.yaml"
    try:
        os.mknod(device, stat.S_IFCHR | 0o644, os.makedev(1, 5))  # like /dev/zero: endless bytes
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device here: {exc}")
    message = "this is a character device, not a file; policies must be ordinary files: remove it, and save the policy as an ordinary '.yaml' file"
    _assert_reported_everywhere(project, f"policies/SE-972-device.yaml:1:1: error: {message}", tmp_path)


@contextlib.contextmanager
def _socket_at(folder: Path, name: str) -> Iterator[None]:
    here = Path.cwd()
    os.chdir(folder)  # a relative name: a socket's path is limited to about 100 bytes
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(name)
        yield
    finally:
        server.close()
        os.chdir(here)


def test_a_socket_named_like_a_policy_is_an_error(project: Path, tmp_path: Path) -> None:
    with _socket_at(project / "policies", "SE-973-socket.yaml"):
        message = "this is a socket, not a file; policies must be ordinary files: remove it, and save the policy as an ordinary '.yaml' file"
        validated = _policybook("validate", cwd=project)
    assert validated.returncode == 1
    assert f"policies/SE-973-socket.yaml:1:1: error: {message}" in validated.stdout.splitlines()


def test_reading_a_pipe_that_took_a_files_place_returns_at_once(tmp_path: Path) -> None:
    """Between listing the folder and reading the file, the file may have become a pipe."""
    os.mkfifo(tmp_path / "SE-970-fifo.yaml")
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_bytes(tmp_path / "SE-970-fifo.yaml", "policies/SE-970-fifo.yaml"))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=PATIENCE)
    assert outcome, "reading a named pipe hung"
    assert isinstance(outcome[0], LoadError)
    assert str(outcome[0].problem) == f"policies/SE-970-fifo.yaml:1:1: error: {PIPE}"
