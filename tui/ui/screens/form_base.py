"""What every form shares: it stays open until its save is written, and Esc (or quitting)
asks before dropping anything typed. While its save waits for a lock another program holds,
Esc stops the wait and the form stays as it was."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["FormScreen", "NEXT_FIELD", "SAVE_CANCEL", "quit_or_ask"]

SAVE_CANCEL = "save, cancel (a changed form asks before dropping what you typed)"
NEXT_FIELD = "next field, previous field"

_R = TypeVar("_R")


class FormScreen(ModalScreen[_R | None], Generic[_R]):
    """A form whose result is written by someone else (``submit_to``): the form closes only
    when the write succeeded (``saved``); a failed or refused write leaves it open with every
    value typed (``not_saved``). Without ``submit_to`` the form simply answers its result."""

    DEFAULT_CSS = """
    FormScreen #form-waiting { height: auto; padding: 0 1; color: $warning; text-style: bold; }
    """
    STATUS = ""  # the form's status line (a selector): a save's wait is told just above it
    AUTO_FOCUS = ""  # not Textual's "first focusable" (the scroll box): ``focus_first`` does it
    # Tab moves on as it arrives (a priority binding), not once the field has worked through
    # the keys before it: "abc", Tab, "def" typed with no pause fill two fields, not one.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip=SAVE_CANCEL),
        Binding("escape", "cancel", "Cancel", tooltip=SAVE_CANCEL),
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True,
                tooltip=NEXT_FIELD),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True,
                tooltip=NEXT_FIELD),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._submit: Callable[[_R], None] | None = None
        self.saving = False  # a save is being written: a second ctrl+s waits for it
        self._opened_with: Any = None
        self.ready = asyncio.Event()  # set once the first field has focus: keys can land
        self._save_pending = False  # ctrl+s came while the check ran: save when it is done
        self._stop_wait: Callable[[], None] | None = None  # the save waits for a lock: stops it
        self.asking = False  # the drop question is showing

    def focus_first(self, widget: Widget) -> None:
        """Focus the first field now (not later, as ``Widget.focus`` does), so the keys typed
        while the form opened, held until ``ready``, land in it in order."""
        self.set_focus(widget, scroll_visible=False)  # the form opens at its top
        self.ready.set()

    def collect(self) -> Any:
        raise NotImplementedError

    def is_changed(self) -> bool:
        """Whether anything differs from what the form opened with."""
        return self.collect() != self._opened_with

    def remember_opening(self) -> None:
        """Call once the fields show their first values (on mount)."""
        self._opened_with = self.collect()

    class _SaveAfterTyping(Message):
        """Sent through the focused field, so it arrives after the keys still queued there."""

    def action_save(self) -> None:
        """ctrl+s: save once the keys typed before it have reached their fields (ctrl+s acts
        as it arrives; the letters before it may still be on their way)."""
        if self.focused is None:
            self.save_now()
        else:
            self.focused.post_message(self._SaveAfterTyping())

    @on(_SaveAfterTyping)
    def _typed_then_save(self, message: _SaveAfterTyping) -> None:
        message.stop()
        self.save_now()

    def save_now(self) -> None:
        raise NotImplementedError

    def save_when_checked(self) -> None:
        """ctrl+s before the check of what was typed finished: save as soon as it has, so
        the problems reported are those of what was typed last."""
        self._save_pending = True

    def checked(self) -> None:
        """Call when the check of the latest values is shown."""
        if self._save_pending:
            self._save_pending = False
            self.save_now()

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
        self._waited()
        if self.app.screen is self:
            self.dismiss(None)

    def not_saved(self) -> None:
        """The write failed or was refused: keep the form and its text."""
        self.saving = False
        self._waited()

    def waiting(self, stop: Callable[[], None], message: str) -> None:
        """The save waits for a lock another program holds: say ``message`` in the form until
        the wait ends; ``stop`` gives the wait up."""
        self._stop_wait = stop
        notice = Text(message, end="")
        shown = self.query("#form-waiting")
        if shown:
            shown.first(Static).update(notice)
            return
        status = self.query_one(self.STATUS) if self.STATUS else None
        if status is not None and isinstance(status.parent, Widget):
            status.parent.mount(Static(notice, id="form-waiting"), before=status)

    def _waited(self) -> None:
        self._stop_wait = None
        self.query("#form-waiting").remove()

    @property
    def is_waiting(self) -> bool:
        return self._stop_wait is not None

    def action_cancel(self) -> None:
        if self._stop_wait is not None:
            self._stop_wait()  # the save then reports that it was not made; the form stays
            self.notify("Stopping the wait: nothing will be saved.", timeout=3)
            return
        if self.saving:
            self.notify("Saving…", timeout=2)
            return
        if not self.is_changed():
            self.dismiss(None)
            return
        self.ask_to_drop(lambda: self.dismiss(None))

    def ask_to_drop(self, then: Callable[[], object], *, quitting: bool = False) -> None:
        """Ask whether to drop what was typed (no is the default); ``then`` if yes."""
        from tui.ui.screens.dialogs import ConfirmScreen

        if self.asking:
            return  # asked already: the question is showing
        verb = "quit" if quitting else "close"
        question = Text("Quit and drop what you typed in this form?\n" if quitting
                        else "Drop what you typed in this form?\n", style="bold", end="")
        question.append(f"\ny: drop it and {verb} · n, Enter or Esc: keep editing", style="dim")

        def answered(drop: bool | None) -> None:
            self.asking = False
            if drop:
                then()

        self.asking = True
        self.app.push_screen(ConfirmScreen(question), answered)


def quit_or_ask(app: App[Any]) -> None:
    """Quit, unless a form holds typed work: then ask first (keeping it is the default).
    Quitting never waits for a save: one waiting for a lock is given up as the app ends."""
    changed = [s for s in app.screen_stack if isinstance(s, FormScreen) and s.is_changed()]
    if not changed:
        app.exit()
        return
    changed[-1].ask_to_drop(app.exit, quitting=True)
