"""Small dialogs: confirm a delete, settle an edit conflict. Each returns through dismiss()."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.core.text import clean

__all__ = ["ConfirmScreen", "ConflictScreen"]

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90%; max-width: 100; height: auto; max-height: 90%;
    border: round $warning; background: $surface; padding: 0 1;
}}
{name} VerticalScroll {{ height: auto; max-height: 30; }}
"""


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question whose safe answer is the default: only ``y`` says yes; ``n``, Enter
    and Esc say no (a reader who presses Enter out of habit loses nothing)."""

    DEFAULT_CSS = _CSS.format(name="ConfirmScreen")
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="yes (the only key that says yes)"),
        Binding("n,enter,escape", "answer(False)", "No", key_display="n ⏎",
                tooltip="no (the default)"),
    ]

    def __init__(self, message: Text) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll():
                yield Static(self.message, id="confirm-text")
            yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return clean(value)
    return clean(json.dumps(value, ensure_ascii=False))


class ConflictScreen(ModalScreen[str]):
    """Someone else changed the entry since the form opened: ``reload`` or ``keep`` mine."""

    DEFAULT_CSS = _CSS.format(name="ConflictScreen")
    BINDINGS = [
        Binding("r", "answer('reload')", "Reload theirs",
                tooltip="reload their version (yours is dropped)"),
        Binding("k", "answer('keep')", "Keep mine",
                tooltip="save yours over theirs"),
        Binding("escape", "answer('cancel')", "Cancel", tooltip="cancel: nothing is saved"),
    ]

    def __init__(self, entry_id: str, theirs: dict[str, Any] | None,
                 mine: dict[str, Any] | None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.theirs = theirs
        self.mine = mine

    def compose(self) -> ComposeResult:
        text = Text(end="")
        text.append(f"“{clean(self.entry_id)}” changed on disk since you opened it.\n",
                    style="bold")
        if self.theirs is None:
            text.append("Someone deleted it. Keep mine adds your version back.\n")
        else:
            names = sorted(set(self.theirs) | set(self.mine or {}))
            for name in names:
                a, b = self.theirs.get(name), (self.mine or {}).get(name)
                if a != b:
                    text.append(f"\n{clean(name)}\n", style="bold")
                    text.append(f"  theirs: {_value(a)}\n")
                    text.append(f"  mine:   {_value(b)}\n")
        text.append("\nr: reload theirs (your edit is dropped) · k: keep mine (theirs is "
                    "replaced, and logged) · Esc: back", style="dim")
        with Vertical():
            with VerticalScroll():
                yield Static(text, id="conflict-text")
            yield Footer()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
