"""Policy text as self-contained HTML: each text field rendered on its own, then sanitised.

Policy text is written by people who may not be trusted, so it is never pasted into a
page's Markdown, where it could open a table it never closes, borrow the theme's classes
or add headings to the page's table of contents. Instead policybook renders every text
field itself, alone: Markdown with the features below and no others, then `nh3` with an
allowlist of the tags those features make, then written out so that the page's own
Markdown (any Python-Markdown builder, any extensions) sees only finished HTML in it.

What policy text may use, and what it may not:

- **kept**: paragraphs and line breaks, `**bold**` and `*italic*`, `` `code` `` and
  indented code blocks, links (`[text](https://…)`, `<https://…>`, `<name@example.org>`, and
  reference links whose `[name]: https://…` is in the same text), bulleted and numbered
  lists, block quotes. Links go to http(s), mailto and relative addresses only.
- **shown as written**: raw HTML (`<div>`, `<b>`, `<customer name>`: text, not markup),
  headings (`## Title`), horizontal rules, images, `{: attribute lists }`, admonitions,
  tables.

Raw HTML is shown rather than refused because leaders write text, not markup: service
scripts say "Good morning, <customer name>" and "press <Enter>", and those words must
reach the reader as written; a hostile tag is then only words too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from markdown import Markdown

#: The tags the Markdown above makes; nothing else survives, and no attribute but a link's.
TAGS = frozenset({"p", "br", "strong", "em", "code", "pre", "a", "ul", "ol", "li", "blockquote"})
_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={"a": {"href", "title"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)
#: Python-Markdown's processors for what policy text may not use (see the module's docstring).
_DROPPED = {
    "preprocessors": ("html_block",),
    "blockprocessors": ("hashheader", "setextheader", "hr"),
    "inlinePatterns": ("html", "image_link", "image_reference", "short_image_ref"),
}
#: Characters a page's Markdown, or a Markdown extension a site may enable, could read as
#: syntax (emphasis, links, code, tables, attribute lists, emoji, maths, marks, magic
#: links...): written as character references, which every Markdown leaves as they are.
#: Line breaks too, so that a fragment is one line: nothing can start on a line of its own.
_SYNTAX = re.compile(r"""[\\`*_\[\]<>&{}|!#~^=+$@:"\n\r\t]""")


@dataclass(frozen=True)
class Fragment:
    """A text field as HTML that can be put anywhere in a page's Markdown."""

    #: the HTML, on one line, every character Markdown could read written as a reference
    html: str
    #: when the text is one paragraph, that paragraph's content (`html` without its `<p>`)
    inline: str | None


def _markdown() -> Markdown:
    md = Markdown(output_format="html")
    for registry, names in _DROPPED.items():
        for name in names:
            getattr(md if registry != "blockprocessors" else md.parser, registry).deregister(name)
    return md


_MD = _markdown()


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def inert(text: str) -> str:
    """`text` with every character that Markdown could read as syntax written as an HTML
    character reference: the same text to a browser, nothing to Markdown."""
    return _SYNTAX.sub(lambda m: _reference(m.group()), text)


class _Writer(HTMLParser):
    """Writes sanitised HTML out again with `inert` text and attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f"<{tag}" + "".join(f' {name}="{inert(value or "")}"' for name, value in attrs) + ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(inert(data))


#: Text that is one plain paragraph to Markdown: one line, no character that could start
#: emphasis, code, a link, markup or an entity, and no list, quote or code-block opening.
_PLAIN = re.compile(r"[^\s\-+*>#0-9=][^\n\r\t*_`\[\]<>&\\]*(?<!\s)\Z")


#: Texts remembered: a statement's text is on its policy's page and again on up to five role
#: pages, rendered after all the policy pages; this many covers the statements of ten
#: thousand policies (some tens of megabytes at most).
_REMEMBERED = 1 << 16


@functools.lru_cache(maxsize=_REMEMBERED)
def render_text(text: str) -> Fragment:
    """`text` (policy Markdown) rendered alone and sanitised: see the module's docstring."""
    if _PLAIN.match(text):  # most texts: the same result as below, without the work
        return Fragment(f"<p>{inert(text)}</p>", inline=inert(text))
    try:
        html = _CLEANER.clean(_MD.reset().convert(text))
    except RecursionError:  # lists nested hundreds deep (validation refuses them): the text as written
        html = "<p>" + nh3.clean_text(text) + "</p>"
    writer = _Writer()
    writer.feed(html)
    writer.close()
    out = "".join(writer.out)
    one_paragraph = out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1
    return Fragment(out, inline=out[3:-4] if one_paragraph else None)
