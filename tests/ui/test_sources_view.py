"""The Sources view in the app: the list of every source, Enter reads one sentence by
sentence, n lists what a source added, Esc walks back to the list; an entry's cited
sentence opens its source."""

from __future__ import annotations

from pathlib import Path

from apphelpers import running, screen_of, settle, visible_lines
from story_sources import build_story
from textual.pilot import Pilot

from tui.ui.widgets.master_detail import MasterDetail


def _sources(pilot: Pilot) -> MasterDetail:
    return screen_of(pilot).query_one("#view-sources", MasterDetail)


async def _press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_the_list_shows_every_source_with_coverage_at_80x24(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(80, 24)) as pilot:
        await _press(pilot, "7")
        shown = visible_lines(_sources(pilot).list)[:4]
        assert shown == ["1 Velmar dock strik…  2 of 5 cited …",
                         "2 Velmar talks move…  4 of 5 cited …",
                         "3 Velmar talks held…  2 of 5 cited …", ""]
        detail = [r.text.plain for r in _sources(pilot).detail.rows]
        assert "Coverage: 2 of 5 sentences cited by some entry" in detail


async def test_enter_reads_a_source_and_esc_returns_to_the_list(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    async with running(path, size=(120, 30)) as pilot:
        await _press(pilot, "7", "down", "enter")
        panel = _sources(pilot)
        lines = panel.list.plain_lines()
        assert lines[0].startswith("Velmar talks moved to Friday  Velmar Courier · 4 Mar 2026")
        assert [line[:10] for line in lines[1:]] == [
            "p1.s1   1 ", "p2.s1   1 ", "p2.s2   1 ", "p3.s1   1 ", "p3.s2   ✗ "]
        assert panel.list.highlighted is not None
        assert panel.list.highlighted.key == f"loc:{ids[1]}#p1.s1"
        await _press(pilot, "escape")
        assert panel.list.plain_lines()[0].startswith("1 Velmar dock strike: talks set")
        assert panel.list.highlighted is not None
        assert panel.list.highlighted.key == f"source:{ids[1]}"


async def test_n_lists_what_the_source_added_and_esc_goes_back(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    async with running(path, size=(120, 30)) as pilot:
        await _press(pilot, "7", "down", "n")
        panel = _sources(pilot)
        assert panel.list.plain_lines() == [
            "Added by source 2, Velmar talks moved to Friday: 1 entries cite it and no earlier "
            "source · Esc: back", "Tomas Eder  mediator"]
        await _press(pilot, "enter")  # the entry's detail, in place
        assert panel.detail.rows[0].text.plain == "Tomas Eder"
        await _press(pilot, "escape", "escape")
        assert panel.list.highlighted is not None
        assert panel.list.highlighted.key == f"source:{ids[1]}"


async def test_a_cited_sentence_in_a_detail_opens_its_own_source(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    async with running(path, size=(120, 30)) as pilot:
        screen = screen_of(pilot)
        screen.open_entry("tomas-eder")
        await settle(pilot)
        actors = screen.query_one("#view-actors", MasterDetail)
        assert actors.detail.select_key(f"loc:{ids[2]}#p1.s1")
        await _press(pilot, "enter")
        panel = _sources(pilot)
        assert screen.view == "sources" and screen.sources.scope == f"read:{ids[2]}"
        assert panel.list.plain_lines()[0].startswith("Velmar talks held, offer disputed")
        assert panel.list.highlighted is not None
        assert panel.list.highlighted.key == f"loc:{ids[2]}#p1.s1"
