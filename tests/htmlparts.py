"""Reading built pages in tests without a third-party HTML library."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)
    #: the elements open around it, outermost first, each as `tag.class.class`
    ancestors: tuple[str, ...] = ()

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        around = tuple(".".join([e.tag, *sorted(e.classes)]) for e in self.open)
        element = Element(tag, {k: v or "" for k, v in attrs}, ancestors=around)
        self.elements.append(element)
        if tag not in ("br", "img", "hr", "input", "meta", "link", "source", "path"):
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def elements(html: str) -> list[Element]:
    """Every element in document order, each with the text it contains."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def article(html: str) -> str:
    """The page's own content: what Markdown made, without the theme's header and navigation."""
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start : html.index("</article>", start)]


def find(html: str, tag: str, **attrs: str) -> list[Element]:
    return [e for e in elements(html) if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]
