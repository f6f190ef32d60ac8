"""A content-hash cache of policies that passed every check their bytes alone decide.

A repeated run reads each file, hashes it, and for a known hash takes the data it was
read into last time instead of parsing and checking it again. The key is the file's
bytes plus a fingerprint of the schemas and of policybook's own code, so an edit to a
policy, a schema or the checker is never answered from the cache. What depends on
more than the bytes (the file's name, today's date, the other files) is checked afresh
every run.

The cache lives in the user's cache folder, never in the project: a pull request cannot
bring its own answers. It is JSON, never pickle, and a damaged cache is simply ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1
_ENGINE = Path(__file__).parent


def cache_root() -> Path | None:
    """`POLICYBOOK_CACHE_DIR` ('' or 'off' turns caching off), else the XDG cache folder."""
    configured = os.environ.get("POLICYBOOK_CACHE_DIR")
    if configured is not None:
        return None if configured.strip() in ("", "off") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policybook"


def _project_dir(root: Path, project: Path) -> Path:
    """This project's folder in the cache: one per checkout, named by a hash of its path."""
    return root / hashlib.sha256(str(project.resolve()).encode()).hexdigest()[:16]


def _write_json(file: Path, content: dict[str, Any]) -> None:
    """Replace `file` whole or not at all; a cache that cannot be written only makes the next run
    slower. The temporary file is removed whatever happens (a full disk, an interrupt)."""
    temporary: Path | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))  # one C call
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=file.parent, delete=False, suffix=".tmp") as stream:
            temporary = Path(stream.name)
            stream.write(text)
        temporary.replace(file)
        temporary = None
    except OSError:
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


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

    def __init__(self, root: Path | None, *, project: Path, schemas_fingerprint: str) -> None:
        salt = hashlib.sha256(_engine_fingerprint() + schemas_fingerprint.encode()).hexdigest()
        self.file = None if root is None else _project_dir(root, project) / "checked.json"
        self._salt = salt
        self._entries: dict[str, Any] = self._read()
        self._fresh: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        if self.file is None:
            return {}
        try:
            content = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
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
        if isinstance(entry, dict) and isinstance(entry.get("data"), dict):
            return entry["data"], entry.get("hint")
        return None

    def keep(self, key: str, data: dict[str, Any], hint: str | None) -> None:
        self._fresh[key] = {"data": data, "hint": hint}

    def save(self) -> None:
        """Write this run's entries (and only those: files that are gone are forgotten)."""
        if self.file is None or self._fresh == self._entries:
            return
        _write_json(self.file, {"salt": self._salt, "entries": self._fresh})


_TEMPORARY: dict[tuple[Path, str], Path] = {}


def project_folder(project: Path, name: str) -> Path:
    """A working folder of this project's own in the cache (when caching is off, a temporary
    one that lasts as long as this process, so repeated builds find it again)."""
    root = cache_root()
    if root is None:
        key = (project.resolve(), name)
        if key not in _TEMPORARY:
            _TEMPORARY[key] = Path(tempfile.mkdtemp(prefix=f"policybook-{name}-"))
        return _TEMPORARY[key]
    folder = _project_dir(root, project) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class SiteCache:
    """The last rendered handbook of a project, reused when every input is the same.

    Keyed by a hash of all the inputs (the policies' bytes, the schemas, the history, the
    settings and the date) together with policybook's own code: any difference renders again.
    """

    def __init__(self, root: Path | None, *, project: Path) -> None:
        self.file = None if root is None else _project_dir(root, project) / "site.json"

    @staticmethod
    def key(*inputs: Any) -> str:
        return hashlib.sha256(_engine_fingerprint() + json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        if self.file is None:
            return None
        try:
            content = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return content.get("site") if isinstance(content, dict) and content.get("key") == key and isinstance(content.get("site"), dict) else None

    def put(self, key: str, site: dict[str, Any]) -> None:
        if self.file is not None:
            _write_json(self.file, {"key": key, "site": site})
