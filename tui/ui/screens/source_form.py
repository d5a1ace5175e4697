"""The form for adding a source from the app: an article file and what it is (title,
publisher, address, publication date, reliability A-F). The Sources view writes it
through the same code as ``briefing add-source``."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Select, Static

from tui.core.dates import is_valid_date
from tui.core.model import ENUMS
from tui.core.text import clean
from tui.present.sources_view import RELIABILITY
from tui.ui.screens.form_base import FormScreen

__all__ = ["SourceForm"]

_FIELDS = (
    ("file", "Article file (required) — a UTF-8 text file; ~ is your home folder"),
    ("title", "Title — empty: the file's name"),
    ("publisher", "Publisher"),
    ("url", "Address (https://…)"),
    ("published", "Published — YYYY, YYYY-MM or YYYY-MM-DD, or empty"),
)
_NOT_GRADED = "not graded"


class SourceForm(FormScreen[dict[str, Any]]):
    DEFAULT_CSS = """
    SourceForm { align: center middle; }
    SourceForm > Vertical { width: 100%; max-width: 100; height: 100%; max-height: 30;
        border: round $accent; background: $surface; }
    SourceForm #source-status { height: auto; padding: 0 1; color: $text-muted; }
    SourceForm #source-status.-problems { color: $error; }
    SourceForm VerticalScroll { height: 1fr; padding: 0 1; }
    SourceForm .label { margin-top: 1; text-style: bold; height: 1; }
    SourceForm Input { height: 1; border: none; padding: 0 1; background: $boost; }
    SourceForm Input:focus { background: $accent 25%; border: none; }
    SourceForm Select { height: 3; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Add a source: another report on the story", style="bold",
                              end=""))
            yield Static("", id="source-status")
            with VerticalScroll():
                for name, label in _FIELDS:
                    yield Static(Text(label, end=""), classes="label")
                    yield Input("", id=f"s-{name}", select_on_focus=False)
                yield Static(Text("Reliability (the Admiralty grade)", end=""), classes="label")
                options = [(_NOT_GRADED, _NOT_GRADED)] + [
                    (f"{g}  {RELIABILITY[g]}", g) for g in ENUMS[("sources", "reliability")]]
                yield Select(options, value=_NOT_GRADED, allow_blank=False, id="s-reliability")
            yield Footer()

    def on_mount(self) -> None:
        self.focus_first(self.query_one("#s-file", Input))
        self.remember_opening()
        self._check()

    def collect(self) -> dict[str, Any]:
        details: dict[str, Any] = {
            name: self.query_one(f"#s-{name}", Input).value.strip() or None
            for name, _ in _FIELDS}
        grade = self.query_one("#s-reliability", Select).value
        details["reliability"] = grade if grade != _NOT_GRADED else None
        return details

    @on(Input.Changed)
    def _check(self) -> None:
        """What would refuse the source before it is read: no file named, a date that is
        none. (The file itself is read, and a repeat refused, when it is added.)"""
        details = self.collect()
        problems = []
        if not details["file"]:
            problems.append("name the article file")
        if details["published"] and not is_valid_date(details["published"]):
            problems.append(f"published: “{clean(details['published'])}” is not a date")
        self.problems = problems
        status = self.query_one("#source-status", Static)
        status.set_class(bool(problems), "-problems")
        status.update(Text("\n".join(f"✗ {p}" for p in problems) if problems else
                           "Ready: ctrl+s adds it, Esc cancels.", end=""))

    def save_now(self) -> None:
        self._check()
        if self.problems:
            self.notify("Not added: " + "; ".join(self.problems) + ".", severity="error",
                        timeout=4)
            return
        self.submit(self.collect())
