"""Small helpers that put policy values into Markdown without changing their meaning."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any

from .safe import MARKER

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
#: Openings of HTML whose content runs on to a closing tag that may never come (comments,
#: <style>, <script>...): shown as text, so one field cannot swallow the rest of a page.
_RUNAWAY = re.compile(r"<(?=!--|/?\s*(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template|svg|math)\b)", re.I)
_SPACES = re.compile(r"\s+")


def plain(text: str) -> str:
    """Plain text (a title, an owner) shown literally: no Markdown, no HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def contain(markdown: str) -> str:
    """Policy Markdown made safe to embed: runaway HTML openings become text (see `_RUNAWAY`);
    everything else is left to the sanitiser, after Markdown has made the page HTML."""
    return _RUNAWAY.sub("&lt;", markdown)


def cell(markdown: str) -> str:
    """Markdown text squeezed into one table cell: one line, pipes escaped."""
    return _SPACES.sub(" ", contain(markdown)).strip().replace("|", "\\|")


def plain_cell(text: str) -> str:
    return cell(plain(text))


def block(markdown: str, indent: int = 0) -> str:
    """Markdown text as a block, its following lines indented to stay inside a list item or box."""
    pad = " " * indent
    lines = contain(markdown).strip("\n").split("\n")
    return "\n".join([lines[0], *(pad + line if line.strip() else "" for line in lines[1:])])


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"- {block(item, 4)}" for item in items)


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A Markdown table; cells must already be made safe with `cell` or `plain_cell`."""
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def link(text: str, source: str, target: str) -> str:
    """A Markdown link between two generated pages, relative so any builder resolves it."""
    return f"[{text}]({relative(source, target)})"


def relative(source: str, target: str) -> str:
    """`target` as a link from the page `source` (both paths inside the docs folder).

    Plain string work, not `posixpath.relpath`: it runs for every link of every page.
    """
    path, _, anchor = target.partition("#")
    here, there = source.split("/")[:-1], path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    return rel + (f"#{anchor}" if anchor else "")


def page(meta: dict[str, Any], body: Iterable[str]) -> str:
    """A complete generated page: front matter, the sanitise marker, then the sections.

    Front matter values are written as JSON, which is YAML too, and much quicker to write.
    """
    front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    sections = "\n\n".join(part.strip("\n") for part in body if part and part.strip())
    return f"---\n{front}---\n{MARKER}\n\n{sections}\n"


def title_meta(title: str) -> str:
    """A page title for front matter: themes print it as HTML, so it is escaped here."""
    return html.escape(title, quote=True)


def label(words: str) -> str:
    return words.replace("-", " ").capitalize()
