"""Reporters: one function per output format, chosen by name from `REPORTERS`."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from .problems import Problem, plural

if TYPE_CHECKING:
    from .check import Outcome
    from .diff import Review
    from .phrases import PhraseCheck
    from .reviews import Due


def summary(outcome: Outcome) -> str:
    line = f"{plural(outcome.checked, 'policy')} checked, {plural(outcome.errors, 'error')}, {plural(outcome.warnings, 'warning')}"
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


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    properties = f"file={_escape_property(problem.file)},line={problem.line},col={problem.column},title={_escape_property('policybook ' + problem.code)}"
    return f"::{problem.severity} {properties}::{_escape_data(problem.message)}"


def github_report(outcome: Outcome) -> str:
    """GitHub Actions workflow commands, so each problem shows on the line in the pull request."""
    return "".join(github_annotation(p) + "\n" for p in outcome.problems) + summary(outcome) + "\n"


REPORTERS: dict[str, Callable[[Outcome], str]] = {"text": text_report, "json": json_report, "github": github_report}


# --- the review of a change (policybook diff) ----------------------------------------

_MARK = {True: "✅", False: "❌"}


def review_markdown(review: Review) -> str:
    """The pull-request summary: what changes for employees, and whether the versions say so."""
    if not review.policies:
        return "## Policy changes\n\nNo policy changed.\n" + _notes(review)
    counts = f"{review.count('changed')} changed · {review.count('added')} added · {review.count('removed')} removed"
    failing = sum(1 for p in review.policies if not p.ok)
    verdict = "✅ every version raise and changelog entry is right" if review.ok else f"❌ {plural(failing, 'policy')} need{'s' if failing == 1 else ''} attention before merging"
    lines = ["## Policy changes", "", f"{counts} — {verdict}", "", "| Policy | Version | Change needs | Declared | Changelog | |", "|---|---|---|---|---|---|"]
    for p in review.policies:
        version = f"{p.before or 'new'} → {p.after or 'removed'}"
        needs = p.required if p.kind == "changed" else p.kind
        declared = p.declared if p.kind == "changed" else ""
        entry = (p.changelog.split(" ", 1)[0] if p.changelog else "missing") if p.kind == "changed" and p.before != p.after else "—"
        lines.append(f"| {p.id} · {_title(p.title)} | {version} | {needs} | {declared} | {entry} | {_MARK[p.ok]} |")
    for p in review.policies:
        lines += ["", f"### {_MARK[p.ok]} {p.id} · {_title(p.title)}", "", f"`{p.source}` · {p.before or 'new'} → {p.after or 'removed'}"]
        lines += [""] + [f"**To fix:** {problem}." for problem in p.problems] if p.problems else []
        lines += ["", "What changes for employees:", ""] + [f"- *{c.bump}* — {c.text}" for c in p.changes]
        if p.changelog:
            lines += ["", f"Changelog: {p.changelog}"]
    return "\n".join(lines) + "\n" + _notes(review)


def _title(title: str) -> str:
    return html.escape(title).replace("|", "\\|")


def _notes(review: Review) -> str:
    return "".join(f"\n> {note}\n" for note in review.notes)


def review_json(review: Review) -> str:
    records = [
        {
            "id": p.id,
            "title": p.title,
            "change": p.kind,
            "source": p.source,
            "before": p.before,
            "after": p.after,
            "required": p.required,
            "declared": p.declared,
            "changelog": p.changelog,
            "ok": p.ok,
            "problems": list(p.problems),
            "changes": [{"bump": c.bump, "statement": c.statement, "text": c.text} for c in p.changes],
        }
        for p in review.policies
    ]
    return json.dumps({"ok": review.ok, "policies": records, "notes": list(review.notes)}, indent=2, ensure_ascii=False) + "\n"


def review_annotations(review: Review, line_of: Callable[[str], int]) -> str:
    """One workflow annotation per policy, on its `version:` line: an error or a notice."""
    out = []
    for p in review.policies:
        where = f"file={_escape_property(p.source)},line={line_of(p.source)}"
        if p.problems:
            for problem in p.problems:
                out.append(f"::error {where},title={_escape_property(p.id + ' version')}::{_escape_data(problem)}")
        else:
            summary = f"{p.id}: {p.kind}, {p.before or 'new'} → {p.after or 'removed'}" + (f" (needs {p.required}, declared {p.declared})" if p.kind == "changed" else "")
            out.append(f"::notice {where},title={_escape_property(p.id + ' review')}::{_escape_data(summary)}")
    return "".join(line + "\n" for line in out)


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
    rows = [f"| {'⚠️ ' if d.overdue else ''}{_when(d)} | {d.review_by} | {d.id} · {_title(d.title)} | {_title(d.owner)} | `{d.source}` |" for d in due]
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
        out.append(f"::{level} file={_escape_property(d.source)},title={_escape_property(d.id + ' review')}::{_escape_data(f'review {_when(d)} ({d.review_by}); owner: {d.owner}')}")
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
