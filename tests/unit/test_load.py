"""The loader turns YAML into plain data, keeps every position, and refuses what is unsafe."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import policybook.load
from conftest import VALID
from policybook.load import MAX_ALIAS_VALUES, MAX_BYTES, MAX_DEPTH, parse_document, read_document
from policybook.problems import LoadError


def parse(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_document(raw, path=Path("x.yaml"), display="x.yaml")


def test_every_value_keeps_its_line_and_column() -> None:
    doc = read_document(VALID / "SE-001-greeting.yaml", "SE-001-greeting.yaml")
    assert doc.where(("statements", 1, "level")) == (18, 12)
    assert doc.where(("title",)) == (4, 8)
    assert doc.where(("title",), key=True) == (4, 1)
    assert doc.where(("response_standards", 0, "target", "value")) == (35, 21)


def test_a_value_copied_by_an_alias_is_located_at_the_alias() -> None:
    doc = parse("a: &x {b: 1}\nc: *x\n")
    assert doc.data == {"a": {"b": 1}, "c": {"b": 1}}
    assert doc.where(("c", "b")) == (2, 4)


def test_bom_and_crlf_line_ends_are_accepted() -> None:
    doc = parse(b"\xef\xbb\xbf# yaml-language-server: $schema=../schemas/golden-rule.schema.json\r\nid: GR-001\r\ntitle: x\r\n")
    assert doc.data == {"id": "GR-001", "title": "x"}
    assert doc.where(("title",)) == (3, 8)
    assert doc.schema_hint == "../schemas/golden-rule.schema.json"


@pytest.mark.parametrize(
    ("source", "value"),
    [("2026-03-01", "2026-03-01"), ("2026-02-30", "2026-02-30"), ("'2026-03-01'", "2026-03-01"), ("2026-03-01 10:00:00", "2026-03-01 10:00:00")],
)
def test_dates_stay_text_in_the_form_written(source: str, value: str) -> None:
    assert parse(f"d: {source}\n").data == {"d": value}


@pytest.mark.parametrize(
    ("source", "value"),
    [("no", False), ("On", True), ("1.0", 1.0), ("~", None), ("", None), ("12", 12)],
)
def test_plain_scalars_that_are_not_text_remember_how_they_were_written(source: str, value: object) -> None:
    doc = parse(f"v: {source}\n")
    assert doc.data == {"v": value}
    assert doc.plain[("v",)] == source


def test_quoted_text_is_always_text() -> None:
    doc = parse("a: 'no'\nb: \"1.0\"\nc: !!str 12\n")
    assert doc.data == {"a": "no", "b": "1.0", "c": "12"}
    assert doc.plain == {}


def test_keys_that_yaml_would_read_as_booleans_keep_their_text() -> None:
    assert parse("on: 1\nno: 2\n").data == {"on": 1, "no": 2}


def test_a_few_aliases_are_fine_but_an_expanding_alias_bomb_is_stopped() -> None:
    small = "a: &a [1, 2, 3]\nb: *a\nc: *a\n"
    assert parse(small).data["c"] == [1, 2, 3]
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    with pytest.raises(LoadError) as caught:
        parse("\n".join(levels) + "\n")
    assert caught.value.problem.code == "alias-limit"
    assert str(MAX_ALIAS_VALUES) in caught.value.problem.message.replace(",", "")


DEEP_FILES = {
    "flow lists": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "flow mappings": "a: " + "{b: " * 3_000 + "c" + "}" * 3_000 + "\n",
    "block lists": "a:\n" + "- " * 1_200 + "x\n",
    "block mappings": "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v\n",
}


@pytest.mark.parametrize("parser", ["C", "pure Python"])
@pytest.mark.parametrize("name", sorted(DEEP_FILES))
def test_nesting_is_limited_without_exhausting_the_stack(name: str, parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whichever parser reads it, and whatever limit of its own its libyaml has (libyaml
    0.2.6 stops at 1,000 levels), a deep file gets policybook's message at the 65th level."""
    if parser == "pure Python":
        monkeypatch.setattr(policybook.load, "_PARSER_LOADER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    with pytest.raises(LoadError) as caught:
        parse(DEEP_FILES[name])
    problem = caught.value.problem
    assert (problem.code, problem.message) == ("too-deep", f"lists and fields are nested more than {MAX_DEPTH} levels deep here; a policy needs only a few levels")
    if name == "flow lists":
        assert (problem.line, problem.column) == (1, 4 + MAX_DEPTH - 1)
    if name == "block mappings":
        assert (problem.line, problem.column) == (MAX_DEPTH + 1, MAX_DEPTH + 1)
    if name == "block lists":
        assert (problem.line, problem.column) == (2, 2 * MAX_DEPTH - 1)


def test_nesting_up_to_the_limit_is_fine() -> None:
    assert parse("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n").data


def test_size_limit_is_checked_before_the_file_is_read_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES * 4) + b"\n")
    with pytest.raises(LoadError) as caught:
        read_document(big, "big.yaml")
    assert caught.value.problem.code == "too-large"
    assert f"{big.stat().st_size:,}" in caught.value.problem.message


def test_no_tag_can_build_an_object() -> None:
    doc = parse("a: !!python/object/apply:os.system ['echo hacked']\nb: !!python/name:os.system ''\n")
    assert [p.code for p in doc.problems] == ["tag", "tag"]
    assert doc.data == {"a": ["echo hacked"], "b": ""}
