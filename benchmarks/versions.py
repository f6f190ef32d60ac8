"""What the version pages cost: the same handbook built with its git history (a page for
every published version, history sections) and built from a plain folder (neither), side by
side in interleaved rounds, and written to benchmarks/VERSIONS.md.

    python benchmarks/versions.py [--size 500] [--versions 4] [--repeat 3] [--out benchmarks/VERSIONS.md]

Each policy is committed `--versions` times, each commit a new version, so the history build
makes (versions + 1) pages per policy where the plain one makes one. The build stays linear
when its time grows with the pages it makes: the time per page should be about the same.
The cache of checked policies and rendered pages is off, so both sides do all their work.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import make_project
from measure import fresh, machine, mkdocs_command, run_child

HERE = Path(__file__).resolve().parent
GIT = ["git", "-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.org", "-c", "commit.gpgsign=false"]
#: Each side must do its own work: no cache of checked files or rendered pages.
ENV = {"POLICYBOOK_CACHE_DIR": "off"}
VERSION_LINE = re.compile(rb'^version: "[^"]*"$', re.M)
EFFECTIVE_LINE = re.compile(rb'^effective: "[^"]*"$', re.M)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _git(root: Path, *args: str, day: str) -> None:
    env = {"GIT_AUTHOR_DATE": f"{day}T09:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T09:00:00+00:00"}
    subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True, env={**os.environ, **env})


def with_history(project: Path, versions: int) -> None:
    """Commit every policy `versions` times: earlier versions 0.1.0, 0.2.0 ... (published,
    schema-valid), then the generated files as they are, the newest version."""
    policies = sorted((project / "policies").glob("*.yaml"))
    final = {path: path.read_bytes() for path in policies}
    _git(project, "init", "-q", "-b", "main", day="2020-01-01")
    for number in range(1, versions):
        for path, raw in final.items():
            raw = VERSION_LINE.sub(f'version: "0.{number}.0"'.encode(), raw, count=1)
            raw = re.sub(rb"^status: \w+$", b"status: active", raw, count=1, flags=re.M)
            path.write_bytes(EFFECTIVE_LINE.sub(f'effective: "2020-0{min(number, 9)}-01"'.encode(), raw, count=1))
        _git(project, "add", "-A", day=f"2020-0{min(number, 9)}-01")
        _git(project, "commit", "-q", "-m", f"Version 0.{number}.0 of every policy", day=f"2020-0{min(number, 9)}-01")
    for path, raw in final.items():
        path.write_bytes(raw)
    _git(project, "add", "-A", day="2026-11-01")
    _git(project, "commit", "-q", "-m", "The policies as they are now", day="2026-11-01")


def pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def measure(size: int, versions: int, repeat: int, work: Path) -> dict[str, object]:
    git_project = make_project(work / "git", size)
    plain_project = work / "plain"
    shutil.copytree(git_project, plain_project)
    with_history(git_project, versions)
    sites = {"history": work / "site-history", "plain": work / "site-plain"}
    builds = {"history": git_project, "plain": plain_project}
    times: dict[str, list[float]] = {"history": [], "plain": []}
    made: dict[str, int] = {}
    for number in range(1, repeat + 1):
        for side in ("plain", "history"):  # interleaved: a slow spell of the machine falls on both sides
            fresh(sites[side])
            run = run_child(mkdocs_command("build", "--strict", "-d", str(sites[side])), cwd=builds[side], env=ENV)
            times[side].append(run.seconds)
            made[side] = pages(sites[side])
        log(f"    round {number}/{repeat}: plain {times['plain'][-1]:.2f} s, with history {times['history'][-1]:.2f} s")
    median = {side: sorted(values)[len(values) // 2] for side, values in times.items()}
    return {
        "size": size,
        "versions": versions,
        "repeat": repeat,
        "pages": made,
        "seconds": median,
        "all": times,
        "ratio": median["history"] / median["plain"],
        "page_ratio": made["history"] / made["plain"],
        "per_page_ratio": (median["history"] / made["history"]) / (median["plain"] / made["plain"]),
    }


def render(result: dict[str, object]) -> str:
    pages_made: dict[str, int] = result["pages"]  # type: ignore[assignment]
    seconds: dict[str, float] = result["seconds"]  # type: ignore[assignment]
    facts = machine()
    lines = [
        "# What version pages cost",
        "",
        "The same generated handbook built twice, side by side in interleaved rounds: from a git",
        "repository where every policy was committed as several versions (so the build makes a page",
        "for every published version, and history sections), and from a plain copy of the folder",
        "(one page per policy; the pages say older versions are unavailable). The cache is off on",
        "both sides. Written by `benchmarks/versions.py`; run it again rather than editing the numbers.",
        "",
        f"- **Handbook**: {result['size']:,} policies, each committed as {result['versions']} versions",
        f"- **Machine**: {facts.get('CPU', '?')}, {facts.get('CPUs', '?')}; Python {facts.get('Python', '?').split(' (')[0]}",
        f"- **Rounds**: {result['repeat']}, the median of each side is shown",
        "",
        "| Build | Pages made | Seconds (median) | Seconds per 1,000 pages |",
        "|---|---|---|---|",
        f"| plain folder (no version pages) | {pages_made['plain']:,} | {seconds['plain']:.2f} | {1000 * seconds['plain'] / pages_made['plain']:.2f} |",
        f"| git history (version pages) | {pages_made['history']:,} | {seconds['history']:.2f} | {1000 * seconds['history'] / pages_made['history']:.2f} |",
        "",
        f"**Ratio** (with version pages / without): **{result['ratio']:.2f}** in time, for {result['page_ratio']:.2f} times the pages;",
        f"time per page **{result['per_page_ratio']:.2f}** times the plain build's (1.0 or less: the build stays linear in",
        "the pages it makes). Reading the versions costs one `git log` and one `git cat-file --batch` for the",
        "whole handbook, whatever its size.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=500, help="policies in the handbook (default 500)")
    parser.add_argument("--versions", type=int, default=4, help="versions of each policy in git (default 4)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--out", type=Path, default=HERE / "VERSIONS.md", help="where to write the results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policybook-versions-") as folder:
        log(f"[{args.size:,} policies, {args.versions} versions each]")
        result = measure(args.size, args.versions, args.repeat, Path(folder))
    args.out.write_text(render(result), encoding="utf-8")
    log(f"ratio {result['ratio']:.2f} (pages {result['page_ratio']:.2f}, per page {result['per_page_ratio']:.2f}); written to {args.out}")


if __name__ == "__main__":
    main()
