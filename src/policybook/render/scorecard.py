"""The leader scorecard on the site: its own page, a "How we are doing" section on each
leader-commitment page, and their charts.

Charts are static SVG files made here with pygal, with its tooltip script and comments taken
out (an image needs no script, and its comments would carry the clock's date), so they show
with no JavaScript and load nothing from anywhere. Each chart is shown as an image with a
text alternative, followed by its numbers as a table, so screen readers and printed copies
lose nothing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

import pygal
from pygal.style import Style

from ..scorecard import STATUS_LABELS, Card, Line, Scorecard, Status, Tally
from ..scorecard_report import NOTHING, counts_text, period_label, spoken_date
from .paging import NOT_SEARCHED, PAGE_SIZE, numbered, pager, split
from .paths import policy_page
from .text import link, page, plain, plain_cell, relative, table, title_meta

SCORECARD = "scorecard/index.md"
#: How wide the charts are drawn (they shrink to fit a narrower screen).
CHART_WIDTH = 760
SUMMARY_CHART = "scorecard/summary.svg"
#: Distinct in lightness as well as hue, so they stay apart printed in grey: target, done, lined up.
CHART_COLOURS = ("#9e9e9e", "#00695c", "#b45f06")
#: Light fills, so the numbers printed on the bars stay readable; each bar is named on its axis.
STATUS_COLOURS: dict[Status, str] = {"met": "#a5d6a7", "on-track": "#90caf9", "behind": "#ef9a9a", "no-records": "#e0e0e0"}
_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'


def chart_path(policy_id: str) -> str:
    return f"scorecard/{policy_id}.svg"


def status_badge(status: Status) -> str:
    return f'<span class="pb-score pb-score--{status}">{STATUS_LABELS[status]}</span>'


# --- charts -------------------------------------------------------------------------------


def _style() -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#212121",
        foreground_strong="#000000",
        foreground_subtle="#424242",
        font_family=_FONT,
        colors=CHART_COLOURS,
        opacity="1",
        opacity_hover="1",
        label_font_size=16,
        major_label_font_size=16,
        value_font_size=16,
        legend_font_size=17,
        title_font_size=18,
        guide_stroke_color="#bdbdbd",
        major_guide_stroke_color="#9e9e9e",
    )


def _static(root: Any) -> Any:
    """pygal's SVG without what an image does not need: scripts (its tooltips) and comments
    (its name and the day it ran, which would make two builds differ)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.rpartition("}")[2] == "script":
                parent.remove(child)
    return root


def _svg(chart: Any, name: str) -> bytes:
    chart.uuid = name  # the id pygal prefixes its styles with; random unless set
    chart.add_xml_filter(_static)
    svg: str = chart.render(is_unicode=True)
    return svg.encode("utf-8")


#: What every chart shares: no script, drawn at its size, its numbers printed on the bars.
_CHART = {
    "js": [],
    "disable_xml_declaration": True,
    "width": CHART_WIDTH,
    "explicit_size": True,
    "print_values": True,
    "print_zeroes": True,
    "truncate_label": -1,
    "min_scale": 1,
    "margin": 16,
}


def trend_chart(card: Card, *, as_of: date) -> bytes:
    """Bars for each period shown: the target, what was done, and (in the current period)
    what is lined up, for everyone the commitment binds."""
    chart = pygal.Bar(
        **_CHART,
        style=_style(),
        height=380,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        print_values_position="top",
        show_y_guides=True,
        truncate_legend=-1,
        max_scale=8,
        title=f"{card.id} {card.policy.title}: {card.target.unit} per {card.target.per}",
        x_title=None,
    )
    chart.x_labels = [p.short for p in card.periods]
    tallies = card.total.tallies
    chart.add("Target", [t.target if t else None for t in tallies])
    chart.add("Done", [t.done if t else None for t in tallies])
    chart.add("Lined up", [None] * (len(tallies) - 1) + [tallies[-1].planned if tallies and tallies[-1] else None])
    return _svg(chart, f"scorecard-{card.id.lower()}")


def summary_chart(scorecard: Scorecard) -> bytes:
    """One bar per status: how many rows of the current periods stand there."""
    counts = scorecard.counts()
    chart = pygal.HorizontalBar(
        **_CHART,
        style=_style(),
        height=280,
        show_legend=False,
        title=f"Where the current periods stand ({'leaders' if scorecard.names == 'named' else 'roles'})",
    )
    labels = list(STATUS_LABELS.values())
    chart.x_labels = labels
    chart.add("Rows", [{"value": counts[s], "color": STATUS_COLOURS[s]} for s in STATUS_LABELS])
    return _svg(chart, "scorecard-summary")


def _image(source: str, chart: str, alt: str) -> str:
    """A chart as a Markdown image (so every site builder resolves its address), with its alt text."""
    return f'![{plain(alt)}]({relative(source, chart)}){{ .pb-chart width="{CHART_WIDTH}" }}'


