"""Pickers for a form: entries (actors, links) and cited sentences, chosen with type-ahead.

Each picker is a list of what is chosen and an input below it. Typing narrows the
candidates (the best match is named under the input); Enter adds it; ``x`` or Delete on a
chosen row removes it. An actor picker offers to create a new actor when nothing matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tui.core.text import one_line
from tui.present.rows import Row
from tui.ui.widgets.line_list import LineList

__all__ = ["Candidate", "Picker"]


@dataclass(frozen=True)
class Candidate:
    """Something a picker can choose: ``value`` is stored, ``label`` is shown."""

    value: str
    label: str
    note: str = ""


class Picker(Vertical):
    """Chosen values, in order, with type-ahead to add more."""

    DEFAULT_CSS = """
    Picker { height: auto; }
    Picker > LineList { height: auto; max-height: 6; min-height: 1; }
    Picker > .picker--hint { color: $text-muted; height: auto; }
    """

    class Changed(Message):
        def __init__(self, picker: Picker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> Picker:
            return self.picker

    class CreateRequested(Message):
        """Nothing matched and the picker may create: the form makes a new entry."""

        def __init__(self, picker: Picker, name: str) -> None:
            super().__init__()
            self.picker = picker
            self.name = name

    def __init__(self, candidates: list[Candidate], chosen: list[str], *,
                 can_create: str | None = None, placeholder: str = "type to add…",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.candidates = candidates
        self._by_value = {c.value: c for c in candidates}
        self._lowered = [(c.label.lower(), c.value.lower(), c) for c in candidates]
        self.values: list[str] = list(chosen)
        self.can_create = can_create  # e.g. "actor": Enter on no match creates one
        self.placeholder = placeholder
        self._best: Candidate | None = None

    def compose(self) -> ComposeResult:
        yield LineList(empty="none chosen")
        yield Input(placeholder=self.placeholder, select_on_focus=False)
        yield Static("", classes="picker--hint")

    def on_mount(self) -> None:
        self._refresh_list()

    def add_candidate(self, candidate: Candidate) -> None:
        self.candidates.append(candidate)
        self._by_value[candidate.value] = candidate
        self._lowered.append((candidate.label.lower(), candidate.value.lower(), candidate))

    def _refresh_list(self, keep: str | None = None) -> None:
        rows = []
        for value in self.values:
            c = self._by_value.get(value)
            text = Text("× ", style="dim", end="")
            text.append(one_line(c.label if c else value))
            if c and c.note:
                text.append(f"  {one_line(c.note)}", style="dim")
            rows.append(Row(text, value))
        chosen = self.query_one(LineList)
        chosen.set_rows(rows, keep=keep)
        # An empty list takes no Tab stop: Tab goes straight to where a name is typed.
        chosen.can_focus = bool(rows)
        if not rows and chosen.has_focus:
            self.query_one(Input).focus()

    def best_match(self, typed: str) -> Candidate | None:
        """The candidate a reader most likely means: exact, then prefix, then substring."""
        needle = typed.strip().lower()
        if not needle:
            return None
        prefix = inner = None
        for label, value, c in self._lowered:
            if c.value in self.values:
                continue
            if needle in (label, value):
                return c
            if prefix is None and (label.startswith(needle) or value.startswith(needle)):
                prefix = c
            elif inner is None and (needle in label or needle in value):
                inner = c
        return prefix or inner

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._best = self.best_match(event.value)
        hint = self.query_one(".picker--hint", Static)
        if self._best is not None:
            text = Text("Enter adds: ", style="dim", end="")
            text.append(one_line(self._best.label))
            if self._best.note:
                text.append(f"  {one_line(self._best.note)}", style="dim")
            hint.update(text)
        elif event.value.strip() and self.can_create:
            hint.update(Text(f"No match. Enter creates a new {self.can_create} named "
                             f"“{one_line(event.value)}”.", end=""))
        elif event.value.strip():
            hint.update(Text("No match.", end=""))
        else:
            hint.update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if not typed:
            return
        best = self.best_match(typed)
        field = self.query_one(Input)
        if best is not None:
            self.choose(best.value)
        elif self.can_create:
            # The form asks what it is; the typed name stays until something is made of it.
            self.post_message(self.CreateRequested(self, typed))
            return
        else:
            return
        field.value = ""

    def choose(self, value: str) -> None:
        if value not in self.values:
            self.values.append(value)
            self._refresh_list(keep=value)
            self.post_message(self.Changed(self))

    def remove_value(self, value: str) -> None:
        if value in self.values:
            self.values.remove(value)
            self._refresh_list()
            self.post_message(self.Changed(self))

    BINDINGS = [Binding("x,delete", "remove_highlighted", "Remove", show=False,
                        tooltip="in a list of names: remove the highlighted one")]

    def action_remove_highlighted(self) -> None:
        line_list = self.query_one(LineList)
        row = line_list.highlighted
        if line_list.has_focus and row is not None and row.key is not None:
            self.remove_value(row.key)
