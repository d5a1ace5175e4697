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


@pytest.mark.parametrize("keys, picked", [
    (("3",), "answer 3"),             # no answer 30-39: picked at once
    (("1", "2"), "answer 12"),        # 1 could be 10-13: the next digit makes 12
    (("1", "enter"), "answer 1"),     # or Enter takes the 1 typed
    (("1", "3"), "answer 13"),
])
async def test_a_choice_of_more_than_nine_answers_is_picked_by_its_whole_number(
        keys: tuple[str, ...], picked: str) -> None:
    from tui.ui.screens.dialogs import ChoiceScreen

    answers = tuple(f"answer {n}" for n in range(1, 14))
    chosen: list[str | None] = []
    app: App[None] = App()
    async with app.run_test() as pilot:
        app.push_screen(ChoiceScreen("Which field?", answers), chosen.append)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert chosen == [picked]
