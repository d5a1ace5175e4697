"""An in-memory index built once per load: lookup, backlinks, search, timeline, citations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tui.article import LOCATOR_RE, Article
from tui.dates import date_sort_key
from tui.model import ENTRY_KINDS, Briefing, Entry

__all__ = ["BriefingIndex", "Backlink", "Citation"]


@dataclass(frozen=True)
class Backlink:
    """``source`` points at the indexed entry through ``field``."""

    source: Entry
    field: str


@dataclass(frozen=True)
class Citation:
    """A locator, split, with the sentence it lands on when the article is attached."""

    locator: str
    source_id: str
    paragraph: int
    sentence: int
    text: str | None

    @property
    def short(self) -> str:
        return f"p{self.paragraph}.s{self.sentence}"


class BriefingIndex:
    """Everything the screens ask of a briefing, computed once."""

    def __init__(self, briefing: Briefing, articles: dict[str, Article] | None = None) -> None:
        self.briefing = briefing
        self.articles = articles or {}
        self.by_id: dict[str, Entry] = {}
        self.by_kind: dict[str, list[Entry]] = {k: [] for k in ENTRY_KINDS}
        self._search: dict[str, str] = {}
        backlinks: dict[str, list[Backlink]] = defaultdict(list)
        cited_by: dict[str, list[Entry]] = defaultdict(list)
        for entry in briefing.entries:
            self.by_id[entry.id] = entry
            self.by_kind[entry.kind].append(entry)
            for field, target in entry.references():
                backlinks[target].append(Backlink(entry, field))
            for loc in entry.get("sources") or ():
                cited_by[loc].append(entry)
            words = [entry.title, entry.id, *(entry.get("aliases") or ()), *(entry.get("tags") or ()),
                     entry.get("summary") or ""]
            self._search[entry.id] = " ".join(str(w) for w in words).lower()
        self.backlinks = dict(backlinks)
        self.cited_by = dict(cited_by)
        kind_order = {k: i for i, k in enumerate(ENTRY_KINDS)}
        dated = [e for e in briefing.entries if e.get("date")]
        dated.sort(key=lambda e: (date_sort_key(e.get("date")), kind_order[e.kind], e.title.lower()))
        self.timeline = dated
        # Actors are not events in time: "no date" is only news for the other kinds.
        self.undated = [e for e in briefing.entries if not e.get("date") and e.kind != "actors"]

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.by_kind.items()}

    def get(self, entry_id: str) -> Entry | None:
        return self.by_id.get(entry_id)

    def filter(self, entries: list[Entry], query: str) -> list[Entry]:
        """Entries whose name, id, aliases, tags or summary contain every word of the query."""
        words = query.lower().split()
        if not words:
            return entries
        search = self._search
        return [e for e in entries if all(w in search[e.id] for w in words)]

    def citation(self, locator: str) -> Citation | None:
        m = LOCATOR_RE.match(locator)
        if not m:
            return None
        p, s = int(m.group("p")), int(m.group("s"))
        article = self.articles.get(m.group("source"))
        text = article.sentence(p, s) if article else None
        return Citation(locator, m.group("source"), p, s, text)

    def citations(self, entry: Entry) -> list[Citation]:
        return [c for c in (self.citation(loc) for loc in entry.get("sources") or ()) if c]

    def sentences(self) -> list[tuple[str, str, list[Entry]]]:
        """(locator, sentence, entries citing it) for every sentence of every attached article."""
        out: list[tuple[str, str, list[Entry]]] = []
        for source in self.briefing.sources:
            article = self.articles.get(source.id)
            if article is None:
                continue
            for p, s, text in article.locators():
                loc = f"{source.id}#p{p}.s{s}"
                out.append((loc, text, self.cited_by.get(loc, [])))
        return out
