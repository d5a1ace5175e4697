"""A keystroke redraws what it changed, not whole panes: over SSH every redrawn line is
bytes on the wire (a full 120x40 frame is some 60 KB in true colour)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from apphelpers import running, screen_of, settle

from tui.ui.widgets.line_list import LineList


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many lines each list (by id) draws from now on."""
    counts: Counter[str] = Counter()
    render_line = LineList.render_line

    def counted(self: LineList, y: int) -> Any:
        counts[self.id or "?"] += 1
        return render_line(self, y)

    monkeypatch.setattr(LineList, "render_line", counted)
    return counts


async def test_moving_the_cursor_redraws_only_the_rows_it_left_and_reached(
        drawn: Counter[str]) -> None:
    async with running(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(pilot)
        listed = screen_of(pilot).query_one("#view-actors #list", LineList)
        assert listed.cursor == 0
        drawn.clear()
        await pilot.press("j")
        await settle(pilot)
        assert listed.cursor == 1
        assert drawn["list"] == 2  # the row it left and the row it reached; 37 before
        assert drawn["detail"] > 0  # the new entry's detail is drawn


async def test_the_detail_pane_keeps_its_scrollbar_so_moving_never_reflows_it() -> None:
    """A detail that fits beside one that does not: the scrollbar's column stays, so the
    pane is not laid out and drawn a second time when it would come or go."""
    async with running(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        detail = screen_of(pilot).query_one("#view-financing #detail", LineList)
        assert detail.virtual_size.height <= detail.scrollable_content_region.height
        assert detail.show_vertical_scrollbar
