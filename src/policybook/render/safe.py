"""Sanitising the HTML of pages built from policy text, as a Python-Markdown extension.

Policy text is Markdown written by people who may not be trusted. Rather than guess at
Markdown's many ways to make a link or smuggle HTML, every generated page is sanitised
after Markdown has turned it into HTML: an allowlist of tags and attributes, and links
only to http(s), mailto and relative addresses. Generated pages start with `MARKER`;
hand-written pages are left alone.

Use it from any Python-Markdown site builder: `markdown_extensions: [policybook.render.safe]`.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

#: First line of every generated page: asks for the page's HTML to be sanitised.
MARKER = "<!-- policybook:sanitise -->"

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "details": {"open"},
}
_SCHEMES = {"http", "https", "mailto"}
#: The only images a page may show: the scorecard's charts, made by policybook itself as
#: static SVG in the handbook's own `scorecard/` folder. Any other image loses its address, so
#: no page loads an image from another host or one that a pull request brought.
_CHART_IMAGE = re.compile(r"(\.\./)*scorecard/[A-Za-z0-9][A-Za-z0-9_-]*\.svg\Z")
#: An image left without an address, as the sanitiser writes it (every value in double
#: quotes, a quote inside escaped): taken out whole.
_IMAGE_WITHOUT_SOURCE = re.compile(r'<img(?:\s+(?!src=)[a-z][a-z0-9-]*="[^"]*")*\s*/?>')
#: An id a page's content may carry: not starting with '_', so it cannot take the place of
#: the theme's own elements (Material reads its settings from `#__config`).
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*\Z")


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if _CHART_IMAGE.match(value) else None
    if attribute == "id":
        return value if _SAFE_ID.match(value) else None
    if attribute == "class":  # the theme's own classes stay the theme's
        kept = " ".join(name for name in value.split() if not name.startswith(("md-", "_")))
        return kept or None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    url_schemes=_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_attribute_filter,
)
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={}, strip_comments=True)


def sanitise(html: str) -> str:
    """Keep only harmless tags and attributes, and links with a safe scheme or none; of
    images, only the scorecard's charts."""
    return _IMAGE_WITHOUT_SOURCE.sub("", _CLEANER.clean(html))


def text_only(html: str) -> str:
    """`html` as safe text: every tag gone, what is left escaped (for table-of-contents titles)."""
    return _TEXT_ONLY.clean(html)


def _clean_toc(tokens: list[dict[str, Any]]) -> None:
    """Themes print table-of-contents titles as HTML, unescaped: make them text."""
    for token in tokens:
        for field in ("name", "html"):
            if isinstance(token.get(field), str):
                token[field] = text_only(token[field])
        _clean_toc(token.get("children", []))


class _SanitisePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        if not text.lstrip().startswith(MARKER):
            return text
        _clean_toc(getattr(self.md, "toc_tokens", []))
        if isinstance(getattr(self.md, "toc", None), str):
            self.md.toc = sanitise(self.md.toc)  # type: ignore[attr-defined]
        return sanitise(text)


class SanitiseExtension(Extension):
    """Registers the sanitiser to run last, after raw HTML has been put back into the page
    and the table of contents has been made."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(_SanitisePostprocessor(md), "policybook_sanitise", 0)


def makeExtension(**kwargs: Any) -> SanitiseExtension:  # noqa: N802 - Python-Markdown's entry point
    return SanitiseExtension(**kwargs)
