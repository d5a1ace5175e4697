"""A folder opens a list of its briefings: a broken file is named with its problem and
opening it is not fatal; Esc from what was opened comes back to the list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apphelpers import running, visible_lines
from textual.pilot import Pilot

from tui.storage.paths import default_briefing
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.chooser import ChooserScreen
from tui.ui.screens.error import ErrorScreen
from tui.ui.widgets.line_list import LineList


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "ankara.json").write_text(default_briefing().read_text(encoding="utf-8"),
                                        encoding="utf-8")
    (folder / "broken.json").write_text(json.dumps({"briefing": {"1": {"title": 5}}}),
                                        encoding="utf-8")
    return folder


async def _choose(pilot: Pilot, name: str) -> None:
    choices = pilot.app.screen.query_one(LineList)
    assert choices.select_key(str(next(p for p in choices.keys if p.endswith(name))))
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_a_broken_file_shows_its_problem_in_the_list(folder: Path) -> None:
    async with running(folder) as pilot:
        assert isinstance(pilot.app.screen, ChooserScreen)
        await pilot.app.workers.wait_for_complete()  # the files are checked off the UI thread
        await pilot.pause()
        lines = pilot.app.screen.query_one(LineList).plain_lines()
        broken = next(line for line in lines if line.startswith("broken.json"))
        assert broken.startswith("broken.json  cannot open: briefing/1.schema: missing")
        assert broken.endswith("(and 2 more)")  # the id is missing and the title is not text


async def test_a_file_named_with_a_newline_shows_whole_and_escaped(folder: Path) -> None:
    ankara = (folder / "ankara.json").read_bytes()
    (folder / "two\nlines\t\x1b[2J.json").write_bytes(ankara)
    async with running(folder) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        seen = visible_lines(pilot.app.screen.query_one(LineList))
        named = [line for line in seen if "lines" in line]
        assert named == [r"two\nlines\t\x1b[2J.json  Ankara peace talks"], seen
        assert not any(line.startswith("lines") for line in seen)


async def test_esc_after_opening_a_broken_file_returns_to_the_list(folder: Path) -> None:
    async with running(folder) as pilot:
        await _choose(pilot, "broken.json")
        assert isinstance(pilot.app.screen, ErrorScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChooserScreen)
        assert pilot.app.is_running and not pilot.app.failed  # type: ignore[attr-defined]
        await _choose(pilot, "ankara.json")  # and the list still opens the good one
        assert isinstance(pilot.app.screen, BriefingScreen)


async def test_esc_walks_back_through_a_briefing_then_to_the_list(folder: Path) -> None:
    async with running(folder) as pilot:
        await _choose(pilot, "ankara.json")
        assert isinstance(pilot.app.screen, BriefingScreen)
        await pilot.press("2", "1")
        await pilot.pause()
        await pilot.press("escape", "escape")  # back to Meetings, then the Overview
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, BriefingScreen) and screen.view == "overview"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChooserScreen)
        assert pilot.app.is_running
