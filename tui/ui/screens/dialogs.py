"""Small dialogs: confirm a delete, settle an edit conflict. Each returns through dismiss()."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import events
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


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few answers (a new actor's kind): by its number or initial, or with
    the arrows and Enter; Esc picks none."""

    DEFAULT_CSS = _CSS.format(name="ChoiceScreen")
    BINDINGS = [
        Binding("escape", "pick(None)", "Cancel", tooltip="none: nothing is made"),
        Binding("up,k", "move(-1)", "Up", show=False, tooltip="move"),
        Binding("down,j", "move(1)", "Down", show=False, tooltip="move"),
        Binding("enter", "pick_highlighted", "Choose", tooltip="choose the highlighted answer"),
    ]

    def __init__(self, question: str, answers: tuple[str, ...]) -> None:
        super().__init__()
        self.question = question
        self.answers = answers
        self.at = 0
        self._digits = ""  # a number being typed, when more than nine answers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._text(), id="choice-text")
            yield Footer()

    def _text(self) -> Text:
        text = Text(end="").append(clean(self.question) + "\n\n", style="bold")
        for n, answer in enumerate(self.answers, 1):
            line = f"{'▶' if n - 1 == self.at else ' '} {n}  {clean(answer)}\n"
            text.append(line, style="reverse" if n - 1 == self.at else "")
        text.append("\nA number or an initial picks; Enter the highlighted; Esc none.",
                    style="dim")
        return text

    def on_key(self, event: events.Key) -> None:
        """1…N, or an answer's initial, picks it at once; a number that could go on (1 of
        13) waits for its next digit, and Enter then picks what was typed."""
        char = event.character or ""
        if char.isdigit():
            typed = self._digits + char
            if 1 <= int(typed) <= len(self.answers):
                event.stop()
                if int(typed) * 10 > len(self.answers):  # no longer number starts so
                    self.dismiss(self.answers[int(typed) - 1])
                    return
                self._digits = typed
                self.at = int(typed) - 1
                self.query_one("#choice-text", Static).update(self._text())
                return
        self._digits = ""
        starting = [a for a in self.answers if char and a.lower().startswith(char.lower())]
        if len(starting) == 1 and char not in "jk":
            event.stop()
            self.dismiss(starting[0])

    def action_move(self, step: int) -> None:
        self.at = (self.at + step) % len(self.answers)
        self.query_one("#choice-text", Static).update(self._text())

    def action_pick_highlighted(self) -> None:
        self.dismiss(self.answers[self.at])

    def action_pick(self, answer: str | None) -> None:
        self.dismiss(answer)
