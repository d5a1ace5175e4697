"""Esc clears an active filter before it walks back along the path."""

from __future__ import annotations

from apphelpers import running, screen_of


async def test_escape_after_a_submitted_filter_clears_it_and_stays_in_the_view() -> None:
    async with running(size=(100, 30)) as pilot:
        screen = screen_of(pilot)
        await pilot.press("0", "1")
        await pilot.pause()
        actors = screen.query_one("#view-actors").list  # type: ignore[attr-defined]
        everyone = len(actors.rows)
        await pilot.press("slash", "r", "u", "s", "enter")
        await pilot.pause()
        assert 0 < len(actors.rows) < everyone
        await pilot.press("escape")
        await pilot.pause()
        assert screen.view == "actors", "Esc walked back while a filter was on"
        assert len(actors.rows) == everyone
        panel = screen.query_one("#view-actors")
        assert panel.filter_input.value == "" and not panel.filter_input.has_class("shown")  # type: ignore[attr-defined]
        await pilot.press("escape")  # now it walks back: to the Overview it came from
        await pilot.pause()
        assert screen.view == "overview"
