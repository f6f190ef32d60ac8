"""`policybook init`: a new handbook for any organisation, in one command, that builds,
validates, reviews and renders; and never a folder that already holds something."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, build_site, mkdocs_yml
from policybook.starter import nav

FIXTURES = ROOT / "tests" / "fixtures" / "init"
PACKAGE_DATA = ROOT / "src" / "policybook" / "data"
ENV = {**os.environ, "POLICYBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
#: What the example brings from this handbook (as `make example` copies it).
EXAMPLE_FILES = re.search(r"^EXAMPLE_FILES := (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1).split()  # type: ignore[union-attr]


def _policybook(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("policybook")), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env or ENV, check=False)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], check=True, capture_output=True)


def _pages_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


@pytest.fixture
def hospital(tmp_path: Path) -> Path:
    result = _policybook("init", "hospital", "--config", str(FIXTURES / "hospital.yml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "files written to hospital. Next, in hospital: make site" in result.stdout
    return tmp_path / "hospital"


def test_a_new_handbook_has_everything_a_repository_needs(hospital: Path) -> None:
    names = set(_files(hospital))
    assert {
        "mkdocs.yml", "policybook.yml", "pyproject.toml", "Makefile", "README.md", ".gitignore", ".pre-commit-config.yaml",
        ".github/workflows/check.yml", ".github/workflows/publish.yml", "requirements/uv.txt",
        "handbook/index.md", "handbook/proposing-a-change.md", "handbook/tags.md",
        "schemas/common.schema.json", "schemas/policybook.schema.json",
    } <= names
    assert sorted(n.split("-")[0] for n in names if n.startswith("policies/")) == ["policies/GR", "policies/LC", "policies/SE"]
    readme = (hospital / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "make serve" in readme and "## Upgrading policybook" in readme
    assert (hospital / "policybook.yml").read_bytes() == (FIXTURES / "hospital.yml").read_bytes()


def test_a_new_handbook_with_its_own_roles_validates_and_builds_with_no_trace_of_the_example(hospital: Path, tmp_path: Path) -> None:
    assert _policybook("validate", "--strict", cwd=hospital).returncode == 0
    assert _policybook("schemas", "--check", cwd=hospital).returncode == 0  # the schemas are made from its own policybook.yml
    result = build_site(hospital, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert sorted(p.name for p in (site / "expected-of-me").iterdir()) == ["director", "everyone", "index.html", "ward-manager", "ward-staff"]
    commitment = (site / "policies" / "LC-001" / "index.html").read_text(encoding="utf-8")
    assert "2 rounds per month" in commitment and "Ward managers" in commitment
    pages = _pages_text(site)
    assert "St Brigid&#39;s Hospital: North &amp; South Service Handbook" in pages or "St Brigid's Hospital: North &amp; South Service Handbook" in pages
    assert not re.search(r"harbour|pine", pages, re.I)
    assert (site / "stylesheets" / "policybook.css").is_file() and (site / "javascripts" / "print.js").is_file()


def test_init_refuses_a_folder_that_holds_anything_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    (folder / "notes").mkdir(parents=True)
    (folder / "README.md").write_text("mine\n", encoding="utf-8")
    before = _files(folder)
    result = _policybook("init", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{folder}: error: this folder is not empty (README.md, notes); choose a new or empty folder, nothing was written" in result.stderr
    assert _files(folder) == before and sorted(p.name for p in folder.iterdir()) == ["README.md", "notes"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]  # no half-made folder beside it either


@pytest.mark.parametrize("kind", ["file", "link"])
def test_init_refuses_what_is_not_a_folder(tmp_path: Path, kind: str) -> None:
    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "handbook"
    if kind == "file":
        target.write_text("keep me\n", encoding="utf-8")
    else:
        target.symlink_to(tmp_path / "elsewhere")
    result = _policybook("init", str(target), cwd=tmp_path)
    assert result.returncode == 2
    assert "this is not a folder; choose a new folder for the handbook" in result.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert kind == "link" or target.read_text(encoding="utf-8") == "keep me\n"


def test_init_fills_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _policybook("init", "empty", "--organisation", "Northwind", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Northwind Service Handbook" in (tmp_path / "empty" / "mkdocs.yml").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_a_configuration_with_mistakes_is_reported_in_full_and_nothing_is_written(tmp_path: Path) -> None:
    result = _policybook("init", "new", "--config", str(FIXTURES / "broken.yml"), cwd=tmp_path)
    assert result.returncode == 1
    shown = str(FIXTURES / "broken.yml")
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) >= 3 and all(line.startswith(shown + ":") for line in errors), result.stderr
    assert any("unknown setting 'colours'" in line for line in errors)
    assert any("'also' names 'nobody'" in line for line in errors)
    assert result.stderr.endswith("Nothing was written.\n")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--example", "--organisation", "X"], "--example copies the example's own policybook.yml"),
        (["--policybook", "left-pad==1"], "is not a version, a requirement naming policybook"),
        (["--organisation", "Two\nlines"], "write the organisation's name on one line"),
    ],
)
def test_contradictory_or_unusable_options_are_refused(tmp_path: Path, args: list[str], message: str) -> None:
    result = _policybook("init", "new", *args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    ("spec", "written"),
    [
        (None, "policybook[site]=="),
        ("2.1.0", '"policybook[site]==2.1.0"'),
        ("policybook @ git+https://example.org/policybook@v2", '"policybook[site] @ git+https://example.org/policybook@v2"'),
        (str(ROOT), f'"policybook[site] @ {ROOT.as_uri()}"'),
    ],
)
def test_the_handbook_pins_policybook_as_asked(tmp_path: Path, spec: str | None, written: str) -> None:
    result = _policybook("init", "new", *(["--policybook", spec] if spec else []), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert written in (tmp_path / "new" / "pyproject.toml").read_text(encoding="utf-8")


def test_without_a_leading_role_there_is_no_leader_commitment_to_start_with(tmp_path: Path) -> None:
    config = tmp_path / "flat.yml"
    config.write_text("organisation: Flat Co\nroles:\n  - {id: staff, label: Staff}\n", encoding="utf-8")
    assert _policybook("init", "flat", "--config", str(config), cwd=tmp_path).returncode == 0
    assert sorted(p.name[:2] for p in (tmp_path / "flat" / "policies").iterdir()) == ["GR", "SE"]
    assert _policybook("validate", "--strict", cwd=tmp_path / "flat").returncode == 0


def test_on_a_leap_day_the_first_review_is_due_a_year_later(tmp_path: Path) -> None:
    result = _policybook("init", "leap", cwd=tmp_path, env={**ENV, "POLICYBOOK_TODAY": "2028-02-29"})
    assert result.returncode == 0, result.stderr
    assert 'review_by: "2029-02-28"' in (tmp_path / "leap" / "policies" / "GR-001-the-golden-rule.yaml").read_text(encoding="utf-8")


def test_the_example_is_this_handbook_and_builds_as_it_does(tmp_path: Path) -> None:
    result = _policybook("init", "example", "--example", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    example = tmp_path / "example"
    for name in EXAMPLE_FILES:
        assert _files(example / name) == _files(ROOT / name) if (ROOT / name).is_dir() else filecmp.cmp(example / name, ROOT / name, shallow=False), name
    assert _files(example / "schemas") == _files(ROOT / "schemas")
    built = build_site(example, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert "Harbour &amp; Pine Service Handbook" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_the_packaged_example_is_in_step_with_this_handbook() -> None:
    """`make example` copies these into the package; run it after changing them."""
    for name in EXAMPLE_FILES:
        ours, packaged = ROOT / name, PACKAGE_DATA / "example" / name
        assert (_files(ours) == _files(packaged)) if ours.is_dir() else ours.read_bytes() == packaged.read_bytes(), f"{name}: run make example"


def test_the_starter_installs_uv_and_uses_actions_exactly_as_this_repository_does() -> None:
    assert (PACKAGE_DATA / "starter" / "requirements" / "uv.txt").read_bytes() == (ROOT / "requirements" / "uv.txt").read_bytes()
    pins = {}
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        pins.update(re.findall(r"uses: ([\w./-]+)@([0-9a-f]{40})", path.read_text(encoding="utf-8")))
    starter = [m for p in (PACKAGE_DATA / "starter" / "dot-github" / "workflows").glob("*.yml") for m in re.findall(r"uses: ([\w./-]+)@([0-9a-f]{40})", p.read_text(encoding="utf-8"))]
    assert starter and all(pins.get(action) == sha for action, sha in starter), starter


def test_this_handbooks_site_settings_are_the_starters(tmp_path: Path) -> None:
    """The navigation comes from the configuration, and the theme and the rest from the same
    starter every new handbook gets, but for what only this repository has (its hook, its address)."""
    ours = mkdocs_yml()
    assert _policybook("init", "example", "--example", cwd=tmp_path).returncode == 0
    theirs = mkdocs_yml(tmp_path / "example" / "mkdocs.yml")
    from policybook.config import load_settings

    assert ours["nav"] == theirs["nav"] == nav(load_settings(ROOT))
    own = {"hooks", "repo_url", "repo_name", "edit_uri", "site_url", "plugins", "watch", "extra_css", "extra_javascript"}
    assert {k: v for k, v in ours.items() if k not in own} == {k: v for k, v in theirs.items() if k not in own}
    assert theirs["plugins"] == [*ours["plugins"], "policybook"]


@pytest.mark.slow
def test_a_new_handbook_installs_policybook_from_this_checkout_and_builds_validates_reviews_and_renders(tmp_path: Path) -> None:
    """The whole promise: the package as a wheel, a handbook made for other roles, its own
    `make site` setting up from its own lock, then validate, diff and render with what it installed."""
    wheels = tmp_path / "wheels"
    built = subprocess.run([str(Path(sys.executable).with_name("uv")), "build", "--wheel", "--quiet", "--out-dir", str(wheels), str(ROOT)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("policybook-*.whl")
    made = _policybook("init", "hospital", "--config", str(FIXTURES / "hospital.yml"), "--policybook", str(wheel), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    handbook = tmp_path / "hospital"
    # The organisation's first `make`, on someone's own machine, writes the lock; CI never does.
    env = {key: value for key, value in ENV.items() if key != "CI" and not key.startswith(("VIRTUAL_ENV", "UV_PROJECT", "UV_PYTHON", "PYTHONPATH"))}
    in_ci = subprocess.run(["make", "site"], cwd=handbook, capture_output=True, text=True, env={**env, "CI": "true"}, check=False)
    assert in_ci.returncode == 2 and "uv.lock is missing; run 'make lock' and commit it" in in_ci.stderr
    assert not (handbook / "uv.lock").exists()
    site = subprocess.run(["make", "site"], cwd=handbook, capture_output=True, text=True, env=env, check=False)
    assert site.returncode == 0, site.stdout + site.stderr
    assert (handbook / "uv.lock").is_file() and "policybook" in (handbook / "uv.lock").read_text(encoding="utf-8")
    installed = handbook / ".venv" / "bin" / "policybook"
    where = subprocess.run([str(handbook / ".venv" / "bin" / "python"), "-c", "import policybook; print(policybook.__file__)"], capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(handbook / ".venv")  # the wheel's copy, not this checkout
    assert not re.search(r"harbour|pine", _pages_text(handbook / "site"), re.I)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(installed), *args], cwd=handbook, capture_output=True, text=True, env=env, check=False)

    assert run("validate", "--strict").returncode == 0
    _git(handbook, "init", "-q", "-b", "main")
    _git(handbook, "add", "-A")
    _git(handbook, "commit", "-q", "-m", "Start the handbook")
    policy = handbook / "policies" / "SE-001-greeting-and-answering-customers.yaml"
    text = policy.read_text(encoding="utf-8")
    text = text.replace('version: "1.0.0"', 'version: "1.1.0"', 1).replace("changelog:\n", f'changelog:\n  - version: "1.1.0"\n    date: "{TODAY}"\n    summary: Greet patients by name too.\n', 1)
    policy.write_text(text.replace("  - id: S3\n    level: should", "  - id: S3\n    level: must"), encoding="utf-8")
    review = run("diff", "HEAD")
    assert review.returncode == 0, review.stdout + review.stderr
    assert "SE-001" in review.stdout and "should" in review.stdout and "must" in review.stdout
    rendered = run("render", str(tmp_path / "docs"))
    assert rendered.returncode == 0, rendered.stderr
    assert (tmp_path / "docs" / "expected-of-me" / "ward-manager.md").is_file()
