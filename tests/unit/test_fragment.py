"""Policy text rendered on its own: the Markdown it may use works, everything else is shown as
written, and the fragment means the same in any page, whatever Markdown extensions the page uses."""

from __future__ import annotations

import html
import os
import re
import time
from html.parser import HTMLParser

import markdown
import nh3
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policybook.render.fragment import TAGS, render_text
from policybook.render.text import text_block, text_inline

PROFILE = settings(deadline=None, derandomize=bool(os.environ.get("CI")), database=None if os.environ.get("CI") else settings.default.database)


def _html(text: str) -> str:
    """The fragment as a browser reads it: references decoded, the HTML written out plainly."""
    return nh3.clean(html.unescape(render_text(text).html), tags=set(TAGS), attributes={"a": {"href", "title", "rel"}}, link_rel=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**bold** and *italic* and `code`", "<p><strong>bold</strong> and <em>italic</em> and <code>code</code></p>"),
        ("[a link](https://example.org/x)", '<p><a href="https://example.org/x" rel="noopener noreferrer">a link</a></p>'),
        ("<https://example.org/>", '<p><a href="https://example.org/" rel="noopener noreferrer">https://example.org/</a></p>'),
        ("See [the guide][g].\n\n[g]: https://example.org/guide", '<p>See <a href="https://example.org/guide" rel="noopener noreferrer">the guide</a>.</p>'),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. first\n2. second", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("    code block", "<pre><code>code block\n</code></pre>"),
        ("line  \nbreak", "<p>line<br>\nbreak</p>"),
    ],
)
def test_the_markdown_policy_text_may_use(text: str, expected: str) -> None:
    assert html.unescape(render_text(text).html) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Say: Good morning, <customer name>.",
        "Press <Enter>, then <b>wait</b>.",
        '<div class="admonition danger"><p class="admonition-title">Alert</p></div>',
        "<details open><summary>x</summary>y</details>",
        "## A heading",
        "# Another",
        "A line {: .md-button #__config }",
        "!!! danger \"Boxed\"",
        "| a | b |",
        "![a map](https://example.org/map.png)",
    ],
)
def test_what_policy_text_may_not_use_is_shown_as_written(text: str) -> None:
    fragment = render_text(text)
    assert fragment.inline is not None  # one paragraph of text
    assert html.unescape(fragment.inline) == text


def test_setext_headings_and_rules_are_text() -> None:
    assert html.unescape(render_text("Title\n=====\n\n---").html) == "<p>Title\n=====</p>\n<p>---</p>"


def test_an_image_is_shown_as_written() -> None:
    assert _html("![a map](https://example.org/map.png)") == "<p>![a map](https://example.org/map.png)</p>"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "&#106;avascript:alert(1)"])
def test_links_keep_only_safe_addresses(url: str) -> None:
    out = _html(f"[x]({url})")
    assert "href" not in out and ">x</a>" in out


def test_no_attribute_but_a_links_survives() -> None:
    out = _html('[x](https://example.org/ "a title")')
    assert out == '<p><a href="https://example.org/" title="a title" rel="noopener noreferrer">x</a></p>'


def test_inline_and_block_forms() -> None:
    assert text_inline("One *paragraph*.") == '<span class="pb-text">One <em>paragraph</em>.</span>'
    assert text_inline("Two.\n\nParagraphs.").startswith('<div class="pb-text"><p>')
    assert text_block("One.") == '<div class="pb-text"><p>One.</p></div>'


# --- the fragment means the same in any page --------------------------------------------

#: Extensions a site might enable, each with syntax of its own that could read policy text.
#: (Not the typographic ones, smarty and pymdownx.smartsymbols: a site that enables them
#: wants `--` made a dash in every text, and gets that, structure unchanged.)
SITE_EXTENSIONS = [
    "tables", "attr_list", "toc", "admonition", "abbr", "def_list", "footnotes", "md_in_html",
    "pymdownx.magiclink", "pymdownx.mark", "pymdownx.tilde", "pymdownx.caret", "pymdownx.critic", "pymdownx.keys",
    "pymdownx.emoji", "pymdownx.betterem", "pymdownx.inlinehilite", "pymdownx.superfences",
    "pymdownx.details", "pymdownx.tasklist", "pymdownx.arithmatex", "pymdownx.snippets",
]
SITE = markdown.Markdown(extensions=SITE_EXTENSIONS, extension_configs={"pymdownx.snippets": {"check_paths": False}})


