"""The Sources view on the briefing screen: the list of every source, one source read
sentence by sentence, the entries one source added, and adding a source.

``SourcesController`` is owned by ``BriefingScreen``. Which of the three lists shows is
its ``scope``: ``""`` (every source), ``read:ID`` or ``added:ID``; the screen keeps the
scope in each place it remembers, so Esc walks back from a source to the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.errors import BriefingError, InvalidBriefing
from tui.core.text import clean, one_line
from tui.present.rows import Row, loc_key, source_key, split_key
from tui.present.sources_view import added_rows, source_list_rows
from tui.present.views import sentence_rows

if TYPE_CHECKING:
    from tui.ui.screens.briefing_screen import BriefingScreen
    from tui.ui.screens.source_form import SourceForm

__all__ = ["SourcesController", "scope_of_key"]


def scope_of_key(key: str | None) -> str | None:
    """The scope a row's key belongs to, when the key alone says (a sentence: its source)."""
    kind, value = split_key(key or "")
    if kind == "loc":
        return "read:" + value.rpartition("#")[0]
    if kind == "source":
        return ""
    return None


class SourcesController:
    """What the Sources view lists, and the keys that act there (Enter, n, a)."""

    def __init__(self, screen: BriefingScreen) -> None:
        self.screen = screen
        self.scope = ""

    @property
    def source_id(self) -> str | None:
        """The source read or listed by what it added; None on the list of sources."""
        return self.scope.partition(":")[2] or None

    def rows(self, query: str) -> Sequence[Row]:
        index = self.screen.index
        kind, _, source_id = self.scope.partition(":")
        if kind == "added":
            return added_rows(index, source_id, query)
        if kind != "read":
            return source_list_rows(index, query)
        article = index.articles.get(source_id)
        words = query.lower().split()
        sentences = []
        for p, s, text in article.locators() if article is not None else ():
            loc = f"{source_id}#p{p}.s{s}"
            if all(w in text.lower() or w in loc.lower() for w in words):
                sentences.append((loc, text, index.cited_by.get(loc, [])))
        return sentence_rows(sentences, self.screen.marked, index.sources_by_id)

    def empty_text(self, path: str | None) -> str:
        index = self.screen.index
        if self.scope.startswith("read:") and self.source_id not in index.articles:
            return ("The article is not attached. To read it here: "
                    f"briefing attach {clean(path or 'BRIEFING')} ARTICLE")
        if not index.briefing.sources:
            return "No sources yet: a adds one (an article file)."
        return "Nothing here."

    def first_sentence(self, source_id: str) -> str | None:
        article = self.screen.index.articles.get(source_id)
        for p, s, _ in article.locators() if article is not None else ():
            return loc_key(f"{source_id}#p{p}.s{s}")
        return None

    def highlighted_source(self) -> str | None:
        """The source under the cursor: the highlighted one on the list, else the one read."""
        row = self.screen._panel("sources").list.highlighted  # noqa: SLF001 - its owner
        kind, value = split_key(row.key or "") if row is not None else ("", "")
        if kind == "source":
            return value
        if kind == "loc":
            return value.rpartition("#")[0]
        return self.source_id

    # ------------------------------------------------------------ keys
    def read(self, source_id: str) -> None:
        """Enter on a source: its sentences, one by one."""
        from tui.ui.screens.briefing_screen import Location

        self.screen.go(Location("sources", self.first_sentence(source_id), "list",
                                scope=f"read:{source_id}"))

    def show_added(self) -> None:
        """``n``: the entries the highlighted source added (no earlier source cites them)."""
        from tui.ui.screens.briefing_screen import Location

        source_id = self.highlighted_source()
        if source_id is None:
            self.screen.notify("Highlight a source to list what it added.", timeout=3)
            return
        self.screen.go(Location("sources", None, "list", scope=f"added:{source_id}"))

    def add_source(self) -> None:
        """``a`` in Sources: a form for the file and its details, then the source added off
        the UI thread; a refusal leaves the form open with what was typed."""
        from tui.ui.screens.source_form import SourceForm

        if self.screen.authoring.editor() is None:  # read-only, or no file: said why
            return
        form = SourceForm()

        def submitted(details: dict[str, Any]) -> None:
            self.screen.run_worker(lambda: self._add(form, details), thread=True, group="write")

        form.submit_to(submitted)
        self.screen.app.push_screen(form)

    def _add(self, form: SourceForm, details: dict[str, Any]) -> None:
        """In the worker: add the source, then show it on the list of sources."""
        from tui.authoring.sources import add_source_file
        from tui.storage.loader import load_index, warm_index

        screen = self.screen
        call = screen.app.call_from_thread
        path = Path(str(screen.path))  # editor() made sure there is a file to write
        try:
            source_id = add_source_file(path, Path(details.pop("file")).expanduser(),
                                        **details)
        except InvalidBriefing as err:
            call(self._refused, form, "Not added: " + clean(err.lines()[0]))
            return
        except (BriefingError, OSError) as err:
            call(self._refused, form, clean(str(err)))
            return
        except Exception as err:  # noqa: BLE001 - a failed add must never end the app
            call(self._refused, form, f"Not added: {clean(repr(err))}")
            return
        try:
            index = load_index(path)
            warm_index(index)
        except Exception as err:  # noqa: BLE001 - added; only the refresh failed
            call(form.saved)
            call(screen.notify, f"Added source {clean(source_id)}, but the view could not be "
                 f"refreshed: {clean(repr(err))}", severity="warning")
            return
        call(self._added, form, index, source_id)

    def _refused(self, form: SourceForm, message: str) -> None:
        form.not_saved()
        end = "" if message.endswith(".") else "."
        self.screen.notify(f"{message}{end} Your form is still open.", severity="error",
                           timeout=8)

    def _added(self, form: SourceForm, index: Any, source_id: str) -> None:
        from tui.ui.screens.briefing_screen import Location

        form.saved()
        source = index.source(source_id)
        title = one_line(source.title) if source is not None else source_id
        self.screen.reload(index, message=f"Added source “{title}” ({clean(source_id)}).")
        self.screen.go(Location("sources", source_key(source_id), "list", scope=""))
