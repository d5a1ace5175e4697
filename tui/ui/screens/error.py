"""A file that cannot be opened: its one message, and a way out. Never a traceback."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.text import clean

__all__ = ["ErrorScreen"]


class ErrorScreen(Screen[None]):
    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    ErrorScreen VerticalScroll { width: 90%; height: auto; max-height: 90%;
        border: heavy $error; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="back to the folder list, or quit"),
        Binding("q", "app.quit", "Quit", tooltip="quit"),
    ]

    def __init__(self, lines: list[str], from_list: bool = False) -> None:
        super().__init__()
        self.lines = lines
        self.from_list = from_list  # opened from a folder list: Esc goes back to it

    def compose(self) -> ComposeResult:
        text = Text(end="").append("Cannot open this briefing\n\n", style="bold")
        for line in self.lines:
            text.append(clean(line) + "\n", style="")
        text.append("\nEsc: back to the list · q: quit" if self.from_list else "\nPress q to quit.",
                    style="dim")
        with VerticalScroll():
            yield Static(text, id="error-text")
        yield Footer()

    def action_back(self) -> None:
        if self.from_list:
            self.dismiss(None)
        else:
            self.app.exit()
