"""Merge conflicts settled in the app: the Overview says they are there, ``!`` lists them
with both values, and each key writes what it says (checked against the file on disk)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from apphelpers import notes, running, screen_of, settle
from helpers_store import small_document as seed_document
from textual.widgets import Input, Static

from tui.core.merge import merge_documents
from tui.core.validate import check_conflicts, check_document
from tui.storage.store import BriefingStore
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.dialogs import ConfirmScreen
from tui.ui.screens.entry_form import EntryForm
from tui.ui.screens.merge_conflicts import MergeConflictsScreen
from tui.ui.widgets.line_list import LineList

pytestmark = pytest.mark.usefixtures("seed_article")


def row(doc: dict[str, Any], kind: str, entry_id: str) -> dict[str, Any]:
    return next(r for r in doc[kind].values() if r["id"] == entry_id)


@pytest.fixture
def merged(tmp_path: Path) -> Path:
    """Two sides renamed one meeting differently and set its status differently; one side
    dated an event the other deleted."""
    base = seed_document()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    row(ours, "meetings", "ankara-talks")["title"] = "Talks in Ankara (ours)"
    row(theirs, "meetings", "ankara-talks")["title"] = "Talks in Ankara (theirs)"
    row(ours, "meetings", "ankara-talks")["status"] = "held"
    row(theirs, "meetings", "ankara-talks")["status"] = "cancelled"
    row(ours, "events", "invasion")["date"] = "2022-02-24"
    theirs["events"] = {k: r for k, r in theirs["events"].items() if r["id"] != "invasion"}
    path = tmp_path / "merged.json"
    BriefingStore.create(path, merge_documents(base, ours, theirs).document)
    return path


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def body(pilot: Any) -> str:
    return str(pilot.app.screen.query_one("#conflicts-text", Static).render())


def overview(pilot: Any) -> list[str]:
    return screen_of(pilot).query_one("#overview", LineList).plain_lines()


async def test_the_overview_says_there_are_conflicts_and_enter_lists_them(merged: Path) -> None:
    async with running(merged) as pilot:
        assert any("3 merge conflict(s) to resolve" in line for line in overview(pilot))
        screen_of(pilot).query_one("#overview", LineList).select_key("view:conflicts")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MergeConflictsScreen)
        text = body(pilot)
        assert "Merge conflicts: 3 to resolve" in text
        assert "Talks in Ankara (ours)" in text and "Talks in Ankara (theirs)" in text
        assert "edited on one side, deleted on the other" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BriefingScreen)


async def test_keys_take_theirs_keep_ours_and_the_last_one_clears_the_overview(
        merged: Path) -> None:
    async with running(merged) as pilot:
        await pilot.press("!")
        await pilot.pause()
        labels = body(pilot)
        assert "▶ 1" in labels
        statuses = [n for n, c in enumerate(pilot.app.screen.conflicts) if c.field == "status"]
        for _ in range(statuses[0]):
            await pilot.press("j")
        assert "cancelled" in body(pilot) and "held" in body(pilot)
        await pilot.press("t")  # take theirs
        await settle(pilot)
        doc = read(merged)
        assert row(doc, "meetings", "ankara-talks")["status"] == "cancelled"
        assert len(check_conflicts(doc)) == 2
        assert any("2 merge conflict(s)" in line for line in overview(pilot))
        for _ in range(2):  # keep ours (the title), then keep the edited event
            await pilot.press("!")
            await pilot.pause()
            await pilot.press("o")
            await settle(pilot)
        doc = read(merged)
        assert check_conflicts(doc) == [] and check_document(doc)[0] == []
        assert row(doc, "meetings", "ankara-talks")["title"] == "Talks in Ankara (ours)"
        assert row(doc, "events", "invasion")["date"] == "2022-02-24"
        assert not any("merge conflict" in line for line in overview(pilot))
        assert any(n.startswith("Resolved:") for n in notes(pilot))


async def test_edit_opens_the_entrys_form_and_its_save_settles_the_conflict(
        merged: Path) -> None:
    async with running(merged) as pilot:
        await pilot.press("!")
        await pilot.pause()
        titles = [n for n, c in enumerate(pilot.app.screen.conflicts) if c.field == "title"]
        for _ in range(titles[0]):
            await pilot.press("j")
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#f-title", Input).value = "Talks in Ankara"
        await pilot.press("ctrl+s")
        await settle(pilot)
        doc = read(merged)
        assert row(doc, "meetings", "ankara-talks")["title"] == "Talks in Ankara"
        assert [c["field"] for c in doc["conflicts"].values()].count("title") == 0
        assert len(doc["conflicts"]) == 2


async def test_delete_asks_first_and_no_keeps_the_entry(merged: Path) -> None:
    async with running(merged) as pilot:
        await pilot.press("!")
        await pilot.pause()
        deletes = [n for n, c in enumerate(pilot.app.screen.conflicts) if c.field is None]
        for _ in range(deletes[0]):
            await pilot.press("j")
        await pilot.press("t")  # not a choice for an edit against a delete: does nothing
        await pilot.pause()
        assert isinstance(pilot.app.screen, MergeConflictsScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        before = merged.read_bytes()
        await pilot.press("enter")  # the safe default: no
        await settle(pilot)
        assert merged.read_bytes() == before
        await pilot.press("!")
        await pilot.pause()
        for _ in range(deletes[0]):
            await pilot.press("j")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        doc = read(merged)
        assert "invasion" not in [r["id"] for r in doc.get("events", {}).values()]
        assert len(check_conflicts(doc)) == 2


async def test_read_only_lists_the_conflicts_but_offers_no_choice(merged: Path) -> None:
    async with running(merged, read_only=True) as pilot:
        before = merged.read_bytes()
        await pilot.press("!")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MergeConflictsScreen)
        assert "open read-only" in body(pilot)
        await pilot.press("t", "o", "d")
        await settle(pilot)
        assert merged.read_bytes() == before


async def test_the_briefing_as_of_a_source_offers_no_resolving(merged: Path) -> None:
    async with running(merged) as pilot:
        before = merged.read_bytes()
        screen = screen_of(pilot)
        screen.as_of.stand_at(1)
        await pilot.pause()
        assert screen.check_action("add_entry", ()) is False  # nothing edits as it stood
        await pilot.press("!")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, MergeConflictsScreen)
        await pilot.press("t", "o")
        await settle(pilot)
        assert merged.read_bytes() == before
        assert any("resolved in the briefing as it is now" in n for n in notes(pilot))
