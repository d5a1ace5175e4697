"""What a form shows escaped is stored exactly as it was: a form saved without typing leaves
the file byte for byte as it was and logs no change, and an edit of one field changes that
field alone, however hostile or right-to-left the text of the others.

The text under test holds a zero-width space, a bidi override, an ESC, right-to-left text
with its direction marks, a run of inner spaces and trailing spaces: the forms show each
of them escaped or folded (``\\u200b``, ``\\u202e``, ``\\x1b``), and none of that display form
may reach the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from apphelpers import notes, running, settle
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui.storage.store import BriefingStore
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.entry_form import EntryForm
from tui.ui.screens.meta_form import MetaForm

HEBREW = "\u05e9\u05dc\u05d5\u05dd\u200f"  # "shalom" and a right-to-left mark
ODD = f"zero\u200bwidth, \u202eevil\u202c, esc \x1b[31mred\x1b[0m, {HEBREW} ok  "
SUMMARY = f"A summary with {ODD}\nand a second line with   inner   spaces  "
BLUF = [f"First point: {ODD}", "Second point,\nwritten over   two lines  ",
        "\u0645\u0631\u062d\u0628\u0627\u200f \u2067\u0639\u0631\u0628\u064a\u2069 point"]
ACTOR_NAME = "Steve \u200bWitkoff\u202e "
ACTOR_SUMMARY = f"Envoy: {ODD}"
ACTOR_TAGS = ["us\u200b", "  envoy \x1b", "\u05d0\u200f"]


def _odd_briefing(path: Path) -> bytes:
    """Put the odd text in the briefing's record and in Witkoff's entry; the file's bytes."""
    with BriefingStore(path).transaction() as db:
        meta = db.table("briefing")
        meta.update({"summary": SUMMARY, "bluf": BLUF}, doc_ids=[meta.all()[0].doc_id])
        actors = db.table("actors")
        witkoff = next(d for d in actors.all() if d["id"] == "witkoff")
        actors.update({"name": ACTOR_NAME, "summary": ACTOR_SUMMARY, "tags": ACTOR_TAGS},
                      doc_ids=[witkoff.doc_id])
    return path.read_bytes()


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _meta(path: Path) -> dict[str, Any]:
    meta: dict[str, Any] = _read(path)["briefing"]["1"]
    return meta


def _witkoff(path: Path) -> dict[str, Any]:
    return next(a for a in _read(path)["actors"].values() if a["id"] == "witkoff")


async def _open_meta_form(pilot: Pilot) -> MetaForm:
    await pilot.press("0", "e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, MetaForm)
    return form


async def _open_witkoff(pilot: Pilot) -> EntryForm:
    await pilot.press("1", "e")  # Witkoff is the first actor
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, EntryForm)
    assert form.base["id"] == "witkoff"
    return form


async def test_untouched_meta_form_saves_nothing_and_leaves_the_file_byte_identical(
        ankara_copy: Path) -> None:
    before = _odd_briefing(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_meta_form(pilot)
        # The form shows the odd characters escaped, the points one to a line.
        summary = form.query_one("#m-summary", TextArea).text
        assert "\\u200b" in summary and "\\u202e" in summary and "\\x1b" in summary
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
        assert "No change to save." in notes(pilot)
        assert not any(n.startswith("Saved") for n in notes(pilot))
    assert ankara_copy.read_bytes() == before
    assert "changes" not in _read(ankara_copy)


async def test_untouched_entry_form_saves_nothing_and_leaves_the_file_byte_identical(
        ankara_copy: Path) -> None:
    before = _odd_briefing(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_witkoff(pilot)
        assert "\\u200b" in form.query_one("#f-name", Input).value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
        assert "No change to save." in notes(pilot)
    assert ankara_copy.read_bytes() == before
    assert "changes" not in _read(ankara_copy)


async def test_editing_the_title_in_the_meta_form_changes_the_title_alone(
        ankara_copy: Path) -> None:
    _odd_briefing(ankara_copy)
    old = _meta(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_meta_form(pilot)
        title = form.query_one("#m-title", Input)
        title.cursor_position = len(title.value)
        await pilot.press(*" (edited)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    new = _meta(ankara_copy)
    assert new == {**old, "title": "Ankara peace talks (edited)"}
    (change,) = _read(ankara_copy)["changes"].values()
    assert change["fields"] == ["title"]


async def test_editing_one_point_of_the_bottom_line_keeps_the_others_exactly(
        ankara_copy: Path) -> None:
    _odd_briefing(ankara_copy)
    old = _meta(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_meta_form(pilot)
        area = form.query_one("#m-bluf", TextArea)
        lines = area.text.split("\n")
        area.text = "\n".join([*lines, "A new last point."])
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    new = _meta(ankara_copy)
    assert new == {**old, "bluf": [*BLUF, "A new last point."]}


async def test_editing_the_role_in_the_entry_form_changes_the_role_alone(
        ankara_copy: Path) -> None:
    _odd_briefing(ankara_copy)
    old = _witkoff(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_witkoff(pilot)
        form.query_one("#f-role", Input).value = "Envoy"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    assert _witkoff(ankara_copy) == {**old, "role": "Envoy"}
    (change,) = _read(ankara_copy)["changes"].values()
    assert change["fields"] == ["role"]


async def test_adding_a_tag_in_the_entry_form_keeps_the_other_tags_exactly(
        ankara_copy: Path) -> None:
    _odd_briefing(ankara_copy)
    old = _witkoff(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_witkoff(pilot)
        area = form.query_one("#f-tags", TextArea)
        assert area.text == "us\\u200b\nenvoy \\x1b\n\u05d0\\u200f"  # shown escaped, stripped
        area.text += "\nnew-tag"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    assert _witkoff(ankara_copy) == {**old, "tags": [*ACTOR_TAGS, "new-tag"]}


async def test_a_word_typed_into_the_summary_keeps_the_summary_s_escapes_and_marks(
        ankara_copy: Path) -> None:
    _odd_briefing(ankara_copy)
    old = _meta(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_meta_form(pilot)
        area = form.query_one("#m-summary", TextArea)
        area.focus()
        area.move_cursor((0, 0))
        await pilot.press(*"Edited. ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    assert _meta(ankara_copy) == {**old, "summary": "Edited. " + SUMMARY}


async def test_a_word_changed_in_an_entry_s_summary_keeps_its_escapes_and_marks(
        ankara_copy: Path) -> None:
    _odd_briefing(ankara_copy)
    old = _witkoff(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_witkoff(pilot)
        area = form.query_one("#f-summary", TextArea)
        area.text = area.text.replace("Envoy:", "Special envoy:")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    assert _witkoff(ankara_copy) == {**old, "summary": "Special envoy: " + ODD}


async def test_a_word_changed_in_one_point_keeps_that_point_s_escapes_and_the_others(
        ankara_copy: Path) -> None:
    _odd_briefing(ankara_copy)
    old = _meta(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_meta_form(pilot)
        area = form.query_one("#m-bluf", TextArea)
        area.text = area.text.replace("First point", "Main point", 1)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    # The edited point keeps its invisible characters; only its unseen trailing spaces go.
    edited = f"Main point: {ODD}".rstrip(" ")
    assert _meta(ankara_copy) == {**old, "bluf": [edited, *BLUF[1:]]}