def _numbers_table(card: Card, *, as_of: date) -> str:
    """The chart's numbers, as an HTML table with a caption."""
    rows = []
    for tally, period in zip(card.total.tallies, card.periods, strict=True):
        label = html.escape(period_label(card, period, as_of=as_of))
        if tally is None:
            rows.append(f'<tr><th scope="row">{label}</th><td>{NOTHING}</td><td>{NOTHING}</td><td>{NOTHING}</td><td>Nothing was due</td></tr>')
            continue
        planned = str(tally.planned) if period is card.current else NOTHING
        rows.append(f'<tr><th scope="row">{label}</th><td>{tally.target}</td><td>{tally.done}</td><td>{planned}</td><td>{STATUS_LABELS[tally.status]}</td></tr>')
    caption = html.escape(f"The chart's numbers: {card.target.unit} for everyone {card.id} binds, per {card.target.per}")
    head = '<tr><th scope="col">Period</th><th scope="col">Target</th><th scope="col">Done</th><th scope="col">Lined up</th><th scope="col">Status</th></tr>'
    return f'<table>\n<caption>{caption}</caption>\n<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


def _alt(card: Card, *, as_of: date) -> str:
    first, last = card.periods[0], card.periods[-1]
    span = period_label(card, first, as_of=as_of) + (f" to {period_label(card, last, as_of=as_of)}" if first is not last else "")
    return f"Bar chart of {card.target.activity}, {span}: the target, what was done, and what is lined up for the rest of {last.label}. The numbers are in the table below."


# --- the section on a commitment's page ---------------------------------------------------


def how_we_are_doing(scorecard: Scorecard | None, policy_id: str) -> str:
    """The "How we are doing" section of a leader-commitment page ('' when it is not measured)."""
    card = scorecard.card(policy_id) if scorecard else None
    if scorecard is None or card is None:
        return ""
    path = policy_page(policy_id)
    parts = ["## How we are doing", _standing(card, as_of=scorecard.as_of), *_notes(card)]
    if card.periods:
        parts += [_image(path, chart_path(card.id), _alt(card, as_of=scorecard.as_of)), _styled("numbers", _numbers_table(card, as_of=scorecard.as_of))]
        parts.append(_grid(card, scorecard, path))
    parts.append(f"How this is worked out, and every commitment at a glance: {link('the leader scorecard', path, SCORECARD)}.")
    return "\n\n".join(parts)


def _standing(card: Card, *, as_of: date) -> str:
    if card.starts:
        later = card.total.later
        return f"This commitment takes effect on {spoken_date(card.starts)}. Lined up so far: {later} {card.target.unit}."
    current = card.total.current
    period = card.current
    assert period is not None
    label = period_label(card, period, as_of=as_of)
    if current is None:
        return f"As of {spoken_date(as_of)}, nothing is due yet in {label}."
    lined = f", and {current.planned} more lined up for the rest of it" if current.planned else ""
    return f"As of {spoken_date(as_of)}, in {label}: **{current.done} of {current.target} {card.target.unit}** done by everyone it binds{lined}. {status_badge(current.status)}"


def _notes(card: Card) -> list[str]:
    notes = [f"The target changed on {spoken_date(c.day)} (version {c.version}): {c.before} before, {c.after} since; each period counts each day under the target of its day." for c in card.changes]
    notes += [f"{plain(line.name)}: {line.note}." for line in card.roles if line.note]
    return notes


def _grid(card: Card, scorecard: Scorecard, path: str) -> str:
    """Leaders (or roles): the current period in full, the ones before it in a few words each,
    so the table stays narrow enough to read without scrolling, on a phone too."""
    lines: Sequence[Line] = card.leaders if scorecard.names == "named" else card.roles
    heading = "### Leader by leader" if scorecard.names == "named" else "### Role by role"
    if not lines:
        return f"{heading}\n\nNo one in the roster is bound by it yet."
    current = card.periods[-1]
    head = ["Who", period_label(card, current, as_of=scorecard.as_of), "Lined up later", "Before"]
    rows = []
    for line in (*lines, card.total):
        name = plain_cell(line.name) + (f" <small>({line.note})</small>" if line.note and line.kind == "leader" else "")
        earlier = [f"{p.label}: {t.done} of {t.target}, {STATUS_LABELS[t.status].lower()}" for p, t in zip(card.periods[:-1], line.tallies[:-1], strict=True) if t is not None]
        rows.append([
            f"**{name}**" if line.kind == "all" else name,
            _cell(line.current, current=True),
            str(line.later) if line.later else NOTHING,
            "; ".join(reversed(earlier)) or NOTHING,
        ])
    return f"{heading}\n\n" + _styled("grid", table(head, rows))


def _styled(kind: str, block: str) -> str:
    """`block` in a styled box, so that on a phone its table lays out as one card per row."""
    return f'<div class="pb-scorecard pb-scorecard--{kind}" markdown>\n\n{block}\n\n</div>'


def _cell(tally: Tally | None, *, current: bool) -> str:
    if tally is None:
        return NOTHING
    lined = f" (+{tally.planned} lined up)" if current and tally.planned else ""
    return f"{tally.done} of {tally.target}{lined} {status_badge(tally.status)}"


# --- the scorecard page -------------------------------------------------------------------


