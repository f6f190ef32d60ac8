"""Reading policies and their history straight from git, without checking anything out.

Works in a shallow CI clone: a revision only needs its tree (`git fetch --depth=1 origin
SHA`); history goes back as far as the clone does.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .problems import RevisionError, error


@dataclass(frozen=True)
class Commit:
    """One commit that touched a policy file."""

    sha: str
    short: str
    date: str
    subject: str


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise RevisionError(error(str(root), 1, 1, "git", f"cannot run git: {exc.strerror or exc}; install git")) from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(error(str(root), 1, 1, "git", f"git {args[0]} failed: {message[-1] if message else 'no reason given'}"))
    return result.stdout


def in_git(root: Path) -> bool:
    """Whether `root` is inside a git work tree with at least one commit."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except RevisionError:
        return False
    return True


@dataclass(frozen=True)
class WorkTree:
    """The git repository around a project: where it is, its git folders, what it tracks."""

    top: Path
    git_dirs: tuple[Path, ...]
    #: every tracked path, relative to `top`
    tracked: tuple[str, ...]


def work_tree(root: Path) -> WorkTree | None:
    """The repository `root` is in (None outside one, or without git): one `git ls-files` for the whole tree."""
    try:
        top, git_dir, common_dir = _git(root, "rev-parse", "--show-toplevel", "--git-dir", "--git-common-dir").decode("utf-8", "surrogateescape").splitlines()
        listing = _git(Path(top), "ls-files", "-z")
    except (RevisionError, ValueError):
        return None
    git_dirs = tuple(dict.fromkeys((root / folder).resolve() for folder in (git_dir, common_dir)))  # relative ones are relative to `root`
    return WorkTree(Path(top).resolve(), git_dirs, tuple(os.fsdecode(name) for name in listing.split(b"\0") if name))


def _prefix(root: Path) -> str:
    """`root`'s path inside its repository ('' at the top), with a trailing slash."""
    return _git(root, "rev-parse", "--show-prefix").decode("utf-8").strip()


def resolve_revision(root: Path, revision: str) -> str:
    """The commit `revision` names, or a `RevisionError` that says how to get it."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").decode().strip()
    except RevisionError:
        raise RevisionError(
            error(
                revision,
                1,
                1,
                "no-revision",
                f"git revision {revision!r} does not exist here; check the name, or fetch it first (in a shallow CI clone: git fetch --depth=1 origin {revision})",
            )
        ) from None


def files_at(root: Path, revision: str, folder: str) -> dict[str, bytes]:
    """Every file under `folder` (relative to `root`) at `revision`: path relative to `root` -> bytes."""
    commit = resolve_revision(root, revision)
    prefix = _prefix(root)
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix + folder.rstrip("/") + "/")
    paths: list[str] = []
    for entry in filter(None, listing.split(b"\0")):
        meta, _, path = entry.partition(b"\t")
        if meta.split()[1] == b"blob":
            paths.append(path.decode("utf-8"))
    if not paths:
        return {}
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{commit}:{p}\n" for p in paths).encode("utf-8"))
    contents: dict[str, bytes] = {}
    position = 0
    for name in paths:
        header_end = batch.index(b"\n", position)
        size = int(batch[position:header_end].split()[2])
        start = header_end + 1
        contents[name[len(prefix) :]] = batch[start : start + size]
        position = start + size + 1
    return contents


@dataclass(frozen=True)
class Revision:
    """A policy file as one commit left it: the commit, and the git object of the file's bytes."""

    commit: Commit
    blob: str


_NO_BLOB = "0" * 40


def file_revisions(root: Path, folder: str) -> dict[str, list[Revision]]:
    """Every commit touching each file now under `folder`, newest first, following renames,
    with the file's bytes as that commit left them (a blob to read with `read_blobs`).

    One `git log` for the whole folder, so the cost does not grow with one process per
    policy. Keys are paths relative to `root`.
    """
    prefix = _prefix(root)
    output = _git(root, "log", "-M", "--raw", "--no-abbrev", "--date=short", "--format=%x1e%H%x1f%h%x1f%ad%x1f%s", "--", prefix + folder.rstrip("/") + "/")
    found: dict[str, list[Revision]] = {}
    current: dict[str, str] = {}  # a path as it was in older commits -> the path it has now
    for record in output.decode("utf-8", "replace").split("\x1e")[1:]:
        head, _, changes = record.partition("\n")
        sha, short, day, subject = head.split("\x1f", 3)
        commit = Commit(sha, short, day, subject)
        for line in filter(None, changes.split("\n")):
            meta, _, names = line.partition("\t")
            fields, paths = meta.split(), names.split("\t")
            if not line.startswith(":") or len(fields) < 5 or not paths[0]:
                continue
            newest = current.get(paths[-1], paths[-1])
            found.setdefault(newest, []).append(Revision(commit, fields[3]))
            if fields[4].startswith("R") and len(paths) == 2:
                current[paths[0]] = newest
    return {path[len(prefix) :]: revisions for path, revisions in found.items() if path.startswith(prefix)}


def file_history(root: Path, folder: str) -> dict[str, list[Commit]]:
    """Commits touching each file now under `folder`, newest first, following renames."""
    return commits_of(file_revisions(root, folder))


def commits_of(revisions: dict[str, list[Revision]]) -> dict[str, list[Commit]]:
    return {path: [revision.commit for revision in found] for path, found in revisions.items()}


def read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """The bytes of each git object in `blobs`, read by one `git cat-file --batch` for all of them.

    An object the clone does not have (a shallow CI clone) is left out; a deleted file's
    revision has no object at all.
    """
    wanted = sorted({blob for blob in blobs if blob != _NO_BLOB})
    if not wanted:
        return {}
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in wanted).encode("ascii"))
    contents: dict[str, bytes] = {}
    position = 0
    for blob in wanted:
        header_end = batch.index(b"\n", position)
        header = batch[position:header_end].split()
        if len(header) < 3 or header[1] == b"missing":
            position = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        if header[1] == b"blob":
            contents[blob] = batch[start : start + size]
        position = start + size + 1
    return contents
