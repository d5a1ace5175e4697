"""What each source of a briefing covers and adds: the sources in publication order, how
many of each one's sentences some entry cites, and the entries each source added (they
cite it and no source published before it)."""

from __future__ import annotations

from tui.core.article import LOCATOR_RE
from tui.core.dates import date_sort_key, is_valid_date
from tui.core.index import BriefingIndex
from tui.core.model import Briefing, Entry, Source

__all__ = ["sources_in_order", "cited_sentences", "added_by"]


def sources_in_order(briefing: Briefing) -> list[Source]:
    """The sources by publication date, oldest first; undated ones after, in the briefing's
    order (a coarser date sorts before the finer dates inside it, as on the Timeline)."""
    def key(pair: tuple[int, Source]) -> tuple[int, tuple[int, int, int], int]:
        position, source = pair
        published = source.data.get("published")
        if is_valid_date(published):
            return 0, date_sort_key(str(published)), position
        return 1, (0, 0, 0), position

    return [s for _, s in sorted(enumerate(briefing.sources), key=key)]


def cited_sentences(index: BriefingIndex) -> dict[str, int]:
    """Source id -> how many of its sentences at least one entry cites."""
    counts: dict[str, int] = {}
    for locator in index.cited_by:
        m = LOCATOR_RE.match(locator)
        if m:
            counts[m.group("source")] = counts.get(m.group("source"), 0) + 1
    return counts


def added_by(index: BriefingIndex, source_id: str) -> list[Entry]:
    """The entries that cite ``source_id`` and no source published before it, in the
    briefing's order: what that source brought to the story."""
    rank = {s.id: n for n, s in enumerate(sources_in_order(index.briefing))}
    own = rank.get(source_id)
    if own is None:
        return []
    out = []
    for entry in index.briefing.entries:
        cited = {m.group("source") for m in map(LOCATOR_RE.match, entry.get("sources") or ())
                 if m}
        if source_id in cited and all(rank.get(s, own) >= own for s in cited):
            out.append(entry)
    return out
