"""Recording a dispute from the keyboard, on the Velmar story: ``D`` on an entry, the field
from a list, two accounts typed with their sentences and a note, ctrl+s; the detail then
shows the accounts, the file holds them (logged, undoable), and Esc on a typed form asks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from apphelpers import running, screen_of, settle
from story_briefing import build_story
from textual.pilot import Pilot

from tui.ui.screens.dialogs import ChoiceScreen, ConfirmScreen
from tui.ui.screens.dispute_form import DisputeForm


def _entry(path: Path, entry_id: str) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return next(row for kind in ("actors", "meetings", "demands", "financing", "events")
                for row in document[kind].values() if row["id"] == entry_id)


async def _open_form(pilot: Pilot, entry_id: str, field_label: str) -> DisputeForm:
    screen = screen_of(pilot)
    screen.open_entry(entry_id)
    await settle(pilot)
    screen.action_focus_pane("list")
    await pilot.press("D")
    await settle(pilot)
    choice = pilot.app.screen
    assert isinstance(choice, ChoiceScreen)
    answer = next(a for a in choice.answers if a.split(" (")[0] == field_label)
    choice.at = choice.answers.index(answer)
    await pilot.press("enter")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, DisputeForm) and form.field.label == field_label
    return form


async def _type(pilot: Pilot, form: DisputeForm, widget_id: str, text: str) -> None:
    form.query_one(f"#{widget_id}").focus()
    await pilot.press(*text)


async def test_a_dispute_typed_in_the_form_is_saved_shown_and_undone(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    async with running(path, size=(100, 40)) as pilot:
        form = await _open_form(pilot, "velmar-talks", "Outcome")
        await _type(pilot, form, "d-value-0", "no deal")
        await _type(pilot, form, "d-sources-0 Input", "3#p3.s1")
        await pilot.press("enter")
        await _type(pilot, form, "d-note-0", "Quint")
        await _type(pilot, form, "d-value-1", "talks go on")
        await _type(pilot, form, "d-sources-1 Input", "3#p3.s2")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, DisputeForm)
        assert _entry(path, "velmar-talks")["accounts"]["outcome"] == [
            {"value": "no deal", "sources": [f"{ids[2]}#p3.s1"], "note": "Quint"},
            {"value": "talks go on", "sources": [f"{ids[2]}#p3.s2"]},
        ]
        screen = screen_of(pilot)
        detail = [row.text.plain for row in screen.query_one("#view-meetings").detail.rows]
        assert "Disputed: Outcome (2 accounts)" in detail
        await pilot.press("u")
        await settle(pilot)
        assert "accounts" not in _entry(path, "velmar-talks")


async def test_the_form_opens_with_the_recorded_accounts_and_refuses_a_lone_one(
        tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(100, 40)) as pilot:
        form = await _open_form(pilot, "pay-raise", "Response")
        assert form.query_one("#d-value-0").value == "Offer raised to 4 percent"  # type: ignore[attr-defined]
        form.query_one("#d-value-1").value = ""  # type: ignore[attr-defined]
        form.query_one("#d-note-1").value = ""  # type: ignore[attr-defined]
        form.query_one("#d-sources-1").values.clear()  # type: ignore[attr-defined]
        form.query_one("#d-note-0").focus()
        await pilot.press("x")  # an edit, so the check runs again
        await settle(pilot)
        assert any("at least two accounts" in p.message for p in form.problems)
        before = path.read_bytes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DisputeForm) and path.read_bytes() == before


async def test_escape_on_a_typed_dispute_asks_and_no_keeps_the_form(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(100, 40)) as pilot:
        form = await _open_form(pilot, "strike-cost", "Amount")
        await _type(pilot, form, "d-value-0", "12000000 EUR")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("enter")  # the safe answer: keep editing
        await settle(pilot)
        assert pilot.app.screen is form
        assert form.query_one("#d-value-0").value == "12000000 EUR"  # type: ignore[attr-defined]


async def test_the_detail_sets_accounts_side_by_side_when_wide_and_stacks_them_at_80(
        tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    async with running(path, size=(180, 40)) as pilot:
        screen = screen_of(pilot)
        screen.open_entry("pay-raise")
        await settle(pilot)
        panel = screen.query_one("#view-demands")

        def accounts_line() -> str:
            rows = [row.text.plain for row in panel.detail.rows]  # type: ignore[attr-defined]
            return rows[rows.index("Disputed: Response (2 accounts)") + 1]

        assert "2. 3 percent, unchanged  ✔ held" in accounts_line()  # beside account 1
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert accounts_line() == "1. Offer raised to 4 percent"  # one under the other
