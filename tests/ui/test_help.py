"""``?`` lists every key the app binds, fits a small terminal by scrolling, and is the one help."""

from __future__ import annotations

import importlib
import pkgutil

from apphelpers import running
from textual.binding import Binding
from textual.containers import VerticalScroll

import tui.ui
from tui.ui.keys import help_sections, key_names
from tui.ui.screens.help import HelpScreen


def _classes_with_bindings() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(tui.ui.__path__, "tui.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            own = isinstance(value, type) and value.__module__ == info.name
            if own and "BINDINGS" in vars(value):
                found.append(value)
    return found


def test_every_binding_in_the_app_says_what_it_does() -> None:
    classes = _classes_with_bindings()
    assert len(classes) >= 10, [c.__name__ for c in classes]
    silent = [f"{c.__name__}: {b.key}" for c in classes for b in c.BINDINGS
              if isinstance(b, Binding) and not b.tooltip]
    assert silent == []


def test_help_rows_hold_every_key_of_the_briefing_forms_and_questions() -> None:
    from tui.ui.app import BriefingApp
    from tui.ui.screens.briefing_screen import BriefingScreen
    from tui.ui.screens.dialogs import ConfirmScreen, ConflictScreen
    from tui.ui.screens.entry_form import EntryForm
    from tui.ui.screens.form_base import FormScreen
    from tui.ui.widgets.line_list import LineList
    from tui.ui.widgets.pickers import Picker

    listed = {(k, row.what) for s in help_sections() for row in s.rows for k in row.keys}
    listed_keys = {k for k, _ in listed}
    for cls in (BriefingApp, BriefingScreen, LineList, EntryForm, FormScreen, Picker,
                ConfirmScreen, ConflictScreen):
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding)
            for key in key_names([binding]):
                if key.isdigit() and "1–5" in listed_keys and 1 <= int(key) <= 5:
                    assert ("1–5", binding.tooltip) in listed
                else:
                    assert (key, binding.tooltip) in listed, (cls.__name__, key)
    assert ("ctrl+p", "jump to any entry by name; export the one-pager") in listed


def test_key_names_keep_declared_order_and_shorten_a_run_of_digits() -> None:
    digits = [Binding(str(n), "x", tooltip="t") for n in range(1, 6)]
    assert key_names(digits) == ("1–5",)
    assert key_names([Binding("up,k", "x"), Binding("down,j", "x")]) == ("↑", "k", "↓", "j")
    assert key_names([Binding("escape,backspace", "x")]) == ("Esc", "Backspace")


async def test_help_scrolls_with_the_keys_it_lists_at_80x24() -> None:
    async with running(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        scroller = pilot.app.screen.query_one(VerticalScroll)
        assert scroller.region.height <= 24 and scroller.region.width <= 80
        assert scroller.max_scroll_y > 0, "the help fits; this test should use a smaller size"
        await pilot.press("G")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert scroller.scroll_y == 0
        await pilot.press("j")
        await pilot.pause()
        assert scroller.scroll_y == 1
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)


async def test_palette_keys_command_opens_the_same_help() -> None:
    async with running(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Keys")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)
