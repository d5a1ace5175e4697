"""The one way data becomes screen text: plain, never markup, control characters visible.

Briefing files come from strangers. Any string from one reaches the terminal only through
``clean`` (a ``str``), or ``tui.present.rows.plain`` (a Rich ``Text`` of ``clean``'s output,
which Textual never parses as markup):
- C0 controls except newline and tab, DEL and every C1 control become a visible escape
  such as ``\\x1b`` (so ESC, OSC, CSI sequences cannot reach the terminal);
- format characters (bidi overrides, zero-width and tag characters...) and invisible
  fillers become visible escapes such as ``\\u202e`` or ``\\U000e0041``;
- square brackets and everything else stay as they are: they are text, not markup.
"""

from __future__ import annotations

import re

__all__ = [
    "DETAIL_CHARS", "ROW_CHARS", "clean", "clean_name", "one_line", "shown", "shown_line", "slug",
]

# Every format character (Unicode category Cf: bidi controls, zero-width space, word joiner,
# invisible operators, tag characters, soft hyphen, BOM...) is shown, since any of them can
# hide text or disguise one name as another; ZWNJ and ZWJ stay, as scripts and emoji need
# them. So are the invisible letters and marks that are not Cf (combining grapheme joiner,
# Hangul fillers) and the line and paragraph separators.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_INVISIBLE = "\u034f\u115f\u1160\u3164\uffa0\u2028\u2029"
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _FORMAT + _INVISIBLE + "]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_NAME_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _FORMAT + _INVISIBLE + "]")
_NAME_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape_name(match: re.Match[str]) -> str:
    return _NAME_ESCAPES.get(match.group()) or _escape(match)


def clean_name(value: object) -> str:
    """A file name or path as display-safe text on one line: like ``clean``, and newlines
    and tabs shown as ``\\n`` and ``\\t`` too, so a name is always shown whole."""
    return _NAME_UNSAFE.sub(_escape_name, value if isinstance(value, str) else str(value))


def clean(value: object) -> str:
    """Any value as display-safe text; ``None`` is the empty string."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _UNSAFE.sub(_escape, text)


def one_line(value: object) -> str:
    """Display-safe text on a single line (newlines and tabs shown as spaces)."""
    return " ".join(clean(value).split())


# How much of one value the screen shows: a list row, and a field of a detail. The cost of
# escaping, wrapping and drawing is bounded by these, however long the value is (a file
# can hold 100 KB of ESC in every field); the rest is left out, its length stated.
ROW_CHARS = 160
DETAIL_CHARS = 4_000


def _bounded(text: str, out: str, limit: int) -> str:
    if len(text) <= limit and len(out) <= limit:
        return out
    return f"{out[:limit]}… ({len(text):,} characters)"


def _text_of(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def shown(value: object, limit: int = DETAIL_CHARS) -> str:
    """``clean(value)`` for the screen: at most ``limit`` characters of it; a longer value
    is cut there and marked with its full length, ``… (102,400 characters)``."""
    text = _text_of(value)
    return _bounded(text, clean(text[:limit]), limit)


def shown_line(value: object, limit: int = ROW_CHARS) -> str:
    """``one_line(value)`` for a list row: at most ``limit`` characters, cut like ``shown``."""
    text = _text_of(value)
    return _bounded(text, " ".join(clean(text[:limit]).split()), limit)


def slug(title: str, *, fallback: str) -> str:
    """``title`` as an id or file name: transliterated to lower-case ASCII ("Zürich" ->
    "zurich", "Москва" -> "moskva"), runs of anything else as ``-``, at most 60 characters;
    ``fallback`` when nothing is left. Briefing ids, file names and entry ids all use it."""
    from slugify import slugify  # only new briefings and sources need it: not at start-up

    return slugify(title or "", max_length=60, word_boundary=False) or fallback
