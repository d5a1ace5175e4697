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
        assert len(named) == 1, seen  # the whole name on one row, its title after it
        assert named[0].startswith(r"two\nlines\t\x1b[2J.json  Ankara peace talks  "), seen
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


@pytest.fixture
def team(tmp_path: Path) -> Path:
    from folder_briefings import make_folder

    return make_folder(tmp_path)


async def _listed(pilot: Pilot) -> list[str]:
    await pilot.app.workers.wait_for_complete()  # the folder is read off the UI thread
    await pilot.pause()
    return pilot.app.screen.query_one(LineList).plain_lines()


@pytest.mark.usefixtures("seed_article")
async def test_the_list_shows_each_briefing_with_its_title_as_of_date_and_counts(
        team: Path) -> None:
    async with running(team, size=(160, 30)) as pilot:
        lines = await _listed(pilot)
    assert lines == [
        f"{name}  {title}  as of Nov 2025 · 4 actors · 1 meeting · 1 demand · 1 probe · "
        "1 financing · 1 event"
        for name, title in (("first.json", "Ankara talks, first look"),
                            ("second.json", "Ankara talks, second look"),
                            ("third.json", "Ankara talks, third look"))]


@pytest.mark.usefixtures("seed_article")
async def test_slash_filters_the_folder_list_as_you_type_and_esc_shows_every_briefing(
        team: Path) -> None:
    async with running(team) as pilot:
        await _listed(pilot)
        await pilot.press("slash", *"ThIrd")
        await pilot.pause()
        choices = pilot.app.screen.query_one(LineList)
        assert [line.split("  ")[0] for line in choices.plain_lines()] == ["third.json"]
        await pilot.press("enter")  # back to the filtered list: Enter opens the one left
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, BriefingScreen) and screen.path == str(team / "third.json")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # the filter is cleared: every briefing again
        lines = await _listed(pilot)
        assert [line.split("  ")[0] for line in lines] == ["first.json", "second.json",
                                                           "third.json"]


@pytest.mark.usefixtures("seed_article")
async def test_ctrl_p_finds_an_entry_in_the_third_briefing_and_opens_it_there(
        team: Path) -> None:
    from textual.command import CommandList, CommandPalette

    async with running(team) as pilot:
        await _listed(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quillf")
        await pilot.pause(0.6)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        shown = palette.query_one(CommandList)
        prompts = [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]
        assert len(prompts) == 1 and prompts[0].startswith("Marguerite Quillfeather"), prompts
        assert "Ankara talks, third look" in prompts[0] and "third.json" in prompts[0]
        await pilot.press("down", "enter")
        await pilot.app.workers.wait_for_complete()
        for _ in range(4):
            await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, BriefingScreen)
        assert screen.path == str(team / "third.json") and screen.view == "actors"
        entry = screen.highlighted_entry()
        assert entry is not None and entry.id == "witkoff"
        assert entry.title == "Marguerite Quillfeather"


@pytest.mark.usefixtures("seed_article")
async def test_the_folder_files_are_read_off_the_ui_thread(team: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import tui.storage.folder_index as folder_index

    readers: list[threading.Thread] = []
    real = folder_index.read_bytes

    def recording(path: Path) -> bytes:
        readers.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(folder_index, "read_bytes", recording)
    async with running(team) as pilot:
        lines = await _listed(pilot)
    assert len(readers) == 3 and threading.main_thread() not in readers
    assert all("as of Nov 2025" in line for line in lines)  # and what they said is listed


@pytest.mark.usefixtures("seed_article")
async def test_opening_an_entry_the_file_no_longer_has_says_so_and_shows_the_briefing(
        team: Path) -> None:
    async with running(team) as pilot:
        await _listed(pilot)
        chooser = pilot.app.screen
        assert isinstance(chooser, ChooserScreen)
        chooser.open_entry(team / "second.json", "an-entry-that-went")
        await pilot.app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, BriefingScreen) and screen.path == str(team / "second.json")
        assert screen.view == "overview"
        said = [n.message for n in pilot.app._notifications]
        assert "That entry is no longer in second.json: the file changed." in said
