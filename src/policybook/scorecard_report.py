"""The scorecard for people and for other tools: text, JSON and CSV, chosen by name from
`SCORECARD_REPORTERS`. The wording lives here; the numbers come from `scorecard.roll_up`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from .model import Target
from .problems import plural
from .scorecard import STATUS_LABELS, Card, Line, Period, Scorecard, Tally

#: Shown where nothing was due and nothing was recorded.
NOTHING = "—"


def spoken_date(day: Any) -> str:
    """'23 November 2026'."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def target_text(target: Target) -> str:
    """'2 visits per quarter', '1 review per month'."""
    return str(target)


def period_label(card: Card, period: Period, *, as_of: Any) -> str:
    """'Q4 2026', or 'Q4 2026 so far' for the period the as-of day falls in, before its end."""
    return f"{period.label} so far" if period is card.current and period.end > as_of else period.label


def counts_text(scorecard: Scorecard) -> str:
    """'12 met, 5 on track, 3 behind, 1 with no records', over the rows of the current periods."""
    counts = scorecard.counts()
    parts = [f"{counts['met']} met", f"{counts['on-track']} on track", f"{counts['behind']} behind", f"{counts['no-records']} with no records"]
    return ", ".join(parts)


def cell_text(tally: Tally | None, *, current: bool) -> str:
    """'3 of 2, met'; in the current period also what is lined up: '1 of 2 (+1 lined up), on track'."""
    if tally is None:
        return NOTHING
    lined = f" (+{tally.planned} lined up)" if current and tally.planned else ""
    return f"{tally.done} of {tally.target}{lined}, {STATUS_LABELS[tally.status].lower()}"


def card_lines(card: Card) -> tuple[Line, ...]:
    """The rows of one commitment, as every format lists them: everyone, each role, each leader."""
    return (card.total, *card.roles, *card.leaders)


def _header(scorecard: Scorecard) -> str:
    who = "each leader by name, and totals for each role" if scorecard.names == "named" else "totals for each role (names are not shown)"
    return f"Leader scorecard as of {spoken_date(scorecard.as_of)}: {plural(len(scorecard.cards), 'commitment')}; {who}.\nThe current periods: {counts_text(scorecard)}.\n"


def scorecard_text(scorecard: Scorecard) -> str:
    """Each commitment as a small table: a row per leader or role, a column per period."""
    out = [_header(scorecard)]
    for card in scorecard.cards:
        roles = ", ".join(line.name.lower() for line in card.roles)
        out.append(f"\n{card.id} {card.policy.title}: {target_text(card.target)}, for {roles or 'no one yet'}\n")
        if card.starts:
            out.append(f"  Takes effect on {spoken_date(card.starts)}.\n")
        for change in card.changes:
            out.append(f"  The target changed on {spoken_date(change.day)} (version {change.version}): {change.before} before, {change.after} since.\n")
        if not card.periods:
            lined = sum(line.later for line in card.roles)
            out.append(f"  Nothing is due yet; {lined} lined up.\n")
            continue
        head = ["", *(period_label(card, p, as_of=scorecard.as_of) for p in card.periods), "lined up later"]
        rows = [head]
        for line in card_lines(card):
            cells = [cell_text(t, current=i == len(card.periods) - 1) for i, t in enumerate(line.tallies)]
            rows.append([line.name + (f" ({line.note})" if line.note and line.kind == "leader" else ""), *cells, str(line.later) if line.later else ""])
        widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
        for row in rows:
            out.append("  " + "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip() + "\n")
    return "".join(out)


def _tally_record(tally: Tally | None) -> dict[str, Any] | None:
    if tally is None:
        return None
    return {"period": tally.period.label, "target": tally.target, "done": tally.done, "lined_up": tally.planned, "due_by_now": tally.due_by_now, "status": tally.status}


def _target_record(target: Target) -> dict[str, Any]:
    return {"activity": target.activity, "count": target.count, "unit": target.unit, "per": target.per}


def scorecard_record(scorecard: Scorecard) -> dict[str, Any]:
    """The scorecard as plain JSON values, with stable keys, for other tools."""
    return {
        "as_of": scorecard.as_of.isoformat(),
        "names": scorecard.names,
        "counts": scorecard.counts(),
        "commitments": [
            {
                "id": card.id,
                "title": card.policy.title,
                "target": _target_record(card.target),
                "starts": card.starts.isoformat() if card.starts else None,
                "changes": [{"date": c.day.isoformat(), "version": c.version, "before": _target_record(c.before), "after": _target_record(c.after)} for c in card.changes],
                "periods": [{"label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in card.periods],
                "lines": [
                    {"kind": line.kind, "id": line.id, "name": line.name, "note": line.note, "lined_up_later": line.later, "periods": [_tally_record(t) for t in line.tallies]}
                    for line in card_lines(card)
                ],
            }
            for card in scorecard.cards
        ],
    }


def scorecard_json(scorecard: Scorecard) -> str:
    return json.dumps(scorecard_record(scorecard), indent=2, ensure_ascii=False) + "\n"


def _cell(value: object) -> object:
    """A value for a spreadsheet cell: text that a spreadsheet would run as a formula
    ('=', '+', '-', '@' first) starts with an apostrophe instead, so names from a pull
    request cannot become formulas."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


CSV_COLUMNS = ("as_of", "commitment", "title", "period", "period_start", "period_end", "kind", "who", "name", "target", "done", "lined_up", "due_by_now", "status", "unit")


def scorecard_csv(scorecard: Scorecard) -> str:
    """One row per commitment, row of its scorecard and period: for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for card in scorecard.cards:
        for line in card_lines(card):
            for tally in line.tallies:
                if tally is None:
                    continue
                p = tally.period
                row = [scorecard.as_of.isoformat(), card.id, card.policy.title, p.label, p.start.isoformat(), p.end.isoformat(), line.kind, line.id, line.name,
                       tally.target, tally.done, tally.planned, tally.due_by_now, tally.status, card.target.unit]
                writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


SCORECARD_REPORTERS: dict[str, Callable[[Scorecard], str]] = {"text": scorecard_text, "json": scorecard_json, "csv": scorecard_csv}
