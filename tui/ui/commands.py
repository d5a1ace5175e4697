"""Command palette (ctrl+p): jump to any entry by name, or to any view.

Built for 100,000 entries: the names are matched as lower-case substrings (every word of
the query must occur), ranked by where they match, and only the best ``MAX_HITS`` are
offered; Textual's letter-by-letter fuzzy matcher would take seconds per key at that size.

One score scale for every hit this module yields (0 to 1, Textual sorts on it): an entry
scores by where the query matches its name (``rank``: 1.0 at the start, 0.8 at a word
start, 0.5 inside a word); a command (a view to go to, an export) scores on the same
tiers, scaled by how much of its words was typed (``command_score``). So "erdo" offers
no export at all, a single letter puts every matching entry above every command, and
"export" or "markdown" puts the export commands at the top.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.dates import format_date
from tui.core.model import KIND_LABELS
from tui.core.text import one_line
from tui.present.views import VIEWS

if TYPE_CHECKING:
    from tui.core.model import Entry
    from tui.ui.screens.briefing_screen import BriefingScreen

__all__ = ["AppCommandsProvider", "AsOfProvider", "EntryProvider", "ExportProvider",
           "FolderEntryProvider", "MAX_HITS", "command_score", "rank"]

MAX_HITS = 50


def rank(names: list[str], query: str, limit: int = MAX_HITS) -> list[tuple[float, int, list[int]]]:
    """(score, position, matched offsets) of the best names for a query, best first.

    ``names`` are lower-case; every word of the query must occur in a name. Names that
    start with the first word come first, then names with a word that starts with it, then
    any other, shorter names first within a tier. At most two passes over the names, each a
    list comprehension; among very many matches, only the first few hundred are ranked.
    """
    words = query.lower().split()
    if not words:
        return []
    first, rest = words[0], words[1:]

    def keep(hits: list[int]) -> list[int]:
        return [i for i in hits if all(w in names[i] for w in rest)] if rest else hits

    found = [(1.0, i) for i in keep([i for i, n in enumerate(names) if n.startswith(first)])]
    if len(found) < limit:
        word_start = " " + first
        inner = keep([i for i, n in enumerate(names) if first in n and not n.startswith(first)])
        found += [(0.8 if word_start in names[i] else 0.5, i) for i in inner]
    best = sorted(found[: limit * 4], key=lambda t: (-t[0], len(names[t[1]]), t[1]))[:limit]
    out = []
    for score, i in best:
        name = names[i]
        offsets: list[int] = []
        for word in words:
            at = name.find(word)
            offsets.extend(range(at, at + len(word)))
        out.append((score, i, offsets))
    return out


def command_score(title: str, query: str) -> float:
    """A command's score on the entries' scale: 0 unless every word of the query starts a
    word of the title; then 1.0 (query starts the title) or 0.8, times the share of the
    touched title words' letters that was typed. "e" gives "Export ..." 1/6 of 1.0, below
    any entry that matches; "export" gives it 1.0.
    """
    typed = query.lower().split()
    words = title.lower().split()
    if not typed or not words:
        return 0.0
    touched: list[str] = []
    for word in typed:
        match = next((w for w in words if w.startswith(word) and w not in touched), None)
        if match is None:
            return 0.0
        touched.append(match)
    tier = 1.0 if words[0].startswith(typed[0]) else 0.8
    return tier * sum(map(len, typed)) / sum(map(len, touched))


class EntryProvider(Provider):
    """Every entry and view of the open briefing, matched by name."""

    def _screen(self) -> BriefingScreen | None:
        from tui.ui.screens.briefing_screen import BriefingScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, BriefingScreen):
                return screen
        return None

    def _names(self, screen: BriefingScreen) -> tuple[list[str], list[str], list[Entry]]:
        cache = screen._palette_names
        if cache is None:
            entries = screen.index.briefing.entries
            shown = [one_line(e.title) for e in entries]
            cache = screen._palette_names = (shown, [name.lower() for name in shown], entries)
        return cache

    async def discover(self) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        for view in VIEWS:
            title = f"Go to {view.label}"
            yield DiscoveryHit(Content(title), partial(screen.action_show_view, view.name),
                               text=title, help=f"key {view.key}")

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        for view in VIEWS:
            title = f"Go to {view.label}"
            score = command_score(title, query)
            if score > 0:
                yield Hit(score, Content(title), partial(screen.action_show_view, view.name),
                          text=title, help=f"key {view.key}")
        shown, lowered, entries = self._names(screen)
        for score, i, offsets in rank(lowered, query):
            # Content(...) is literal text: entry names are never parsed as markup.
            display = Content(shown[i])
            for offset in offsets:
                display = display.stylize("bold underline", offset, offset + 1)
            entry = entries[i]
            yield Hit(score, display, partial(screen.open_entry, entry.id), text=shown[i],
                      help=KIND_LABELS[entry.kind])


class FolderEntryProvider(Provider):
    """In the folder list: entries across every briefing of the folder, from its index.

    The search runs in a thread (the index is SQLite on disk), so the UI never waits for it;
    hits come best first, scored from 1 down on the entries' scale."""

    async def search(self, query: str) -> Hits:
        from tui.ui.screens.chooser import ChooserScreen

        screen = self.screen
        if not isinstance(screen, ChooserScreen):
            return
        hits = await asyncio.to_thread(screen.index.search, query, MAX_HITS)
        words = [w for w in query.lower().split() if w]
        for place, hit in enumerate(hits):
            shown = one_line(hit.title)
            display = Content(shown)  # literal text: entry names are never parsed as markup
            lowered = shown.lower()
            for word in words:
                at = lowered.find(word)
                if at >= 0:
                    display = display.stylize("bold underline", at, at + len(word))
            where = one_line(hit.briefing_title or "(no title)")
            yield Hit(1.0 - place / (2 * MAX_HITS), display,
                      partial(screen.open_entry, hit.path, hit.entry_id), text=shown,
                      help=f"{KIND_LABELS.get(hit.kind, hit.kind)} · {where} · "
                           f"{one_line(hit.path.name)}")


