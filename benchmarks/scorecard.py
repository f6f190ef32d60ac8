"""How the leader scorecard's roll-up scales, against parsing the records it rolls up:
100,000 activity records for 1,000 leader commitments, and write benchmarks/SCORECARD.md.

    python benchmarks/scorecard.py [--records 100000] [--commitments 1000] [--repeat 5] [--out benchmarks/SCORECARD.md]
    make bench-scorecard

The baseline is parsing the records: reading the CSV files and turning every row into a
checked record (`records.read_record_file`), as a build does. The roll-up is
`scorecard.roll_up` over those records, every commitment's versions and the roster: every
period of every leader and role. Both run in this process, in interleaved rounds (parse,
then roll up, in each), after one unmeasured round that warms the page cache; the target is
roll-up ÷ parse ≤ 2.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from measure import machine
from policybook.config import Leader, Role, Settings, defaults
from policybook.model import Policy, Target
from policybook.records import Record, check_records, context_for, read_record_file
from policybook.scorecard import roll_up
from report import now

HERE = Path(__file__).resolve().parent
#: The target the issue set.
TARGET = 2.0
AS_OF = date(2026, 11, 23)
PERS = ("week", "month", "month", "quarter", "quarter", "year")
UNITS = ("visits", "hours", "sessions", "calls", "shifts", "reviews")


def make_settings(roles: int, per_role: int, rng: random.Random) -> Settings:
    """`roles` leading roles of `per_role` leaders each; one leader in ten joined or left in 2026."""
    declared = [*defaults().roles[:2], *(Role(f"lead-{n:02d}", f"Leads {n:02d}", leads=True) for n in range(roles))]
    leaders = []
    for n in range(roles * per_role):
        joined = date(2026, 1, 1) + timedelta(days=rng.randrange(300)) if n % 10 == 3 else None
        left = date(2026, 3, 1) + timedelta(days=rng.randrange(250)) if n % 10 == 7 else None
        leaders.append(Leader(f"leader-{n:04d}", f"Leader {n:04d}", (f"lead-{n % roles:02d}",), joined, left))
    return dataclasses.replace(defaults(), roles=tuple(declared), leaders=tuple(leaders))


def make_versions(count: int, roles: int, rng: random.Random) -> dict[str, list[Policy]]:
    """`count` commitments binding one or two roles each; one in five had its target changed by
    a second version during the year."""
    versions: dict[str, list[Policy]] = {}
    for n in range(count):
        pid = f"LC-{n + 1:04d}"
        bound = tuple(sorted({f"lead-{rng.randrange(roles):02d}" for _ in range(rng.choice((1, 1, 2)))}))
        per, unit = rng.choice(PERS), rng.choice(UNITS)
        first = _version(pid, "1.0.0", "2026-01-01", Target("activity", rng.randint(1, 4), unit, per), bound)
        versions[pid] = [first]
        if n % 5 == 0:
            versions[pid].append(_version(pid, "1.1.0", f"2026-{rng.randint(4, 10):02d}-{rng.randint(1, 28):02d}", Target("activity", rng.randint(2, 6), unit, per), bound))
    return versions


def _version(pid: str, version: str, effective: str, target: Target, roles: tuple[str, ...]) -> Policy:
    return Policy(pid, "leader-commitment", "Generated commitment", version, "active", "Owner", effective, "2027-12-31", ("everyone",), "", (), "", (), f"policies/{pid}.yaml", roles=roles, target=target)


def make_files(folder: Path, records: int, versions: dict[str, list[Policy]], settings: Settings, rng: random.Random) -> list[Path]:
    """`records` rows over files of 1,000 (each well under the size limit): each for a leader
    its commitment binds, on a day they were in the role, some of them plans."""
    by_role: dict[str, list[Leader]] = {}
    for leader in settings.leaders:
        by_role.setdefault(leader.roles[0], []).append(leader)
    ids = sorted(versions)
    paths = []
    rows: list[list[str]] = []
    for n in range(records):
        pid = ids[n % len(ids)]
        leader = rng.choice([leader for role in versions[pid][0].roles for leader in by_role[role]])
        start = max(date(2026, 1, 1), leader.joined or date.min)
        end = min(date(2027, 3, 31), leader.left or date.max)
        day = start + timedelta(days=rng.randrange((end - start).days + 1))
        rows.append([day.isoformat(), pid, leader.id, str(rng.choice((1, 1, 1, 2, 3))), "", rng.choice(("Home visit", "Store visit, with a colleague", "Listening at the contact centre")) + f" ({n})", ""])
        if len(rows) == 1000 or n == records - 1:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(["date", "commitment", "who", "count", "unit", "note", "evidence"])
            writer.writerows(rows)
            path = folder / f"records-{len(paths):04d}.csv"
            path.write_text(buffer.getvalue(), encoding="utf-8")
            paths.append(path)
            rows = []
    return paths


def parse_all(paths: list[Path]) -> list[Record]:
    return [record for path in paths for record in read_record_file(path, path.name).records]


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the scorecard roll-up against parsing the records; write SCORECARD.md.")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--commitments", type=int, default=1_000)
    parser.add_argument("--roles", type=int, default=16, help="leading roles, each bound by some commitments")
    parser.add_argument("--per-role", type=int, default=12, help="leaders holding each role")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "SCORECARD.md")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="policybook-scorecard-bench-"))
    try:
        settings = make_settings(args.roles, args.per_role, rng)
        versions = make_versions(args.commitments, args.roles, rng)
        paths = make_files(work, args.records, versions, settings, rng)
        total_bytes = sum(path.stat().st_size for path in paths)
        records = parse_all(paths)  # warms the page cache too
        assert len(records) == args.records, f"{len(records)} of {args.records} records parsed"
        context = context_for([v[-1] for v in versions.values()], versions, settings)
        kept, problems = check_records(records, context)
        assert not problems, problems[:3]
        check_seconds = timed(lambda: check_records(records, context))
        card = roll_up(kept, versions, settings, as_of=AS_OF)
        cells = sum(1 for c in card.cards for line in (c.total, *c.roles, *c.leaders) for t in line.tallies if t is not None)
        parses, rollups = [], []
        for _ in range(args.repeat):
            parses.append(timed(lambda: parse_all(paths)))
            rollups.append(timed(lambda: roll_up(kept, versions, settings, as_of=AS_OF)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    parse, rollup = statistics.median(parses), statistics.median(rollups)
    ratio = rollup / parse
    facts = machine()
    args.out.write_text(
        f"""# Rolling up the leader scorecard

