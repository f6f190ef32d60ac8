"""The benchmark harness: generate handbooks of several sizes, measure checking and building
them, and write benchmarks/RESULTS.md.

    python benchmarks/run.py --sizes 100,1000,10000 [--repeat 3] [--out benchmarks/RESULTS.md]
    make bench BENCH_ARGS="--sizes 100,1000 --repeat 1"

Run it with the project's virtual environment (`.venv/bin/python`): every measured
command is started with the same Python, so it measures the engine installed there.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from generate import kind_counts, make_project
from measure import (
    Cache,
    CommandFailedError,
    Run,
    Sample,
    engine_source,
    find_cache,
    fresh,
    machine,
    mkdocs_command,
    package_versions,
    parse_floor_child,
    parse_floor_in_process,
    policybook_command,
    run_child,
    site_stats,
    timed,
)
from report import Report, SizeResult, now, render
from serve import measure_serve

HERE = Path(__file__).resolve().parent
PLAIN_CONFIG = "mkdocs.plain.yml"
RENDERED = "rendered"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


#: What a builder without the hooks lists to sanitise pages, as the hook does its own.
SANITISER = "policybook.render.safe"


def plain_config(text: str, docs_dir: str) -> str:
    """mkdocs.yml without its `hooks:` section, with `docs_dir` pointing at the rendered pages,
    and the `policybook.render.safe` extension listed: the hook sanitises the pages it makes,
    so the plain build does that work too (on every page, as the extension does).

    Edited as text so that everything else (theme, plugins, nav, the other extensions)
    stays exactly as written.
    """
    out: list[str] = []
    skipping = False
    for line in text.splitlines():
        if re.match(r"hooks\s*:", line):
            skipping = True
            continue
        if skipping and (not line.strip() or line.startswith((" ", "\t", "-"))):
            continue
        skipping = False
        out.append(f"docs_dir: {docs_dir}" if re.match(r"docs_dir\s*:", line) else line)
        if re.match(r"markdown_extensions\s*:\s*$", line) and SANITISER not in text:
            out.append(f"  - {SANITISER}")
    if not any(re.match(r"docs_dir\s*:", line) for line in out):
        out.append(f"docs_dir: {docs_dir}")
    if not any(re.match(r"markdown_extensions\s*:", line) for line in out):
        out += ["markdown_extensions:", f"  - {SANITISER}"]
    result = "\n".join(out) + "\n"

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(result, Loader=_Loader)  # noqa: S506 - a safe loader subclass
    if "hooks" in data or data.get("docs_dir") != docs_dir or SANITISER not in data.get("markdown_extensions", []):
        raise ValueError("could not take the hooks out of mkdocs.yml")
    return result


def _repeat(times: int, step: Callable[[], Run], label: str) -> Sample:
    runs = []
    for number in range(1, times + 1):
        runs.append(step())
        log(f"    {label} {number}/{times}: {runs[-1].seconds:.2f} s, {runs[-1].max_rss_kb / 1024:.0f} MB")
    return Sample(tuple(runs))


def _rounds(times: int, project: Path, cache: Cache, label: str, first: Callable[[], Run], second: Callable[[], Run], baseline: Callable[[], Run]) -> tuple[Sample, Sample, Sample]:
    """Each round: the baseline, then the cache removed, a first run and at once a second with
    nothing changed. Interleaving puts a slow spell of the machine into both sides of a ratio
    instead of into whichever happened to run during it."""
    bases, firsts, seconds = [], [], []
    for number in range(1, times + 1):
        bases.append(baseline())
        cache.drop(project)
        firsts.append(first())
        seconds.append(second())
        peak = max(firsts[-1].max_rss_kb, seconds[-1].max_rss_kb) / 1024
        log(f"    {label} {number}/{times}: baseline {bases[-1].seconds:.2f} s, first {firsts[-1].seconds:.2f} s, second {seconds[-1].seconds:.2f} s, {peak:.0f} MB")
    return Sample(tuple(bases)), Sample(tuple(firsts)), Sample(tuple(seconds))


def measure_size(size: int, *, work: Path, repeat: int, seed: int, cache: Cache) -> SizeResult:
    """Every measurement at one size, in its own project under `work`."""
    log(f"[{size:,} policies]")
    project = work / f"project-{size}"
    start = time.perf_counter()
    make_project(project, size, seed)
    generate_seconds = time.perf_counter() - start
    texts = [p.read_bytes() for p in sorted((project / "policies").glob("*.yaml"))]
    statuses = Counter(m.group(1).decode() for raw in texts if (m := re.search(rb"^status: (\w+)", raw, re.M)))
    log(f"    generated in {generate_seconds:.2f} s; checking that it is valid")
    env = cache.env()
    cache.drop(project)
    run_child(policybook_command("validate", "--strict"), cwd=project, env=env)  # 0 errors, 0 warnings, or stop

    policies = project / "policies"
    parse_in_process = timed([parse_floor_in_process(policies) for _ in range(repeat)])
    validate = lambda: run_child(policybook_command("validate", "--strict"), cwd=project, env=env)  # noqa: E731
    parse_child, validate_first, validate_second = _rounds(repeat, project, cache, "parse floor / validate", validate, validate, lambda: parse_floor_child(policies))

    cache.drop(project)
    render_sample = _repeat(1, lambda: run_child(policybook_command("render", RENDERED), cwd=project, env=env), "render")
    config = project / PLAIN_CONFIG
    config.write_text(plain_config((project / "mkdocs.yml").read_text(encoding="utf-8"), RENDERED), encoding="utf-8")
    plain_site = work / f"plain-site-{size}"
    plain = mkdocs_command("build", "--strict", "-f", str(config), "-d", str(plain_site))
    site = work / f"site-{size}"
    build = lambda: run_child(mkdocs_command("build", "--strict", "-d", str(site)), cwd=project, env=env)  # noqa: E731
    plain_build, build_first, build_second = _rounds(
        repeat, project, cache, "plain build / hook build", lambda: (fresh(site), build())[1], build, lambda: (fresh(plain_site), run_child(plain, cwd=project, env=env))[1]
    )
    first_policy = (sorted(policies.glob("SE-*.yaml")) or sorted(policies.glob("*.yaml")))[0]
    sample_page = "policies/" + "-".join(first_policy.name.split("-")[:2]) + "/index.html"
    hook_site, plain_stats = site_stats(site, sample_page), site_stats(plain_site, sample_page)
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(plain_site, ignore_errors=True)

    return SizeResult(
        size=size,
        repeat=repeat,
        policy_bytes=sum(len(raw) for raw in texts),
        kinds=kind_counts(size),
        statuses=dict(statuses),
        generate_seconds=generate_seconds,
        parse_child=parse_child,
        parse_in_process=parse_in_process,
        validate_first=validate_first,
        validate_second=validate_second,
        build_first=build_first,
        build_second=build_second,
        render=render_sample,
        plain_build=plain_build,
        hook_site=hook_site,
        plain_site=plain_stats,
    )


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes are whole numbers separated by commas, like 100,1000; not {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least one size, each 1 or more")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Measure policybook's validate and site build at several handbook sizes; write RESULTS.md.")
    parser.add_argument("--sizes", type=_sizes, default=_sizes("100,1000,10000"), help="numbers of policies, comma-separated (default 100,1000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is reported (default 3)")
    parser.add_argument("--repeat-large", type=int, default=None, help="runs at sizes of --large-from or more, if those take too long (default: --repeat)")
    parser.add_argument("--large-from", type=int, default=10_000, help="the size from which --repeat-large applies (default 10000)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="the results file to write (default benchmarks/RESULTS.md)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated policies (default 1)")
    parser.add_argument("--serve-size", type=int, default=1000, help="policies in the project used to time `mkdocs serve` (default 1000)")
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` measurement")
    parser.add_argument("--workdir", type=Path, default=None, help="where the generated projects go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects (for profiling); their folder is printed")
    args = parser.parse_args(argv)
    if args.repeat < 1 or (args.repeat_large is not None and args.repeat_large < 1):
        parser.error("--repeat and --repeat-large must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started, clock = now(), time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="policybook-bench-", dir=args.workdir))
    engine = engine_source()
    cache = find_cache(engine, work / "cache")
    load_before = os.getloadavg()
    notes: list[str] = []
    try:
        results = []
        for size in args.sizes:
            repeat = args.repeat_large if args.repeat_large is not None and size >= args.large_from else args.repeat
            results.append(measure_size(size, work=work, repeat=repeat, seed=args.seed, cache=cache))
        serve_result, serve_note = None, ""
        if args.no_serve:
            serve_note = "Skipped in this run (`--no-serve`)."
        else:
            log(f"[serve, {args.serve_size:,} policies]")
            project = make_project(work / f"serve-{args.serve_size}", args.serve_size, args.seed)
            cache.drop(project)
            serve_result = measure_serve(project, size=args.serve_size, env=cache.env())
            log(f"    save to updated page: {', '.join(f'{t:.2f} s' for t in serve_result.edit_seconds)}")
        runs = sorted({r.repeat for r in results})
        if len(runs) > 1 or runs != [3]:
            notes.append(
                "Runs per measurement: "
                + ", ".join(f"{r.size:,} policies: {r.repeat}" for r in results)
                + ("; where it is 1, each figure is that single run rather than a median" if min(runs) == 1 else "")
                + "."
            )
        notes.append(
            f"Load average (1, 5, 15 min) at the start: {', '.join(f'{x:.2f}' for x in load_before)}; at the end: "
            f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}. Other work on the machine shows up in the timings; compare runs made on a quiet machine."
        )
        if not cache.configurable and not cache.names:
            notes.append(f"No cache is named in `{engine}` yet: the *second run* figures measure a plain rerun.")
        report = Report(
            command=shlex.join(["python", "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)]),
            started=started,
            seconds=time.perf_counter() - clock,
            machine=machine(),
            packages=package_versions(),
            seed=args.seed,
            cache=cache.describe(),
            config=HERE.parent / "mkdocs.yml",
            sizes=results,
            serve=serve_result,
            serve_note=serve_note,
            notes=notes,
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render(report), encoding="utf-8")
        log(f"results written to {args.out}")
    except (CommandFailedError, RuntimeError) as exc:
        log(f"error: {exc}\nNothing was written to {args.out}.")
        return 1
    finally:
        if args.keep:
            log(f"generated projects kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
