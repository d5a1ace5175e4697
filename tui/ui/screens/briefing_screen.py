"""The main screen: header, numbered view bar, the eight views, and the walk history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Static

from tui.core.accounts import ACCOUNTS
from tui.core.document import changes_document
from tui.core.errors import describe_failure
from tui.core.index import BriefingIndex
from tui.core.model import PANEL_KINDS, Entry
from tui.core.text import clean, shown_line
from tui.present.rows import Row, entry_key, split_key
from tui.present.sources_view import source_detail_rows
from tui.present.views import (
    VIEWS,
    as_of_text,
    change_detail_rows,
    change_rows,
    detail_rows,
    home_view,
    list_rows,
    overview_rows,
    sentence_detail_rows,
    timeline_rows,
)
from tui.storage.loader import warm_index
from tui.ui.controllers.as_of import AS_OF_BINDINGS, AsOfController
from tui.ui.controllers.authoring import (
    AUTHORING_BINDINGS,
    VIEW_ACTIONS,
    WRITE_ACTIONS,
    AuthoringController,
)
from tui.ui.controllers.resolving import RESOLVE_BINDING, ConflictResolver
from tui.ui.controllers.sources import SourcesController, scope_of_key
from tui.ui.widgets.line_list import LineList
from tui.ui.widgets.master_detail import MasterDetail
from tui.ui.widgets.tab_bar import TabBar

if TYPE_CHECKING:
    from tui.ui.app import BriefingApp

__all__ = ["BriefingScreen", "Location"]


@dataclass(frozen=True)
class Location:
    """Where the reader is: a view, the row selected in it, and which pane has focus."""

    view: str
    key: str | None = None
    pane: str = "list"  # "list" or "detail"
    # In Sources, which list shows (see SourcesController); None: as the key says.
    scope: str | None = None


_EMPTY = {
    "actors": "No actors.",
    "meetings": "No meetings.",
    "demands": "No demands.",
    "corruption": "No corruption probe entries.",
    "financing": "No financing entries.",
    "timeline": "No events and no dated entries.",
    "sources": "No sources yet: a adds one (an article file).",
    "changes": "Nothing changed since you last looked.",
}
_LIST_VIEWS = (*PANEL_KINDS, "timeline", "sources", "changes")
# What each view key does, as the help and the footer's tooltips say it.
_VIEW_HELP = {
    "overview": "Overview: bottom line, counts per panel, what has no date",
    "timeline": "Timeline: every dated entry in order, at its true precision; then undated events",
    "sources": "Sources: every source and how much of it is cited; Enter reads one sentence "
               "by sentence, uncited ones marked ✗",
    "changes": "Changes since you last looked",
}
_PANELS_HELP = "the panels: " + ", ".join(v.label for v in VIEWS if v.name in PANEL_KINDS)
_PANE_HELP = "list pane / detail pane"
_BACK = "back along the path you walked"
# The keys a read-only briefing hides, so that pressing one can still say why (on_key).
_WRITE_KEYS = frozenset(k.strip() for b in AUTHORING_BINDINGS if b.action in WRITE_ACTIONS
                        for k in b.key.split(","))
# Keys that act in one view only, shown in the footer there: action -> its views.
_VIEW_ONLY = {**VIEW_ACTIONS, "open_source": frozenset({"sources"}),
              "copy_sentence": frozenset({"sources"}), "source_added": frozenset({"sources"}),
              "add_entry": VIEW_ACTIONS["add_entry"] | {"sources"}}


_READING_KEYS = frozenset({"open_source", "copy_sentence", "mark_sentence"})
_SOURCE_LIST_KEYS = frozenset({"open_source", "source_added", "add_entry"})


def _label(view: str) -> str:
    return next(v.label for v in VIEWS if v.name == view)


def _panel_of(line_list: LineList) -> MasterDetail | None:
    """The list view a list belongs to (list -> .master -> MasterDetail), if any."""
    master = line_list.parent
    panel = master.parent if master is not None else None
    return panel if isinstance(panel, MasterDetail) else None


class BriefingScreen(Screen[None]):
    """One briefing, read through numbered views."""

    BINDINGS = [
        *[Binding(v.key, f"show_view('{v.name}')", v.label, show=False, id=f"view.{v.name}",
                  priority=True, tooltip=_VIEW_HELP.get(v.name, _PANELS_HELP)) for v in VIEWS],
        Binding("escape", "back", "Back", id="back", priority=True, tooltip=_BACK),
        Binding("backspace", "back('backspace')", "Back", show=False, id="back.backspace",
                priority=True, tooltip=_BACK),
        Binding("right_square_bracket", "forward", "Forward", show=False, id="forward",
                priority=True, tooltip="forward again along the path you walked back"),
        Binding("slash", "filter", "Filter", key_display="/", id="filter",
                priority=True, tooltip="filter the current list as you type"),
        Binding("tab", "switch_pane", "Pane", show=False, id="pane", priority=True,
                tooltip=_PANE_HELP),
        Binding("left,h", "focus_pane('list')", "List", show=False, id="pane.list",
                priority=True, tooltip=_PANE_HELP),
        Binding("right,l", "focus_pane('detail')", "Detail", show=False, id="pane.detail",
                priority=True, tooltip=_PANE_HELP),
        Binding("o", "open_source", "Source", id="source.open", priority=True,
                tooltip="in Sources: open the highlighted source (or the sentence's) in a browser"),
        Binding("c", "copy_sentence", "Copy", id="source.copy", priority=True,
                tooltip="in Sources: copy the sentence and its locator"),
        Binding("n", "source_added", "Added", id="source.added", priority=True,
                tooltip="in Sources: the entries the highlighted source added (they cite it "
                        "and no earlier source)"),
        *AUTHORING_BINDINGS,
        RESOLVE_BINDING,
        *AS_OF_BINDINGS,
    ]

    def __init__(self, index: BriefingIndex, path: str | None, read_only: bool) -> None:
        super().__init__()
        self.index = index
        self.path = path
        self.read_only = read_only
        self.history: list[Location] = []
        self.ahead: list[Location] = []  # walked back from: ] goes forward again
        self.view = "overview"
        self._filters: dict[str, str] = {}
        self.marked: list[str] = []  # sentences marked in Sources, to cite
        self._panels: dict[str, MasterDetail] = {}  # the list views made so far
        self._mounting: dict[str, Any] = {}  # views made but perhaps not yet mounted
        self.changed: dict[str, dict] = {}  # since the reader last looked
        # The command palette's names (shown, lower-case, entries), made when first asked.
        self._palette_names: tuple[list[str], list[str], list[Entry]] | None = None
        self.authoring = AuthoringController(self)
        self.resolver = ConflictResolver(self)
        self.as_of = AsOfController(self, index)
        self.sources = SourcesController(self)
        self._load_changes()

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(self._header_text(), id="header")
        yield TabBar(id="tabs")
        with ContentSwitcher(initial="view-overview", id="views"):
            with Vertical(id="view-overview"):
                yield LineList(id="overview", wrap=True)
            # The other views are made the first time they are shown (see _panel): a
            # first frame that styles only what it shows comes sooner.
        yield Footer(compact=True)

    def _header_text(self) -> Text:
        text = Text(" ", end="", no_wrap=True, overflow="ellipsis")
        text.append(shown_line(self.index.briefing.title), style="bold")
        cut = self.as_of.cut
        if cut is not None:
            text.append("  ·  ")
            text.append(f" {cut.label} · n: now ", style="bold reverse")
        else:
            text.append("  ·  " + as_of_text(self.index.briefing))
        if self.read_only:
            text.append("  [read-only]", style="bold reverse")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows what the view in front can do: a read-only briefing shows no
        key that writes, and a key for one view (space in Sources, m in Changes) only there."""
        if (self.read_only or self.as_of.on) and action in WRITE_ACTIONS:
            return False
        if action == "leave_as_of" and not self.as_of.on:
            return False
        if action == "resolve_conflicts":  # shown while the merge left some
            return bool(self.resolver.conflicts()) and not isinstance(self.focused, Input)
        if isinstance(self.focused, Input):
            # Every key of this screen acts as it arrives (a priority binding), so keys typed
            # fast act in order; while the filter has focus only Esc and Tab are not typing.
            return action == "switch_pane" or (action == "back" and not parameters)
        views = _VIEW_ONLY.get(action)
        if views is not None and self.view == "sources":
            # The list of sources and a source's sentences each show their own keys.
            reading = self.sources.scope.startswith("read:")
            return action in (_READING_KEYS if reading else _SOURCE_LIST_KEYS)
        return views is None or self.view in views

    def on_key(self, event: events.Key) -> None:
        """A key hidden because the briefing is read-only still says why it did nothing."""
        if self.read_only and event.key in _WRITE_KEYS:
            event.stop()
            self.notify("This briefing is open read-only: nothing here can change it.",
                        severity="warning", timeout=3)
        elif self.as_of.on and event.key in _WRITE_KEYS:
            event.stop()
            self.notify("This is the briefing as it stood then: n goes back to now to edit.",
                        severity="warning", timeout=3)

    def on_mount(self) -> None:
        self._fill_all()
        self.query_one("#overview", LineList).focus()
        # Backlinks and search text for a large briefing: built now, off the UI thread.
        self.run_worker(partial(warm_index, self.index), thread=True, group="warm")

    def _fill_all(self, keep: dict[str, str | None] | None = None) -> None:
        keep = keep or {}
        self.query_one("#overview", LineList).set_rows(
            overview_rows(self.index, self.path, len(self.changed),
                          conflicts=len(self.resolver.conflicts())), select_first=False
        )
        for name in self._panels:
            self._fill_list(name, keep=keep.get(name))
        self.query_one(TabBar).changes = len(self.changed)

    # ------------------------------------------------ since you last looked
    def seen_key(self) -> str:
        from tui.authoring.seen import briefing_key

        return briefing_key(self.path or "", changes_document(self.index.briefing))

    def _changes_document(self) -> dict:
        return changes_document(self.index.briefing)

    def _load_changes(self) -> None:
        from tui.authoring.seen import changes_since, merge_changes

        try:
            rows = changes_since(self._changes_document(), self.seen_key())
            own = self.authoring.own_change_ids()  # written here: never news to this reader
            self.changed = merge_changes([r for r in rows if r["id"] not in own])
        except (OSError, ValueError, TypeError, KeyError):
            self.changed = {}  # the reader's view of news is never worth a crash

    def _marks(self) -> dict[str, str]:
        return {eid: "new" if info.get("new") else "changed"
                for eid, info in self.changed.items() if not info.get("deleted")}

    def action_mark_seen(self) -> None:
        from tui.authoring.seen import mark_all_seen

        if not self.changed:
            self.notify("Nothing new since you last looked.", timeout=2)
            return
        try:
            mark_all_seen(self._changes_document(), self.seen_key())
        except ValueError:
            pass  # a key the state file cannot hold: marked seen for this session only
        count = len(self.changed)
        self.changed = {}
        self._fill_all(self._kept_keys())
        self.notify(f"Marked {count} change(s) as seen.", timeout=3)

    # --------------------------------------------------- reload after a write
    def _kept_keys(self) -> dict[str, str | None]:
        keys: dict[str, str | None] = {}
        for name in self._panels:
            row = self._panel(name).list.highlighted
            keys[name] = row.key if row else None
        return keys

    def reload(self, index: BriefingIndex, select: str | None = None, message: str = "") -> None:
        """Show a freshly loaded briefing, keeping the reader's place (and ``select``)."""
        keep = self._kept_keys()
        self.index = self.as_of.shown(index)
        index = self.index
        for name in self._panels:
            self._panel(name).detail_key = None
        self._load_changes()
        self._fill_all(keep)
        self.query_one("#header", Static).update(self._header_text())
        self._palette_names = None
        self.run_worker(partial(warm_index, self.index), thread=True, group="warm")
        entry = index.get(select) if select else None
        if entry is not None:
            self._show(Location(home_view(entry), entry_key(entry.id), "list"))
        elif self.view != "overview":
            self._update_detail(self._panel(self.view))
        if message:
            self.notify(message, timeout=4)

    def switch_path(self, path: Path) -> None:
        """Now editing another file (a bundled briefing's copy)."""
        self.path = str(path)
        cast("BriefingApp", self.app).path = path

    # ---------------------------------------------------------- authoring
    def action_add_entry(self) -> None:
        if self.view == "sources":
            self.sources.add_source()
        else:
            self.authoring.add_entry()

    def action_source_added(self) -> None:
        self.sources.show_added()

    def action_edit_entry(self) -> None:
        self.authoring.edit_entry()

    def action_leave_as_of(self) -> None:
        self.as_of.leave()

    def action_dispute_entry(self) -> None:
        self.authoring.dispute_entry()

    def action_delete_entry(self) -> None:
        self.authoring.delete_entry()

    def action_undo(self) -> None:
        self.authoring.undo()

    def action_resolve_conflicts(self) -> None:
        self.resolver.show()

    def action_redo(self) -> None:
        self.authoring.redo()

    def action_mark_sentence(self) -> None:
        """In Sources, mark (or unmark) the highlighted sentence to cite in a new entry."""
        if self.view != "sources":
            return
        row = self._panel("sources").list.highlighted
        if row is None or row.key is None:
            return
        kind, locator = split_key(row.key)
        if kind != "loc":
            self.notify("Enter reads a source; there, space marks a sentence to cite.",
                        timeout=3)
            return
        if locator in self.marked:
            self.marked.remove(locator)
        else:
            self.marked.append(locator)
        self._fill_list("sources", keep=row.key)
        self.notify(f"{len(self.marked)} sentence(s) marked to cite: a new entry cites them; "
                    "in a form, ctrl+o adds them.", timeout=3)

    def highlighted_entry(self) -> Entry | None:
        """The entry under the cursor in a panel or the Timeline, if any."""
        if self.view in ("overview", "sources", "changes"):
            return None
        row = self._panel(self.view).list.highlighted
        if row is None or row.key is None:
            return None
        kind, value = split_key(row.key)
        return self.index.get(value) if kind == "entry" else None

    # ----------------------------------------------------------- content
    def _panel(self, view: str) -> MasterDetail:
        """A list view, made (and filled) the first time it is asked for."""
        panel = self._panels.get(view)
        if panel is None:
            panel = self._panels[view] = MasterDetail(view, _EMPTY[view], id=f"view-{view}")
            self._mounting[view] = self.query_one("#views", ContentSwitcher).add_content(panel)
            self._fill_list(view)
        return panel

    def _rows_for(self, view: str, query: str) -> Sequence[Row]:
        index = self.index
        if view in PANEL_KINDS:
            return list_rows(index.filter(index.by_kind[view], query), self._marks())
        if view == "timeline":
            return timeline_rows(index.filter(index.timeline, query),
                                 index.filter(index.undated_events, query))
        if view == "sources":
            return self.sources.rows(query)
        if view == "changes":
            rows = change_rows(self.changed, index)
            words = query.lower().split()
            return [r for r in rows if all(w in r.text.plain.lower() for w in words)]
        raise ValueError(view)

    def _fill_list(self, view: str, keep: str | None = None) -> None:
        panel = self._panel(view)
        query = self._filters.get(view, "")
        empty = _EMPTY[view]
        if query:
            empty = f"Nothing matches “{' '.join(clean(query).split())}”."
        elif view == "sources":
            empty = self.sources.empty_text(self.path)
        panel.list.set_rows(self._rows_for(view, query), keep=keep, empty=empty)

    @on(LineList.Highlighted, "#list")
    def _list_moved(self, event: LineList.Highlighted) -> None:
        panel = _panel_of(event.line_list)
        # Hidden panels catch up when shown (see _show): no work for what is not seen.
        if panel is not None and panel.view == self.view:
            self._update_detail(panel)

    def on_resize(self) -> None:
        """A dispute's accounts sit side by side only when the detail pane is wide enough:
        the details that show one are made again for the new width (each as next shown)."""
        for panel in self._panels.values():
            kind, value = split_key(panel.detail_key or "")
            entry = self.index.get(value) if kind == "entry" else None
            if entry is not None and ACCOUNTS in entry.data:
                panel.detail_key = None
        if self.view in self._panels:
            self.call_after_refresh(self._update_detail, self._panels[self.view])

    def _detail_laid_out(self, panel: MasterDetail) -> None:
        if panel.detail.size.width:
            panel.detail_key = None
            self._update_detail(panel)

    def _update_detail(self, panel: MasterDetail) -> None:
        """Show the highlighted row's detail, unless it already shows."""
        row = panel.list.highlighted
        key = row.key if row is not None else None
        if key == panel.detail_key:
            return
        panel.detail_key = key
        if key is None:
            panel.detail.set_rows([])
            return
        kind, value = split_key(key)
        if kind == "entry":
            entry = self.index.get(value)
            # Room for a scrollbar that the rows themselves may bring.
            width = max(panel.detail.scrollable_content_region.width - 2, 0)
            rows = detail_rows(self.index, entry, self.path, width) if entry else []
            if entry is not None and not width and ACCOUNTS in entry.data:
                self.call_after_refresh(self._detail_laid_out, panel)  # its width, once known
        elif kind == "change":
            rows = change_detail_rows(self.index, value, self.changed.get(value, {}))
        elif kind == "source":
            source = self.index.source(value)
            rows = source_detail_rows(self.index, source) if source else []
        else:
            rows = sentence_detail_rows(self.index, value)
        panel.detail.set_rows(rows, select_first=False)

    # -------------------------------------------------------- navigation
    def current_location(self) -> Location:
        if self.view == "overview":
            row = self.query_one("#overview", LineList).highlighted
            return Location("overview", row.key if row else None, "list")
        panel = self._panel(self.view)
        row = panel.list.highlighted
        pane = "detail" if panel.detail.has_focus else "list"
        if pane == "detail":
            drow = panel.detail.highlighted
            pane = "detail:" + (drow.key if drow and drow.key else "")
        return Location(self.view, row.key if row else None, pane, self._scope(self.view))

    def _scope(self, view: str) -> str | None:
        return self.sources.scope if view == "sources" else None

    def go(self, location: Location, remember: bool = True) -> None:
        """Show a location; remember where we were so Escape can come back."""
        if remember:
            here = self.current_location()
            if not self.history or self.history[-1] != here:
                self.history.append(here)
            self.ahead.clear()  # a new step: the way forward is another one now
        self._show(location)

    def _show(self, location: Location) -> None:
        if location.view != "overview":
            panel = self._panel(location.view)
            mounting = self._mounting.pop(location.view, None)
            if mounting is not None and not panel.is_mounted:
                async def when_mounted() -> None:
                    await mounting
                    if self.view == location.view:  # not left meanwhile
                        filtering = panel.filter_input.has_class("shown")  # "/" meanwhile
                        self._show(location)
                        if filtering:  # the filter it asked for keeps the keys, not the list
                            panel.filter_input.focus()

                self.view = location.view  # keys pressed meanwhile act on the new view
                self.call_later(when_mounted)
                return
        self.view = location.view
        self.refresh_bindings()  # the footer follows the view
        self.query_one("#views", ContentSwitcher).current = f"view-{location.view}"
        self.query_one(TabBar).active = location.view
        if location.view == "overview":
            overview = self.query_one("#overview", LineList)
            if location.key:
                overview.select_key(location.key)
            overview.focus()
            return
        panel = self._panel(location.view)
        if location.view == "sources":
            self._set_sources_scope(location)
        if location.key and not panel.list.select_key(location.key):
            # The target is hidden by a filter: clear it so the entry can be shown.
            self._clear_filter(location.view)
            if not panel.list.select_key(location.key):
                self.notify(f"That is not listed in {_label(location.view)}; nothing was opened.",
                            severity="warning", timeout=5)
        self._update_detail(panel)
        if location.pane.startswith("detail"):
            detail_key = location.pane.partition(":")[2]
            if detail_key:
                panel.detail.select_key(detail_key)
            panel.detail.focus()
        else:
            panel.list.focus()

    def _set_sources_scope(self, location: Location) -> None:
        """Show the Sources list the location is in: every source, one source, what one added."""
        scope = location.scope if location.scope is not None else scope_of_key(location.key)
        if scope is None or scope == self.sources.scope:
            return
        self.sources.scope = scope
        self.refresh_bindings()  # the footer follows the list
        if self._filters.get("sources"):
            self._clear_filter("sources")  # a filter of another list: it refills the list
        else:
            self._fill_list("sources")

    def open_entry(self, entry_id: str) -> None:
        entry = self.index.get(entry_id)
        if entry is not None:
            self.go(Location(home_view(entry), entry_key(entry.id), "detail"))

    def action_show_view(self, view: str) -> None:
        if view != self.view:
            key = None
            if view != "overview":
                row = self._panel(view).list.highlighted
                key = row.key if row else None
            self.go(Location(view, key, "list", self._scope(view)))

    def action_back(self, key: str = "escape") -> None:
        """Esc clears an active filter first (typing or not), then walks back."""
        if isinstance(self.focused, Input) or self._filters.get(self.view):
            self._close_filter()
            return
        if not self.history:
            from tui.ui.screens.chooser import ChooserScreen

            below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
            if isinstance(below, ChooserScreen):
                self.dismiss(None)  # opened from a folder list: back to the list
            else:
                self.notify("You are at the start of your path.", timeout=2)
            return
        self.ahead.append(self.current_location())
        self._show(self.history.pop())

    def action_forward(self) -> None:
        """]: forward again along the path walked back (as a browser's Forward)."""
        if not self.ahead:
            self.notify("Nothing ahead: you have not gone back.", timeout=2)
            return
        self.history.append(self.current_location())
        self._show(self.ahead.pop())

    def action_switch_pane(self) -> None:
        if self.view == "overview":
            return
        panel = self._panel(self.view)
        (panel.list if panel.detail.has_focus else panel.detail).focus()

    def action_focus_pane(self, pane: str) -> None:
        if self.view == "overview" or isinstance(self.focused, Input):
            return
        panel = self._panel(self.view)
        (panel.detail if pane == "detail" else panel.list).focus()

    @on(LineList.Selected)
    def _follow(self, event: LineList.Selected) -> None:
        kind, value = split_key(event.row.key or "")
        line_list = event.line_list
        panel = _panel_of(line_list) if line_list.id == "list" else None
        if kind == "view" and value == "conflicts":
            self.resolver.show()
        elif kind == "view":
            self.action_show_view(value)
        elif panel is not None and kind == "source":
            self.sources.read(value)  # Enter on a source: its sentences
        elif panel is not None:
            # Enter on a list row opens its detail.
            self.go(Location(panel.view, event.row.key, "detail", self._scope(panel.view)))
        elif kind == "entry":
            self.open_entry(value)
        elif kind == "loc":
            self.go(Location("sources", event.row.key, "detail"))
        elif kind == "source":
            self.go(Location("sources", event.row.key, "list", ""))

    @on(TabBar.Chosen)
    def _tab_clicked(self, event: TabBar.Chosen) -> None:
        self.action_show_view(event.view)

    # ----------------------------------------------------------- sources
    def _sentence_here(self) -> str | None:
        """The locator of the sentence highlighted in Sources, if any."""
        row = self._panel("sources").list.highlighted
        if row is None or row.key is None:
            return None
        kind, value = split_key(row.key)
        return value if kind == "loc" else None

    def action_open_source(self) -> None:
        """``o``: the source of the highlighted sentence, in the reader's browser."""
        from tui.present.views import source_url

        source = self.index.source(self.sources.highlighted_source())
        url = source_url(source) if source is not None else None
        if url is None:
            self.notify("This source has no web address to open.", timeout=3)
            return
        self.app.open_url(url)
        self.notify(f"Opening {clean(url)}", timeout=5)

    def action_copy_sentence(self) -> None:
        """``c``: the highlighted sentence and its locator, to the terminal's clipboard."""
        locator = self._sentence_here()
        citation = self.index.citation(locator) if locator else None
        if citation is None or citation.text is None:
            self.notify("Highlight a sentence to copy it.", timeout=3)
            return
        self.app.copy_to_clipboard(f"“{citation.text}” ({locator})")
        self.notify(f"Copied {citation.short} (where the terminal allows it).", timeout=4)

    # ------------------------------------------------------------ export
    def export(self, fmt: str) -> None:
        """Write the one-pager off the UI thread, then say where it went; in a browser
        (under textual-serve), send it to the browser as a download instead."""
        if self.app.is_web:
            self._export_to_browser(fmt)
            return

        def work() -> None:
            from tui.export.delivery import export_to_data_folder

            try:
                out = export_to_data_folder(self.index, fmt)
            except OSError as err:
                self.app.call_from_thread(
                    self.notify, f"Not exported: {describe_failure(err)}", severity="error")
                return
            self.app.call_from_thread(self.notify, f"Exported to {clean(out)}", timeout=8)

        self.run_worker(work, thread=True, group="export")

    def _export_to_browser(self, fmt: str) -> None:
        """The browser reader gets the file, not a path on the server's disk."""

        def work() -> None:
            from tui.export.delivery import one_pager

            name, text = one_pager(self.index, fmt)
            self.app.call_from_thread(self._deliver, name, text)

        self.run_worker(work, thread=True, group="export")

    def _deliver(self, name: str, text: str) -> None:
        import io
        import mimetypes

        mime = mimetypes.guess_type(name)[0] or "text/plain"
        self.app.deliver_text(io.StringIO(text), save_filename=name, mime_type=mime,
                              encoding="utf-8")
        self.notify(f"Exported {clean(name)}: your browser downloads it", timeout=8)

    # ------------------------------------------------------------ filter
    def action_filter(self) -> None:
        if self.view == "overview":
            self.notify("Choose a panel (1-7) to filter its list.", timeout=2)
            return
        field = self._panel(self.view).filter_input
        field.add_class("shown")
        self.set_focus(field)  # now: the keys typed right after / land in it

    @on(Input.Changed, ".filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filters[self.view] = event.value
        self._fill_list(self.view)

    @on(Input.Submitted, ".filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        panel = self._panel(self.view)
        if not event.value:
            panel.filter_input.remove_class("shown")
        panel.list.focus()

    def _close_filter(self) -> None:
        self._clear_filter(self.view)
        self._panel(self.view).list.focus()

    def _clear_filter(self, view: str) -> None:
        panel = self._panel(view)
        keep = panel.list.highlighted.key if panel.list.highlighted else None
        self._filters.pop(view, None)
        with panel.filter_input.prevent(Input.Changed):
            panel.filter_input.value = ""
        panel.filter_input.remove_class("shown")
        self._fill_list(view, keep=keep)
