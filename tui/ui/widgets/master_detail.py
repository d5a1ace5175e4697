"""A list beside the detail of its highlighted row, with a ``/`` filter above the list."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from tui.ui.widgets.line_list import LineList

__all__ = ["MasterDetail"]


class MasterDetail(Horizontal):
    """``#list`` on the left, ``#detail`` on the right; the screen fills both.

    The parts are made in the constructor (not in ``compose``), so a screen can fill the
    lists of a view it has only just created and not yet seen mounted.
    """

    DEFAULT_CSS = """
    MasterDetail > .master { width: 45%; min-width: 24; max-width: 60; }
    MasterDetail > .master > Input { display: none; height: 3; }
    MasterDetail > .master > Input.shown { display: block; }
    MasterDetail LineList#detail { border-left: vkey $panel-lighten-2; padding-left: 1;
                                   overflow-y: scroll; }
    MasterDetail LineList#detail:focus { border-left: vkey $accent; }
    """

    def __init__(self, view: str, empty: str, id: str | None = None) -> None:
        self.filter_input = Input(placeholder="filter…  (Enter: list, Esc: clear)",
                                  classes="filter", select_on_focus=False)
        self.list = LineList(id="list", empty=empty)
        self.detail = LineList(id="detail", wrap=True, empty="Nothing selected.")
        super().__init__(Vertical(self.filter_input, self.list, classes="master"), self.detail,
                         id=id)
        self.view = view
        self.detail_key: str | None = None  # the row whose detail is shown
