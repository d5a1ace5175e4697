"""``briefing FOLDER``: pick one of the briefings in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.text import clean, one_line
from tui.present.rows import Row
from tui.storage.loader import peek
from tui.ui.widgets.line_list import LineList

if TYPE_CHECKING:
    from tui.ui.app import BriefingApp

__all__ = ["ChooserScreen", "briefing_files"]


def briefing_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.is_file() and not p.name.startswith("."))


def _row(path: Path) -> Row:
    text = Text(end="").append(clean(path.name), style="bold")
    try:
        title, problem = peek(path)
        if problem is not None:
            text.append("  cannot open: " + one_line(problem), style="red")
        else:
            text.append("  " + one_line(title or "(no title)"))
    except Exception as err:  # noqa: BLE001 - one odd file must not close the list
        text.append("  cannot open: " + one_line(repr(err)), style="red")
    return Row(text, str(path))


class ChooserScreen(Screen[None]):
    BINDINGS = [Binding("q", "app.quit", "Quit", tooltip="quit")]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield Static(Text(f" Briefings in {clean(self.folder)}", style="bold", end=""), id="header")
        yield LineList(id="choices", empty="No briefing files (*.json) in this folder.")
        yield Footer()

    def on_mount(self) -> None:
        choices = self.query_one(LineList)
        choices.set_rows([_row(p) for p in briefing_files(self.folder)])
        choices.focus()

    @on(LineList.Selected)
    def _chosen(self, event: LineList.Selected) -> None:
        cast("BriefingApp", self.app).open_briefing(Path(event.row.key or ""))
