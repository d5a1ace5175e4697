"""A keyboard list that draws only the rows on screen (Textual's Line API).

Used for every list and detail view: entry lists of 100,000 rows cost the same to show as
ten. Rows that carry a key are selectable; the cursor skips the others. In ``wrap`` mode
long rows wrap to the width (detail views); otherwise each row is one line, cropped.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.events import Click, Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.present.rows import Row

__all__ = ["LineList"]


_NOTE_PARTS = " · "
_PAGE = "page up, page down"
_ENDS = "first, last"


def fit_line(text: Text, width: int, keep_tail: int = 0) -> Text:
    """``text`` cut to ``width`` cells, with an ellipsis where it is cut, never silently.

    The last ``keep_tail`` characters are a note ("  €140 billion · loan · conditional"):
    it is never cut inside a part, so "€140 billion" cannot read as "€14". The name keeps
    at least half the width (or 12 cells) and is cut with an ellipsis; the note loses whole
    parts from its end to make room; if not even its first part fits, it goes."""
    if text.cell_len <= width or width < 1:
        return text
    if 0 < keep_tail < len(text.plain):
        split = len(text.plain) - keep_tail
        head, tail = text[:split], text[split:]
        parts = tail.plain[2:].split(_NOTE_PARTS)  # the note starts with two spaces
        for count in range(len(parts), 0, -1):
            shown = tail[: 2 + len(_NOTE_PARTS.join(parts[:count]))]
            if count < len(parts):
                shown = shown + Text(" …", style=tail.style)
            if width - shown.cell_len >= min(head.cell_len, max(12, width // 2)):
                head.truncate(width - shown.cell_len, overflow="ellipsis")
                return head + shown
        text = head
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


_R = TypeVar("_R", bound=Row | None)


class _RowMessage(Message, Generic[_R]):
    """A message about one row of a list (its ``control`` is the list)."""

    def __init__(self, line_list: LineList, row: _R) -> None:
        super().__init__()
        self.line_list = line_list
        self.row = row

    @property
    def control(self) -> LineList:
        return self.line_list


class LineList(ScrollView, can_focus=True):
    """Rows of text with a cursor on the selectable ones."""

    DEFAULT_CSS = """
    LineList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    LineList > .line-list--cursor {
        background: $accent 30%;
        text-style: bold;
    }
    LineList:focus > .line-list--cursor {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    LineList > .line-list--empty {
        color: $text-muted;
        text-style: italic;
    }
    """
    COMPONENT_CLASSES = {"line-list--cursor", "line-list--empty"}

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, priority=True, tooltip="move"),
        Binding("down,j", "cursor_down", "Down", show=False, priority=True, tooltip="move"),
        Binding("pageup", "page_up", "Page up", show=False, priority=True, tooltip=_PAGE),
        Binding("pagedown", "page_down", "Page down", show=False, priority=True, tooltip=_PAGE),
        Binding("home,g", "first", "First", show=False, priority=True, tooltip=_ENDS),
        Binding("end,G", "last", "Last", show=False, priority=True, tooltip=_ENDS),
        Binding("enter", "select", "Open", show=True,
                priority=True, tooltip="open the entry, or follow the link under the cursor"),
    ]

    # No repaint of the whole list when it moves: ``watch_cursor`` redraws the two rows.
    cursor: reactive[int] = reactive(-1, always_update=True, init=False, repaint=False)

    class Highlighted(_RowMessage[Row | None]):
        """The cursor moved to a row (``row`` is None when nothing is selectable)."""

    class Selected(_RowMessage[Row]):
        """Enter (or a click) on a selectable row (``row`` is never None)."""

    def __init__(self, *, wrap: bool = False, empty: str = "Nothing here.",
                 name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.wrap = wrap
        self.empty_text = empty
        self.rows: Sequence[Row] = []
        self._lines: list[tuple[int, Text]] = []  # wrap mode: (row index, line text)
        self._row_first_line: list[int] = []
        self._selectable: Sequence[int] = []
        self._strips: LRUCache[tuple[int, bool, int, bool], Strip] = LRUCache(1024)
        self._laid_out_width = -1
        self._pending_wrap = False  # rows set while the list had no size: not wrapped yet
        self._pending_cursor: int | None = None

    # ----------------------------------------------------------------- data
    def set_rows(self, rows: Sequence[Row], keep: str | None = None, empty: str | None = None,
                 select_first: bool = True) -> None:
        """Replace the rows; put the cursor on the row whose key is ``keep`` if present.

        With ``select_first=False`` (reading views) no row is selected until the reader
        moves down to one, so the view opens at its top.
        """
        was_at = self.cursor
        self.rows = rows
        if empty is not None:
            self.empty_text = empty
        if getattr(rows, "all_selectable", False):
            self._selectable = range(len(rows))  # lazy rows: never touch them all
        else:
            self._selectable = [i for i, r in enumerate(rows) if r.key is not None]
        target = self._index_of(keep) if keep is not None else -1
        if target < 0 and keep is not None and was_at >= 0 and self._selectable:
            # The kept row is gone (deleted): stay where it was, on the row now there.
            at = bisect.bisect_left(self._selectable, was_at)
            target = self._selectable[min(at, len(self._selectable) - 1)]
        if target < 0 and self._selectable and select_first:
            target = self._selectable[0]
        if not self.is_mounted:
            self._pending_cursor = target  # laid out and selected once mounted
            return
        self._layout(force=True)
        self.refresh()  # new rows: every line
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.cursor = target

    def on_mount(self) -> None:
        if self._pending_cursor is not None:
            target, self._pending_cursor = self._pending_cursor, None
            self._layout(force=True)
            self.refresh()
            self.cursor = target

    @property
    def highlighted(self) -> Row | None:
        # Rows set before the list was mounted: the row the cursor goes to once it is (a
        # key typed right after the one that showed the list acts on that row).
        at = self._pending_cursor if self._pending_cursor is not None else self.cursor
        return self.rows[at] if 0 <= at < len(self.rows) else None

    @property
    def keys(self) -> list[str]:
        return [r.key for r in self.rows if r.key is not None]

    def _index_of(self, key: str) -> int:
        index_of = getattr(self.rows, "index_of", None)
        if index_of is not None:
            return int(index_of(key))
        return next((i for i in self._selectable if self.rows[i].key == key), -1)

    def select_key(self, key: str) -> bool:
        """Move the cursor to the row with this key; False when there is none."""
        index = self._index_of(key)
        if index >= 0:
            self.cursor = index
        return index >= 0

    def plain_lines(self) -> list[str]:
        """The rows as plain text (what a reader sees, without styles)."""
        return [r.text.plain for r in self.rows]

    # --------------------------------------------------------------- layout
    def _content_width(self) -> int:
        width = self.scrollable_content_region.width
        return max(width, 10)

    def _layout(self, force: bool = False) -> None:
        width = self._content_width()
        if not force and width == self._laid_out_width:
            return
        self._strips.clear()
        if self.wrap and self.scrollable_content_region.width <= 0:
            # Not yet given a size (rows set as the screen mounts): wrapping now would be
            # thrown away at the first resize, so it waits for that (or for a lookup).
            self._laid_out_width, self._pending_wrap = -1, True
            # As tall as wrapping to this width would make it, so the scrollbar the first
            # resize lays out for is the one the wrapped rows need (width 10: see above).
            self.virtual_size = Size(width, max(sum(
                len(r.text.plain) // max(width - r.indent, 4) + 1 for r in self.rows), 1))
            return
        self._laid_out_width, self._pending_wrap = width, False
        if self.wrap:
            self._wrap_rows(width)
        else:
            self.virtual_size = Size(width, max(len(self.rows), 1))

    def _wrap_rows(self, width: int) -> None:
        console = self.app.console
        lines: list[tuple[int, Text]] = []
        firsts: list[int] = []
        for index, row in enumerate(self.rows):
            firsts.append(len(lines))
            if not row.text.plain:
                lines.append((index, Text("")))
                continue
            first, *rest = row.text.wrap(console, max(width - row.indent, 4), overflow="fold")
            if rest and row.hang:
                # Re-wrap what follows the first line to the narrower, hanging width.
                tail = row.text[len(first.plain):]
                tail.plain = tail.plain.lstrip(" ")
                room = max(width - row.indent - row.hang, 4)
                rest = list(tail.wrap(console, room, overflow="fold"))
            lines.append((index, Text(" " * row.indent) + first if row.indent else first))
            pad = " " * (row.indent + row.hang)
            lines.extend((index, Text(pad) + line if pad else line) for line in rest)
        self._lines = lines
        self._row_first_line = firsts
        self.virtual_size = Size(width, max(len(lines), 1))

    def on_resize(self, event: Resize) -> None:
        if self._content_width() != self._laid_out_width:
            self._layout()
            # Line positions changed: start from the top, then bring the cursor into view.
            self.scroll_to(0, 0, animate=False, immediate=True)
            self._scroll_cursor_into_view()

    def _wrapped(self) -> None:
        """Wrap now if the rows were set before the list had a size (see ``_layout``)."""
        if self._pending_wrap:
            self._pending_wrap = False
            width = self._content_width()
            self._laid_out_width = width
            self._wrap_rows(width)

    def _line_span(self, row_index: int) -> tuple[int, int]:
        if not self.wrap:
            return row_index, 1
        self._wrapped()
        first = self._row_first_line[row_index]
        nxt = (self._row_first_line[row_index + 1]
               if row_index + 1 < len(self._row_first_line) else len(self._lines))
        return first, nxt - first

    def _row_at_line(self, line: int) -> int | None:
        if self.wrap:
            self._wrapped()
            return self._lines[line][0] if 0 <= line < len(self._lines) else None
        return line if 0 <= line < len(self.rows) else None

    # ------------------------------------------------------------ rendering
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line_no = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.rows:
            lines = Text(self.empty_text, end="").wrap(self.app.console, max(width - 1, 4))
            if y < len(lines):
                style = self.get_component_rich_style("line-list--empty")
                segments = (Text(" ", end="") + lines[y]).render(self.app.console)
                return Strip(list(segments)).crop_extend(0, width, base).apply_style(style)
            return Strip.blank(width, base)
        row_index = self._row_at_line(line_no)
        if row_index is None:
            return Strip.blank(width, base)
        is_cursor = row_index == self.cursor
        key = (line_no, is_cursor, width, self.has_focus)
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        if self.wrap:
            text = self._lines[line_no][1]
        else:
            row = self.rows[row_index]
            text = Text(" " * row.indent) + row.text if row.indent else row.text
            text = fit_line(text, width, row.keep_tail)
        segments = [Segment(s.text, s.style) for s in text.render(self.app.console)]
        strip = Strip(segments).crop_extend(scroll_x, scroll_x + width, None)
        if is_cursor:
            strip = strip.apply_style(self.get_component_rich_style("line-list--cursor"))
        strip = strip.apply_style(base)
        self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_focus(self, event: object) -> None:
        if self.cursor < 0 and self._selectable:
            # Arriving in a reading view: take the first link already on screen, if any.
            first_line, _ = self._line_span(self._selectable[0])
            bottom = self.scroll_offset.y + self.scrollable_content_region.height
            if first_line < bottom:
                self.cursor = self._selectable[0]
        self._strips.clear()
        self.refresh()

    def on_blur(self, event: object) -> None:
        self._strips.clear()
        self.refresh()

    # --------------------------------------------------------------- cursor
    def watch_cursor(self, old: int, new: int) -> None:
        # Only the lines of the row the cursor left and of the row it is on change (the
        # strips are kept by whether the cursor is on them): redrawing the whole list
        # sent some 5 KB per keystroke over SSH where 300 bytes say the same.
        for row in {old, new}:
            if 0 <= row < len(self.rows):
                first, count = self._line_span(row)
                self.refresh_lines(first, count)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, self.highlighted))

    def _scroll_cursor_into_view(self) -> None:
        if not (0 <= self.cursor < len(self.rows)):
            return
        first, count = self._line_span(self.cursor)
        self.scroll_to_region(
            Region(0, first, 1, count), animate=False, immediate=True, force=True
        )

    def _step(self, delta: int) -> None:
        if not self._selectable:
            self.scroll_relative(y=delta, animate=False)
            return
        from bisect import bisect_left, bisect_right

        if delta > 0 and self.cursor < 0:
            # Reading mode: scroll line by line until the first selectable row shows.
            first_line, _ = self._line_span(self._selectable[0])
            if first_line < self.scroll_offset.y + self.scrollable_content_region.height:
                self.cursor = self._selectable[0]
            else:
                self.scroll_relative(y=1, animate=False)
            return
        if delta > 0:
            pos = bisect_right(self._selectable, self.cursor)
            if pos < len(self._selectable):
                self.cursor = self._selectable[pos]
            else:
                self.scroll_relative(y=1, animate=False)
        else:
            pos = bisect_left(self._selectable, self.cursor) - 1
            if pos >= 0:
                self.cursor = self._selectable[pos]
            else:
                self.scroll_relative(y=-1, animate=False)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _jump_lines(self, lines: int) -> None:
        if not self._selectable:
            self.scroll_relative(y=lines, animate=False)
            return
        first, _ = self._line_span(max(self.cursor, 0))
        target_line = min(max(first + lines, 0), max(self.virtual_size.height - 1, 0))
        target_row = self._row_at_line(target_line)
        if target_row is None:
            return
        from bisect import bisect_left

        pos = bisect_left(self._selectable, target_row)
        if lines < 0 and (pos >= len(self._selectable) or self._selectable[pos] > target_row):
            pos = max(pos - 1, 0)
        self.cursor = self._selectable[min(pos, len(self._selectable) - 1)]

    def action_page_down(self) -> None:
        self._jump_lines(max(self.scrollable_content_region.height - 1, 1))

    def action_page_up(self) -> None:
        self._jump_lines(-max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        if self._selectable:
            self.cursor = self._selectable[0]
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        if self._selectable:
            self.cursor = self._selectable[-1]
        self.scroll_end(animate=False)

    def action_select(self) -> None:
        row = self.highlighted
        if row is not None and row.key is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: Click) -> None:
        row_index = self._row_at_line(event.y + self.scroll_offset.y)
        if row_index is None or self.rows[row_index].key is None:
            return
        event.stop()
        self.focus()
        if self.cursor == row_index or event.chain >= 2:
            self.cursor = row_index
            self.action_select()
        else:
            self.cursor = row_index

    def get_style_at(self, x: int, y: int) -> Style:
        # Plain data never carries links or actions; nothing here is clickable by style.
        return Style()
