"""After a delete the cursor stays where the entry was, on the entry that took its place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from apphelpers import running, screen_of, settle

from tui.storage.paths import default_briefing
from tui.ui.widgets.line_list import LineList

pytestmark = pytest.mark.usefixtures("seed_article")


@pytest.mark.parametrize("position", ["middle", "last"])
async def test_after_delete_the_cursor_is_on_the_next_entry(tmp_path: Path, position: str) -> None:
    path = tmp_path / "ankara.json"
    shutil.copyfile(default_briefing(), path)
    async with running(path) as pilot:
        await pilot.press("1")
        await pilot.pause()
        screen = screen_of(pilot)
        actors = screen.query_one("#view-actors").query_one("#list", LineList)
        keys = actors.keys
        at = 3 if position == "middle" else len(keys) - 1
        assert actors.select_key(keys[at])
        await pilot.press("d", "y")
        await settle(pilot)
        expected = keys[at + 1] if position == "middle" else keys[at - 1]
        assert keys[at] not in actors.keys
        assert actors.highlighted is not None and actors.highlighted.key == expected
