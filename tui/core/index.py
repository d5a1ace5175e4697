"""An in-memory index built once per load: lookup, backlinks, search, timeline, citations."""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from tui.core.accounts import ACCOUNTS, Dispute, disputes_of
from tui.core.article import LOCATOR_RE, Article
from tui.core.model import ENTRY_KINDS, Briefing, Entry, Source, fields_of

__all__ = ["BriefingIndex", "Backlink", "Citation"]


@dataclass(frozen=True, slots=True)
class Backlink:
    """``source`` points at the indexed entry through ``field``."""

    source: Entry
    field: str


@dataclass(frozen=True, slots=True)
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


_KIND_ORDER = {k: i for i, k in enumerate(ENTRY_KINDS)}
_CARRY_LIMIT = 1000  # entries that came or went past which an index is built afresh
_timeline_key = itemgetter(0, 1, 2)  # date, kind, title: never the entry itself
_REF_FIELDS = {
    kind: tuple(f.name for f in fields_of(kind) if f.type == "refs") for kind in ENTRY_KINDS
}


class BriefingIndex:
    """Everything the screens ask of a briefing, computed once.

    Lookup, counts, the timeline and citations are built at load; backlinks and the search
    text are built on first use (or ahead of time by ``warm()`` off the UI thread).
    """

    def __init__(self, briefing: Briefing, articles: dict[str, Article] | None = None,
                 source_digest: str | None = None,
                 source_document: dict[str, Any] | None = None) -> None:
        self.briefing = briefing
        self.articles = articles or {}
        entries = briefing.entries
        by_id: dict[str, Entry] = {entry.data["id"]: entry for entry in entries}
        by_kind: dict[str, list[Entry]] = {k: [] for k in ENTRY_KINDS}
        cited_by: dict[str, list[Entry]] = {}
        dated: list[tuple[str, int, str, Entry]] = []
        undated: list[Entry] = []
        accounted: list[Entry] = []  # entries with an accounts table: maybe disputed
        cite = cited_by.setdefault
        for entry in entries:  # one pass, names bound locally: this runs per entry at load
            data = entry.data
            if ACCOUNTS in data:
                accounted.append(entry)
            by_kind[entry.kind].append(entry)
            for loc in data.get("sources") or ():
                cite(loc, []).append(entry)
            date = data.get("date")
            if date:
                dated.append((date, _KIND_ORDER[entry.kind], entry.title.lower(), entry))
            elif entry.kind != "actors":
                # Actors are not events in time: "no date" is only news for the other kinds.
                undated.append(entry)
        self.by_id = by_id
        self.by_kind = by_kind
        self.cited_by = cited_by
        # ISO dates sort as strings, and a coarser date ("2025") sorts before the finer
        # dates inside it ("2025-04"), which is the order a timeline wants.
        dated.sort(key=_timeline_key)
        self.timeline = [t[3] for t in dated]
        self.undated = undated
        # Events live on the Timeline; an undated one is listed there too, after the dated.
        self.undated_events = [e for e in undated if e.kind == "events"]
        self.sources_by_id = {s.id: s for s in briefing.sources}  # in the briefing's order
        # The entries whose sources disagree, in the briefing's order, with their disputes:
        # made here (off the UI thread) so that no screen scans every entry for them.
        self.disputed: list[tuple[Entry, list[Dispute]]] = [
            (e, d) for e in accounted if (d := disputes_of(e))]
        self._backlinks: dict[str, list[tuple[Entry, str]]] | None = None
        # The SHA-256 of the file's bytes it was built from, when they passed the full check
        # (given by the loader; None for anything else, such as a briefing cut as of a date).
        self.source_digest = source_digest
        # The checked document those bytes hold, as it was parsed (its rows are the entries'
        # data, not copies): a save of those very bytes starts from it instead of a parse.
        self.source_document = source_document if source_digest is not None else None
        # Where each of its rows lies in those bytes, when the storage layer proved it as
        # it read them (opaque here): then a first save need not prove it again.
        self.source_layout: object | None = None
        self._search_texts: dict[int, list[str]] = {}

    def warm(self) -> None:
        """Build what is otherwise built on first use (call off the UI thread)."""
        self._backlinks_table()
        for entries in (*self.by_kind.values(), self.timeline):
            self._texts(entries)

    def _backlinks_table(self) -> dict[str, list[tuple[Entry, str]]]:
        """Every reference, by its target: (source entry, field) pairs. Plain tuples and
        ``dict.get``: at 100,000 entries (some 380,000 references) this takes 0.4 s where
        a ``defaultdict`` of ``Backlink`` objects took 1.2 s."""
        if self._backlinks is None:
            table: dict[str, list[tuple[Entry, str]]] = {}
            get = table.get
            for entry in self.briefing.entries:
                data = entry.data
                for field in _REF_FIELDS[entry.kind]:
                    for target in data.get(field) or ():
                        pairs = get(target)
                        if pairs is None:
                            table[target] = [(entry, field)]
                        else:
                            pairs.append((entry, field))
            self._backlinks = table
        return self._backlinks

    def backlinks_to(self, entry_id: str) -> list[Backlink]:
        """The entries that point at ``entry_id``, with the field each points through."""
        return [Backlink(e, f) for e, f in self._backlinks_table().get(entry_id, ())]

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.by_kind.items()}

    def get(self, entry_id: str) -> Entry | None:
        return self.by_id.get(entry_id)

    def source(self, source_id: str | None) -> Source | None:
        return self.sources_by_id.get(source_id) if source_id is not None else None

    def _texts(self, entries: list[Entry]) -> list[str]:
        """The lower-cased search text of each entry of one of the index's lists."""
        texts = self._search_texts.get(id(entries))
        if texts is None:
            texts = [_search_text(e) for e in entries]
            self._search_texts[id(entries)] = texts
        return texts

    def carry_over(self, old: BriefingIndex) -> None:
        """Take over what ``old`` (the index this one replaces after a save) has built for the
        entries both share, the very ``Entry`` objects (``assemble_checked`` with
        ``previous``): its backlinks, patched for the entries that came and went, and the
        search text of every shared entry of each panel's list and of the Timeline. What
        is taken over is exactly what ``warm()`` would build (a test compares them)."""
        came: list[Entry] = []
        gone: list[Entry] = []
        for kind in ENTRY_KINDS:
            if not self._carry_list(old, kind, came, gone):
                return  # a change this large: building afresh costs no more
        old_texts = old._search_texts.get(id(old.timeline))
        if old_texts is not None:  # the Timeline's order may shift: matched by entry
            known = dict(zip(map(id, old.timeline), old_texts, strict=True))
            self._search_texts[id(self.timeline)] = [
                known.get(id(e)) or _search_text(e) for e in self.timeline]
        if old._backlinks is not None and self._backlinks is None:
            self._backlinks = _patched_backlinks(old._backlinks, came, gone)

    def _carry_list(self, old: BriefingIndex, kind: str, came: list[Entry],
                    gone: list[Entry]) -> bool:
        """One panel's list beside the old one's (both in document-id order): the shared
        entries keep their search texts; the rest are added to ``came`` and ``gone``. False
        once more than ``_CARRY_LIMIT`` came or went."""
        new, was = self.by_kind[kind], old.by_kind[kind]
        old_texts = old._search_texts.get(id(was))
        texts: list[str] = []
        i = j = 0
        while i < len(new) or j < len(was):
            e = new[i] if i < len(new) else None
            o = was[j] if j < len(was) else None
            if e is not None and e is o:
                if old_texts is not None:
                    texts.append(old_texts[j])
                i, j = i + 1, j + 1
            elif o is not None and (e is None or o.doc_id <= e.doc_id):
                gone.append(o)
                j += 1
            else:
                assert e is not None
                came.append(e)
                if old_texts is not None:
                    texts.append(_search_text(e))
                i += 1
            if len(came) + len(gone) > _CARRY_LIMIT:
                return False
        if old_texts is not None:
            self._search_texts[id(new)] = texts
        return True

    def filter(self, entries: list[Entry], query: str) -> list[Entry]:
        """Entries whose name, id, aliases, tags, role, place or affiliation contain every word.

        ``entries`` must be one of the index's own lists (a panel's or the timeline).
        """
        words = query.lower().split()
        if not words:
            return entries
        words.sort(key=len, reverse=True)  # the longest word narrows fastest
        texts = self._texts(entries)
        first, rest = words[0], words[1:]
        hits = [i for i, text in enumerate(texts) if first in text]
        for word in rest:
            hits = [i for i in hits if word in texts[i]]
        return [entries[i] for i in hits]

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


