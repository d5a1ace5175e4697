"""``briefing FOLDER``: pick one of the briefings in a folder.

Every briefing is listed with its title, as-of date and counts, read off the folder's
derived index (``tui.storage.folder_index``), which a worker brings up to date with the
files off the UI thread: the names show at once, what the index already knows right after,
and each file read afresh as it is read. ``/`` filters the list; ``ctrl+p`` finds entries
across every briefing in the folder (``tui.ui.commands.FolderEntryProvider``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tui.core.dates import format_date
from tui.core.model import KIND_SINGULAR
from tui.core.text import clean, clean_name, one_line
from tui.present.rows import Row
from tui.storage.folder_index import FileSummary, FolderIndex
from tui.ui.commands import FolderEntryProvider
from tui.ui.widgets.line_list import LineList

if TYPE_CHECKING:
    from tui.ui.app import BriefingApp

__all__ = ["ChooserScreen", "briefing_files", "summary_row"]

# What each count is called in a row (several, one), in the panels' order.
_COUNT_WORDS = (("actors", "actors"), ("meetings", "meetings"), ("demands", "demands"),
                ("corruption", "probe"), ("financing", "financing"), ("events", "events"))


def _count(summary: FileSummary, kind: str, several: str) -> str:
    n = summary.counts.get(kind, 0)
    return f"{n} {KIND_SINGULAR[kind] if n == 1 else several}"


_EMPTY = "No briefing files (*.json) in this folder."


def briefing_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.is_file() and not p.name.startswith("."))


def _as_of(summary: FileSummary) -> str:
    """The short as-of wording of the briefing's own header."""
    if summary.as_of:
        return f"as of {format_date(summary.as_of)}"
    if summary.newest_source:
        return f"as of {format_date(summary.newest_source)} (newest source)"
    return "no as-of date"


def summary_row(path: Path, summary: FileSummary | None) -> Row:
    """A file's name and title, as-of date and counts; or what stops it opening; or, before
    it is read, its name alone. A narrow list drops whole counts from the end, never digits."""
    text = Text(end="").append(clean_name(path.name), style="bold")
    if summary is None:
        text.append("  reading…", style="dim")
        return Row(text, str(path))
    if summary.problem is not None:
        text.append("  cannot open: " + one_line(summary.problem), style="red")
        return Row(text, str(path))
    text.append("  " + one_line(summary.title or "(no title)"))
    parts = [_as_of(summary)] + [_count(summary, kind, word) for kind, word in _COUNT_WORDS]
    note = "  " + " · ".join(parts)
    text.append(note, style="dim")
    return Row(text, str(path), keep_tail=len(note))


class ChooserScreen(Screen[None]):
    COMMANDS = {FolderEntryProvider}
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/", id="filter", priority=True,
                tooltip="filter the current list as you type"),
        Binding("escape", "clear_filter", "Clear", show=False, id="back", priority=True,
                tooltip="clear the filter: every briefing shows again"),
        Binding("q", "app.quit", "Quit", tooltip="quit"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.index = FolderIndex(folder)
        self._files: list[Path] = []
        self._rows: dict[Path, Row] = {}  # each file's row, made once per summary
        self._query = ""

    def compose(self) -> ComposeResult:
        header = Text(f" Briefings in {clean_name(self.folder)}", style="bold", end="")
        yield Static(header, id="header")
        yield Input(placeholder="filter…  (Enter: list, Esc: clear)", id="folder-filter",
                    select_on_focus=False)
        yield LineList(id="choices", empty="Reading the folder…")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(LineList).focus()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown (first, or back from a briefing): bring the list up to date with the files."""
        self._read_folder()

    @work(thread=True, exclusive=True, group="read-folder")
    def _read_folder(self) -> None:
        """List the files and bring their summaries up to date, all off the UI thread (rows
        too are made here): what the index knows shows first, each file read afresh after."""
        files = briefing_files(self.folder)
        unread = {p: summary_row(p, None) for p in files}
        drawn = threading.Event()

        def show(batch: list[FileSummary]) -> None:
            rows = {s.path: summary_row(s.path, s) for s in batch}
            self.app.call_from_thread(self._show, files, unread, rows, drawn)

        def before_reading() -> None:
            show([])
            drawn.wait(timeout=1.0)  # reading takes the CPU: the names are drawn first

        show([])  # the names, before the index is even opened
        self.index.refresh(files, show, before_reading)
        show([])  # nothing was read, or nothing is there: the list as it stands

    def _show(self, files: list[Path], unread: dict[Path, Row], rows: dict[Path, Row],
              drawn: threading.Event) -> None:
        if files != self._files:
            self._files = files
            self._rows = {p: self._rows.get(p) or unread[p] for p in files}
        self._rows.update((p, row) for p, row in rows.items() if p in self._rows)
        self._fill()
        self.call_after_refresh(drawn.set)

    def _fill(self) -> None:
        choices = self.query_one(LineList)
        keep = choices.highlighted.key if choices.highlighted else None
        words = self._query.lower().split()
        rows = [self._rows[p] for p in self._files]
        if words:
            rows = [r for r in rows if all(w in r.text.plain.lower() for w in words)]
        empty = _EMPTY
        if words:
            empty = f"Nothing matches “{' '.join(clean(self._query).split())}”."
        choices.set_rows(rows, keep=keep, empty=empty)

    # ------------------------------------------------------------ filter
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input):
            return action == "clear_filter"  # every other key is typing
        return True

    def action_filter(self) -> None:
        field = self.query_one("#folder-filter", Input)
        field.add_class("shown")
        self.set_focus(field)

    @on(Input.Changed, "#folder-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self._fill()

    @on(Input.Submitted, "#folder-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        if not event.value:
            event.input.remove_class("shown")
        self.query_one(LineList).focus()

    def action_clear_filter(self) -> None:
        """Esc: the filter is cleared and closed (the list shows every briefing again)."""
        field = self.query_one("#folder-filter", Input)
        with field.prevent(Input.Changed):
            field.value = ""
        field.remove_class("shown")
        self._query = ""
        self._fill()
        self.query_one(LineList).focus()

    # ------------------------------------------------------------ opening
    @on(LineList.Selected)
    def _chosen(self, event: LineList.Selected) -> None:
        cast("BriefingApp", self.app).open_briefing(Path(event.row.key or ""))

    def open_entry(self, path: Path, entry_id: str) -> None:
        """Open the briefing at ``path`` at one of its entries (a hit of the palette)."""
        cast("BriefingApp", self.app).open_briefing(path, entry_id)
