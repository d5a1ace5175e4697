"""What every form shares: it stays open until its save is written, and Esc asks before
dropping anything typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.screen import ModalScreen

__all__ = ["FormScreen", "SAVE_CANCEL"]

SAVE_CANCEL = "save, cancel (a changed form asks before dropping what you typed)"

_R = TypeVar("_R")


class FormScreen(ModalScreen[_R | None], Generic[_R]):
    """A form whose result is written by someone else (``submit_to``): the form closes only
    when the write succeeded (``saved``); a failed or refused write leaves it open with every
    value typed (``not_saved``). Without ``submit_to`` the form simply answers its result."""

    def __init__(self) -> None:
        super().__init__()
        self._submit: Callable[[_R], None] | None = None
        self.saving = False  # a save is being written: a second ctrl+s waits for it
        self._opened_with: Any = None

    def collect(self) -> Any:
        raise NotImplementedError

    def is_changed(self) -> bool:
        """Whether anything differs from what the form opened with."""
        return self.collect() != self._opened_with

    def remember_opening(self) -> None:
        """Call once the fields show their first values (on mount)."""
        self._opened_with = self.collect()

    def submit_to(self, submit: Callable[[_R], None]) -> None:
        self._submit = submit

    def submit(self, result: _R) -> None:
        if self.saving:
            self.notify("Saving…", timeout=2)
            return
        if self._submit is None:
            self.dismiss(result)
            return
        self.saving = True
        self._submit(result)

    def saved(self) -> None:
        self.saving = False
        if self.app.screen is self:
            self.dismiss(None)

    def not_saved(self) -> None:
        """The write failed or was refused: keep the form and its text."""
        self.saving = False

    def action_cancel(self) -> None:
        if self.saving:
            self.notify("Saving…", timeout=2)
            return
        if not self.is_changed():
            self.dismiss(None)
            return
        from tui.ui.screens.dialogs import ConfirmScreen

        question = Text("Drop what you typed in this form?\n", style="bold", end="")
        question.append("\ny: drop it and close · n, Enter or Esc: keep editing", style="dim")

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(question), answered)
