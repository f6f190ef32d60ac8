"""The project around the policies: where its root is, its settings, and which files are policies."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from .config import Settings, load_settings
from .load import not_a_file
from .problems import Problem, ProjectError, error, warning

CONFIG = "mkdocs.yml"
POLICY_SUFFIX = ".yaml"


@dataclass(frozen=True)
class Project:
    """A handbook project: a folder with `mkdocs.yml`, `policies/` and `schemas/`."""

    root: Path
    repo_url: str | None = None
    edit_uri: str | None = None
    site_url: str | None = None
    docs_dir: str = "handbook"
    site_name: str = "Handbook"
    site_dir: str = "site"

    @property
    def policies(self) -> Path:
        return self.root / "policies"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def records(self) -> Path:
        """Where leaders' activity records are kept (see `records`)."""
        return self.root / "records"

    @cached_property
    def settings(self) -> Settings:
        """The handbook's `policybook.yml` (or the defaults); `ConfigError` lists its mistakes."""
        return load_settings(self.root)

    def relative(self, path: Path) -> str:
        """`path` relative to the project root, as the site and `policies.json` name it."""
        return display_path(path, self.root)


def today() -> date:
    """The day validation checks dates against (an overdue review is about the real day):
    `POLICYBOOK_TODAY` (YYYY-MM-DD) if set, else today."""
    configured = os.environ.get("POLICYBOOK_TODAY")
    try:
        return date.fromisoformat(configured) if configured else date.today()
    except ValueError:
        raise ProjectError(error("POLICYBOOK_TODAY", 1, 1, "config", f"POLICYBOOK_TODAY is {configured!r}; write the date as YYYY-MM-DD")) from None


def build_epoch(root: Path) -> int | None:
    """When the build's inputs were made, in seconds: `SOURCE_DATE_EPOCH` if set, else the
    time of the git commit being built; None for a plain folder."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        try:
            return int(os.environ["SOURCE_DATE_EPOCH"])
        except ValueError:
            raise ProjectError(error("SOURCE_DATE_EPOCH", 1, 1, "config", f"SOURCE_DATE_EPOCH is {os.environ['SOURCE_DATE_EPOCH']!r}; write a number of seconds")) from None
    try:
        result = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return int(result.stdout) if result.returncode == 0 and result.stdout.strip().isdigit() else None


def find_project(start: Path) -> Project:
    """The nearest folder at or above `start` holding `mkdocs.yml`."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        if (folder / CONFIG).is_file():
            return read_project(folder)
    raise ProjectError(error(str(start), 1, 1, "no-project", f"no {CONFIG} found in {start} or any folder above it; run policybook inside a handbook project"))


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for a few plain settings as MkDocs does: `!ENV` from the environment
    (a published handbook's `site_url` comes from where it is published), and the
    `!!python/name` tags MkDocs allows ignored."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_constructor("!ENV", construct_env_tag)


def read_project(root: Path) -> Project:
    path = root / CONFIG
    try:
        config: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506 - safe loader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProjectError(error(str(path), 1, 1, "config", f"cannot read {CONFIG}: {exc}")) from None
    config = config if isinstance(config, dict) else {}

    def text(key: str) -> str | None:
        value = config.get(key)
        return value if isinstance(value, str) and value else None

    return Project(
        root=root.resolve(),
        repo_url=text("repo_url"),
        edit_uri=text("edit_uri"),
        site_url=text("site_url"),
        docs_dir=text("docs_dir") or "handbook",
        site_name=text("site_name") or "Handbook",
        site_dir=text("site_dir") or "site",
    )


def display_path(path: Path, base: Path) -> str:
    """`path` relative to `base` when inside it, else absolute; always with forward slashes.

    String work rather than `Path.relative_to`: it runs for every policy, several times.
    """
    text, prefix = path.as_posix(), base.as_posix().rstrip("/") + "/"
    return text[len(prefix) :] if text.startswith(prefix) else text


def _named_like_a_policy(path: Path) -> bool:
    return path.suffix.lower() in (".yml", ".yaml")


def collect(paths: Sequence[Path], *, root: Path, base: Path) -> tuple[list[Path], list[Problem]]:
    """The policy files under `paths`, and a problem for every other file found there.

    Nothing is skipped silently, hidden files included: a file that is not a policy is reported, a `.yml` or
    `.YAML` file is checked but is an error (it was surely meant as a policy), links out of `root` are refused,
    and anything that is not an ordinary file (a named pipe, a device, a folder named `*.yaml`) is an error.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        absolute = given if given.is_absolute() else base / given
        if absolute.is_dir() and not absolute.is_symlink():
            if _named_like_a_policy(absolute):
                problems.append(error(display_path(absolute, base), 1, 1, "not-a-file", _FOLDER_MESSAGE))
            for folder, dirs, names in os.walk(absolute):
                dirs[:] = sorted(dirs)
                for name in sorted(names):
                    _classify(Path(folder) / name, root, base, files, problems)
                for name in dirs:
                    if (Path(folder) / name).is_symlink():
                        _classify(Path(folder) / name, root, base, files, problems)
                    elif _named_like_a_policy(Path(name)):
                        problems.append(error(display_path(Path(folder) / name, base), 1, 1, "not-a-file", _FOLDER_MESSAGE))
        else:
            _classify(absolute, root, base, files, problems)
    return sorted(set(files), key=str), problems


_FOLDER_MESSAGE = not_a_file(stat.S_IFDIR) or ""


def _classify(path: Path, root: Path, base: Path, files: list[Path], problems: list[Problem]) -> None:
    shown = display_path(path, base)
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            problems.append(error(shown, 1, 1, "symlink", "this is a link to a file that does not exist; remove it or copy the policy file here"))
            return
        if not target.is_relative_to(root.resolve()):
            problems.append(error(shown, 1, 1, "symlink", "this is a link to a file outside the project, which is not allowed; copy the policy file into policies/ instead"))
            return
        if target.is_dir():
            problems.append(warning(shown, 1, 1, "not-a-policy", "this is a link to a folder, which is not followed; move the policies it holds into policies/"))
            return
    try:
        mode = path.stat().st_mode  # never opened here: a named pipe must not be waited on
    except FileNotFoundError:
        mode = None
    except OSError:
        mode = stat.S_IFREG  # cannot even look at it: reading it will say why
    special = not_a_file(mode) if mode is not None else None
    if special is not None:
        problems.append(error(shown, 1, 1, "not-a-file", special))
    elif path.suffix == POLICY_SUFFIX:
        files.append(path)
    elif _named_like_a_policy(path):
        files.append(path)  # still checked, so its id counts and its other problems show too
        problems.append(error(shown, 1, 1, "file-extension", f"policy files end in '.yaml' (lower case); rename this file to {path.stem + POLICY_SUFFIX!r}"))
    elif mode is None:
        problems.append(error(shown, 1, 1, "unreadable", "no such file or folder; check the path"))
    else:
        problems.append(warning(shown, 1, 1, "not-a-policy", "this file is not a policy (policy files end in '.yaml') and is ignored; move it out of the policies folder"))
