"""Typed work is never dropped without asking: Esc in a changed form asks (keeping is the
default), and a save that fails leaves the form open with every value typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apphelpers import SEED, running, settle
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui.storage.attachments import attach
from tui.storage.store import load_briefing
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.dialogs import ConfirmScreen
from tui.ui.screens.entry_form import EntryForm
from tui.ui.screens.meta_form import MetaForm

pytestmark = pytest.mark.usefixtures("seed_article")


@pytest.fixture
def ankara_copy(ankara_copy: Path) -> Path:
    """The copy, with the seed article attached."""
    attach(load_briefing(ankara_copy), SEED)
    return ankara_copy


async def _edit_place(pilot: Pilot, place: str) -> EntryForm:
    await pilot.press("2", "e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, EntryForm)
    form.query_one("#f-place", Input).value = place
    await settle(pilot)
    return form


async def test_esc_in_a_changed_form_asks_and_enter_keeps_editing(ankara_copy: Path) -> None:
    before = ankara_copy.read_bytes()
    async with running(ankara_copy) as pilot:
        form = await _edit_place(pilot, "Ankara, a new place")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("enter")  # the default answer keeps the work
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.query_one("#f-place", Input).value == "Ankara, a new place"
        await pilot.press("escape", "n")
        await pilot.pause()
        assert pilot.app.screen is form
        await pilot.press("escape", "y")  # only y drops it
        await pilot.pause()
        assert isinstance(pilot.app.screen, BriefingScreen)
    assert ankara_copy.read_bytes() == before


async def test_esc_in_an_unchanged_form_closes_it_without_asking(ankara_copy: Path) -> None:
    async with running(ankara_copy) as pilot:
        await pilot.press("2", "e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EntryForm)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BriefingScreen)


async def test_esc_in_the_changed_briefing_form_asks_too(ankara_copy: Path) -> None:
    async with running(ankara_copy) as pilot:
        await pilot.press("0", "e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, MetaForm)
        form.query_one("#m-summary", TextArea).text = "A summary of my own."
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("escape")  # Esc on the question keeps the work too
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.query_one("#m-summary", TextArea).text == "A summary of my own."


async def test_a_save_that_fails_keeps_the_form_and_its_text(ankara_copy: Path) -> None:
    async with running(ankara_copy) as pilot:
        form = await _edit_place(pilot, "Ankara, typed before the file broke")
        doc = json.loads(ankara_copy.read_text(encoding="utf-8"))
        doc["briefing"]["1"]["title"] = 5  # someone else leaves the file broken
        broken = json.dumps(doc)
        ankara_copy.write_text(broken, encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert form.query_one("#f-place", Input).value == "Ankara, typed before the file broke"
        messages = [str(n.message) for n in pilot.app._notifications]  # noqa: SLF001
        assert any(m.startswith("Not saved") and "still open" in m for m in messages), messages
        assert ankara_copy.read_text(encoding="utf-8") == broken  # nothing written over it
        # Mended meanwhile: the same form saves.
        doc["briefing"]["1"]["title"] = "Ankara peace talks"
        ankara_copy.write_text(json.dumps(doc), encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    saved = json.loads(ankara_copy.read_text(encoding="utf-8"))
    places = [e.get("place") for e in saved["meetings"].values()]
    assert "Ankara, typed before the file broke" in places


async def test_ctrl_q_in_a_changed_form_asks_and_only_y_quits(ankara_copy: Path) -> None:
    before = ankara_copy.read_bytes()
    async with running(ankara_copy) as pilot:
        form = await _edit_place(pilot, "Ankara, typed before quitting")
        for keep in ("enter", "n", "escape"):
            await pilot.press("ctrl+q")
            await pilot.pause()
            question = pilot.app.screen
            assert isinstance(question, ConfirmScreen)
            assert "Quit and drop what you typed" in str(question.message)
            await pilot.press(keep)
            await pilot.pause()
            assert pilot.app.is_running and pilot.app.screen is form
        assert form.query_one("#f-place", Input).value == "Ankara, typed before quitting"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not pilot.app.is_running
    assert ankara_copy.read_bytes() == before


async def test_ctrl_q_in_an_unchanged_form_quits_without_asking(ankara_copy: Path) -> None:
    async with running(ankara_copy) as pilot:
        await pilot.press("2", "e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EntryForm)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not pilot.app.is_running
