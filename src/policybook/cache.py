"""Content-hash caches of checked policies and rendered pages, used only from a folder that
policybook can trust.

A repeated run reads each file, hashes it, and for a known hash takes the data it was
read into last time instead of parsing and checking it again. The key is the file's
bytes plus a fingerprint of the schemas and of policybook's own code, so an edit to a
policy, a schema or the checker is never answered from the cache. What depends on
more than the bytes (the file's name, today's date, the other files) is checked afresh
every run. The rendered pages are kept the same way, under a hash of all their inputs.

A cache that decided what passes would be a way around the checks, so trust in it is
decided by where it is, never by what it holds (see `cache_folder`):

- the folder is `POLICYBOOK_CACHE_DIR`, else `$XDG_CACHE_HOME/policybook` (an absolute
  `XDG_CACHE_HOME` only, as the XDG specification says), else `~/.cache/policybook`;
  with `CI` set to true, only `POLICYBOOK_CACHE_DIR`: a CI workspace is the checkout;
- it must be a real folder (not a symbolic link) owned by the user running policybook and
  writable by no one else, outside the project and outside any git work tree (where a
  pull request could bring files of its own);
- otherwise nothing is cached, and the run says why in one notice.

Every folder and file in it is opened without following symbolic links, relative to the
folder already checked, and checked the same way. Each file is signed with a key of this
user's, kept in the folder and readable only by them (HMAC-SHA256): a cache file that
policybook did not write for this user (copied from another account or machine, restored
from a backup or a shared CI cache without its key, edited by hand) is ignored. Whoever can
read the key runs programs as this user already, and could change policybook itself.
It is JSON, never pickle, and anything damaged, foreign or unsigned is simply not used.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .problems import Problem, notice

FORMAT = 2
_ENGINE = Path(__file__).parent
#: The signing key's file in the cache folder, and its length in bytes.
KEY_FILE, KEY_BYTES = "key", 32
#: What `POLICYBOOK_CACHE_DIR` may say to turn caching off.
OFF = ("", "off")


@dataclass(frozen=True)
class CacheFolder:
    """Where cached results may be kept, or why they may not be (`path` None)."""

    path: Path | None
    #: why the folder is not used; None when it is, or when caching was turned off on purpose
    refused: str | None = None
    #: the folder that was refused
    place: str = ""

    def notice(self) -> Problem | None:
        """The one notice a run gives when it cannot use the cache: why, and what to do."""
        if self.refused is None:
            return None
        advice = "set POLICYBOOK_CACHE_DIR to a folder of your own outside any checkout, or to 'off'"
        return notice(self.place, 1, 1, "cache-not-used", f"results are not cached, so every policy is checked afresh: {self.refused}; to cache them, {advice}")


class _UntrustedError(Exception):
    """A folder or file of the cache that must not be used, and why."""


def _configured() -> tuple[Path | None, str | None]:
    """The folder asked for (None: caching off), or why the one asked for cannot be used."""
    explicit = os.environ.get("POLICYBOOK_CACHE_DIR")
    if explicit is not None:
        if explicit.strip() in OFF:
            return None, None
        if not Path(explicit).is_absolute():
            return Path(explicit), f"POLICYBOOK_CACHE_DIR is {explicit!r}, a relative path, which means a different folder in each place policybook runs"
        return Path(explicit), None
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        return None, None  # a CI workspace is the checkout: cache only where POLICYBOOK_CACHE_DIR says
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"  # a relative one is ignored, as XDG says
    return base / "policybook", None


def cache_folder(project: Path) -> CacheFolder:
    """The folder to cache `project`'s results in, created if need be, once it is trusted."""
    if not hasattr(os, "O_NOFOLLOW") or not hasattr(os, "getuid"):
        return CacheFolder(None, "this system cannot tell who owns a folder", "cache")
    folder, problem = _configured()
    if folder is None:
        return CacheFolder(None)
    if problem is not None:
        return CacheFolder(None, problem, str(folder))
    real = folder.parent.resolve() / folder.name  # the folder itself may not be a link; the way to it may
    problem = _outside_sources(real, project.resolve())
    if problem is None:
        try:
            real.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                real.mkdir(mode=0o700)
            os.close(_open_checked(str(real), None, "the cache folder"))
            _user_key(real)
        except _UntrustedError as exc:
            problem = str(exc)
        except OSError as exc:
            problem = f"it cannot be used ({exc.strerror or exc})"
    return CacheFolder(real, None) if problem is None else CacheFolder(None, problem, str(folder))


