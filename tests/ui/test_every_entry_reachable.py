"""Every entry has a place, and every way of opening one shows exactly that entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import running, screen_of
from helpers_store import small_document
from textual.pilot import Pilot

from tui.present.rows import entry_key, split_key
from tui.present.views import detail_rows
from tui.storage.jsonio import dumps
from tui.ui.screens.briefing_screen import BriefingScreen

pytestmark = pytest.mark.usefixtures("seed_article")


def _shown(screen: BriefingScreen) -> str | None:
    """The id of the entry whose detail shows now, checked against the detail's first line."""
    if screen.view == "overview":
        return None
    panel = screen.query_one(f"#view-{screen.view}")
    key = panel.detail_key  # type: ignore[attr-defined]
    if key is None:
        return None
    kind, value = split_key(key)
    entry = screen.index.get(value)
    assert kind == "entry" and entry is not None
    assert panel.detail.rows[0].text.plain == entry.title  # type: ignore[attr-defined]
    return value


def _generated(tmp_path: Path) -> Path:
    """A briefing with undated entries of every kind beside dated ones."""
    doc = small_document()
    src = doc["sources"]["1"]["id"]
    for n in range(2, 6):
        doc["events"][str(n)] = {"id": f"undated-{n}", "title": f"Undated event {n}",
                                 "sources": [f"{src}#p1.s1"]}
    doc["meetings"]["2"] = {"id": "dated-talks", "title": "Dated talks", "date": "2025-09",
                            "participants": ["zelensky"], "absent": [], "status": "held",
                            "sources": [f"{src}#p1.s1"], "links": ["undated-3"]}
    path = tmp_path / "generated.json"
    path.write_text(dumps(doc), encoding="utf-8")
    return path


async def _open_every_entry(pilot: Pilot) -> int:
    screen = screen_of(pilot)
    entries = screen.index.briefing.entries
    for entry in entries:
        screen.open_entry(entry.id)
        await pilot.pause()
        assert _shown(screen) == entry.id, f"opening {entry.id} showed {_shown(screen)}"
    return len(entries)


async def test_opening_any_entry_of_the_bundled_briefing_shows_that_entry() -> None:
    async with running(size=(120, 40)) as pilot:
        assert await _open_every_entry(pilot) == 47


async def test_opening_any_entry_of_a_generated_briefing_shows_that_entry(tmp_path: Path) -> None:
    async with running(_generated(tmp_path), size=(120, 40)) as pilot:
        assert await _open_every_entry(pilot) == 12


async def test_undated_events_are_listed_on_the_timeline_after_the_dated(tmp_path: Path) -> None:
    async with running(_generated(tmp_path), size=(120, 40)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        screen = screen_of(pilot)
        lines = screen.query_one("#view-timeline").list.plain_lines()  # type: ignore[attr-defined]
        undated = [i for i, line in enumerate(lines) if line.startswith("no date")]
        assert [lines[i][12:].split("  ")[0] for i in undated] == [
            f"Undated event {n}" for n in range(2, 6)]
        assert undated == list(range(len(lines) - 4, len(lines)))


async def test_enter_on_a_link_to_each_linked_entry_opens_that_entry() -> None:
    """For every entry some detail links to, Enter on one such link (the first found) opens it."""
    async with running(size=(120, 40)) as pilot:
        screen = screen_of(pilot)
        link_from: dict[str, str] = {}  # target key -> an entry whose detail links to it
        for entry in screen.index.briefing.entries:  # the rows each detail shows
            for row in detail_rows(screen.index, entry, screen.path):
                if row.key and row.key.startswith("entry:") and row.key != entry_key(entry.id):
                    link_from.setdefault(row.key, entry.id)
        assert len(link_from) > 30
        for key, source in link_from.items():
            screen.open_entry(source)
            await pilot.pause()
            panel = screen.query_one(f"#view-{screen.view}")
            assert panel.detail.select_key(key)  # type: ignore[attr-defined]
            panel.detail.focus()  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
            assert _shown(screen) == split_key(key)[1], f"{source}: {key}"


async def test_enter_on_each_undated_entry_of_the_overview_opens_it() -> None:
    async with running(size=(120, 40)) as pilot:
        screen = screen_of(pilot)
        overview = screen.query_one("#overview")
        undated = [e.id for e in screen.index.undated]
        assert undated, "the bundled briefing has undated entries"
        for entry_id in undated:
            await pilot.press("0")
            await pilot.pause()
            assert overview.select_key(entry_key(entry_id)), entry_id  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
            assert _shown(screen) == entry_id


async def test_palette_opens_the_undated_pokrovsk_event() -> None:
    async with running(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Pokrovsk")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        screen = screen_of(pilot)
        shown = _shown(screen)
        assert shown is not None and "pokrovsk" in screen.index.get(shown).title.lower()  # type: ignore[union-attr]
        assert screen.view == "timeline"
