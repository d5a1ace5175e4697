"""The form for the briefing's own record: title, summary, bottom line up front, as-of date."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static, TextArea

from tui.core.document import document_of
from tui.core.errors import Problem
from tui.core.text import clean, one_line
from tui.core.validate import check_document
from tui.ui.screens.form_base import FormScreen
from tui.ui.screens.form_values import kept_lines, restore_text
from tui.ui.widgets.long_input import LongInput

if TYPE_CHECKING:
    from tui.core.model import Briefing

__all__ = ["MetaForm"]

_FIELDS = (
    ("title", "Title (required)", "input"),
    ("summary", "Summary", "area"),
    ("bluf", "Bottom line up front — one point per line", "lines"),
    ("as_of", "As of — YYYY, YYYY-MM or YYYY-MM-DD, or empty", "input"),
    ("as_of_basis", "As-of basis — how the date was worked out, or why there is none", "input"),
)


class MetaForm(FormScreen[dict[str, Any]]):
    STATUS = "#meta-status"
    DEFAULT_CSS = """
    MetaForm { align: center middle; }
    MetaForm > Vertical { width: 100%; max-width: 110; height: 100%; max-height: 40;
        border: round $accent; background: $surface; }
    MetaForm #meta-status { height: auto; padding: 0 1; color: $text-muted; }
    MetaForm #meta-status.-problems { color: $error; }
    MetaForm VerticalScroll { height: 1fr; padding: 0 1; }
    MetaForm .label { margin-top: 1; text-style: bold; height: 1; }
    MetaForm Input { height: 1; border: none; padding: 0 1; background: $boost; }
    MetaForm Input:focus { background: $accent 25%; border: none; }
    MetaForm TextArea { height: 6; border: none; background: $boost; }
    MetaForm TextArea:focus { background: $accent 25%; border: none; }
    """

    def __init__(self, briefing: Briefing, meta: dict[str, Any]) -> None:
        super().__init__()
        self.briefing = briefing  # as loaded: the form's meta is checked in its place
        self.base = dict(meta)
        self.problems: list[Problem] = []
        self._generation = 0
        self._checked = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("The briefing: title, summary, bottom line, as-of", style="bold",
                              end=""))
            yield Static("Checking…", id="meta-status")
            with VerticalScroll():
                for name, label, kind in _FIELDS:
                    yield Static(Text(label, end=""), classes="label")
                    value = self.base.get(name)
                    if kind == "input":
                        yield LongInput(clean(value or ""), id=f"m-{name}",
                                        select_on_focus=False)
                    elif kind == "area":
                        yield TextArea(clean(value or ""), id=f"m-{name}", soft_wrap=True)
                    else:
                        yield TextArea("\n".join(one_line(v) for v in value or []),
                                       id=f"m-{name}", soft_wrap=True)
            yield Footer()

    def on_mount(self) -> None:
        # What each field first showed: a field the reader leaves alone keeps its stored
        # value exactly (escaped characters, trailing spaces and the points' own line breaks
        # are display, not edits), and one left alone that was absent stays absent.
        self._shown = {name: self._text(name, kind) for name, _label, kind in _FIELDS}
        self.focus_first(self.query_one("#m-title", Input))
        self.remember_opening()
        self._schedule()

    def _text(self, name: str, kind: str) -> str:
        """What a field holds now, as the reader sees it."""
        if kind == "input":
            return self.query_one(f"#m-{name}", Input).value
        return self.query_one(f"#m-{name}", TextArea).text

    def collect(self) -> dict[str, Any]:
        meta = dict(self.base)
        shown = getattr(self, "_shown", {})
        for name, _label, kind in _FIELDS:
            text = self._text(name, kind)
            if name in shown and text == shown[name]:
                continue  # untouched: stored as it was, or still absent
            if kind == "input":
                value = restore_text(text, self.base.get(name))
                meta[name] = value if value.strip() or name == "title" else None
            elif kind == "area":
                meta[name] = restore_text(text, self.base.get(name))
            else:
                meta[name] = kept_lines(text, self.base.get(name))
        return meta

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        self._schedule()

    def _schedule(self) -> None:
        self._generation += 1
        self._checked = False
        self.check(self.collect(), self._generation)

    @work(thread=True, exclusive=True, group="check")
    def check(self, meta: dict[str, Any], generation: int) -> None:
        problems, _ = check_document(document_of(replace(self.briefing, meta=meta)))
        mine = [p for p in problems if p.place.startswith("briefing")]
        self.app.call_from_thread(self._show, mine, generation)

    def _show(self, problems: list[Problem], generation: int) -> None:
        if generation != self._generation:
            return  # an older check, finished late
        self.problems = problems
        self._checked = True
        status = self.query_one("#meta-status", Static)
        status.set_class(bool(problems), "-problems")
        if problems:
            status.update(Text("\n".join(f"✗ {clean(p.place.partition('.')[2] or p.place)}: "
                                         f"{clean(p.message)}" for p in problems), end=""))
        else:
            status.update(Text("Ready: ctrl+s saves, Esc cancels.", end=""))
        self.checked()

    def save_now(self) -> None:
        if not self._checked:
            self.save_when_checked()
        elif self.problems:
            self.notify("Not saved: fix the problems shown first.", severity="error", timeout=4)
        else:
            self.submit(self.collect())
