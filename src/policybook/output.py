"""Writing a rendered handbook to disk, for site builders that run no MkDocs hooks."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .render import Site


def write_docs(site: Site, *, docs_dir: Path, out_dir: Path) -> int:
    """Make `out_dir` a complete docs folder: the hand-written pages plus the generated ones.

    The folder is assembled beside `out_dir` and swapped in at the end, so a failure
    leaves the previous contents as they were. Returns the number of files written.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        if docs_dir.is_dir():
            shutil.copytree(docs_dir, staging, dirs_exist_ok=True)
        contents: list[tuple[str, str | bytes]] = [*site.pages.items(), *site.files.items()]
        for path, content in contents:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        count = sum(1 for p in staging.rglob("*") if p.is_file())
        swap_in(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return count


def swap_in(staging: Path, target: Path) -> None:
    """Put the finished folder `staging` where `target` is, by renames beside it: readers of
    `target` see the old folder or the new one, never a half-written one."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    try:
        moved = target.exists()
        if moved:
            target.rename(old / target.name)
        try:
            staging.rename(target)
        except OSError:
            if moved:
                (old / target.name).rename(target)  # the previous folder goes back
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
