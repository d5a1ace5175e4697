"""The Changes view lists what others changed, in the app's words: never the reader's own
saves, field labels rather than raw names, and no "was (none), now []" noise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apphelpers import running, screen_of, settle
from textual.pilot import Pilot
from textual.widgets import Input

from tui.authoring.editor import Editor
from tui.ui.screens.dialogs import ChoiceScreen
from tui.ui.screens.entry_form import EntryForm
from tui.ui.widgets.pickers import Picker

pytestmark = pytest.mark.usefixtures("seed_article")


def _meeting(path: Path, entry_id: str) -> dict:  # type: ignore[type-arg]
    doc = json.loads(path.read_text(encoding="utf-8"))
    return next(m for m in doc["meetings"].values() if m["id"] == entry_id)


async def _edit_with_a_new_actor(pilot: Pilot, name: str) -> None:
    """Edit the first meeting, adding a participant made on the spot: two changes."""
    await pilot.press("2", "e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, EntryForm)
    picker = form.query_one("#f-participants", Picker)
    picker.query_one(Input).focus()
    picker.query_one(Input).value = name
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChoiceScreen)
    await pilot.press("1")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_own_saves_that_make_an_actor_are_never_listed(ankara_copy: Path) -> None:
    async with running(ankara_copy) as pilot:
        await _edit_with_a_new_actor(pilot, "Aide One")
        assert screen_of(pilot).changed == {}
        await _edit_with_a_new_actor(pilot, "Aide Two")
        assert screen_of(pilot).changed == {}
    log = json.loads(ankara_copy.read_text(encoding="utf-8"))["changes"]
    assert len(log) == 4  # two actors, two meeting updates
    async with running(ankara_copy) as pilot:  # and the next time, too
        assert screen_of(pilot).changed == {}


async def test_own_save_after_a_colleagues_change_lists_only_theirs(ankara_copy: Path) -> None:
    async with running(ankara_copy) as pilot:  # a first look: everything so far is seen
        assert screen_of(pilot).changed == {}
    meeting = _meeting(ankara_copy, "turkey-hosted-talks")
    Editor(ankara_copy, by="colleague").update(
        "turkey-hosted-talks", {**meeting, "place": "Istanbul", "outcome": ""}, meeting)
    async with running(ankara_copy) as pilot:
        screen = screen_of(pilot)
        assert set(screen.changed) == {"turkey-hosted-talks"}
        await _edit_with_a_new_actor(pilot, "Aide Three")
        assert set(screen.changed) == {"turkey-hosted-talks"}
        await pilot.press("8")
        await pilot.pause()
        panel = screen.query_one("#view-changes")
        lines = panel.list.plain_lines()  # type: ignore[attr-defined]
        assert len(lines) == 1 and lines[0].endswith("Place"), lines
        assert panel.list.select_key("change:turkey-hosted-talks")  # type: ignore[attr-defined]
        await pilot.pause()
        detail = [r.text.plain for r in panel.detail.rows]  # type: ignore[attr-defined]
        assert "Place" in detail and "place" not in detail
        assert not any("[]" in line for line in detail), detail
