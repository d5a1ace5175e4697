"""``briefing FOLDER``: pick one of the briefings in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.errors import describe_failure
from tui.core.text import clean_name, one_line
from tui.present.rows import Row
from tui.storage.loader import peek
from tui.ui.widgets.line_list import LineList

if TYPE_CHECKING:
    from tui.ui.app import BriefingApp

__all__ = ["ChooserScreen", "briefing_files"]


def briefing_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.is_file() and not p.name.startswith("."))


def _peek(path: Path) -> tuple[str | None, str | None]:
    """(title, problem) read off the file at once, before the full check."""
    try:
        return peek(path)
    except Exception as err:  # noqa: BLE001 - one odd file must not close the list
        return None, describe_failure(err)


def _row(path: Path, title: str | None, problem: str | None) -> Row:
    """A file's name and title, or what stops it opening."""
    # The whole name on one line, a newline in it shown as \n (a file name may hold one).
    text = Text(end="").append(clean_name(path.name), style="bold")
    if problem is not None:
        text.append("  cannot open: " + one_line(problem), style="red")
    else:
        text.append("  " + one_line(title or "(no title)"))
    return Row(text, str(path))


def _opening_problem(path: Path) -> str | None:
    """What would stop ``path`` opening (its first problem), or None. Checking also keeps the
    checked briefing in the cache, so opening it next is quick."""
    from tui.core.errors import BriefingError
    from tui.storage.loader import load_index

    try:
        load_index(path)
    except BriefingError as err:  # the row names the file already: the place and what is wrong
        return f"{err.place}: {err.message}" if err.place else err.message
    except Exception as err:  # noqa: BLE001 - one odd file must not close the list
        return describe_failure(err)
    return None


class ChooserScreen(Screen[None]):
    BINDINGS = [Binding("q", "app.quit", "Quit", tooltip="quit")]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        header = Text(f" Briefings in {clean_name(self.folder)}", style="bold", end="")
        yield Static(header, id="header")
        yield LineList(id="choices", empty="No briefing files (*.json) in this folder.")
        yield Footer()

    def on_mount(self) -> None:
        choices = self.query_one(LineList)
        self._files = briefing_files(self.folder)
        # Each file is read once here; the check off the UI thread then only adds problems.
        self._peeked = {p: _peek(p) for p in self._files}
        self._problems: dict[Path, str] = {}
        choices.set_rows(self._rows())
        choices.focus()
        self._check_files()

    @work(thread=True, exclusive=True, group="check-files")
    def _check_files(self) -> None:
        """Check every file off the UI thread; a file that cannot open says why in its row."""
        for path in self._files:
            problem = _opening_problem(path)
            if problem is not None:
                self.app.call_from_thread(self._show_problem, path, problem)

    def _show_problem(self, path: Path, problem: str) -> None:
        self._problems[path] = problem
        choices = self.query_one(LineList)
        keep = choices.highlighted.key if choices.highlighted else None
        choices.set_rows(self._rows(), keep=keep)

    def _rows(self) -> list[Row]:
        rows = []
        for path in self._files:
            title, unreadable = self._peeked[path]
            rows.append(_row(path, title, unreadable or self._problems.get(path)))
        return rows

    @on(LineList.Selected)
    def _chosen(self, event: LineList.Selected) -> None:
        cast("BriefingApp", self.app).open_briefing(Path(event.row.key or ""))
