"""A list beside the detail of its highlighted row, with a ``/`` filter above the list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from tui.widgets.line_list import LineList

__all__ = ["MasterDetail"]


class MasterDetail(Horizontal):
    """``#list`` on the left, ``#detail`` on the right; the screen fills both."""

    DEFAULT_CSS = """
    MasterDetail > .master { width: 45%; min-width: 24; max-width: 60; }
    MasterDetail > .master > Input { display: none; height: 3; }
    MasterDetail > .master > Input.shown { display: block; }
    MasterDetail LineList#detail { border-left: vkey $panel-lighten-2; padding-left: 1; }
    MasterDetail LineList#detail:focus { border-left: vkey $accent; }
    """

    def __init__(self, view: str, empty: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self.empty = empty
        self.detail_key: str | None = None  # the row whose detail is shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="master"):
            yield Input(placeholder="filter…  (Enter: list, Esc: clear)", classes="filter",
                        select_on_focus=False)
            yield LineList(id="list", empty=self.empty)
        yield LineList(id="detail", wrap=True, empty="Nothing selected.")

    @property
    def list(self) -> LineList:
        return self.query_one("#list", LineList)

    @property
    def detail(self) -> LineList:
        return self.query_one("#detail", LineList)

    @property
    def filter_input(self) -> Input:
        return self.query_one(Input)
