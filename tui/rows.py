"""What a list shows: one ``Row`` per line item, text already made safe, with an optional target.

Rows are plain data (Rich ``Text`` plus a key); the widgets only lay them out. Keys name
what Enter on the row opens: ``entry:ID``, ``loc:LOCATOR`` or ``view:NAME``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

__all__ = ["Row", "entry_key", "loc_key", "view_key", "split_key"]


@dataclass(frozen=True)
class Row:
    text: Text
    key: str | None = None
    indent: int = 0
    hang: int = 0  # extra indent of wrapped continuation lines (bullets)

    @property
    def selectable(self) -> bool:
        return self.key is not None


def entry_key(entry_id: str) -> str:
    return f"entry:{entry_id}"


def loc_key(locator: str) -> str:
    return f"loc:{locator}"


def view_key(view: str) -> str:
    return f"view:{view}"


def split_key(key: str) -> tuple[str, str]:
    kind, _, value = key.partition(":")
    return kind, value
