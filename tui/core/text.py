"""The one way data becomes screen text: plain, never markup, control characters visible.

Briefing files come from strangers. Any string from one reaches the terminal only through
``clean`` (a ``str``), or ``tui.present.rows.plain`` (a Rich ``Text`` of ``clean``'s output,
which Textual never parses as markup):
- C0 controls except newline and tab, DEL and every C1 control become a visible escape
  such as ``\\x1b`` (so ESC, OSC, CSI sequences cannot reach the terminal);
- bidirectional overrides and isolates become visible escapes such as ``\\u202e``;
- square brackets and everything else stay as they are: they are text, not markup.
"""

from __future__ import annotations

import re

from slugify import slugify as _slugify

__all__ = ["clean", "one_line", "slug"]

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Invisible characters that could disguise one name as another (zero-width space, word
# joiner, BOM) are shown too; ZWJ and ZWNJ stay, as some scripts need them.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "\u2028\u2029\ufff9-\ufffb\u200b\u2060\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(value: object) -> str:
    """Any value as display-safe text; ``None`` is the empty string."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _UNSAFE.sub(_escape, text)


def one_line(value: object) -> str:
    """Display-safe text on a single line (newlines and tabs shown as spaces)."""
    return " ".join(clean(value).split())


def slug(title: str, *, fallback: str) -> str:
    """``title`` as an id or file name: transliterated to lower-case ASCII ("Zürich" ->
    "zurich", "Москва" -> "moskva"), runs of anything else as ``-``, at most 60 characters;
    ``fallback`` when nothing is left. Briefing ids, file names and entry ids all use it."""
    return _slugify(title or "", max_length=60, word_boundary=False) or fallback
