"""How long a fresh clone takes to be ready: `make site` from nothing, with an empty package
cache and with a warm one, against the unlocked pip install it replaced, and write
benchmarks/SETUP.md.

    python benchmarks/setup.py [--repeat 3] [--out benchmarks/SETUP.md]
    make bench-setup

Each run clones the committed HEAD of this repository into a temporary folder (so what is
measured is what a new user gets) and runs `make site` there: a virtual environment, uv
from its pinned hashes, the locked packages, then the strict build. The *cold* runs point
`PIP_CACHE_DIR` and `UV_CACHE_DIR` at new empty folders, so every package is downloaded;
the *warm* runs reuse the folders the cold run filled. The baseline, measured in the same
run with the same warm pip cache, is what the project did before the lock: `python -m venv`
and `pip install -e '.[site]'` from version ranges.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from measure import Sample, machine, run_child, timed
from report import now

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
#: The target the issue set: a fresh clone builds its handbook in under ten seconds with a warm cache.
WARM_TARGET_SECONDS = 10.0


@dataclass(frozen=True)
class Result:
    cold: Sample
    warm: Sample
    baseline: Sample


def _clone(work: Path, name: str) -> Path:
    target = work / name
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPOSITORY), str(target)], check=True)
    return target


def _make_site(clone: Path, caches: Path) -> float:
    env = {"PIP_CACHE_DIR": str(caches / "pip"), "UV_CACHE_DIR": str(caches / "uv")}
    return run_child(["make", "--no-print-directory", "site"], cwd=clone, env=env).seconds


def _pip_baseline(clone: Path, caches: Path) -> float:
    """The set-up as it was before the lock: a venv and an unlocked editable install, then the build."""
    env = {"PIP_CACHE_DIR": str(caches / "pip")}
    venv = clone / ".venv-pip"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-e", ".[site]"],
        [str(venv / "bin" / "mkdocs"), "build", "--strict", "--site-dir", "site"],
    ]
    return sum(run_child(step, cwd=clone, env=env).seconds for step in steps)


def measure(repeat: int, work: Path, log: Callable[[str], None]) -> Result:
    cold, warm, baseline = [], [], []
    for number in range(1, repeat + 1):
        caches = Path(tempfile.mkdtemp(prefix="caches-", dir=work))
        cold.append(_make_site(_clone(work, f"cold-{number}"), caches))
        warm.append(_make_site(_clone(work, f"warm-{number}"), caches))
        baseline.append(_pip_baseline(_clone(work, f"pip-{number}"), caches))
        log(f"    round {number}/{repeat}: cold {cold[-1]:.1f} s, warm {warm[-1]:.1f} s, unlocked pip (warm) {baseline[-1]:.1f} s")
    return Result(timed(cold), timed(warm), timed(baseline))


def render(result: Result, *, repeat: int, command: str) -> str:
    ratio = result.warm.median / result.baseline.median
    met = "met" if result.warm.median < WARM_TARGET_SECONDS else "**not met**"
    facts = machine()
    rows = [
        ("Cold: empty package caches", result.cold),
        ("Warm: the caches the cold run filled", result.warm),
        ("Baseline: unlocked `pip install -e '.[site]'`, warm pip cache", result.baseline),
    ]
    table = "\n".join(f"| {name} | {s.median:.1f} s | {s.low:.1f} s | {s.high:.1f} s |" for name, s in rows)
    return f"""# Set-up from nothing

How long a fresh clone takes from `git clone` to a built handbook with `make site`: a virtual
environment, uv installed from its pinned hashes, every package from `uv.lock` (hashes
checked), then the strict build. Written by `benchmarks/setup.py` (`make bench-setup`) on
{now():%Y-%m-%d}; run it again rather than editing the numbers.

| `make site` on a fresh clone | Median | Min | Max |
|---|---|---|---|
{table}

- **Warm set-up under {WARM_TARGET_SECONDS:g} s**: {met} ({result.warm.median:.1f} s).
- **Warm set-up ÷ the unlocked pip install it replaced** (same run, same machine): {ratio:.2f}.
- Runs: {repeat} of each, interleaved (cold, warm, baseline in every round), medians reported.
- Machine: {facts.get("CPU", "?")}, {facts.get("CPUs", "?")} CPUs, {facts.get("RAM", "?")}; Python {facts.get("Python", "?")}.
- Command: `{command}`.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `make site` on a fresh clone, with empty and warm package caches; write SETUP.md.")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of cold, warm and baseline runs (default 3)")
    parser.add_argument("--out", type=Path, default=HERE / "SETUP.md", help="where to write the results (default benchmarks/SETUP.md)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="policybook-setup-bench-"))
    try:
        result = measure(args.repeat, work, lambda message: print(message, file=sys.stderr, flush=True))
        args.out.write_text(render(result, repeat=args.repeat, command=" ".join(["python", "benchmarks/setup.py", *(argv or sys.argv[1:])])), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