How long the scorecard's roll-up takes on a large handbook, against parsing the records it
rolls up. Written by `benchmarks/scorecard.py` (`make bench-scorecard`) on {now():%Y-%m-%d};
run it again rather than editing the numbers.

- {args.records:,} activity records in {len(paths)} CSV file{"s" if len(paths) != 1 else ""} ({total_bytes / 1e6:.1f} MB) for {args.commitments:,} leader commitments (one in five with a second version that changed its target during the year; weekly, monthly, quarterly and yearly targets), {args.roles} leading roles of {args.per_role} leaders each ({len(settings.leaders):,} leaders, one in ten joining or leaving during the year).
- Parsing the records (reading each file, every row checked and made a record): median **{parse:.3f} s** over {args.repeat} runs (min {min(parses):.3f}, max {max(parses):.3f}).
- Rolling up (every commitment's last {settings.scorecard_periods} periods, per leader, per role and for everyone: {cells:,} periods with something due or done): median **{rollup:.3f} s** (min {min(rollups):.3f}, max {max(rollups):.3f}).
- **Roll-up ÷ parse: {ratio:.2f}** (target ≤ {TARGET:g}: {"met" if ratio <= TARGET else "**not met**"}).
- For comparison, checking the records against the commitments and the roster (once per build, with the policies): {check_seconds:.3f} s.
- Both measured in this one process, in {args.repeat} interleaved rounds after a warm-up round; seed {args.seed}.
- Machine: {facts.get("CPU", "?")}; CPUs: {facts.get("CPUs", "?")}; {facts.get("RAM", "?")}; Python {facts.get("Python", "?")}.

The roll-up reads each record once (into its leader's period), and works out what is due
once per kind of leader (the same roles, joined and left on the same days) per commitment,
so its cost grows with the records plus the periods shown for each leader bound, never with
their product.
""",
        encoding="utf-8",
    )
    print(f"roll-up / parse = {ratio:.2f}; results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
