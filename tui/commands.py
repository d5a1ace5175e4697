"""Command palette (ctrl+p): jump to any entry by name, or to any view."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.model import KIND_LABELS
from tui.text import one_line
from tui.views import VIEWS

if TYPE_CHECKING:
    from tui.screens.briefing_screen import BriefingScreen

__all__ = ["EntryProvider"]


class EntryProvider(Provider):
    """Every entry and view of the open briefing, matched fuzzily by name."""

    def _screen(self) -> BriefingScreen | None:
        from tui.screens.briefing_screen import BriefingScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, BriefingScreen):
                return screen
        return None

    def _candidates(self, screen: BriefingScreen) -> list[tuple[str, str, object]]:
        out: list[tuple[str, str, object]] = []
        for view in VIEWS:
            out.append((f"Go to {view.label}", f"view, key {view.key}",
                        partial(screen.action_show_view, view.name)))
        for entry in screen.index.briefing.entries:
            out.append((one_line(entry.title), KIND_LABELS[entry.kind],
                        partial(screen.open_entry, entry.id)))
        return out

    async def discover(self) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        for title, help_text, callback in self._candidates(screen):
            # Content(...) is literal text: entry names are never parsed as markup.
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        for title, help_text, callback in self._candidates(screen):
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score > 0:
                display = Content(title)
                for offset in offsets:
                    display = display.stylize("bold underline", offset, offset + 1)
                yield Hit(score, display, callback, text=title, help=help_text)  # type: ignore[arg-type]
