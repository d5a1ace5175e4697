"""The footer shows the keys that matter for the view in front, at 80 columns, and a
read-only briefing shows no key that writes."""

from __future__ import annotations

import pytest
from apphelpers import running
from textual.pilot import Pilot

from tui.ui.widgets.tab_bar import TabBar

pytestmark = pytest.mark.usefixtures("seed_article")


def _footer(pilot: Pilot) -> dict[str, str]:
    """What the footer shows: key -> description, for the keys that fit on screen."""
    width = pilot.app.size.width
    return {k.key: k.description for k in pilot.app.screen.query("FooterKey")
            if k.region.width and k.region.right <= width}  # type: ignore[attr-defined]


async def _at(pilot: Pilot, key: str) -> dict[str, str]:
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()
    return _footer(pilot)


async def test_footer_at_80_columns_follows_the_view() -> None:
    async with running(size=(80, 24)) as pilot:
        panel = await _at(pilot, "1")
        assert {"a", "e", "d"} <= set(panel) and "space" not in panel and "m" not in panel
        listed = await _at(pilot, "7")  # the list of sources
        assert listed.get("n") == "Added" and listed.get("a") == "Add"
        assert listed.get("o") == "Source" and not {"space", "c", "d"} & set(listed)
        sources = await _at(pilot, "enter")  # one source, sentence by sentence
        assert sources.get("space") == "Mark" and "d" not in sources and "n" not in sources
        assert sources.get("o") == "Source" and sources.get("c") == "Copy"
        changes = await _at(pilot, "8")
        assert changes.get("m") == "Mark seen" and "space" not in changes
        for footer in (panel, listed, sources, changes):
            assert {"u", "q", "question_mark"} <= set(footer), footer  # all fit at 80


async def test_read_only_footer_shows_no_key_that_writes() -> None:
    async with running(size=(100, 30), read_only=True) as pilot:
        for view in "1267":
            footer = await _at(pilot, view)
            assert not {"a", "e", "d", "space"} & set(footer), (view, footer)
        await pilot.press("1", "d")  # hidden keys do nothing either
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "BriefingScreen"


async def test_every_tab_keeps_its_name_at_80_columns() -> None:
    async with running(size=(80, 24)) as pilot:
        bar = pilot.app.screen.query_one(TabBar)
        shown = bar.render().plain
        assert len(shown) <= 80
        for key in "012345678":
            assert f"{key} " in shown and f"{key}  " not in shown, shown
        assert "8 Changes" in shown
