"""Reporters: one function per output format, chosen by name from `REPORTERS`."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from .characters import shown
from .problems import Problem, plural

if TYPE_CHECKING:
    from .check import Outcome
    from .phrases import PhraseCheck
    from .reviews import Due


def summary(outcome: Outcome) -> str:
    records = f" and {plural(outcome.record_files, 'record file')} ({plural(outcome.records_read, 'record')})" if outcome.record_files else ""
    policies = plural(outcome.checked, "policy")
    line = f"{policies + records if outcome.checked or not records else records.removeprefix(' and ')} checked, {plural(outcome.errors, 'error')}, {plural(outcome.warnings, 'warning')}"
    good = ": all good" if not outcome.errors and not outcome.warnings else ""
    return line + good + (f" ({plural(outcome.notices, 'notice')})" if outcome.notices else "")


def text_report(outcome: Outcome) -> str:
    """`FILE:LINE:COL: severity: MESSAGE`, one per line, then the summary."""
    return "".join(f"{p}\n" for p in outcome.problems) + summary(outcome) + "\n"


def problem_record(problem: Problem) -> dict[str, object]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "code": problem.code,
        "json_path": problem.json_path,
        "message": problem.message,
    }


def json_report(outcome: Outcome) -> str:
    """A JSON list of problem objects with stable keys, for other tools."""
    return json.dumps([problem_record(p) for p in outcome.problems], indent=2, ensure_ascii=False) + "\n"


#: Characters that would make Markdown of text: emphasis, code, links and images, table cells.
_MARKDOWN = re.compile(r"([\\`*_\[\]~|])")
#: Where a code host would link text by itself: a mention or team (@name), an issue or pull
#: request (#12), a web address (https://…, www.…). An invisible space goes in between.
_LINKING = re.compile(r"(?<=[@#])(?=\w)|(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.I)


def inert(text: str) -> str:
    """Text that arrived by pull request, made inert for Markdown that code hosts render and
    post: no HTML, no formatting, links or images of its own, and no mention that notifies
    people or reference that links an issue (the bot's comment must not ping @everyone).
    It reads the same; only its markup is gone."""
    escaped = _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))
    return _LINKING.sub("&#8203;", escaped)


def table_cell(text: str) -> str:
    """Plain text for a Markdown table cell ('|' cannot end the cell early)."""
    return inert(text)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """One annotation on the problem's line; its message, which reviewers read on the pull
    request, shows any character that would disguise it as an escape (the file stays as it is,
    so the annotation lands on it)."""
    properties = f"file={escape_property(problem.file)},line={problem.line},col={problem.column},title={escape_property('policybook ' + problem.code)}"
    return f"::{problem.severity} {properties}::{escape_data(shown(problem.message))}"


def github_report(outcome: Outcome) -> str:
    """GitHub Actions workflow commands, so each problem shows on the line in the pull request."""
    return "".join(github_annotation(p) + "\n" for p in outcome.problems) + summary(outcome) + "\n"


REPORTERS: dict[str, Callable[[Outcome], str]] = {"text": text_report, "json": json_report, "github": github_report}


# --- reviews that are due (policybook due) ------------------------------------------


def _when(due: Due) -> str:
    if due.days < 0:
        return f"overdue by {plural(-due.days, 'day')}"
    return "due today" if due.days == 0 else f"due in {plural(due.days, 'day')}"


def due_text(due: Sequence[Due], *, today: date, within: int) -> str:
    """One line per review, then how many."""
    lines = [f"{d.source}: {d.id} {d.title}: review {_when(d)} ({d.review_by}); owner: {d.owner}" for d in due]
    overdue = sum(1 for d in due if d.overdue)
    return "".join(line + "\n" for line in lines) + f"{plural(overdue, 'review')} overdue, {plural(len(due) - overdue, 'review')} due within {plural(within, 'day')} of {today}\n"


def due_markdown(due: Sequence[Due], *, today: date, within: int) -> str:
    """A table for a job summary or an issue: each policy, its owner and when its review is due."""
    head = f"## Policy reviews due\n\nAs of {today}: reviews that are overdue or due within {plural(within, 'day')}.\n"
    if not due:
        return head + "\nNo review is due. 🎉\n"
    rows = [f"| {'⚠️ ' if d.overdue else ''}{_when(d)} | {d.review_by} | {d.id} · {table_cell(d.title)} | {table_cell(d.owner)} | `{d.source}` |" for d in due]
    table = ["| When | Review by | Policy | Owner | File |", "|---|---|---|---|---|", *rows]
    how = "To review a policy, its owner reads it, changes what needs changing, and sets a new `review_by` date in a pull request."
    return head + "\n" + "\n".join(table) + "\n\n" + how + "\n"


def due_json(due: Sequence[Due], *, today: date, within: int) -> str:
    records = [{"id": d.id, "title": d.title, "owner": d.owner, "review_by": d.review_by, "source": d.source, "days": d.days, "overdue": d.overdue} for d in due]
    return json.dumps({"today": today.isoformat(), "within_days": within, "reviews": records}, indent=2, ensure_ascii=False) + "\n"


def due_github(due: Sequence[Due], *, today: date, within: int) -> str:
    """A warning on the `review_by` line of each overdue policy, a notice for each coming one."""
    out = []
    for d in due:
        level = "warning" if d.overdue else "notice"
        out.append(f"::{level} file={escape_property(d.source)},title={escape_property(d.id + ' review')}::{escape_data(f'review {_when(d)} ({d.review_by}); owner: {d.owner}')}")
    return "".join(line + "\n" for line in out) + due_text(due, today=today, within=within).splitlines()[-1] + "\n"


DUE_REPORTERS: dict[str, Callable[..., str]] = {"text": due_text, "markdown": due_markdown, "json": due_json, "github": due_github}


# --- phrases to avoid in templates (policybook phrases check) -------------------------


def phrases_summary(run: PhraseCheck) -> str:
    hits = sum(1 for p in run.problems if p.code == "avoid-phrase")
    found = f"{plural(hits, 'phrase')} to avoid found" if hits else "no phrase to avoid found"
    line = f"{plural(run.files, 'file')} checked against {plural(run.phrases, 'phrase')} to avoid: {found}"
    broken = len(run.problems) - hits
    return line + (f", {plural(broken, 'file')} could not be checked" if broken else "")


def _phrase_notes(run: PhraseCheck) -> str:
    return "".join(f"note: {note}\n" for note in run.notes)


def phrases_text(run: PhraseCheck) -> str:
    """`FILE:LINE:COL: severity: MESSAGE` for each phrase found, then notes and the summary."""
    return "".join(f"{p}\n" for p in run.problems) + _phrase_notes(run) + phrases_summary(run) + "\n"


def phrases_json(run: PhraseCheck) -> str:
    return json.dumps([problem_record(p) for p in run.problems], indent=2, ensure_ascii=False) + "\n"


def phrases_github(run: PhraseCheck) -> str:
    return "".join(github_annotation(p) + "\n" for p in run.problems) + _phrase_notes(run) + phrases_summary(run) + "\n"


PHRASE_REPORTERS: dict[str, Callable[[PhraseCheck], str]] = {"text": phrases_text, "json": phrases_json, "github": phrases_github}