def render_scorecard_pages(scorecard: Scorecard, *, size: int = PAGE_SIZE) -> dict[str, str]:
    """The "Leader scorecard" page (over several pages when there are many commitments)."""
    chunks = split(SCORECARD, list(scorecard.cards), size)
    paths = [path for path, _ in chunks]
    return {path: _scorecard_page(scorecard, chunk, path, paths) for path, chunk in chunks}


def scorecard_files(scorecard: Scorecard) -> dict[str, bytes]:
    """The charts: one per commitment with periods to show, and the summary."""
    files = {chart_path(card.id): trend_chart(card, as_of=scorecard.as_of) for card in scorecard.cards if card.periods}
    files[SUMMARY_CHART] = summary_chart(scorecard)
    return files


_HOW = (
    "**How it is worked out.** Each commitment's target is for every leader it binds, per week, month, quarter or year. "
    "A leader who joined or left during a period owes only the share of it they were in the role, and when a new version of "
    "a commitment changes its target during a period, each day counts under the target of that day; the period's target is "
    "that share rounded to whole units. Activities come from the records kept in the handbook's `records/` folder; a record "
    "dated after today is a plan, *lined up*. Records that name a role rather than a person count towards that role and the total."
)
_STATUSES = (
    f"{status_badge('met')} the target for the period is reached. "
    f"{status_badge('on-track')} the period is not over and at least the share of the target due by today is done "
    "(for 2 visits a quarter: 1 by the middle of the quarter). "
    f"{status_badge('behind')} less than that is done, or the period ended short of its target. "
    f"{status_badge('no-records')} nothing is recorded for the period, done or lined up."
)


def _scorecard_page(scorecard: Scorecard, cards: Sequence[Card], path: str, paths: list[str]) -> str:
    title = numbered("Leader scorecard", paths, path)
    who = "each leader by name, and totals for each role" if scorecard.names == "named" else "totals for each role (this handbook does not show leaders' names)"
    intro = (
        f"How the leaders of the organisation stand against their own commitments, as of **{spoken_date(scorecard.as_of)}**, "
        f"the day this handbook was built: for each commitment, the current period and the ones before it, with {who}."
    )
    sections = [f"# {title}", intro]
    if not scorecard.cards:
        sections.append("No leader commitment is in force yet, so there is nothing to measure.")
    else:
        counts = scorecard.counts()
        rows_of = "leaders' rows" if scorecard.names == "named" else "roles' rows"
        sections.append(f"In the current periods, of the {rows_of}: {counts_text(scorecard)}.")
        if path == paths[0]:
            alt = f"Bar chart of how the {rows_of} of the current periods stand: " + ", ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUS_LABELS) + "."
            sections.append(_image(path, SUMMARY_CHART, alt))
        sections.append(pager(paths, path))
        sections.append("## Every commitment at a glance\n\n" + _styled("glance-" + scorecard.names, _glance(cards, scorecard, path)))
        sections.append(pager(paths, path))
    sections += ["## How to read it", _HOW, _STATUSES, _keeping_records()]
    return page({"title": title_meta(title), "search": NOT_SEARCHED}, sections)  # a listing: its words repeat the commitments' pages


def _glance(cards: Sequence[Card], scorecard: Scorecard, path: str) -> str:
    named = scorecard.names == "named"
    head = ["Commitment", "Target", "Period", "Done of target (everyone)", "Lined up", "Status", "Leaders" if named else "Roles"]
    rows = []
    for card in cards:
        name = link(f"{card.id} · {plain(card.policy.title)}", path, policy_page(card.id))
        current = card.total.current
        if card.starts:
            rows.append([name, plain_cell(str(card.target)), f"from {spoken_date(card.starts)}", NOTHING, str(card.total.later), NOTHING, NOTHING])
            continue
        label = period_label(card, card.current, as_of=scorecard.as_of) if card.current else NOTHING
        done = f"{current.done} of {current.target}" if current else NOTHING
        planned = str(current.planned) if current else NOTHING
        status = status_badge(current.status) if current else NOTHING
        rows.append([name, plain_cell(str(card.target)), label, done, planned, status, _breakdown(card.leaders if named else card.roles)])
    return table(head, rows)


def _breakdown(lines: Sequence[Line]) -> str:
    """'3 met, 1 on track, 1 behind' over the rows' current periods."""
    found: dict[Status, int] = dict.fromkeys(STATUS_LABELS, 0)
    for line in lines:
        if line.current is not None:
            found[line.current.status] += 1
    parts = [f"{n} {STATUS_LABELS[s].lower()}" for s, n in found.items() if n]
    return ", ".join(parts) or NOTHING


def _keeping_records() -> str:
    return (
        "**Keeping records.** One row per activity in a CSV file (with a header row) or a YAML file in `records/`: "
        "`date` (YYYY-MM-DD), `commitment` (its id), `who` (a leader's id from `policybook.yml`, or a role), `count` (1 if left "
        "out), and if you like `unit`, `note` and `evidence` (a web link). They are checked with the policies: a mistake in "
        "a record stops the build with its file, line and column, as a mistake in a policy does."
    )