def _outside_sources(folder: Path, project: Path) -> str | None:
    """Why `folder` is a place a pull request could write to, or None."""
    if folder == project or project in folder.parents:
        return f"it is inside the project ({project})"
    for above in (folder, *folder.parents):
        if os.path.lexists(above / ".git"):
            return f"it is inside the git work tree at {above}, where a pull request could add files of its own"
    return None


def _open_checked(name: str, parent: int | None, what: str, *, folder: bool = True) -> int:
    """Open `name` (relative to the open folder `parent`) without following a symbolic link,
    and check it is a folder (or a file) of this user's that no one else can write."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | (os.O_DIRECTORY if folder else 0)
    try:
        fd = os.open(name, flags, dir_fd=parent)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        link = stat.S_ISLNK(os.lstat(name, dir_fd=parent).st_mode)
        raise _UntrustedError(f"{what} is a symbolic link" if link else f"{what} is not a folder") from None
    info = os.fstat(fd)
    problem = None
    if not (stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)):
        problem = f"{what} is not a {'folder' if folder else 'file'}"
    elif info.st_uid != os.getuid():
        problem = f"{what} belongs to another user (user id {info.st_uid})"
    elif info.st_mode & 0o022:
        problem = f"other users can write to {what} (its mode is {stat.S_IMODE(info.st_mode):o})"
    if problem is not None:
        os.close(fd)
        raise _UntrustedError(problem)
    return fd


@contextlib.contextmanager
def _folder(root: Path, *names: str, create: bool) -> Iterator[int]:
    """The open, checked folder `root/names...`, each step created (when `create`) and checked."""
    fd = _open_checked(str(root), None, "the cache folder")
    try:
        for name in names:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o700, dir_fd=fd)
            inner = _open_checked(name, fd, f"the cache's folder {name!r}")
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


def _user_key(root: Path) -> bytes:
    """This user's signing key, made the first time: 32 random bytes, readable by no one else."""
    with _folder(root, create=False) as fd:
        try:
            made = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=fd)
        except FileExistsError:
            pass
        else:
            with os.fdopen(made, "wb") as stream:
                stream.write(secrets.token_bytes(KEY_BYTES))
        key_fd = _open_checked(KEY_FILE, fd, "the cache's key file", folder=False)
        with os.fdopen(key_fd, "rb") as stream:
            if os.fstat(stream.fileno()).st_mode & 0o077:
                raise _UntrustedError("other users can read the cache's key file")
            key = stream.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise _UntrustedError("the cache's key file is damaged; delete it")
    return key


def _project_dir(project: Path) -> str:
    """This project's folder in the cache: one per checkout, named by a hash of its path."""
    return hashlib.sha256(str(project.resolve()).encode()).hexdigest()[:16]


def _signature(key: bytes, name: str, payload: bytes) -> bytes:
    return hmac.new(key, name.encode() + b"\0" + payload, hashlib.sha256).hexdigest().encode()


def read_signed(folder: CacheFolder, project: Path, name: str) -> Any:
    """The JSON kept in this project's file `name`, if it is there, ours and signed by us; else None."""
    if folder.path is None:
        return None
    try:
        key = _user_key(folder.path)
        with _folder(folder.path, _project_dir(project), create=False) as fd:
            file_fd = _open_checked(name, fd, f"the cache file {name!r}", folder=False)
            with os.fdopen(file_fd, "rb") as stream:
                signature, _, payload = stream.read().partition(b"\n")
        if not hmac.compare_digest(signature, _signature(key, f"{_project_dir(project)}/{name}", payload)):
            return None
        return json.loads(payload)
    except (OSError, ValueError, _UntrustedError):
        return None


def write_signed(folder: CacheFolder, project: Path, name: str, content: dict[str, Any]) -> None:
    """Replace this project's file `name` whole or not at all, signed; a cache that cannot be
    written only makes the next run slower."""
    if folder.path is None:
        return
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # one C call
    try:
        key = _user_key(folder.path)
        with _folder(folder.path, _project_dir(project), create=True) as fd:
            temporary = f".{name}.{secrets.token_hex(8)}.tmp"
            out = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=fd)
            try:
                with os.fdopen(out, "wb") as stream:
                    stream.write(_signature(key, f"{_project_dir(project)}/{name}", payload) + b"\n" + payload)
                os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=fd)
                raise
    except (OSError, _UntrustedError):
        pass