class ExportProvider(Provider):
    """Export the open briefing as a one-pager, from the palette (written off the UI thread)."""

    async def search(self, query: str) -> Hits:
        from tui.ui.screens.briefing_screen import BriefingScreen

        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, BriefingScreen)),
                      None)
        if screen is None:
            return
        for fmt, label in (("markdown", "Markdown"), ("html", "HTML"), ("json", "JSON")):
            title = f"Export one-pager as {label}"
            score = command_score(title, query)
            if score > 0:
                where = ("to your browser, as a download" if self.app.is_web
                         else "into your data folder's exports/")
                yield Hit(score, Content(title), partial(screen.export, fmt), text=title,
                          help=where)

    async def discover(self) -> Hits:
        async for hit in self.search("export"):
            if isinstance(hit, Hit):
                yield DiscoveryHit(hit.match_display, hit.command, text=hit.text, help=hit.help)


class AsOfProvider(Provider):
    """"As of source N": the briefing as it stood at one of its sources; "As of now" leaves."""

    async def search(self, query: str) -> Hits:
        from tui.ui.screens.briefing_screen import BriefingScreen

        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, BriefingScreen)),
                      None)
        if screen is None:
            return
        sources = screen.as_of.now.briefing.sources
        for n, source in enumerate(sources, 1):
            published = source.data.get("published")
            when = format_date(published) if isinstance(published, str) else "undated"
            title = f"As of source {n}: {one_line(source.title)} ({when})"
            score = command_score(title, query)
            if score > 0:
                yield Hit(score, Content(title), partial(screen.as_of.stand_at, n), text=title,
                          help=f"only the entries sources 1 to {n} cite; n goes back to now")
        if screen.as_of.on:
            title = "As of now: every source"
            score = command_score(title, query)
            if score > 0:
                yield Hit(score, Content(title), screen.as_of.leave, text=title, help="key n")

    async def discover(self) -> Hits:
        async for hit in self.search("as of"):
            if isinstance(hit, Hit):
                yield DiscoveryHit(hit.match_display, hit.command, text=hit.text, help=hit.help)


class AppCommandsProvider(Provider):
    """Textual's own commands (Theme, Keys, Quit, Screenshot), scored like every other
    command here, so that a letter typed for an entry does not put them first."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c[0])
        for name, help_text, callback, discover in commands:
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = command_score(name, query)
            if score > 0:
                yield Hit(score, Content(name), callback, text=name, help=help_text)
