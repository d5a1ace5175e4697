"""A briefing as a dated one-pager with footnotes: Markdown, HTML or JSON.

``export_briefing(index, fmt, today)`` renders one; ``delivery`` writes it to a file or
standard output. All three formats are rendered from one model (``model.export_model``,
which is also the JSON export), so they say the same thing with the same numbers. Every
string from the file passes through ``tui.core.text.clean`` first (control characters and
bidi overrides become visible escapes such as ``\\x1b``), then through the format's own
escaping: backslash escapes for Markdown, ``html.escape`` for HTML, ``json.dumps`` for JSON.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from tui.core.index import BriefingIndex
from tui.export.html import render_html
from tui.export.json_format import render_json
from tui.export.markdown import render_markdown
from tui.export.model import export_model

__all__ = ["FORMATS", "EXTENSIONS", "export_briefing"]

FORMATS = ("markdown", "html", "json")
EXTENSIONS = {"markdown": "md", "html": "html", "json": "json"}

_RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "markdown": render_markdown, "html": render_html, "json": render_json,
}


def export_briefing(index: BriefingIndex, fmt: str, today: datetime.date | None = None,
                    full: bool = True) -> str:
    """The briefing in ``fmt`` (``markdown``, ``html`` or ``json``): everything, or with
    ``full=False`` the one-pager (see ``model``)."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return renderer(export_model(index, today, full))
