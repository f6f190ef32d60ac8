"""Reading activity records: positions that editors jump to, the loader's limits, and the
encodings and line ends spreadsheets really write."""

from __future__ import annotations

from datetime import date

import pytest

from policybook.load import MAX_BYTES
from policybook.records import parse_records

HEADER = "date,commitment,who,count,unit,note,evidence\n"


def _csv(text: str) -> tuple[list[object], list[str]]:
    records, problems = parse_records(text.encode("utf-8"), display="records/r.csv", kind="csv")
    return list(records), [str(p) for p in problems]


def test_every_field_of_a_row_is_located_by_line_and_column() -> None:
    records, problems = _csv(HEADER + '2026-10-01,LC-001,dana,2,visits,"Home visit, with IT",https://intranet.example/v/1\n')
    assert problems == []
    (record,) = records
    assert record.day == date(2026, 10, 1) and record.count == 2 and record.note == "Home visit, with IT"  # type: ignore[attr-defined]
    assert record.at == ((2, 1), (2, 12), (2, 19), (2, 24), (2, 26))  # type: ignore[attr-defined]


def test_a_quoted_value_over_several_lines_moves_the_columns_after_it_to_the_right_line() -> None:
    text = "note,date,commitment,who\n" + '"Visit notes:\nwent well, ""great""",2026-10-01,LC-001,dana\n' + "x,2026-10-0x,LC-001,dana\n"
    records, problems = _csv(text)
    assert problems == ["records/r.csv:4:3: error: the date is '2026-10-0x', which is not in the form YYYY-MM-DD; write it like 2026-10-14 (year, month, day)"]
    (record,) = records
    assert record.note == 'Visit notes: went well, "great"'  # type: ignore[attr-defined]
    assert record.at[:3] == ((3, 23), (3, 34), (3, 41))  # type: ignore[attr-defined]


def test_a_byte_order_mark_crlf_line_ends_and_capitalised_headers_are_fine() -> None:
    raw = "\ufeffDate,Commitment,Who\r\n2026-10-01,LC-001,dana\r\n2026-10-02,LC-001,dana\r\n".encode()
    records, problems = parse_records(raw, display="records/r.csv", kind="csv")
    assert problems == [] and [r.day.day for r in records] == [1, 2]
    assert [r.line for r in records] == [2, 3]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("date,who\n".encode("utf-16"), "records/r.csv:1:1: error: the file is saved as UTF-16; save it with UTF-8 encoding"),
        (b"date,commitment,who\n2026-10-01,LC-001,\xe9\n", "records/r.csv:2:19: error: the file is not UTF-8 text (byte 0xE9 cannot be read); save it with UTF-8 encoding"),
        (b"date,commitment,who\n2026-10-01,LC\x07-001,dana\n", "records/r.csv:2:14: error: the file contains a control character (U+0007); delete it"),
        (b"date,commitment,who\n" + b"2026-10-01,LC-001,dana\n" * (MAX_BYTES // 20), f"records/r.csv:1:1: error: the file is over the {MAX_BYTES:,}-byte limit for one records file; split it into smaller files, one a month or a quarter"),
    ],
)
def test_a_file_that_cannot_be_read_gives_one_located_problem_and_no_records(raw: bytes, message: str) -> None:
    records, problems = parse_records(raw, display="records/r.csv", kind="csv")
    assert records == [] and [str(p) for p in problems] == [message]


def test_yaml_records_keep_dates_as_written_and_refuse_what_yaml_would_turn_into_something_else() -> None:
    raw = b"records:\n  - {date: 2026-10-01, commitment: LC-001, who: dana, count: 2, note: no}\n  - {date: 2026-10-02, commitment: LC-001, who: dana, note: !!python/object x}\n"
    records, problems = parse_records(raw, display="records/r.yaml", kind="yaml")
    assert [str(p) for p in problems] == ["records/r.yaml:3:61: error: remove the tag '!!python/object'; records use plain YAML only"]
    assert records == []
    records, problems = parse_records(raw.split(b"\n  - {date: 2026-10-02")[0] + b"\n", display="records/r.yaml", kind="yaml")
    assert [str(p) for p in problems] == [
        "records/r.yaml:2:71: error: 'note' must be text, not a yes/no value (YAML reads yes, no, true, false, on and off so: put the text in quotes)"
    ]
    records, problems = parse_records(raw.replace(b"note: no}", b"note: 'no'}").split(b"\n  - {date: 2026-10-02")[0] + b"\n", display="records/r.yaml", kind="yaml")
    assert problems == [] and records[0].day == date(2026, 10, 1) and records[0].count == 2 and records[0].note == "no"


def test_a_character_that_disguises_text_is_named_where_it_is() -> None:
    raw = "date,commitment,who\n2026-10-01,LC-001,dana\u200b-whitfield\n".encode()
    records, problems = parse_records(raw, display="records/r.csv", kind="csv")
    assert records == []
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 23, "disguising-character")]
    assert "zero width space" in problems[0].message.lower()


def test_a_value_too_long_for_any_record_says_so() -> None:
    records, problems = _csv("date,commitment,who,note\n2026-10-01,LC-001,dana," + "x" * 140_000 + "\n")
    assert records == [] and len(problems) == 1
    assert problems[0].startswith("records/r.csv:2:1: error: a value here is over 131,072 characters long")
