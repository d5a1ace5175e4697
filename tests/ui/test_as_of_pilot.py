"""In the app, the briefing as it stood at a source: chosen from the palette ("As of source
2"), said in the header while it is on, nothing editable there, and ``n`` back to now."""

from __future__ import annotations

from pathlib import Path

from apphelpers import notes, running, screen_of, settle
from story_briefing import build_story
from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from tui.core.accounts import disputes_of


def _header(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(screen_of(pilot).query_one("#header", Static).render())


async def test_as_of_source_2_from_the_palette_hides_source_3_and_n_comes_back(
        tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    before = path.read_bytes()
    async with running(path, size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"as of source 2")
        await pilot.pause(0.6)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        first = str(palette.query_one(CommandList).get_option_at_index(0).prompt)
        assert first.startswith("As of source 2: Velmar talks moved to Friday (4 Mar 2026)")
        await pilot.press("enter")
        await settle(pilot)
        screen = screen_of(pilot)
        assert "as of source 2 (4 Mar 2026) · n: now" in _header(pilot)
        assert screen.index.get("second-round") is None
        pay = screen.index.get("pay-raise")
        assert pay is not None and disputes_of(pay) == []
        await pilot.press("3", "a")  # no editing the past: it says why
        await settle(pilot)
        assert any("as it stood then" in n for n in notes(pilot))
        await pilot.press("n")
        await settle(pilot)
        assert "as of source" not in _header(pilot)
        assert "as of 7 Mar 2026 (newest source)" in _header(pilot)
        assert screen.index.get("second-round") is not None
    assert path.read_bytes() == before


async def test_n_does_nothing_and_is_not_offered_when_reading_now(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(100, 30)) as pilot:
        screen = screen_of(pilot)
        assert screen.check_action("leave_as_of", ()) is False
        await pilot.press("n")
        await settle(pilot)
        assert screen.as_of.cut is None and screen.index.get("second-round") is not None
