"""Writing to disk: which folders may be written, all of it or nothing changed, like plain
MkDocs for modes and hidden entries, and nothing left behind by a crash or an interrupt."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import subprocess
from pathlib import Path

import pytest

import policybook.output
from policybook.output import MARKER, Interrupted, Staging, check_target, exchange, protected_folders, remove_leftovers, write_docs
from policybook.problems import OutputError
from policybook.render import Site

SITE = Site(pages={"policies/GR-001.md": "# Golden rule\n"}, files={"policies.json": b"[]"})
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="changing owners needs root")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def _earlier_output(folder: Path, *files: str) -> Path:
    """A folder as an earlier run of policybook left it."""
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("policybook wrote this folder\n", encoding="utf-8")
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"the old {name}", encoding="utf-8")
    return folder


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


def test_the_output_is_the_hand_written_pages_plus_the_generated_ones_and_nothing_older(tmp_path: Path) -> None:
    docs = tmp_path / "handbook"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "how.md").write_text("# How\n", encoding="utf-8")
    out = _earlier_output(tmp_path / "out", "stale.md")
    count = write_docs(SITE, docs_dir=docs, target=check_target(out))
    assert _tree(out) == {"guide/how.md": b"# How\n", "policies.json": b"[]", "policies/GR-001.md": b"# Golden rule\n"}
    assert (out / MARKER).is_file()  # so the next run knows the folder as its own
    assert count == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handbook", "out"]  # no staging folders left behind


def test_a_failed_exchange_leaves_the_previous_folder_in_place(tmp_path: Path) -> None:
    target = _earlier_output(tmp_path / "site", "index.html")
    with pytest.raises(OSError):
        exchange(tmp_path / "never-built", target)
    assert _tree(target) == {"index.html": b"the old index.html"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("renameat2", [True, False], ids=["exchange-rename", "two-renames"])
def test_exchange_swaps_two_folders(renameat2: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not renameat2:
        monkeypatch.setattr(policybook.output, "_RENAMEAT2", None)  # as on a system without renameat2
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "from-b").touch()
    exchange(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["from-b"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


# --- which folders may be written ---------------------------------------------------------


def test_a_folder_holding_files_policybook_did_not_write_is_refused_naming_some(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    (folder / "notes").mkdir(parents=True)
    for name in ("important.txt", "b.txt", "c.txt", "d.txt"):
        (folder / name).write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError) as refused:
        check_target(folder, force_hint="pass --force")
    assert str(refused.value.problem) == (
        f"{folder}: error: this folder holds files that policybook did not write (b.txt, c.txt, d.txt and 2 more); "
        "to keep them, choose an empty or new folder; to replace them, pass --force"
    )


@pytest.mark.parametrize("state", ["missing", "empty", "hidden entries only", "an earlier output"])
def test_a_new_empty_or_earlier_output_folder_may_be_written(state: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    if state != "missing":
        folder.mkdir()
    if state == "hidden entries only":
        (folder / ".well-known").mkdir()
    if state == "an earlier output":
        (folder / MARKER).touch()
        (folder / "index.md").touch()
    assert check_target(folder).path == folder.resolve()


def test_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    with pytest.raises(OutputError, match="this is a file, not a folder"):
        check_target(tmp_path / "out", force=True)


def _git_project(root: Path) -> Path:
    for folder in ("policies", "schemas", "hooks", "handbook", "src/engine", "notes"):
        (root / folder).mkdir(parents=True)
        (root / folder / "file.txt").write_text("tracked", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    return root


@pytest.mark.parametrize(
    ("folder", "why"),
    [
        (".", "this is the project folder"),
        ("..", "this folder holds the project folder"),
        (".git", "this is the project's git folder"),
        (".git/hooks", "this folder is inside the project's git folder"),
        ("policies", "this is the project's policies folder"),
        ("schemas/new", "this folder is inside the project's schemas folder"),
        ("hooks", "this is the project's hooks folder"),
        ("handbook/out", "this folder is inside the project's docs folder (docs_dir)"),
        ("src", "this holds files that git tracks (engine, engine/file.txt, …)"),
        ("notes/file.txt", "this is a file that git tracks"),
        ("link-to-project", "this is the project folder"),
        ("link-to-policies", "this is the project's policies folder"),
    ],
)
def test_the_projects_own_folders_are_refused_even_when_forced(folder: str, why: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _git_project(tmp_path / "project")
    (root / "link-to-project").symlink_to(root)  # compared by real path: a link is where it leads
    (root / "link-to-policies").symlink_to(root / "policies")
    monkeypatch.chdir(tmp_path)
    protected = protected_folders(root, docs_dir=root / "handbook")
    with pytest.raises(OutputError) as refused:
        check_target(root / folder, protected=protected, force=True)
    assert why in refused.value.problem.message


def test_a_new_folder_inside_the_project_may_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _git_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    assert check_target(root / "site", protected=protected_folders(root, docs_dir=root / "handbook")).path == root / "site"


def test_the_home_folder_is_refused_even_when_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    project = _git_project(tmp_path / "project")
    with pytest.raises(OutputError, match="this is your home folder"):
        check_target(home, protected=protected_folders(project, docs_dir=project / "handbook"), force=True)


# --- replacing an earlier output ------------------------------------------------------------


def test_replacing_keeps_the_folders_mode_and_its_hidden_entries_the_build_did_not_make(tmp_path: Path) -> None:
    out = _earlier_output(tmp_path / "out", "stale.md", ".well-known/acme", ".htaccess")
    (out / ".well-known").chmod(0o750)
    out.chmod(0o2775)
    write_docs(SITE, docs_dir=tmp_path / "no-docs", target=check_target(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o2775
    assert (out / ".well-known" / "acme").read_text(encoding="utf-8") == "the old .well-known/acme"
    assert stat.S_IMODE((out / ".well-known").stat().st_mode) == 0o750
    assert (out / ".htaccess").read_text(encoding="utf-8") == "the old .htaccess"
    assert not (out / "stale.md").exists()


@AS_ROOT
def test_replacing_keeps_the_folders_owner_and_group(tmp_path: Path) -> None:
    out = _earlier_output(tmp_path / "out", "index.md")
    os.chown(out, 65534, 65534)  # nobody:nogroup
    write_docs(SITE, docs_dir=tmp_path / "no-docs", target=check_target(out))
    assert (out.stat().st_uid, out.stat().st_gid) == (65534, 65534)
    assert _siblings(out) == []


def test_a_new_output_gets_the_modes_the_umask_gives_not_private_ones(tmp_path: Path) -> None:
    docs = tmp_path / "handbook"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "index.md").chmod(0o600)
    umask = os.umask(0o022)
    try:
        write_docs(SITE, docs_dir=docs, target=check_target(tmp_path / "out"))
    finally:
        os.umask(umask)
    out = tmp_path / "out"
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "policies").stat().st_mode) == 0o755
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()} == {0o644}


# --- leftovers, interrupts and failures ---------------------------------------------------------


def _leftover(target: Path, name: str, *, marker: bool = True) -> Path:
    folder = target.with_name(f".{target.name}.policybook-{name}")
    folder.mkdir()
    (folder / "index.html").write_text("half a site", encoding="utf-8")
    if marker:
        (folder / MARKER).touch()
    return folder


def test_leftovers_of_crashed_builds_are_removed_and_nothing_else(tmp_path: Path) -> None:
    target = _earlier_output(tmp_path / "site", "index.html")
    crashed = _leftover(target, "1-dead")
    unmarked = _leftover(target, "2-unmarked", marker=False)  # not recognisably ours
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / MARKER).touch()
    (tmp_path / ".site.policybook-3-link").symlink_to(elsewhere)  # a link is never followed
    (tmp_path / ".other.policybook-4").mkdir()  # another folder's
    empty = target.with_name(".site.policybook-5-empty")
    empty.mkdir()  # a build stopped between making it and marking it
    assert remove_leftovers(target) == [crashed]
    assert not empty.exists()
    assert (unmarked / "index.html").exists() and (elsewhere / MARKER).exists() and (tmp_path / ".other.policybook-4").exists()
    assert _tree(target) == {"index.html": b"the old index.html"}


def test_a_staging_folder_still_in_use_is_not_taken_for_a_leftover(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with Staging(check_target(target)) as busy:  # its marker stays locked while the build runs
        assert remove_leftovers(target) == []
        assert busy.path.is_dir()
    assert not busy.path.exists()


@AS_ROOT
def test_a_folder_of_another_user_is_never_taken_for_a_leftover(tmp_path: Path) -> None:
    target = tmp_path / "site"
    theirs = _leftover(target, "1-theirs")
    os.chown(theirs, 65534, 65534)
    assert remove_leftovers(target) == []
    assert theirs.exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: signal.Signals(s).name)
def test_an_interrupt_while_writing_publishes_nothing_and_leaves_nothing(signum: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _earlier_output(tmp_path / "out", "index.md")
    before = signal.getsignal(signal.SIGTERM)
    real = Path.write_bytes

    def interrupted(self: Path, data: bytes) -> int:
        signal.raise_signal(signum)  # as if Ctrl-C or `kill` arrived now
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(Interrupted):
        write_docs(SITE, docs_dir=tmp_path / "no-docs", target=check_target(out))
    assert _tree(out) == {"index.md": b"the old index.md"}
    assert _siblings(out) == []
    assert signal.getsignal(signal.SIGTERM) == before  # the caller's handlers are back


def test_an_interrupt_that_something_swallowed_still_stops_the_publishing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _earlier_output(tmp_path / "out", "index.md")
    with Staging(check_target(out)) as staging:
        (staging.path / "index.md").write_text("new", encoding="utf-8")
        with contextlib.suppress(Interrupted):  # as a library's `except BaseException` might
            signal.raise_signal(signal.SIGTERM)
        with pytest.raises(Interrupted):
            staging.publish()
    assert _tree(out) == {"index.md": b"the old index.md"}
    assert _siblings(out) == []


def test_a_full_disk_is_one_line_naming_the_file_in_the_output_and_nothing_is_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _earlier_output(tmp_path / "out", "index.md")

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OutputError) as failed:
        write_docs(SITE, docs_dir=tmp_path / "no-docs", target=check_target(out))
    assert str(failed.value.problem) in (
        f"{out}/policies/GR-001.md: error: No space left on device; the disk is full; free some space and build again",
        f"{out}/policies.json: error: No space left on device; the disk is full; free some space and build again",
    )
    assert _tree(out) == {"index.md": b"the old index.md"}
    assert _siblings(out) == []


def test_a_folder_changed_into_someone_elses_during_the_build_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with Staging(check_target(out)) as staging:
        out.mkdir()
        (out / "theirs.txt").write_text("keep", encoding="utf-8")  # made while the build ran
        with pytest.raises(OutputError, match=r"holds files that policybook did not write \(theirs.txt\)"):
            staging.publish()
    assert (out / "theirs.txt").read_text(encoding="utf-8") == "keep"
    assert _siblings(out) == []


def test_a_folder_that_may_not_be_written_is_one_line_saying_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", denied)
    with pytest.raises(OutputError) as failed:
        write_docs(SITE, docs_dir=tmp_path / "no-docs", target=check_target(tmp_path / "new" / "out"))
    assert str(failed.value.problem) == f"{tmp_path}/new: error: Permission denied; check that you may write there (its owner and permissions), or choose another folder"


def test_a_page_that_vanishes_while_it_is_copied_is_one_line_and_nothing_is_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "handbook"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    out = _earlier_output(tmp_path / "out", "index.md")

    def vanished(source: Path, destination: Path) -> None:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(source))

    monkeypatch.setattr(policybook.output.shutil, "copyfile", vanished)
    with pytest.raises(OutputError) as failed:
        write_docs(SITE, docs_dir=docs, target=check_target(out))
    assert str(failed.value.problem) == (
        f"{docs}/index.md: error: No such file or directory; it went missing while policybook was working (did something else remove it?); build again"
    )
    assert _tree(out) == {"index.md": b"the old index.md"}
    assert _siblings(out) == ["handbook"]


def test_a_named_pipe_among_the_hand_written_pages_stops_the_copy_at_once(tmp_path: Path) -> None:
    docs = tmp_path / "handbook"
    docs.mkdir()
    os.mkfifo(docs / "notes.md")
    with pytest.raises(OutputError) as failed:
        write_docs(SITE, docs_dir=docs, target=check_target(tmp_path / "out"))
    assert str(failed.value.problem) == f"{docs}/notes.md: error: this is not an ordinary file, so it cannot be copied into the output; remove it"
    assert _siblings(tmp_path / "out") == ["handbook"]
