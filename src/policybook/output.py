"""Writing to disk and replacing a folder safely: which folders policybook may write, a staging
folder beside the target, one atomic exchange, and clean-up of what crashed builds left.

The rules, the same for `policybook render` and for `mkdocs build` through the hook:

- **Whose folder.** A folder is written only when it does not exist, holds nothing but hidden
  entries (which are kept), or holds `MARKER`, the file every output of policybook carries.
  Anything else is refused before any work, naming a few of its entries, unless the caller
  asks to replace it anyway (`force`). Whatever the caller asks, the project, its git folders,
  its sources and every path git tracks are refused, compared as real paths (symlinks followed).
- **No moment without a site.** The output is built in a staging folder beside the target and
  swapped in with one exchange rename, so a reader finds the old folder or the new, never none.
- **Like plain MkDocs.** The new folder takes the old one's owner, group and mode, and the
  old one's hidden entries that the build did not make; files get umask-based modes.
- **Interrupts and crashes.** Ctrl-C, SIGTERM and SIGHUP raise `Interrupted` while a staging
  folder exists, so it is removed and nothing is published. Staging and old folders carry
  `MARKER`, locked (flock) by the process that made them; the next build removes those whose
  process is gone — and only folders of that name, owned by the same user, holding that marker.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from . import history
from .problems import OutputError, Problem, error
from .render import Site

if sys.platform == "win32":  # pragma: no cover - no flock there: builds of one folder must not overlap

    def _flock(descriptor: int, *, wait: bool) -> bool:
        return False

else:
    import fcntl

    def _flock(descriptor: int, *, wait: bool) -> bool:
        """Lock an open file exclusively (waiting for it, or not); False when it cannot be had."""
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held by another process, or a file system without locks (some network ones)
            return False
        return True

#: The file that marks a folder as policybook's own: an output, a staging or an old folder.
MARKER = ".policybook"
_MARKER_TEXT = b"policybook wrote this folder. Its next build here replaces everything in it except hidden entries.\n"
#: How many entries a refusal names.
_SHOWN_ENTRIES = 3
#: Flags of os.open that not every system has (Windows has none of them).
_CLOEXEC, _NOFOLLOW, _NONBLOCK, _DIRECTORY = (getattr(os, name, 0) for name in ("O_CLOEXEC", "O_NOFOLLOW", "O_NONBLOCK", "O_DIRECTORY"))


# --- which folders may be written ------------------------------------------------------


@dataclass(frozen=True)
class Guard:
    """A folder no output may touch."""

    path: Path
    #: how messages name it
    what: str
    #: False: only a folder that is or holds `path` is refused (the project root: its site lies inside it)
    inside_too: bool = True


@dataclass(frozen=True)
class Protected:
    """Everything an output folder must keep clear of, as real paths."""

    guards: tuple[Guard, ...] = ()
    #: every path git tracks, and every folder that holds one
    tracked: frozenset[Path] = frozenset()


def protected_folders(root: Path, *, docs_dir: Path, extra: Sequence[tuple[Path, str]] = ()) -> Protected:
    """The folders of the project at `root` that no output may be, hold or lie inside (and
    `extra` ones, with how to name them), and what git tracks."""
    real = root.resolve()
    guards = [
        Guard(real, "the project folder", inside_too=False),
        *(
            Guard(path.resolve(), what)  # each by its real path: `policies` may be a link to a shared folder
            for path, what in [
                (real / ".git", "the project's git folder"),
                (docs_dir, "the project's docs folder (docs_dir)"),
                (real / "policies", "the project's policies folder"),
                (real / "schemas", "the project's schemas folder"),
                (real / "hooks", "the project's hooks folder"),
                *extra,
            ]
        ),
        Guard(Path.cwd().resolve(), "the current folder", inside_too=False),
    ]
    with contextlib.suppress(RuntimeError):  # no home folder to be found
        guards.append(Guard(Path.home().resolve(), "your home folder", inside_too=False))
    tracked: set[Path] = set()
    tree = history.work_tree(real)
    if tree is not None:
        guards += [Guard(tree.top, "the git repository", inside_too=False), *(Guard(path, "the project's git folder") for path in tree.git_dirs)]
        for name in tree.tracked:
            path = tree.top / name
            while path != tree.top and path not in tracked:
                tracked.add(path)
                path = path.parent
    return Protected(tuple(guards), frozenset(tracked))


@dataclass(frozen=True)
class Target:
    """A folder policybook may write, as `check_target` found it."""

    #: the real path (symlinks followed)
    path: Path
    #: the folder as the user named it, made absolute
    given: Path
    #: the folder as the user named it, for messages
    shown: str
    protected: Protected = field(default_factory=Protected)
    force: bool = False
    #: what to tell a user whose folder holds files policybook did not write
    force_hint: str = "empty it or choose another folder"

    def problem(self, message: str) -> OutputError:
        return OutputError(error(self.shown, 0, 0, "output-folder", message))

    def recheck(self) -> None:
        """Check again, just before the output is swapped in: nothing may have changed the verdict meanwhile."""
        again = check_target(self.given, protected=self.protected, force=self.force, force_hint=self.force_hint, shown=self.shown)
        if again.path != self.path:
            raise self.problem(f"this folder now leads to {again.path} instead of {self.path}; something changed it during the build, so nothing was published: build again")


_NOTHING_PROTECTED = Protected()


def check_target(
    folder: Path, *, protected: Protected = _NOTHING_PROTECTED, force: bool = False, force_hint: str = "empty it or choose another folder", shown: str | None = None
) -> Target:
    """`folder` as a `Target`, if policybook may write its output there; else `OutputError` saying why.

    Decided before any work, and again just before the output is swapped in.
    """
    given = folder if folder.is_absolute() else Path.cwd() / folder
    real = given.resolve()  # a link to the project is the project
    target = Target(real, given, shown or str(folder), protected, force, force_hint)
    _check_guards(target)
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(io_problem(exc, target.shown)) from None
    if not stat.S_ISDIR(mode):
        raise target.problem("this is a file, not a folder; choose a folder for the output")
    if force:
        return target
    try:
        names = [entry.name for entry in real.iterdir()]
        if MARKER in names and stat.S_ISREG((real / MARKER).lstat().st_mode):
            return target  # an earlier output of policybook's
    except OSError as exc:
        raise OutputError(io_problem(exc, target.shown)) from None
    visible = sorted(name + ("/" if (real / name).is_dir() else "") for name in names if not name.startswith("."))
    if visible:  # hidden entries alone are fine: they are kept, as plain MkDocs keeps them
        raise target.problem(f"this folder holds files that policybook did not write ({_some(visible)}); to keep them, choose an empty or new folder; to replace them, {force_hint}")
    return target


def _check_guards(target: Target) -> None:
    real = target.path
    for guard in target.protected.guards:
        if real == guard.path:
            raise target.problem(f"this is {guard.what}; policybook never writes its output there: choose another folder")
        if guard.path.is_relative_to(real):
            raise target.problem(f"this folder holds {guard.what} ({guard.path}); policybook never writes its output over it: choose another folder")
        if guard.inside_too and real.is_relative_to(guard.path):
            raise target.problem(f"this folder is inside {guard.what} ({guard.path}); policybook never writes its output there: choose another folder")
    if real in target.protected.tracked:
        inside = sorted(str(p.relative_to(real)) for p in target.protected.tracked if p.is_relative_to(real) and p != real)[:_SHOWN_ENTRIES]
        if not inside:
            raise target.problem("this is a file that git tracks; policybook never writes its output over it: choose another folder")
        raise target.problem(f"this holds files that git tracks ({', '.join(inside)}, …); policybook never writes its output over them: choose another folder")


# --- what went wrong, in one line --------------------------------------------------------

#: What to do about a failed read or write, by its error number.
_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EFBIG: "the file is larger than this system allows; free some space or raise the limit, and build again",
    errno.EACCES: "check that you may write there (its owner and permissions), or choose another folder",
    errno.EPERM: "check that you may write there (its owner and permissions), or choose another folder",
    errno.EROFS: "the disk is mounted read-only; choose another folder",
    errno.ENOENT: "it went missing while policybook was working (did something else remove it?); build again",
    errno.ENOTEMPTY: "something else changed it at the same time; build again",
    errno.EEXIST: "something else changed it at the same time; build again",
    errno.ENOTDIR: "a file is where a folder should be; remove it or choose another folder",
    errno.EISDIR: "a folder is where a file should be; remove it or choose another folder",
}
if hasattr(errno, "EDQUOT"):
    _ADVICE[errno.EDQUOT] = "your disk quota is used up; free some space and build again"


def io_problem(exc: OSError, fallback: str, *, rename: tuple[Path, Path] | None = None) -> Problem:
    """A failed read or write as one line naming the path and what to do.

    With `rename` = (staging, target), a path inside the staging folder is shown inside the target.
    """
    name = os.fsdecode(exc.filename) if exc.filename is not None else fallback
    if rename is not None and Path(name).is_relative_to(rename[0]):
        name = str(rename[1] / Path(name).relative_to(rename[0]))
    reason = exc.strerror or str(exc)
    return error(name, 0, 0, "io", f"{reason}; {_ADVICE.get(exc.errno or 0, 'check the folder and build again')}")


# --- interrupts --------------------------------------------------------------------------


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, SIGTERM or SIGHUP arrived: what is half-made is removed and nothing is published.

    A `KeyboardInterrupt`, so that click and MkDocs stop the way they stop for Ctrl-C.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum


_CAUGHT = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class _Signals:
    """While installed, the signals that stop a build raise `Interrupted`, and are remembered:
    even if some library swallows the exception, `check()` raises it again before publishing."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._previous: dict[int, Any] = {}
        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may set handlers; a caller in a thread stops as it would anyway
        for signum in _CAUGHT:
            handler = signal.getsignal(signum)
            if handler is signal.SIG_IGN:
                continue  # `nohup` and the like asked for it to be ignored
            self._previous[signum] = handler if handler is not None else signal.SIG_DFL
            signal.signal(signum, self._raise)

    def _raise(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        raise Interrupted(signum)

    def check(self) -> None:
        if self.received is not None:
            raise Interrupted(self.received)

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Signals that arrive inside wait until the block is done (for steps that must not be cut in two)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, _CAUGHT)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _CAUGHT)


