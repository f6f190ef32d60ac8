"""How fast `policybook phrases check` reads real volumes, against reading the same files:
10,000 templates of about 2 kB (Markdown, plain text and HTML) and 500 phrases to avoid, and
write benchmarks/PHRASES.md.

    python benchmarks/phrases.py [--files 10000] [--phrases 500] [--repeat 5] [--out benchmarks/PHRASES.md]
    make bench-phrases

The baseline is the least the check could cost: reading every file's bytes and decoding
them, in one process. The check does that and finds every phrase (one compiled matcher for
all of them), with its line and column: once in one process (`--jobs 1`), and once as
`policybook phrases check` runs by default, the files shared among one process per usable
CPU. All run in interleaved rounds (baseline, then the two checks, in each), after one
unmeasured round that warms the page cache.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from measure import machine
from policybook.phrases import AvoidPhrase, Matcher, Selection, check_files, usable_cpus, workers_for
from report import now
from words import OBJECTS, QUALIFIERS, REASONS, SITUATIONS, VERBS

HERE = Path(__file__).resolve().parent
#: The target the issue set.
TARGET = 3.0
FILE_BYTES = 2_000


def make_phrases(count: int, rng: random.Random) -> list[AvoidPhrase]:
    """`count` distinct phrases of two to five words, as avoid-lists have them."""
    vocabulary = sorted({w.strip(".,'").lower() for text in (*VERBS, *OBJECTS, *QUALIFIERS, *REASONS) for w in text.split() if w.isalpha()})
    phrases: dict[str, AvoidPhrase] = {}
    while len(phrases) < count:
        text = " ".join(rng.sample(vocabulary, rng.randint(2, 5))).capitalize() + rng.choice([".", "!", ""])
        phrases[text.lower()] = AvoidPhrase(text, "It pushes the customer away.", "Something warmer.", f"SE-{len(phrases) % 900 + 100:03d}", "Generated", ("everyone",))
    return list(phrases.values())


def make_files(folder: Path, count: int, phrases: list[AvoidPhrase], rng: random.Random) -> list[Path]:
    """`count` templates of about 2 kB each: sentences from the word lists, a phrase to avoid
    in one file in five, as Markdown, plain text or HTML."""
    sentences = [f"{v} {o} {q}." for v in VERBS for o in OBJECTS[:5] for q in QUALIFIERS[:5]] + list(SITUATIONS)
    paths = []
    for number in range(count):
        kind = (".md", ".txt", ".html")[number % 3]
        body: list[str] = []
        while sum(len(s) + 1 for s in body) < FILE_BYTES:
            body.append(rng.choice(sentences))
        if number % 5 == 0:
            body.insert(rng.randrange(len(body)), rng.choice(phrases).text)
        text = "\n".join(body)
        if kind == ".html":
            text = "<html><body>\n" + "\n".join(f"<p>{line}</p>" for line in body) + "\n</body></html>"
        elif kind == ".md":
            text = "# Template\n\n" + text.replace(". ", ". **Note**: ", 1)
        path = folder / f"t{number // 1000:02d}" / f"template-{number:05d}{kind}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def read_all(paths: list[Path]) -> int:
    return sum(len(path.read_bytes().decode("utf-8")) for path in paths)


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `policybook phrases check` against reading the same files; write PHRASES.md.")
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--phrases", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "PHRASES.md")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="policybook-phrases-bench-"))
    try:
        phrases = make_phrases(args.phrases, rng)
        paths = make_files(work, args.files, phrases, rng)
        selection = Selection(tuple(paths))
        compile_seconds = timed(lambda: Matcher(phrases))
        matcher = Matcher(phrases)
        found = len(check_files(selection, matcher=matcher, base=work).problems)  # warms the page cache too
        assert check_files(selection, matcher=matcher, base=work, jobs=None).problems == check_files(selection, matcher=matcher, base=work).problems
        workers = workers_for(len(paths), None)
        read_all(paths)
        reads, checks, shared = [], [], []
        for _ in range(args.repeat):
            reads.append(timed(lambda: read_all(paths)))
            checks.append(timed(lambda: check_files(selection, matcher=matcher, base=work, jobs=1)))
            shared.append(timed(lambda: check_files(selection, matcher=matcher, base=work, jobs=None)))
        total = sum(path.stat().st_size for path in paths)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    read, check, parallel = statistics.median(reads), statistics.median(checks), statistics.median(shared)
    ratio, parallel_ratio = check / read, parallel / read
    facts = machine()
    args.out.write_text(
        f"""# Checking templates for phrases to avoid

How long `policybook phrases check` takes on real volumes, against the least it could cost:
reading the same files. Written by `benchmarks/phrases.py` (`make bench-phrases`) on
{now():%Y-%m-%d}; run it again rather than editing the numbers.

- {args.files:,} templates ({total / 1e6:.1f} MB; Markdown, plain text and HTML in turn), {args.phrases:,} phrases to avoid, {found:,} found.
- Reading every file (bytes, decoded): median **{read:.3f} s** over {args.repeat} runs (min {min(reads):.3f}, max {max(reads):.3f}).
- Checking every file in one process (`--jobs 1`: reading, HTML and Markdown markup skipped, one compiled matcher for all the phrases, each phrase found located): median **{check:.3f} s** (min {min(checks):.3f}, max {max(checks):.3f}).
- Checking every file as `phrases check` does by default, shared among {workers} process{"es" if workers != 1 else ""} ({usable_cpus()} usable CPU{"s" if usable_cpus() != 1 else ""}; the same problems, in the same order): median **{parallel:.3f} s** (min {min(shared):.3f}, max {max(shared):.3f}).
- Building the matcher from the {args.phrases:,} phrases: {compile_seconds * 1000:.0f} ms, once per run.
- **Check ÷ read, by default ({workers} process{"es" if workers != 1 else ""}): {parallel_ratio:.2f}** (target ≤ {TARGET:g}: {"met" if parallel_ratio <= TARGET else "**not met**"}).
- **Check ÷ read, in one process: {ratio:.2f}** ({"within" if ratio <= TARGET else "over"} the target; the baseline reads in one process).
- Measured in {args.repeat} interleaved rounds after a warm-up round; seed {args.seed}.
- Machine: {facts.get("CPU", "?")}, {facts.get("CPUs", "?")} CPUs, {facts.get("RAM", "?")}; Python {facts.get("Python", "?")}.
""",
        encoding="utf-8",
    )
    print(f"check / read = {parallel_ratio:.2f} ({workers} processes), {ratio:.2f} (one); results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
