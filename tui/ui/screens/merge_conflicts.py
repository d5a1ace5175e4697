"""``!``: the conflicts git's merge left in the briefing, one highlighted, with both values
and the keys that settle it. Answers (conflict, choice) or None; the briefing screen makes
the write (see tui.ui.controllers.resolving)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.core.conflicts import MergeConflict
from tui.core.index import BriefingIndex
from tui.present.conflicts import CHOICE_WORDS, conflict_label, conflict_rows
from tui.present.rows import Row

__all__ = ["MergeConflictsScreen"]

_MOVE = "move between the conflicts"
_SCROLL = "scroll, to read long values before choosing"
_CHOICE_ACTIONS = {"choose('ours')": "ours", "choose('theirs')": "theirs",
                   "choose('edited')": "edited", "choose('keep')": "keep",
                   "choose('delete')": "delete"}


def _text(rows: list[Row]) -> Text:
    text = Text(end="")
    for row in rows:
        text.append("  " * row.indent)
        text.append_text(row.text)
        text.append("\n")
    return text


class MergeConflictsScreen(ModalScreen[tuple[MergeConflict, str] | None]):
    """Every conflict record of the briefing; the keys shown settle the highlighted one."""

    DEFAULT_CSS = """
    MergeConflictsScreen { align: center middle; }
    MergeConflictsScreen > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 95%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    MergeConflictsScreen VerticalScroll { height: auto; max-height: 40; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, tooltip=_MOVE),
        Binding("down,j", "move(1)", "Down", show=False, tooltip=_MOVE),
        Binding("o", "choose('ours')", "Keep ours", tooltip=CHOICE_WORDS["ours"]),
        Binding("t", "choose('theirs')", "Take theirs", tooltip=CHOICE_WORDS["theirs"]),
        Binding("e", "choose('edited')", "Edit", tooltip=CHOICE_WORDS["edited"]),
        Binding("o", "choose('keep')", "Keep entry", tooltip=CHOICE_WORDS["keep"]),
        Binding("d", "choose('delete')", "Delete entry", tooltip=CHOICE_WORDS["delete"]),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False,
                tooltip=_SCROLL),
        Binding("pageup", "scroll('page_up')", "Page up", show=False, tooltip=_SCROLL),
        Binding("home", "scroll('home')", "Top", show=False, tooltip=_SCROLL),
        Binding("end", "scroll('end')", "End", show=False, tooltip=_SCROLL),
        Binding("escape", "close", "Close", tooltip="close: nothing is changed"),
    ]

    def __init__(self, index: BriefingIndex, conflicts: list[MergeConflict],
                 read_only: bool = False) -> None:
        super().__init__()
        self.index = index
        self.conflicts = conflicts
        self.read_only = read_only
        self.at = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll():
                yield Static(self._body(), id="conflicts-text")
            yield Footer()

    @property
    def highlighted(self) -> MergeConflict | None:
        return self.conflicts[self.at] if self.conflicts else None

    def _body(self) -> Text:
        count = len(self.conflicts)
        text = Text(f"Merge conflicts: {count} to resolve\n", style="bold", end="")
        text.append("git merged two versions of this briefing; each line below is something "
                    "both changed differently.\n\n", style="dim")
        for n, conflict in enumerate(self.conflicts):
            mark = "▶" if n == self.at else " "
            line = Text(f"{mark} {n + 1}  {conflict_label(self.index, conflict)}\n",
                        style="reverse" if n == self.at else "", end="")
            text.append_text(line)
        chosen = self.highlighted
        if chosen is not None:
            text.append("\n")
            text.append_text(_text(conflict_rows(self.index, chosen)))
            if self.read_only:
                text.append("\nThis briefing is open read-only: nothing here can change it.",
                            style="bold")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers only the choices that settle the highlighted conflict."""
        if action != "choose":
            return True
        chosen = self.highlighted
        return (not self.read_only and chosen is not None
                and str(parameters[0]) in chosen.choices)

    def action_move(self, step: int) -> None:
        if self.conflicts:
            self.at = (self.at + step) % len(self.conflicts)
            self.query_one("#conflicts-text", Static).update(self._body())
            self.refresh_bindings()

    def action_choose(self, choice: str) -> None:
        chosen = self.highlighted
        if chosen is not None and choice in chosen.choices and not self.read_only:
            self.dismiss((chosen, choice))

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one(VerticalScroll), f"scroll_{how}")(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