class _Tree(HTMLParser):
    """Elements and text in order, whatever the spelling of the HTML: what a browser shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(f"<{tag} {sorted(attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.parts and self.parts[-1].startswith("text:"):
            self.parts[-1] += data
        else:
            self.parts.append("text:" + data)


def _tree(markup: str) -> list[str]:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    return [" ".join(p.split()) if p.startswith("text:") else p for p in tree.parts if p.strip() not in ("text:", "")]


PLACES = {
    "block": lambda fragment: f"## Why\n\n{fragment}\n\n## After\n",
    "list item": lambda fragment: f"- MUST {fragment}\n- next\n\n## After\n",
    "table cell": lambda fragment: f"| a | b |\n|---|---|\n| {fragment} | x |\n\n## After\n",
}
MARKDOWN_CHARS = st.text(alphabet=st.sampled_from(list("ab \n*_`[]()<>!#:=~^+{}|-.&;\\$@%'\"1>")), max_size=60)


@PROFILE
@given(MARKDOWN_CHARS, st.sampled_from(sorted(PLACES)))
@example("[x](javascript:alert(1)) {: .md-button } ==mark== ~~del~~ :smile: $x$ --8<-- https://example.org/ @user", "list item")
@example("<div><table><tr><td>open", "block")
@example("a | b | c", "table cell")
def test_a_fragment_means_the_same_in_any_page(text: str, place: str) -> None:
    """Put into a page in any place and converted with every extension above, the fragment
    comes out as it went in (element for element, text for text), and the page's own
    structure after it is intact."""
    fragment = text_block(text) if place == "block" else text_inline(text)
    page = SITE.reset().convert(PLACES[place](fragment))
    assert _tree(fragment) == _inner(page, fragment), page
    assert page.rstrip().endswith('<h2 id="after">After</h2>')


def _inner(page: str, fragment: str) -> list[str]:
    """The part of the page's tree that the fragment became."""
    whole, wanted = _tree(page), _tree(fragment)
    for start in range(len(whole)):
        if whole[start] == wanted[0]:
            depth, end = 0, start
            for end in range(start, len(whole)):
                if whole[end].startswith("</"):
                    depth -= 1
                elif whole[end].startswith("<"):
                    depth += 1
                if depth == 0:
                    break
            return whole[start : end + 1]
    return whole


@PROFILE
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80))
@example("2 visits a quarter")
@example("Answer within 3 rings, every time.")
def test_the_quick_path_for_plain_sentences_gives_the_same_html(text: str) -> None:
    from policybook.render import fragment as module

    quick = render_text.__wrapped__(text)  # type: ignore[attr-defined]
    if not module._PLAIN.match(text):
        return
    original = module._PLAIN
    try:
        module._PLAIN = re.compile(r"(?!)")  # never quick: the full rendering
        full = render_text.__wrapped__(text)  # type: ignore[attr-defined]
    finally:
        module._PLAIN = original
    assert quick == full


@pytest.mark.parametrize(
    "text",
    ["[`" * 10 + "a" * 4980, "- " * 2500, "> " * 2500, "1. " * 1600, "*" * 5000, "<" * 5000, "&#" * 2500, "\\" * 5000, "`" * 5000],
    ids=["brackets", "lists", "quotes", "numbered", "stars", "angles", "entities", "backslashes", "backticks"],
)
def test_hostile_text_renders_quickly_and_never_fails(text: str) -> None:
    started = time.monotonic()
    fragment = render_text.__wrapped__(text)  # type: ignore[attr-defined]
    assert time.monotonic() - started < 1.0
    assert fragment.html
