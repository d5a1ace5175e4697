"""``?``: every key, in one place, read off the bindings (see :mod:`tui.ui.keys`)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.ui.keys import MOUSE, Section, help_sections

__all__ = ["HelpScreen", "help_text"]

_SCROLL = "scroll this list"


def help_text(sections: tuple[Section, ...]) -> Group:
    """The help's body: a heading and a two-column table per section, then the mouse."""
    parts: list[Text | Table] = []
    width = max(len(" ".join(row.keys)) for section in sections for row in section.rows)
    for section in sections:
        parts.append(Text(section.title, style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, width=width)
        table.add_column()
        for row in section.rows:
            table.add_row(Text(" ".join(row.keys)), Text(row.what))
        parts += [table, Text("")]
    parts.append(Text(MOUSE))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,backspace", "dismiss", "Close", tooltip="close the help"),
        Binding("down,j", "scroll('down')", "Down", show=False, tooltip=_SCROLL),
        Binding("up,k", "scroll('up')", "Up", show=False, tooltip=_SCROLL),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False, tooltip=_SCROLL),
        Binding("pageup", "scroll('page_up')", "Page up", show=False, tooltip=_SCROLL),
        Binding("home,g", "scroll('home')", "Top", show=False, tooltip=_SCROLL),
        Binding("end,G", "scroll('end')", "End", show=False, tooltip=_SCROLL),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Keys  (Esc closes · j k PgDn G scroll)", classes="title", markup=False)
            keymap = getattr(self.app, "_keymap", {})  # the reader's remapped keys (prefs)
            self.sections = help_sections(keymap)  # what it lists
            yield Static(help_text(self.sections))

    def action_scroll(self, how: str) -> None:
        scroller = self.query_one(VerticalScroll)
        getattr(scroller, f"scroll_{how}")(animate=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
