"""A one-line text field whose drawing costs what it shows, not the length of its value.

Textual's ``Input`` draws its whole value on every frame and crops it to the field: with
100 KB of CJK or combining text, each cursor blink (twice a second) measures and crops every
character, keeping a CPU busy while the form sits open. ``LongInput`` draws only the
characters that reach the visible cells: where each character starts is worked out once per
value (one pass, one width look-up per distinct character), and a frame slices the value
there. It draws what ``Input`` draws (and where ``Input`` leaves a blank cell or two at the
right of a long run of combining marks, the letters that belong there); short values, and
values whose widths are not one per character (tabs, joined emoji), ``Input`` draws itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

from rich.cells import get_character_cell_size
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

__all__ = ["LongInput", "WINDOWED_FROM"]

WINDOWED_FROM = 1000  # characters: below this, drawing the whole value is cheap
# Characters whose width depends on their neighbours (tab stops, emoji sequences).
_NOT_PER_CHARACTER = ("\t", "\u200d", "\ufe0f")


class LongInput(Input):
    """An ``Input`` that draws only the visible slice of a long value."""

    # The value the starts were worked out for, and the starts (replaced, never changed).
    _starts_of: tuple[str, list[int]] = ("", [0])

    @property
    def windowed(self) -> bool:
        """Whether the value is drawn a visible slice at a time."""
        value = self.value
        return (len(value) >= WINDOWED_FROM and not self.password
                and self.highlighter is None and not self._suggestion
                and not any(ch in value for ch in _NOT_PER_CHARACTER))

    def _starts(self) -> list[int]:
        """The cell where each character of the value starts, and where the last ends."""
        value = self.value
        if self._starts_of[0] is not value:
            width = {ch: get_character_cell_size(ch) for ch in set(value)}
            self._starts_of = (value, [0, *accumulate(map(width.__getitem__, value))])
        return self._starts_of[1]

    @property
    def content_width(self) -> int:
        if not self.windowed:
            return super().content_width
        return self._starts()[-1] + 1  # and a cell for the cursor at the end

    def _position_to_cell(self, position: int) -> int:
        if not self.windowed:
            return super()._position_to_cell(position)
        return self._starts()[max(0, min(position, len(self.value)))]

    def render_line(self, y: int) -> Strip:
        if not self.windowed:
            return super().render_line(y)
        width = self.scrollable_content_region.width + 1
        scroll_x = int(self.scroll_offset.x)
        starts = self._starts()
        count = len(self.value)
        lo = bisect_right(starts, scroll_x) - 1  # starts at or before the first cell shown
        lo = min(lo, count)
        hi = min(bisect_left(starts, scroll_x + width, lo), count)  # those starting in view
        while hi < count and starts[hi + 1] == starts[hi]:
            hi += 1  # and the marks on the last of them
        text = Text(self.value[lo:hi], no_wrap=True, overflow="ignore", end="")
        if self.has_focus:
            self._mark_cursor(text, lo, hi)
        console = self.app.console
        options = self.app.console_options.update_width(starts[hi] - starts[lo] + 1)
        strip = Strip(list(console.render(text, options)))
        skip = scroll_x - starts[lo]
        # Cut at the right edge only a wide character it splits: a cut there would drop
        # the marks that sit on the last character shown.
        strip = strip.crop(skip, skip + width if strip.cell_length > skip + width else None)
        strip = strip.extend_cell_length(width)
        return strip.apply_style(self.rich_style)

    def _mark_cursor(self, text: Text, lo: int, hi: int) -> None:
        """Style the selection and the cursor where they fall in ``value[lo:hi]``."""
        if not self.selection.is_empty:
            start, end = sorted(self.selection)
            start, end = max(start, lo) - lo, min(end, hi) - lo
            if start < end:
                text.stylize_before(self.get_component_rich_style("input--selection"),
                                    start, end)
        if not self._cursor_visible:
            return
        cursor = self.cursor_position
        if self.cursor_at_end and hi == len(self.value):
            text.pad_right(1)  # the cursor after the last character
        elif not lo <= cursor < hi:
            return  # not in the cells shown (a negative offset would count from the end)
        text.stylize(self.get_component_rich_style("input--cursor"), cursor - lo, cursor - lo + 1)
