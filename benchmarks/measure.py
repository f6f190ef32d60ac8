"""Taking the measurements: child processes timed by wall clock with their own peak memory,
what a built site weighs, and what machine and software the numbers came from.

Every measured command runs as a fresh child process, as a user or CI would run it, so
start-up and import costs are counted the same way for every row of the results.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

#: The environment of every measured child: the day dates are checked against, and no
#: MkDocs 2 banner on stderr. (Bytecode is written as usual, so that only the first run
#: after an edit to the engine pays for compiling it: the unmeasured validity check.)
CHILD_ENV = {"POLICYBOOK_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}


class CommandFailedError(RuntimeError):
    """A measured command exited non-zero: its numbers would measure an error path."""


@dataclass(frozen=True)
class Run:
    """One finished child process: wall time, its peak resident memory, and what it printed."""

    seconds: float
    max_rss_kb: int
    returncode: int
    stdout: str
    stderr: str


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, **CHILD_ENV, **(extra or {})}


def run_child(command: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None, check: bool = True, timeout: float | None = None) -> Run:
    """Run `command` and time it from start to exit.

    The peak memory comes from `os.wait4`, the getrusage record of exactly this child (and
    any children it waited for), so one process's number is never another's, as it can
    be with RUSAGE_CHILDREN, which keeps the largest child seen so far. `env` is added to
    the environment.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=child_env(env), stdout=out, stderr=err)
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = Run(seconds, _rss_kb(usage.ru_maxrss), process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
    if check and run.returncode != 0:
        tail = "\n".join((run.stdout + run.stderr).strip().splitlines()[-15:])
        raise CommandFailedError(f"{' '.join(map(str, command))} (in {cwd}) exited {run.returncode}:\n{tail}")
    return run


def _rss_kb(ru_maxrss: int) -> int:
    return ru_maxrss // 1024 if sys.platform == "darwin" else ru_maxrss  # bytes on macOS, KiB elsewhere


@dataclass(frozen=True)
class Sample:
    """Several runs of one measurement: the median is what the results report."""

    runs: tuple[Run, ...]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def low(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def high(self) -> float:
        return max(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.max_rss_kb for r in self.runs) / 1024


_ENGINE_TIME = re.compile(r"policybook: \d+ policies checked and \d+ pages made in ([0-9.]+) s")


def engine_seconds(build: Sample) -> Sample:
    """The hook's own share of each build (checking and making the pages), from its log line."""
    found = [_ENGINE_TIME.search(run.stderr + run.stdout) for run in build.runs]
    return timed([float(m.group(1)) for m in found if m])


def timed(seconds: Sequence[float]) -> Sample:
    """A Sample for timings taken in this process (no child, so no memory figure)."""
    return Sample(tuple(Run(s, 0, 0, "", "") for s in seconds))


# --- commands -----------------------------------------------------------------------


def policybook_command(*args: str) -> list[str]:
    """`policybook ARGS` as installed beside this Python, as `make validate` runs it."""
    script = Path(sys.executable).with_name("policybook")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "policybook", *args]


def mkdocs_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


#: The parse floor: read every policy's bytes and parse them with PyYAML's C loader, nothing else.
PARSE_FLOOR = """\
import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
"""


def parse_floor_child(policies: Path) -> Run:
    return run_child([sys.executable, "-c", PARSE_FLOOR, str(policies)], cwd=policies)


def parse_floor_in_process(policies: Path) -> float:
    import yaml

    start = time.perf_counter()
    for path in sorted(policies.glob("*.yaml")):
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


# --- sites --------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteStats:
    """What a build produced: pages, bytes on disk, search index, navigation size."""

    html_pages: int
    bytes_on_disk: int
    search_index_bytes: int
    nav_links: int


_PRIMARY_NAV = re.compile(r'<nav class="md-nav md-nav--primary".*?(?=<nav class="md-nav md-nav--secondary"|</nav>\s*</div>\s*</div>\s*</div>)', re.S)


def site_stats(site: Path, sample_page: str) -> SiteStats:
    """Sizes of a built site; `nav_links` counts the primary navigation's links on `sample_page`."""
    pages = 0
    total = 0
    for path in site.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            pages += path.suffix == ".html"
    index = site / "search" / "search_index.json"
    page = site / sample_page
    nav = 0
    if page.is_file():
        match = _PRIMARY_NAV.search(page.read_text(encoding="utf-8"))
        nav = match.group(0).count('class="md-nav__link') if match else 0
    return SiteStats(pages, total, index.stat().st_size if index.exists() else 0, nav)


def fresh(folder: Path) -> Path:
    """`folder`, emptied: every measured build writes into a site folder that does not exist yet."""
    shutil.rmtree(folder, ignore_errors=True)
    return folder


# --- the engine's cache ---------------------------------------------------------------

_CACHE_LITERAL = re.compile(r"""["'](\.cache(?:/[A-Za-z0-9_.-]+)*)/?["']""")
CACHE_VARIABLE = "POLICYBOOK_CACHE_DIR"


@dataclass(frozen=True)
class Cache:
    """Where the children keep their caches, so that a "first run" really starts cold.

    The children's `POLICYBOOK_CACHE_DIR` and `XDG_CACHE_HOME` point into `folder`, a folder
    of the harness's own (nothing is read from or left in the user's ~/.cache), and a
    project's own `.cache/` (or any `.cache...` folder the engine names) is removed too.
    """

    folder: Path
    #: the engine reads POLICYBOOK_CACHE_DIR
    configurable: bool
    #: `.cache` folder names the engine's source mentions
    names: tuple[str, ...]

    def env(self) -> dict[str, str]:
        return {CACHE_VARIABLE: str(self.folder / "policybook"), "XDG_CACHE_HOME": str(self.folder / "xdg")}

    def drop(self, project: Path) -> None:
        """Empty every cache the next run could use."""
        shutil.rmtree(self.folder, ignore_errors=True)
        for name in {".cache", *self.names}:
            shutil.rmtree(project / name, ignore_errors=True)

    def describe(self) -> str:
        if self.configurable:
            return (
                f"the engine keeps a content-hash cache where `{CACHE_VARIABLE}` points (by default in the user's cache folder); the harness "
                "points it, and `XDG_CACHE_HOME`, at a folder of its own and empties that folder (and any `.cache/` in the project) before each first run"
            )
        if self.names:
            return f"the engine's source names {', '.join(f'`{n}`' for n in self.names)}; those folders in the project are removed before each first run"
        return "the engine names no cache folder yet; `.cache/` is removed before each first run anyway, and both timings are reported as they are"


def find_cache(engine: Path, folder: Path) -> Cache:
    """How the engine at `engine` caches, read from its source."""
    names: set[str] = set()
    configurable = False
    for path in sorted(engine.rglob("*.py")) if engine.is_dir() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        names.update(_CACHE_LITERAL.findall(text))
        configurable = configurable or CACHE_VARIABLE in text
    return Cache(folder, configurable, tuple(sorted(names)))


def engine_source() -> Path:
    """The policybook package the children import (the editable install points into src/)."""
    try:
        import policybook

        return Path(policybook.__file__).resolve().parent
    except ImportError:
        return Path(__file__).resolve().parents[1] / "src" / "policybook"


# --- machine and software --------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    count = 0
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                count += 1
    except OSError:
        cpu = platform.processor() or cpu
    ram = "unknown"
    try:
        total = next(line for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines() if line.startswith("MemTotal"))
        ram = f"{int(total.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    system = platform.platform()
    try:
        pretty = next(line for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines() if line.startswith("PRETTY_NAME="))
        system = f"{pretty.split('=', 1)[1].strip(chr(34))} (kernel {platform.release()})"
    except (OSError, StopIteration):
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": cpu,
        "CPUs": f"{count or os.cpu_count()} listed in /proc/cpuinfo, {usable} usable by this process",
        "RAM": ram,
        "OS": system,
        "Python": f"{platform.python_version()} ({platform.python_implementation()}, {sys.executable})",
    }


#: Reported first, in this order; any other of PACKAGES that is installed follows.
PACKAGES = (
    "policybook", "mkdocs", "mkdocs-material", "pyyaml", "jsonschema", "referencing", "rpds-py", "markdown",
    "pymdown-extensions", "nh3", "click", "jinja2", "pygments", "watchdog", "babel", "backrefs", "markupsafe",
    # speed-ups the engine may use: reported when installed
    "jsonschema-rs", "fastjsonschema", "orjson", "msgspec", "xxhash", "blake3", "ruamel.yaml", "markdown-it-py", "mistune", "watchfiles",
)


def package_versions() -> dict[str, str]:
    versions: dict[str, str] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    if "pyyaml" in versions:
        import yaml

        versions["pyyaml"] += " with libyaml (C loader)" if getattr(yaml, "__with_libyaml__", False) else " without libyaml (pure Python loader)"
    return versions