# --- the exchange ------------------------------------------------------------------------

# Why an exchange rename: Linux's renameat2(RENAME_EXCHANGE) swaps two names in one step, so the
# site folder is never missing, not even between two renames, and it stays a plain folder.
# The other way to be atomic, versioned folders behind a symlink switched with os.replace,
# changes what the site folder *is*: servers set to refuse symlinks (nginx's
# disable_symlinks), rsync and file shares would see a link instead of a folder, and the
# old versions are left to clean up. Python has no binding for renameat2, so it is reached
# through ctypes; where it is missing (macOS, old libc, a file system that refuses it), two
# renames do the job, with Ctrl-C, SIGTERM and SIGHUP held back until both are done.
_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2


def _find_renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _find_renameat2()


def _renameat2(source: Path, target: Path, flags: int) -> bool:
    """renameat2(source, target, flags); False when this system or file system cannot do it."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(target))


def exchange(first: Path, second: Path) -> None:
    """Swap the folders named `first` and `second` (both must exist), atomically where the system can."""
    if _renameat2(first, second, _RENAME_EXCHANGE):
        return
    aside = first.with_name(first.name + "-old")
    with _signals_held():
        second.rename(aside)
        try:
            first.rename(second)
        except OSError:
            aside.rename(second)  # the previous folder goes back
            raise
        aside.rename(first)


def _move_into_place(source: Path, target: Path) -> None:
    """Rename `source` to `target`, which must not exist (never replacing one that appeared meanwhile)."""
    if _renameat2(source, target, _RENAME_NOREPLACE):
        return
    if target.exists() or target.is_symlink():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    source.rename(target)


# --- staging, locks and leftovers ----------------------------------------------------------


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (the target's parent): one build at a time makes,
    cleans or swaps folders there, so concurrent builds of one site wait instead of colliding."""
    try:
        descriptor: int | None = os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except OSError:  # a system that cannot open folders (Windows): no lock
        descriptor = None
    try:
        if descriptor is not None:
            _flock(descriptor, wait=True)  # without locks (some network file systems) it still builds
        yield
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _take_lock(descriptor: int) -> bool:
    """Lock the open marker file without waiting; False when its maker still holds it (or
    without locks, when nothing can be known to be abandoned)."""
    return _flock(descriptor, wait=False)


