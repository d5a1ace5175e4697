"""Reading the briefing as it stood at one of its sources (``tui.core.as_of``), in the app.

``AsOfController`` is owned by ``BriefingScreen``: the palette's "As of source N" puts the
screen on the briefing as it stood then (the header says so, in reverse video, and nothing
can be edited there); ``n`` goes back to now, every source. The file is never changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from tui.core.as_of import Cut, cut_at_source, index_as_stood
from tui.core.index import BriefingIndex

if TYPE_CHECKING:
    from tui.ui.screens.briefing_screen import BriefingScreen

__all__ = ["AsOfController", "AS_OF_BINDINGS"]

AS_OF_BINDINGS = [
    Binding("n", "leave_as_of", "Now", id="as_of.leave", priority=True,
            tooltip="while reading the briefing as of a source (ctrl+p, “As of source”): "
                    "back to now, every source"),
]


class AsOfController:
    """Which source the screen stands at (None: now), and the full index it cuts from."""

    def __init__(self, screen: BriefingScreen, now: BriefingIndex) -> None:
        self.screen = screen
        self.now = now
        self.cut: Cut | None = None

    @property
    def on(self) -> bool:
        return self.cut is not None

    def shown(self, index: BriefingIndex) -> BriefingIndex:
        """What the screen shows of a freshly loaded ``index``: it, or it as it stood."""
        self.now = index
        return index_as_stood(index, self.cut) if self.cut is not None else index

    def stand_at(self, number: int) -> None:
        """Show the briefing as it stood at its ``number``-th source (from 1)."""
        try:
            cut = cut_at_source(self.now.briefing, number)
        except ValueError as err:
            self.screen.notify(str(err), severity="warning", timeout=4)
            return
        self.cut = cut
        self.screen.reload(self.now, message=f"Showing the briefing {cut.label}: only the "
                                             "entries its sources by then cite, with the values "
                                             "they hold now. n: back to now.")
        self.screen.refresh_bindings()  # the footer: no key that edits, and n

    def leave(self) -> None:
        if self.cut is None:
            return
        self.cut = None
        self.screen.reload(self.now, message="Back to now: every source.")
        self.screen.refresh_bindings()