#: The libraries whose behaviour can change an answer: what a file parses into, whether it
#: passes the schemas, and what the pages say.
ANSWERING_LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-rs", "referencing", "markdown", "pymdown-extensions", "nh3")


def library_versions() -> dict[str, str]:
    """The installed version of each answering library, and of the libyaml PyYAML uses (if any)."""
    versions = {}
    for name in ANSWERING_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    try:
        from yaml import _yaml

        versions["libyaml"] = str(_yaml.get_version_string())
    except ImportError:
        versions["libyaml"] = "absent"
    return versions


@functools.cache
def _engine_fingerprint() -> bytes:
    """policybook's own code and the libraries it answers with, read once per process
    however many caches ask: an upgrade of any of them never reuses an earlier answer."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for source in sorted(_ENGINE.rglob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    digest.update(json.dumps(library_versions(), sort_keys=True).encode())
    return digest.digest()


class CheckCache:
    """Checked documents of one project, by the hash of their bytes."""

    FILE = "checked.json"

    def __init__(self, folder: CacheFolder, *, project: Path, schemas_fingerprint: str) -> None:
        self.folder, self.project = folder, project
        self._salt = hashlib.sha256(_engine_fingerprint() + schemas_fingerprint.encode()).hexdigest()
        self._entries: dict[str, Any] = self._read()
        self._fresh: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        content = read_signed(self.folder, self.project, self.FILE)
        if not isinstance(content, dict) or content.get("salt") != self._salt or not isinstance(content.get("entries"), dict):
            return {}
        entries: dict[str, Any] = content["entries"]
        return entries

    @staticmethod
    def key(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    def get(self, key: str) -> tuple[dict[str, Any], str | None] | None:
        """The data and `$schema` hint the bytes with this `key` were read into when they last passed."""
        entry = self._entries.get(key)
        if isinstance(entry, dict) and isinstance(entry.get("data"), dict) and isinstance(entry.get("hint"), (str, type(None))):
            return entry["data"], entry["hint"]
        return None

    def keep(self, key: str, data: dict[str, Any], hint: str | None) -> None:
        self._fresh[key] = {"data": data, "hint": hint}

    def save(self) -> None:
        """Write this run's entries (and only those: files that are gone are forgotten)."""
        if self._fresh != self._entries:
            write_signed(self.folder, self.project, self.FILE, {"salt": self._salt, "entries": self._fresh})


_TEMPORARY: dict[tuple[Path, str], Path] = {}


def project_folder(project: Path, name: str) -> Path:
    """A working folder of this project's own in the cache (when the cache is not used, a
    temporary one that lasts as long as this process, so repeated builds find it again)."""
    folder = cache_folder(project)
    if folder.path is not None:
        try:
            with _folder(folder.path, _project_dir(project), name, create=True):
                return folder.path / _project_dir(project) / name
        except (OSError, _UntrustedError):
            pass
    key = (project.resolve(), name)
    if key not in _TEMPORARY:
        _TEMPORARY[key] = Path(tempfile.mkdtemp(prefix=f"policybook-{name}-"))
    return _TEMPORARY[key]


class SiteCache:
    """The last rendered handbook of a project, reused when every input is the same.

    Keyed by a hash of all the inputs (the policies' bytes, the schemas, the history, the
    settings and the date) together with policybook's own code: any difference renders again.
    """

    FILE = "site.json"

    def __init__(self, folder: CacheFolder, *, project: Path) -> None:
        self.folder, self.project = folder, project

    @staticmethod
    def key(*inputs: Any) -> str:
        return hashlib.sha256(_engine_fingerprint() + json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        content = read_signed(self.folder, self.project, self.FILE)
        return content.get("site") if isinstance(content, dict) and content.get("key") == key and isinstance(content.get("site"), dict) else None

    def put(self, key: str, site: dict[str, Any]) -> None:
        write_signed(self.folder, self.project, self.FILE, {"key": key, "site": site})