def _search_text(e: Entry) -> str:
    data = e.data
    # What the list shows (name, role or place), plus aliases, tags and id.
    words = [e.title, data["id"], *(data.get("aliases") or ()), *(data.get("tags") or ()),
             data.get("role") or "", data.get("place") or "", data.get("affiliation") or ""]
    return " ".join(str(w) for w in words).lower()


def _in_order(pair: tuple[Entry, str]) -> tuple[int, int]:
    """Where a backlink's entry sits in the briefing's order (kind, then document id)."""
    return _KIND_ORDER[pair[0].kind], pair[0].doc_id


def _patched_backlinks(old: dict[str, list[tuple[Entry, str]]], came: list[Entry],
                       gone: list[Entry]) -> dict[str, list[tuple[Entry, str]]]:
    """``old``'s backlinks without the references of the entries that went and with those
    of the entries that came, each list in the briefing's order, as a fresh build has it
    (``old`` itself is not changed: its lists are copied before they are touched)."""
    table = dict(old)
    copied: set[str] = set()

    def own(target: str) -> list[tuple[Entry, str]]:
        if target not in copied:
            table[target] = list(table.get(target) or ())
            copied.add(target)
        return table[target]

    for entry in gone:
        for field in _REF_FIELDS[entry.kind]:
            for target in entry.data.get(field) or ():
                pairs = own(target)
                pairs[:] = [p for p in pairs if p[0] is not entry]
    for entry in came:
        for field in _REF_FIELDS[entry.kind]:
            for target in entry.data.get(field) or ():
                insort(own(target), (entry, field), key=_in_order)
    for target in copied:
        if not table[target]:
            del table[target]
    return table