#: Who this process acts as, for deciding whose folders are whose.
_USER = os.geteuid() if hasattr(os, "geteuid") else 0


def _sibling_prefix(target: Path) -> str:
    """How the staging and old folders beside `target` are named (`.site.policybook-PID-RANDOM`)."""
    return f".{target.name}.policybook-"


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the staging and old folders that crashed builds of `target` left beside it.

    Only folders named for `target`, owned by this user (or by the target's owner, which an
    old folder has when a build by root replaced another user's site), holding a marker that
    no running process locks: a build still at work holds its lock, a dead one holds none.
    Returns what was removed.
    """
    removed: list[Path] = []
    prefix = _sibling_prefix(target)
    try:
        owners = {_USER, target.stat().st_uid}
    except OSError:
        owners = {_USER}
    try:
        entries = [entry for entry in os.scandir(target.parent) if entry.name.startswith(prefix)]
    except FileNotFoundError:
        return removed
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid not in owners:
            continue  # a link, a file, or someone else's: not ours to remove
        folder = Path(entry.path)
        try:
            descriptor = os.open(folder / MARKER, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                folder.rmdir()  # empty: a build stopped between making it and marking it
            continue
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(descriptor).st_mode) and _take_lock(descriptor):
                _remove(folder)
                removed.append(folder)
        finally:
            os.close(descriptor)
    return removed


def _remove(folder: Path) -> None:
    """Delete a folder of policybook's, its marker last: stopped half-way, it is still recognisable."""
    for entry in list(os.scandir(folder)):
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            Path(entry.path).unlink()
    with contextlib.suppress(FileNotFoundError):
        (folder / MARKER).unlink()
    folder.rmdir()


def _new_marker(folder: Path) -> int:
    descriptor = os.open(folder / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
    try:
        _take_lock(descriptor)
        os.write(descriptor, _MARKER_TEXT)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def mark(folder: Path) -> bool:
    """Give an output folder its marker, if it has none yet; True if it had none."""
    marker = folder / MARKER
    if marker.is_file() and not marker.is_symlink():
        return False
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    os.close(_new_marker(folder))
    return True


def _carry_hidden(old: Path, new: Path) -> None:
    """Copy `old`'s hidden entries that the build did not make into `new` (hard links where
    possible, so a large `.git` costs nothing), leaving `old` untouched until the exchange."""
    for entry in os.scandir(old):
        if not entry.name.startswith(".") or entry.name == MARKER:
            continue
        destination = new / entry.name
        if destination.exists() or destination.is_symlink():
            continue  # the build made its own
        if entry.is_symlink():
            destination.symlink_to(Path(entry.path).readlink())
        elif entry.is_dir(follow_symlinks=False):
            shutil.copytree(entry.path, destination, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry.path, str(destination))


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, destination, follow_symlinks=False)


def _take_owner_and_mode(source: Path, folder: Path) -> None:
    """Give `folder` the owner, group and mode of `source` (owner and group only where allowed)."""
    info, mine = source.stat(), folder.stat()
    if (info.st_uid, info.st_gid) != (mine.st_uid, mine.st_gid):
        with contextlib.suppress(PermissionError):
            os.chown(folder, info.st_uid, info.st_gid)
    folder.chmod(stat.S_IMODE(info.st_mode))  # after chown, which clears set-group-id


def _take_group_and_mode(source: Path, folder: Path) -> None:
    """Like `_take_owner_and_mode` but keeping this user as the owner, so a staging folder left
    by a crash is still recognisably this user's."""
    info = source.stat()
    if info.st_gid != folder.stat().st_gid:
        with contextlib.suppress(PermissionError):
            os.chown(folder, -1, info.st_gid)
    folder.chmod(stat.S_IMODE(info.st_mode) | stat.S_IRWXU)  # the build must be able to write it; the exact mode comes at publishing


class Staging:
    """A folder filled beside `target` and swapped in whole by `publish()`, or dropped by `discard()`.

    From the moment it exists until one of those, the signals that stop a build raise
    `Interrupted`. Use it as a context manager: leaving the block by an error discards it.
    """

    def __init__(self, target: Target) -> None:
        self.target = target
        self._signals = _Signals()
        self._marker: int | None = None
        try:
            target.path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(target.path.parent):
                remove_leftovers(target.path)
                self._make()
            if target.path.is_dir():
                _take_group_and_mode(target.path, self.path)  # before the build writes, so files inherit a set-group-id group
        except OSError as exc:
            self.discard()
            if exc.filename is not None and Path(os.fsdecode(exc.filename)).name.startswith(_sibling_prefix(target.path)):
                exc.filename = str(target.path.parent)  # the folder it could not be made in, not a name the user never chose
            raise OutputError(io_problem(exc, target.shown)) from None
        except BaseException:
            self.discard()
            raise

    def _make(self) -> Path:
        prefix = _sibling_prefix(self.target.path)
        while True:
            path = self.target.path.with_name(f"{prefix}{os.getpid()}-{secrets.token_hex(4)}")
            with _signals_held():  # an interrupt waits until the folder is known and marked, then removes it
                try:
                    path.mkdir(0o777)  # the umask decides, as for any folder a build makes
                except FileExistsError:
                    continue
                self.path = path
                _UNFINISHED.add(self)
                self._marker = _new_marker(path)  # under the parent's lock: no one can take it for a leftover first
            return path

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, traceback: object) -> None:
        self.discard()

    def io_problem(self, exc: OSError) -> Problem:
        """`exc` as one line, naming a file of the output where the user will look for it."""
        return io_problem(exc, self.target.shown, rename=(self.path, self.target.path) if hasattr(self, "path") else None)

    def publish(self) -> None:
        """Swap the finished folder in: the target's readers see the old folder or this one, never neither."""
        target = self.target.path
        try:
            self._signals.check()
            with _locked(target.parent):
                self._signals.check()
                self.target.recheck()
                if not (target.exists() or target.is_symlink()):
                    _move_into_place(self.path, target)
                else:
                    _carry_hidden(target, self.path)
                    _take_owner_and_mode(target, self.path)
                    marked = mark(target)  # so the old folder is recognisable as ours if its removal below is cut short
                    try:
                        exchange(self.path, target)
                    except BaseException:
                        if marked:
                            (target / MARKER).unlink()
                        raise
                    with contextlib.suppress(OSError):  # published; what is left of the old folder goes next time
                        _remove(self.path)  # now the old folder
        except OSError as exc:
            raise OutputError(self.io_problem(exc)) from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the staging folder (or, after `publish`, whatever is left of the old one)."""
        try:
            path = getattr(self, "path", None)
            if path is not None and (path.exists() or path.is_symlink()):
                with contextlib.suppress(OSError):  # then the next build removes it
                    _remove(path)
        finally:
            if self._marker is not None:
                os.close(self._marker)
                self._marker = None
            self._signals.restore()
            _UNFINISHED.discard(self)


#: Staging folders not yet published or discarded. An interrupt can strike between any two
#: steps of a caller (before it has even kept the `Staging` it made); whatever is still here
#: when the interpreter exits is removed then.
_UNFINISHED: set[Staging] = set()


@atexit.register
def _discard_unfinished() -> None:
    for staging in list(_UNFINISHED):
        staging.discard()


# --- the rendered handbook on disk ---------------------------------------------------------


def write_docs(site: Site, *, docs_dir: Path, target: Target) -> int:
    """Make `target` a complete docs folder: the hand-written pages plus the generated ones.

    The folder is assembled beside the target and swapped in at the end, so a failure or an
    interrupt leaves the previous contents as they were. Returns the number of files written.
    """
    with Staging(target) as staging:
        try:
            count = _copy_tree(docs_dir, staging.path) if docs_dir.is_dir() else 0
            contents: list[tuple[str, str | bytes]] = [*site.pages.items(), *site.files.items()]
            for path, content in contents:
                destination = staging.path / path
                destination.parent.mkdir(parents=True, exist_ok=True)
                existed = destination.exists()
                destination.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
                count += 0 if existed else 1
        except OSError as exc:
            raise OutputError(staging.io_problem(exc)) from None
        staging.publish()
    return count


def _copy_tree(source: Path, destination: Path) -> int:
    """Copy the regular files under `source` (following links, as MkDocs does) with umask-based
    modes; any other kind of entry stops the copy with a located error. Returns the files copied."""
    count = 0
    seen: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(source, followlinks=True):
        info = Path(folder).stat()
        if (info.st_dev, info.st_ino) in seen:  # a link back up the tree
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        here = destination / Path(folder).relative_to(source)
        here.mkdir(exist_ok=True)
        for name in names:
            path = Path(folder) / name
            if not stat.S_ISREG(path.stat().st_mode):
                raise OutputError(error(str(path), 0, 0, "not-a-file", "this is not an ordinary file, so it cannot be copied into the output; remove it"))
            shutil.copyfile(path, here / name)
            count += 1
    return count


# --- a new folder, never an old one ---------------------------------------------------------


def write_new_folder(files: dict[str, bytes], folder: Path) -> None:
    """Make `folder` with `files` in it (by their paths in it); it must not exist, or be an
    empty folder. Everything is written into a folder beside it first and renamed into place
    in one step, so nothing that was there is ever overwritten, and a failure or an interrupt
    leaves no half-made folder behind."""
    shown = str(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise OutputError(error(shown, 0, 0, "not-empty", "this is not a folder; choose a new folder for the handbook"))
    if folder.is_dir() and any(folder.iterdir()):
        raise OutputError(error(shown, 0, 0, "not-empty", f"this folder is not empty ({_some(sorted(entry.name for entry in folder.iterdir()))}); choose a new or empty folder, nothing was written"))
    staging: Path | None = None
    signals = _Signals()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.policybook-init-", dir=folder.parent))
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # as any folder the user makes, not mkdtemp's private one
        for path, data in files.items():
            destination = staging / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            with destination.open("xb") as stream:
                stream.write(data)
        signals.check()
        if folder.is_dir():
            staging.rename(folder)  # replaces an empty folder in one step; refuses one that filled meanwhile
        else:
            _move_into_place(staging, folder)
        staging = None
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise OutputError(error(shown, 0, 0, "not-empty", "something else wrote into this folder meanwhile; nothing was written")) from None
        raise OutputError(io_problem(exc, shown, rename=(staging, folder) if staging else None)) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)  # ours: made above
        signals.restore()


def _some(names: Sequence[str]) -> str:
    """The first few of `names`, and how many more there are."""
    return ", ".join(names[:_SHOWN_ENTRIES]) + (f" and {len(names) - _SHOWN_ENTRIES} more" if len(names) > _SHOWN_ENTRIES else "")
