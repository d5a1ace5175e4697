"""What a list shows: one ``Row`` per line item, text already made safe, with an optional target.

Rows are plain data (Rich ``Text`` plus a key); the widgets only lay them out. Keys name
what Enter on the row opens: ``entry:ID``, ``loc:LOCATOR``, ``source:ID`` or
``view:NAME``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, overload

from rich.text import Text

from tui.core.text import shown

__all__ = ["Row", "LazyRows", "plain", "entry_key", "loc_key", "source_key", "view_key",
           "split_key"]


def plain(value: object, style: str = "") -> Text:
    """A Rich ``Text`` holding the value as literal characters, never parsed as markup; at
    most ``DETAIL_CHARS`` of them (a longer value states its length, see ``text.shown``)."""
    return Text(shown(value), style=style, end="")


@dataclass(frozen=True)
class Row:
    text: Text
    key: str | None = None
    indent: int = 0
    hang: int = 0  # extra indent of wrapped continuation lines (bullets)
    # How many characters at the end (a note such as an amount or a status) are kept whole
    # when a one-line list cuts the row: the text before them is cut, with an ellipsis.
    keep_tail: int = 0

    @property
    def selectable(self) -> bool:
        return self.key is not None


def entry_key(entry_id: str) -> str:
    return f"entry:{entry_id}"


def loc_key(locator: str) -> str:
    return f"loc:{locator}"


def source_key(source_id: str) -> str:
    return f"source:{source_id}"


def view_key(view: str) -> str:
    return f"view:{view}"


def split_key(key: str) -> tuple[str, str]:
    kind, _, value = key.partition(":")
    return kind, value


T = TypeVar("T")


class LazyRows(Sequence[Row], Generic[T]):
    """Rows made only when a list asks for them: a list of 100,000 entries costs nothing
    until it scrolls, and then only the rows on screen. Every row is selectable."""

    all_selectable = True

    def __init__(self, items: Sequence[T], make_row: Callable[[T], Row],
                 key_of: Callable[[T], str]) -> None:
        self.items = items
        self._make_row = make_row
        self._key_of = key_of
        self._made: dict[int, Row] = {}
        self._positions: dict[str, int] = {}  # the keys of items[:_scanned], where they are
        self._scanned = 0

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.items)
        row = self._made.get(index)
        if row is None:
            if len(self._made) > 4096:
                self._made.clear()
            row = self._made[index] = self._make_row(self.items[index])
        return row

    def index_of(self, key: str) -> int:
        """Position of the row with this key, or -1. Items are looked at only as far as the
        key is (each at most once over all calls): a list that keeps its reader's place
        at the top of 45,000 rows does not first key every row (20 ms on the UI thread)."""
        found = self._positions.get(key)
        if found is not None:
            return found
        key_of, items, positions = self._key_of, self.items, self._positions
        for i in range(self._scanned, len(items)):
            item_key = key_of(items[i])
            positions.setdefault(item_key, i)
            if item_key == key:
                self._scanned = i + 1
                return i
        self._scanned = len(items)
        return -1
