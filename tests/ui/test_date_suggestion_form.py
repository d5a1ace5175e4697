"""The entry form offers the dates a cited sentence's relative words fix, given its source's
publication date: ctrl+g takes one (again: the next), ignoring it writes nothing, and words
nothing fixes get no offer."""

from __future__ import annotations

import json
from pathlib import Path

from apphelpers import notes, running, settle
from story_sources import build_story
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.entry_form import EntryForm


async def _new_meeting_citing(pilot: Pilot, source: int, down: int) -> EntryForm:
    """Sources, the ``source``-th report, ``down`` sentences on: marked; then a new meeting."""
    await pilot.press("7", *["down"] * (source - 1), "enter", *["down"] * down, "space",
                      "2", "a")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, EntryForm)
    return form


def _fields(form: EntryForm) -> tuple[str, str, str]:
    return (form.query_one("#f-date", Input).value, form.query_one("#f-date_text", Input).value,
            form.query_one("#f-date_basis", TextArea).text)


def _offer(form: EntryForm) -> str:
    box = form.query_one("#date-suggestion", Static)
    return "" if box.has_class("-none") else str(box.render())


async def test_ctrl_g_takes_the_suggested_date_and_again_the_next(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(110, 40)) as pilot:
        form = await _new_meeting_citing(pilot, 1, 1)  # "... said on Monday ... this Thursday"
        assert _offer(form).splitlines()[1:] == [
            "1. 2026-03-02: “on Monday” (p2.s1), the day of publication, 2026-03-02 (a Monday)",
            "2. 2026-03-05: “this Thursday” (p2.s1), the Thursday after publication on "
            "2026-03-02"]
        assert _fields(form) == ("", "", "")  # offered, not written
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert _fields(form) == ("2026-03-02", "on Monday",
                                 "the day of publication, 2026-03-02 (a Monday)")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert _fields(form) == ("2026-03-05", "this Thursday",
                                 "the Thursday after publication on 2026-03-02")
        form.query_one("#f-title", Input).value = "Talks at the town hall"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    meeting = json.loads(path.read_text(encoding="utf-8"))["meetings"]["2"]
    assert (meeting["date"], meeting["date_text"], meeting["date_basis"]) == (
        "2026-03-05", "this Thursday", "the Thursday after publication on 2026-03-02")


async def test_ignoring_the_offer_saves_no_date(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(110, 40)) as pilot:
        form = await _new_meeting_citing(pilot, 2, 0)  # "... moved to Friday ..."
        assert "2026-03-06: “to Friday”" in _offer(form)
        form.query_one("#f-title", Input).value = "Talks moved"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    meeting = json.loads(path.read_text(encoding="utf-8"))["meetings"]["2"]
    assert meeting["title"] == "Talks moved"
    assert (meeting.get("date"), meeting.get("date_text"), meeting.get("date_basis")) == (
        None, None, None)


async def test_words_typed_by_hand_are_kept_when_a_date_is_taken(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(110, 40)) as pilot:
        form = await _new_meeting_citing(pilot, 3, 4)  # "... planned for next Wednesday."
        form.query_one("#f-date_basis", TextArea).text = "my own reasoning"
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert _fields(form) == ("2026-03-11", "next Wednesday", "my own reasoning")
        assert notes(pilot)[-1] == ("Date 2026-03-11 from “next Wednesday” (p3.s2). "
                                    "Kept your Date basis.")


async def test_no_offer_where_the_words_fix_no_date(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(110, 40)) as pilot:
        form = await _new_meeting_citing(pilot, 1, 0)  # "on strike for nine days": no date
        assert _offer(form) == ""
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert _fields(form) == ("", "", "")
        assert notes(pilot)[-1].startswith("No date to suggest")
