"""Dialogs default to the safe answer: only an explicit key says yes."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App

from tui.ui.screens.dialogs import ConfirmScreen


class _Asker(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[bool | None] = []

    def ask(self) -> None:
        self.push_screen(ConfirmScreen(Text("Delete it?")), self.answers.append)


@pytest.mark.parametrize("key, answer", [
    ("enter", False), ("escape", False), ("n", False), ("y", True),
])
async def test_confirm_says_yes_only_on_y_and_enter_keeps(key: str, answer: bool) -> None:
    app = _Asker()
    async with app.run_test() as pilot:
        app.ask()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press(key)
        await pilot.pause()
        assert app.answers == [answer]
        assert not isinstance(app.screen, ConfirmScreen)


async def test_confirm_footer_shows_that_enter_means_no() -> None:
    from textual.widgets._footer import FooterKey

    app = _Asker()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask()
        await pilot.pause()
        keys = {(k.key_display, k.description) for k in app.screen.query(FooterKey)}
        assert ("y", "Yes") in keys and ("n ⏎", "No") in keys, keys
