"""``?``: every key, in one place."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HelpScreen", "KEYS"]

KEYS: tuple[tuple[str, str], ...] = (
    ("0", "Overview: bottom line, counts, what has no date"),
    ("1 … 5", "Actors, Meetings, Demands, Corruption probe, Financing"),
    ("6", "Timeline: every dated entry in order"),
    ("7", "Sources: the article sentence by sentence"),
    ("8", "Changes since you last looked (m marks them seen)"),
    ("↑ ↓  j k", "move"),
    ("PgUp PgDn  g G", "page, first, last"),
    ("Enter", "open the entry, or follow the link under the cursor"),
    ("← →  h l  Tab", "list pane / detail pane"),
    ("Esc  Backspace", "back along the path you walked"),
    ("/", "filter the current list as you type"),
    ("ctrl+p", "jump to any entry by name; export the one-pager"),
    ("a  e  d", "add to this panel, edit, delete the highlighted entry"),
    ("e on Overview", "edit the briefing's title, summary, bottom line and as-of date"),
    ("u  ctrl+r", "undo, redo (every change this session)"),
    ("space", "in Sources: mark a sentence to cite (a new entry cites the marked)"),
    ("ctrl+s  Esc", "in a form: save, cancel"),
    ("?", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark,backspace", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with VerticalScroll():
            yield Static("Keys  (Esc closes)", classes="title", markup=False)
            yield Static(table)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
