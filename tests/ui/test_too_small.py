"""Below the minimum size only quitting works: no key acts on what the reader cannot see."""

from __future__ import annotations

import shutil
from pathlib import Path

from apphelpers import running, screen_of

from tui.storage.paths import default_briefing
from tui.ui.screens.dialogs import ConfirmScreen
from tui.ui.screens.too_small import TooSmallScreen


async def test_keys_pressed_behind_the_too_small_notice_do_nothing(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    shutil.copy(default_briefing(), path)
    before = path.read_bytes()
    async with running(path, size=(100, 30)) as pilot:
        await pilot.press("1")  # Actors, the first one highlighted
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(pilot.app.screen, TooSmallScreen)
        for key in ("d", "y", "enter", "a", "e", "question_mark", "ctrl+p", "u", "escape", "2"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, TooSmallScreen), key
        await pilot.app.workers.wait_for_complete()
        assert path.read_bytes() == before, "a key behind the notice changed the briefing"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        screen = screen_of(pilot)
        assert screen.view == "actors"  # where the reader was, untouched
        assert pilot.app.is_running


async def test_the_notice_covers_an_open_dialog_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    shutil.copy(default_briefing(), path)
    async with running(path, size=(100, 30)) as pilot:
        await pilot.press("1", "d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert isinstance(pilot.app.screen, TooSmallScreen)
        notice = str(pilot.app.screen.query_one("#too-small").render())
        assert "Terminal too small (30x8)" in notice and "q quits" in notice
        await pilot.press("y")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen), "the dialog is still asking"


async def test_q_quits_from_behind_the_notice() -> None:
    async with running(size=(30, 8)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, TooSmallScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not pilot.app.is_running
