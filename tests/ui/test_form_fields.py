"""Form fields a reader can use as they look: an empty list of names takes no Tab stop of
its own, and prose fields wrap over several lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import running
from textual.widgets import Input, TextArea

from tui.ui.screens.entry_form import EntryForm
from tui.ui.widgets.line_list import LineList
from tui.ui.widgets.pickers import Picker

pytestmark = pytest.mark.usefixtures("seed_article")


async def test_tab_into_an_empty_picker_lands_where_a_name_is_typed(ankara_copy: Path) -> None:
    async with running(ankara_copy) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, EntryForm)
        picker = form.query_one("#f-participants", Picker)
        assert picker.values == []
        chain = form.focus_chain
        first_inside = next(i for i, w in enumerate(chain) if picker in w.ancestors)
        form.set_focus(chain[first_inside - 1])  # the field before the picker
        await pilot.press("tab")
        await pilot.pause()
        assert form.focused is picker.query_one(Input)
        await pilot.press(*"zel", "enter")  # now it holds a name: its list is a Tab stop
        await pilot.pause()
        assert picker.values == ["zelensky"]
        assert picker.query_one(LineList) in form.focus_chain


@pytest.mark.parametrize(("panel", "field"), [("2", "outcome"), ("3", "response"),
                                              ("2", "date_basis")])
async def test_prose_fields_wrap_over_several_lines(ankara_copy: Path, panel: str,
                                                    field: str) -> None:
    async with running(ankara_copy, size=(100, 40)) as pilot:
        await pilot.press(panel, "a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, EntryForm)
        box = form.query_one(f"#f-{field}")
        assert isinstance(box, TextArea) and box.soft_wrap
        box.text = "word " * 40
        await pilot.pause()
        assert box.wrapped_document.height > 1  # wrapped, not scrolled sideways
