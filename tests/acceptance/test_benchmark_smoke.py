"""The benchmark harness at a small size: its generated handbooks are valid and varied, and
`benchmarks/run.py` runs end to end and writes every section of the results.

The full benchmark (`make bench`) runs outside `make test`; this keeps it from rotting.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, TODAY, mkdocs_yml

sys.path.insert(0, str(ROOT / "benchmarks"))  # benchmarks/ is a folder of scripts, not a package

import generate
import measure
import report
import run
import serve

POLICYBOOK = Path(sys.executable).with_name("policybook")


def test_a_generated_project_passes_strict_validation_with_no_problem_at_all(tmp_path: Path) -> None:
    project = generate.make_project(tmp_path / "project", 20, seed=7)
    command = [str(POLICYBOOK), "validate", "--strict", "--format", "json"]
    env = {**os.environ, "POLICYBOOK_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
    assert {p.name for p in project.iterdir()} == {"mkdocs.yml", "policybook.yml", "schemas", "hooks", "handbook", "policies"}


def test_generation_is_deterministic_for_a_seed_and_names_files_after_ids() -> None:
    files = generate.generate(20, seed=3)
    assert files == generate.generate(20, seed=3)
    assert files != generate.generate(20, seed=4)
    for name, text in files.items():
        kind = re.search(r"^kind: (\S+)$", text, re.M).group(1)  # type: ignore[union-attr]
        assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
        pid = re.search(r"^id: (\S+)$", text, re.M).group(1)  # type: ignore[union-attr]
        assert re.fullmatch(rf"{pid}-[a-z0-9]+(-[a-z0-9]+)*\.yaml", name)
    ids = [slot.id for slot in generate.plan(10_000, random.Random(1))]
    assert "GR-001" in ids and "SE-001" in ids and "SE-1000" in ids and len(set(ids)) == 10_000
    assert all(re.fullmatch(r"(GR|SE|LC)-[0-9]{3,5}", pid) for pid in ids)


def test_generated_policies_are_varied_the_way_a_real_handbook_is() -> None:
    rng = random.Random(11)
    slots = generate.plan(1000, rng)
    ids = [slot.id for slot in slots]
    policies = [generate.policy_data(slot, ids, rng) for slot in slots]
    by_id = {p["id"]: p for p in policies}
    for data in policies:  # the YAML written reads back as exactly the data generated
        assert yaml.load(generate.policy_yaml(data), Loader=yaml.CSafeLoader) == data
    kinds = Counter(p["kind"] for p in policies)
    assert 1 <= kinds["golden-rule"] <= 5 and kinds["service-expectation"] > kinds["leader-commitment"] > 300
    assert sum(1 for p in policies if p["kind"] == "golden-rule" and p["status"] == "active") == 1
    assert {p["status"] for p in policies} == {"active", "draft", "proposed", "deprecated", "retired"}
    levels = Counter(s["level"] for p in policies for s in p["statements"])
    assert set(levels) == {"must", "should", "may"}
    assert all(3 <= len(p["statements"]) <= 9 and 1 <= len(p["changelog"]) <= 4 for p in policies)
    assert all(p["changelog"][0]["version"] == p["version"] for p in policies)
    assert all("2026-01-01" <= p["effective"] <= "2026-11-01" and p["review_by"].startswith("2027-") for p in policies)
    own = [(s["audience"], p["audience"]) for p in policies for s in p["statements"] if "audience" in s]
    assert own and all(p_aud == ["everyone"] or set(s_aud) <= set(p_aud) for s_aud, p_aud in own)
    replaced = [p for p in policies if "superseded_by" in p]
    assert replaced and all(p["id"] in by_id[p["superseded_by"]]["supersedes"] for p in replaced)
    assert any("no_replacement_reason" in p for p in policies)
    assert all(set(p.get("related", [])) <= set(by_id) - {p["id"]} for p in policies)
    assert sum("phrases" in p for p in policies) > 50 and sum("response_standards" in p for p in policies) > 50
    assert sum("references" in p for p in policies) > 300 and sum("tags" in p for p in policies) > 500


def test_the_plain_config_drops_the_hooks_and_points_at_the_rendered_pages() -> None:
    text = run.plain_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), "rendered")
    config = mkdocs_yml(text=text)
    assert "hooks" not in config and config["docs_dir"] == "rendered"
    original = mkdocs_yml()
    assert config["markdown_extensions"] == ["policybook.render.safe", *original["markdown_extensions"]]  # sanitises as the hook does
    changed = ("hooks", "docs_dir", "markdown_extensions")
    assert {k: v for k, v in original.items() if k not in changed} == {k: v for k, v in config.items() if k not in changed}


def test_the_harness_runs_end_to_end_and_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "10,20", "--repeat", "1", "--no-serve", "--out", str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert time.perf_counter() - start < 120
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\n" + report.INTRO + "\n")
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == list(report.SECTIONS)
    assert "### 10 policies" in text and "### 20 policies" in text
    ratio_section = text.split("## Ratios and targets", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ")[0].lstrip("| ") for line in ratio_section.splitlines() if line.startswith("| ")]
    for target in report.TARGETS:
        assert target in rows, target
    verdicts = re.findall(r"\| (met|\*\*not met\*\*|—) \|$", ratio_section, re.M)
    assert len(verdicts) == len(rows) - 1  # every row but the header has a verdict
    assert "| 20 / 10 (×2) |" in ratio_section
    assert "Skipped in this run (`--no-serve`)." in text


def test_serve_responsiveness_is_measured_from_save_to_updated_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYBOOK_TODAY", TODAY)
    project = generate.make_project(tmp_path / "project", 10, seed=1)
    result = serve.measure_serve(project, size=10, edits=1, timeout=120, env=measure.Cache(tmp_path / "cache", True, ()).env())
    assert len(result.edit_seconds) == 1 and 0 < result.edit_seconds[0] < 60
    assert result.stopped_cleanly
    assert "Serve check 1" in next(project.glob(f"policies/{result.policy}-*.yaml")).read_text(encoding="utf-8")


def test_the_version_pages_benchmark_builds_both_sides_and_writes_its_results(tmp_path: Path) -> None:
    out = tmp_path / "VERSIONS.md"
    command = [sys.executable, str(ROOT / "benchmarks" / "versions.py"), "--size", "10", "--versions", "3", "--repeat", "1", "--out", str(out)]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# What version pages cost\n")
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1] for line in text.splitlines() if line.startswith(("| plain", "| git"))}
    plain, history = (int(rows[name].replace(",", "")) for name in ("plain folder (no version pages)", "git history (version pages)"))
    assert history > plain  # a page for each version, besides each policy's own
    assert re.search(r"\*\*Ratio\*\* \(with version pages / without\): \*\*\d+\.\d\d\*\*", text)


def test_reading_every_version_takes_the_same_few_git_processes_at_any_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One `git log` and one `git cat-file` for the whole handbook, not a process per policy."""
    from policybook import history
    from policybook.check import run_check
    from policybook.project import read_project
    from policybook.site import render_project

    calls: list[str] = []
    real = history.subprocess.run

    def counted(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(command[3])
        return real(command, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", "off")
    counts = []
    for size in (10, 40):
        project = generate.make_project(tmp_path / f"p{size}", size, seed=2)
        git = ["git", "-C", str(project), "-c", "user.name=T", "-c", "user.email=t@example.org"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "one"], check=True)
        outcome = run_check(read_project(project))
        calls.clear()
        monkeypatch.setattr(history.subprocess, "run", counted)
        render_project(read_project(project), outcome, repo_url=None, edit_uri=None, docs_dir="handbook")
        monkeypatch.setattr(history.subprocess, "run", real)
        counts.append(sorted(calls))
    assert counts[0] == counts[1]
    assert counts[0].count("log") == 1 and counts[0].count("cat-file") == 1


def test_the_phrase_benchmark_runs_end_to_end_and_reports_its_ratio(tmp_path: Path) -> None:
    import phrases as phrase_bench

    out = tmp_path / "PHRASES.md"
    assert phrase_bench.main(["--files", "60", "--phrases", "40", "--repeat", "1", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "- 60 templates" in text and "40 phrases to avoid" in text
    ratios = re.findall(r"\*\*Check ÷ read, (by default|in one process)[^:]*: ([0-9.]+)\*\*", text)
    assert [kind for kind, _ in ratios] == ["by default", "in one process"]
    assert all(float(ratio) > 1 for _, ratio in ratios)  # checking reads the files too


def test_the_scorecard_benchmark_runs_end_to_end_and_reports_its_ratio(tmp_path: Path) -> None:
    import scorecard as scorecard_bench

    out = tmp_path / "SCORECARD.md"
    assert scorecard_bench.main(["--records", "600", "--commitments", "30", "--roles", "3", "--per-role", "4", "--repeat", "1", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "- 600 activity records in 1 CSV file (" in text and "for 30 leader commitments" in text
    ratio = float(re.search(r"\*\*Roll-up ÷ parse: ([0-9.]+)\*\*", text).group(1))  # type: ignore[union-attr]
    assert ratio > 0
    cells = int(re.search(r"for everyone: ([0-9,]+) periods", text).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert cells > 30  # every commitment rolled up, over several periods
