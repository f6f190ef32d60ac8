"""Small helpers that put policy values into Markdown without changing their meaning.

Values come in two forms. Plain text (a title, an owner, a phrase) is escaped and shown
exactly as written. Policy text (Markdown) is rendered on its own into a sanitised HTML
fragment (`fragment.render_text`) and put into the page whole: `text_block` where a block
may stand, `text_inline` inside a table cell or a list item. Either way nothing in a value
can open or close anything outside it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any

from .fragment import render_text

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
_SPACES = re.compile(r"\s+")
#: The class of the element around every policy text, for the handbook's stylesheet.
TEXT_CLASS = "pb-text"


def plain(text: str) -> str:
    """Plain text (a title, an owner) shown literally: no Markdown, no HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def text_block(markdown: str) -> str:
    """Policy text as one block of HTML, for a line of its own between blank lines."""
    return f'<div class="{TEXT_CLASS}">{render_text(markdown).html}</div>'


def text_inline(markdown: str) -> str:
    """Policy text for a table cell or after a list item's label: inline when it is one
    paragraph (so it reads on as before), else a block that the cell or item holds."""
    fragment = render_text(markdown)
    if fragment.inline is None:
        return f'<div class="{TEXT_CLASS}">{fragment.html}</div>'
    return f'<span class="{TEXT_CLASS}">{fragment.inline}</span>'


def cell(markdown: str) -> str:
    """Policy text in a table cell (already one line, and its `|` a reference)."""
    return text_inline(markdown)


def plain_cell(text: str) -> str:
    """Plain text in a table cell: one line, pipes escaped."""
    return _SPACES.sub(" ", plain(text)).strip().replace("|", "\\|")


def bullet_list(items: Iterable[str]) -> str:
    """A Markdown list of page-made items, each one line (policy text in them via `text_inline`)."""
    return "\n".join(f"- {item}" for item in items)


def text_list(texts: Iterable[str]) -> str:
    """A Markdown list of policy texts."""
    return bullet_list(text_inline(text) for text in texts)


def box(kind: str, title: str, *parts: str) -> str:
    """An admonition (a coloured box with a title) as HTML, for boxes that hold policy text:
    the Markdown form indents its content, where a text's block could not stand whole.
    `parts` are HTML: sentences of the page's own, and `text_block`s."""
    return f'<div class="admonition {kind}"><p class="admonition-title">{html.escape(title)}</p>{"".join(parts)}</div>'


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
    """A complete generated page: front matter, then the sections.

    Front matter values are written as JSON, which is YAML too, and much quicker to write.
    """
    front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    sections = "\n\n".join(part.strip("\n") for part in body if part and part.strip())
    return f"---\n{front}---\n\n{sections}\n"


def title_meta(title: str) -> str:
    """A page title for front matter: themes print it as HTML, so it is escaped here."""
    return html.escape(title, quote=True)


def label(words: str) -> str:
    return words.replace("-", " ").capitalize()
