"""Sanitising the HTML of pages built from policy text, as a Python-Markdown extension.

Policy text is Markdown written by people who may not be trusted. Rather than guess at
Markdown's many ways to make a link or smuggle HTML, every generated page is sanitised
after Markdown has turned it into HTML: an allowlist of tags and attributes, and links
only to http(s), mailto and relative addresses. Generated pages start with `MARKER`;
hand-written pages are left alone.

Use it from any Python-Markdown site builder: `markdown_extensions: [policybook.render.safe]`.
"""

from __future__ import annotations

from typing import Any

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

#: First line of every generated page: asks for the page's HTML to be sanitised.
MARKER = "<!-- policybook:sanitise -->"

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "details": {"open"},
}
_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> str:
    """Keep only harmless tags and attributes, and links with a safe scheme or none."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel="noopener noreferrer", strip_comments=True)


class _SanitisePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text) if text.lstrip().startswith(MARKER) else text


class SanitiseExtension(Extension):
    """Registers the sanitiser to run last, after raw HTML has been put back into the page."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(_SanitisePostprocessor(md), "policybook_sanitise", 0)


def makeExtension(**kwargs: Any) -> SanitiseExtension:  # noqa: N802 - Python-Markdown's entry point
    return SanitiseExtension(**kwargs)
