"""How responsive `make serve` is: the seconds from saving a policy to its page showing the change.

A leader previewing an edit waits for exactly this, so it is measured the way they would
see it: `mkdocs serve --dirty` (what `make serve` runs) watching the files, live reload on, one policy's title changed in
place, and its page fetched until the new title is there.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from measure import child_env, mkdocs_command


@dataclass(frozen=True)
class ServeResult:
    """Seconds until the first page was served, then from each save to the updated page."""

    size: int
    policy: str
    startup_seconds: float
    edit_seconds: tuple[float, ...]
    stopped_cleanly: bool

    @property
    def median(self) -> float:
        return statistics.median(self.edit_seconds)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, timeout: float) -> str | None:
    """The page's text, or None while the server is not answering (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own localhost server
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(url: str, needle: str, *, deadline: float, process: subprocess.Popen[bytes], poll: float) -> float:
    """Poll `url` until it contains `needle`; the moment it did (perf_counter)."""
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped early with exit status {process.returncode}")
        text = _get(url, timeout=max(1.0, deadline - time.perf_counter()))
        if text is not None and needle in text:
            return time.perf_counter()
        time.sleep(poll)
    raise TimeoutError(f"{url} did not show {needle!r} in time")


_TITLE = re.compile(r"^title: .*$", re.M)


def _set_title(path: Path, title: str) -> None:
    """Rewrite the file in place, as an editor saving it would."""
    text = path.read_text(encoding="utf-8")
    path.write_text(_TITLE.sub(f"title: {title}", text, count=1), encoding="utf-8")


def _stop(process: subprocess.Popen[bytes]) -> bool:
    """Ctrl-C, as a person stops the server (it removes its temporary site); True when that sufficed."""
    if process.poll() is not None:
        return True
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
        return True
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return False


def measure_serve(project: Path, *, size: int, edits: int = 3, timeout: float = 900.0, poll: float = 0.05, env: Mapping[str, str] | None = None) -> ServeResult:
    """Start `mkdocs serve` in `project`, then time `edits` title changes to one policy's page."""
    policies = sorted(project.glob("policies/SE-*.yaml"))
    path = policies[len(policies) // 2]
    policy = path.name.split("-", 2)[0] + "-" + path.name.split("-", 2)[1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/policies/{policy}/"
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(mkdocs_command("serve", "--dirty", "-a", f"127.0.0.1:{port}"), cwd=project, env=child_env(env), stdout=log, stderr=subprocess.STDOUT)
        stopped = False
        try:
            ready = _wait_for(page, f"{policy} ·", deadline=start + timeout, process=process, poll=0.2)
            timings = []
            for number in range(1, edits + 1):
                title = f"Serve check {number} {os.getpid()} {int(time.time())}"
                _set_title(path, title)
                saved = time.perf_counter()
                shown = _wait_for(page, title, deadline=saved + timeout, process=process, poll=poll)
                timings.append(shown - saved)
                time.sleep(1.0)  # let the watcher settle before the next save
        except (RuntimeError, TimeoutError) as exc:
            stopped = _stop(process)
            log.seek(0)
            tail = "\n".join(log.read().decode("utf-8", "replace").strip().splitlines()[-15:])
            raise RuntimeError(f"{exc}; the server said:\n{tail}") from None
        finally:
            if not stopped:
                stopped = _stop(process)
    return ServeResult(size, policy, ready - start, tuple(timings), stopped)
