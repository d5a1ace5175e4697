"""The Markdown export under GitHub-flavoured Markdown: read by cmark-gfm (GitHub's own
renderer) with its autolink, strikethrough, table and tag-filter extensions, data is plain
text: no link, no markup, and every ``$`` escaped so GitHub shows no math."""

from __future__ import annotations

import html
import re

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hostile import hostile_document

from tui.core.index import BriefingIndex
from tui.core.text import one_line
from tui.core.validate import build_briefing
from tui.export.formats import export_briefing
from tui.export.markdown import escape_markdown

AUTOLINKED = [
    "user@example.com", "write to a.b-c_d+tag@ex-ample.co.uk.", "xmpp:foo@bar.baz/res",
    "mailto:x@y.z", "www.example.com", "WWW.Example.org/path", "http://a.example/c",
    "see https://x.y and ftp://z.w", "(www.example.com)", "www.a@b.example",
    "http://user@host.example/", "_a_b@c.d_", "~~user@example.com~~",
]
MATH = [r"$\color{red}\Huge{X}$", r"$$\Huge X$$", "costs $5 and $6", r"$`\sum`$"]


def gfm(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_DEFAULT)


def text_of(rendered: str) -> str:
    inner = re.sub(r"</?(p|code)>", "", rendered.strip())
    assert "<" not in inner, rendered  # no other element: no <a>, <em>, <del>, <img>...
    return html.unescape(inner)


@pytest.mark.parametrize("value", AUTOLINKED + MATH)
def test_autolinks_and_math_render_as_the_plain_text_under_gfm(value: str) -> None:
    md = escape_markdown(value)
    assert text_of(gfm(md)) == one_line(value)
    # GitHub reads an unescaped $ as the start of math; an escaped one is a dollar sign.
    assert not re.search(r"(?<!\\)\$", re.sub(r"`[^`]*`", "", md)), md


def test_a_hostile_briefing_exports_to_gfm_without_a_single_link() -> None:
    doc = hostile_document()
    meta = doc["briefing"]["1"]
    meta["bluf"] = AUTOLINKED + MATH
    meta["summary"] = " ".join(AUTOLINKED + MATH)
    index = BriefingIndex(build_briefing(doc, "hostile.json"))
    rendered = gfm(export_briefing(index, "markdown", None, True))
    assert "<a " not in rendered and "<img" not in rendered and "<del>" not in rendered
    for value in AUTOLINKED + MATH:
        assert html.escape(one_line(value), quote=False) in re.sub(
            r"</?code>", "", rendered), value
