"""Reading a form back: what the reader left alone keeps its stored value exactly.

Forms show text through ``tui.core.text.clean`` (control and format characters as visible
escapes such as ``\\u202e``) and list items through ``one_line`` (one item to a line, runs of
white space folded). That display form must never be mistaken for what the reader typed:
a field whose text is as it was shown keeps its stored value, character for character, and
in a list each line still shown as it was keeps its stored item. In a text field the reader
did edit, the text before and after the edit is still the stored text (``restore_text``):
fixing one word keeps every direction mark and zero-width character around it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Any

from tui.core.text import clean, one_line

__all__ = ["kept_lines", "restore_text"]


def kept_lines(text: str, stored: Any) -> list[Any]:
    """The items of a one-per-line list field: each line the reader left as it was shown
    is the stored item it shows (so escapes, inner newlines and spaces survive); any other
    non-empty line is the item typed, stripped. Each stored item is used at most once, so
    a duplicated line is kept twice only when it was stored twice. A line edited where it
    stood (no line added or removed) keeps the stored text around the edit, as a text
    field does, when its item showed character for character."""
    items = stored if isinstance(stored, list) else []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    free: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        free.setdefault(one_line(item), []).append(n)
    picked = [free[line].pop(0) if free.get(line) else None for line in lines]
    taken = {n for n in picked if n is not None}
    in_place = len(lines) == len(items)
    out: list[Any] = []
    for j, (line, k) in enumerate(zip(lines, picked, strict=True)):
        if k is not None:
            out.append(items[k])
        elif in_place and j not in taken:
            out.append(_edited_item(line, items[j]))
        else:
            out.append(line)
    return out


def _edited_item(line: str, item: Any) -> Any:
    """A list line edited in place: around the edit, still the stored item, if the item
    showed character for character (white space folded into one line cannot be mapped)."""
    if isinstance(item, str):
        core = item.strip(" \t\n")
        if clean(core) == one_line(item):
            return restore_text(line, core)
    return line


def restore_text(edited: str, stored: Any) -> str:
    """The value of a text field shown as ``clean(stored)`` and now holding ``edited``.

    What is left of the shown text before and after the edit (the longest common start and
    end) is the stored text behind it; what lies between is what was typed, as typed (an
    escape the edit cut into stays as the visible text it now is). White space is stripped
    only at an end the reader edited: the stored value's own leading or trailing spaces stay.
    """
    if not isinstance(stored, str) or not stored:
        return edited.strip()
    shown = _shown(stored)
    if edited == shown.text:
        return stored
    start = _common_start(shown.text, edited)
    end = _common_start(shown.text[start:][::-1], edited[start:][::-1])
    value = (shown.stored_behind(0, start) + edited[start:len(edited) - end]
             + shown.stored_behind(len(shown.text) - end, len(shown.text)))
    if not end:
        value = value.rstrip()
    if not start:
        value = value.lstrip()
    return value


class _Shown:
    """A stored string and its display form, one escape (or character) per stored character."""

    def __init__(self, stored: str) -> None:
        self.stored = stored
        self.text = clean(stored)
        self.same = self.text == stored  # nothing escaped: each character shows as itself
        self.starts = [0]  # where each stored character's piece starts in ``text``
        if self.same:
            return
        piece = {ch: clean(ch) for ch in set(stored)}  # per distinct character: cheap
        self.mapped = "".join(map(piece.__getitem__, stored)) == self.text
        if self.mapped:  # (else ``clean`` is not one piece per character: nothing is mapped)
            self.starts += accumulate(len(piece[ch]) for ch in stored)

    def stored_behind(self, lo: int, hi: int) -> str:
        """The stored characters shown whole in ``text[lo:hi]``; a piece of an escape cut by
        ``lo`` or ``hi`` stays as shown."""
        if self.same:
            return self.stored[lo:hi]
        if not self.mapped:
            return self.text[lo:hi]
        first = bisect_left(self.starts, lo)  # the first piece starting at or after lo
        last = bisect_right(self.starts, hi) - 1  # the pieces before this one end by hi
        if first >= last:
            return self.text[lo:hi]
        return (self.text[lo:self.starts[first]] + self.stored[first:last]
                + self.text[self.starts[last]:hi])


@lru_cache(maxsize=16)
def _shown(stored: str) -> _Shown:
    return _Shown(stored)


def _common_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start (comparing slices, so a long
    field costs a few C-speed comparisons, not a Python loop over every character)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo
