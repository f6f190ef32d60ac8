"""Writing a rendered handbook to disk: all of it, or nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from policybook.output import swap_in, write_docs
from policybook.render import Site


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_output_is_the_hand_written_pages_plus_the_generated_ones_and_nothing_older(tmp_path: Path) -> None:
    docs = tmp_path / "handbook"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "how.md").write_text("# How\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.md").write_text("from an earlier render", encoding="utf-8")
    site = Site(pages={"policies/GR-001.md": "# Golden rule\n"}, files={"policies.json": b"[]"})
    count = write_docs(site, docs_dir=docs, out_dir=out)
    assert _tree(out) == {"guide/how.md": b"# How\n", "policies.json": b"[]", "policies/GR-001.md": b"# Golden rule\n"}
    assert count == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handbook", "out"]  # no staging folders left behind


def test_a_swap_that_fails_puts_the_previous_folder_back(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("the published site", encoding="utf-8")
    with pytest.raises(OSError):
        swap_in(tmp_path / "never-built", target)
    assert _tree(target) == {"index.html": b"the published site"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
