"""What each view looks like, at the smallest supported size and a common large one.

Review changed snapshots with ``pytest --snapshot-update`` only after looking at the
report: they are the record of what a reader sees.
"""

from __future__ import annotations

import pytest
from apphelpers import attach_seed

from tui.storage.paths import default_briefing
from tui.ui.app import BriefingApp

VIEW_KEYS = {
    "overview": [],
    "actors": ["1"],
    "meetings": ["2"],
    "demands": ["3"],
    "corruption": ["4"],
    "financing": ["5", "down", "down", "down"],
    "timeline": ["6", "down"],
    "sources": ["7"],
    "meeting-detail": ["2", "enter"],
    "help": ["question_mark"],
}


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("view", list(VIEW_KEYS))
def test_view_snapshot(snap_compare, view: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    attach_seed()
    app = BriefingApp(default_briefing())
    assert snap_compare(app, press=VIEW_KEYS[view], terminal_size=size, run_before=_loaded)
