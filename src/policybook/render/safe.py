"""Sanitising the HTML of whole pages: the site-level defence in depth.

Policy text reaches a page only as fragments that are already sanitised (`fragment`), so
a generated page is safe as written. Its HTML is sanitised once more all the same, after
Markdown has made it: an allowlist of tags and attributes, and links only to http(s),
mailto and relative addresses. What gets sanitised is decided by where a page came from,
never by what it says: the MkDocs hook sanitises every page it generated (it knows its
own files), and this module's Markdown extension sanitises every page it converts.

Use the extension from any Python-Markdown site builder, for example one that runs no
MkDocs hooks: `markdown_extensions: [policybook.render.safe]`. It sanitises hand-written
pages too, which arrive by pull request like the policies.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

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
_CHART_IMAGE = re.compile(r"((\.\./)*scorecard/)?[A-Za-z0-9][A-Za-z0-9_-]*\.svg\Z")  # bare: from the scorecard page itself
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
    return _IMAGE_WITHOUT_SOURCE.sub("", _keeping_interrupts(_CLEANER.clean, html))


def _keeping_interrupts(clean: Any, html: str) -> str:
    """`clean(html)`, letting a Ctrl-C (or any exit) that arrives during it stop the build.

    nh3 calls `_attribute_filter` from Rust and reports an exception raised there as
    "unraisable", then carries on: a signal arriving while the filter runs would be lost,
    and the build would go on to publish. Such reports are caught here and raised again
    once nh3 has returned; other unraisable errors go to the usual hook. (The filter stays a
    callback: nh3's own options can allow classes but not refuse them by prefix, nor check
    ids against a pattern, and filtering its output afterwards would mean parsing HTML again.)
    """
    caught: list[BaseException] = []
    usual = sys.unraisablehook

    def keep(report: Any) -> None:
        if report.exc_value is not None and not isinstance(report.exc_value, Exception):
            caught.append(report.exc_value)
        else:
            usual(report)

    sys.unraisablehook = keep
    try:
        cleaned: str = clean(html)
    finally:
        sys.unraisablehook = usual
    if caught:
        raise caught[0]
    return cleaned


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
