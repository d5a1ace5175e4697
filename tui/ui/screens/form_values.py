"""Reading a form back: what the reader left alone keeps its stored value exactly.

Forms show text through ``tui.core.text.clean`` (control and format characters as visible
escapes such as ``\\u202e``) and list items through ``one_line`` (one item to a line, runs of
white space folded). That display form must never be mistaken for what the reader typed:
a field whose text is as it was shown keeps its stored value, character for character, and
in a list each line still shown as it was keeps its stored item.
"""

from __future__ import annotations

from typing import Any

from tui.core.text import one_line

__all__ = ["kept_lines"]


def kept_lines(text: str, stored: Any) -> list[Any]:
    """The items of a one-per-line list field: each line the reader left as it was shown
    is the stored item it shows (so escapes, inner newlines and spaces survive); any other
    non-empty line is the item typed, stripped. Each stored item is used at most once, so
    a duplicated line is kept twice only when it was stored twice."""
    unused: dict[str, list[Any]] = {}
    for item in stored if isinstance(stored, list) else []:
        unused.setdefault(one_line(item), []).append(item)
    items: list[Any] = []
    for line in text.splitlines():
        typed = line.strip()
        if not typed:
            continue
        matches = unused.get(typed)
        items.append(matches.pop(0) if matches else typed)
    return items
