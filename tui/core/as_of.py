"""The briefing as it stood at a source or a date: only the entries and
accounts the sources known by then cite, with the values the briefing holds now (a later
report may have changed a status or a date: the cut does not rewind values).

Source N is the N-th source in the briefing's order (the order ``add-source`` added them);
as of source N, sources 1 to N are known. As of a date, the sources published on or before
it are known (ISO dates compare as written; an undated source is not known). An entry
stays when one of its citations is of a known source, citing only those; an account the
same; a dispute left with fewer than two accounts goes; references to entries that went
are dropped; the bottom line and summary stay only when every sentence they cite is known.
Pure: a ``Briefing`` in, a new one out (docs/FORMAT.md, "The briefing as it stood").
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from tui.core.accounts import ACCOUNTS
from tui.core.dates import format_date, is_valid_date
from tui.core.index import BriefingIndex
from tui.core.model import Briefing, Entry, Source, fields_of

__all__ = ["Cut", "cut_at_source", "cut_at_date", "as_stood", "index_as_stood", "cut_for"]


@dataclass(frozen=True)
class Cut:
    """Where the reader stands: the known sources and how to say it ("as of source 2 ...")."""

    known: frozenset[str]
    label: str
    date: str | None


def cut_at_source(briefing: Briefing, number: int) -> Cut:
    """As of the ``number``-th source (from 1); ``ValueError`` names the ones there are."""
    sources = briefing.sources
    if not 1 <= number <= len(sources):
        have = f"1 to {len(sources)}" if sources else "none"
        raise ValueError(f"there is no source {number} (the briefing's sources: {have})")
    source = sources[number - 1]
    published = source.data.get("published")
    date = published if isinstance(published, str) else None
    when = format_date(date) if date else "undated"
    return Cut(frozenset(s.id for s in sources[:number]), f"as of source {number} ({when})", date)


def cut_at_date(briefing: Briefing, date: str) -> Cut:
    """As of ``date`` (YYYY, YYYY-MM or YYYY-MM-DD); ``ValueError`` when it is not a date."""
    if not is_valid_date(date):
        raise ValueError(f"{date!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    known = frozenset(s.id for s in briefing.sources if _published_by(s, date))
    return Cut(known, f"as of {format_date(date)} ({len(known)} of "
                      f"{len(briefing.sources)} sources)", date)


def _published_by(source: Source, date: str) -> bool:
    published = source.data.get("published")
    return isinstance(published, str) and published <= date


def _known(locators: Any, known: frozenset[str]) -> list[str]:
    return [loc for loc in locators or () if isinstance(loc, str)
            and loc.rpartition("#")[0] in known]


def _cut_accounts(data: dict[str, Any], known: frozenset[str]) -> None:
    table = data.get(ACCOUNTS)
    if not isinstance(table, dict):
        return
    kept: dict[str, Any] = {}
    for name, accounts in table.items():
        cut = [{**a, "sources": _known(a.get("sources"), known)} for a in accounts or ()
               if isinstance(a, dict) and _known(a.get("sources"), known)]
        if len(cut) >= 2:
            kept[name] = cut
    if kept:
        data[ACCOUNTS] = kept
    else:
        data.pop(ACCOUNTS, None)


def _cut_entry(entry: Entry, known: frozenset[str], shown: set[str]) -> Entry:
    data = copy.deepcopy(entry.data)
    data["sources"] = _known(data.get("sources"), known)
    for f in fields_of(entry.kind):
        if f.type == "refs" and isinstance(data.get(f.name), list):
            data[f.name] = [t for t in data[f.name] if t in shown]
    _cut_accounts(data, known)
    return Entry(entry.kind, entry.doc_id, data)


def _cut_meta(meta: dict[str, Any], cut: Cut) -> dict[str, Any]:
    out = dict(meta)
    for text, cited in (("bluf", "bluf_sources"), ("summary", "summary_sources")):
        locators = meta.get(cited) or []
        if len(_known(locators, cut.known)) < len(locators):
            out.pop(text, None)
            out.pop(cited, None)
    out["as_of"] = cut.date
    out["as_of_basis"] = (f"{cut.label}: only what the sources known by then cite; "
                          "values as held now")
    return out


def as_stood(briefing: Briefing, cut: Cut) -> Briefing:
    """The briefing as it stood at ``cut``: a new ``Briefing``; the given one is unchanged."""
    kept = [e for e in briefing.entries if _known(e.data.get("sources"), cut.known)]
    shown = {e.id for e in kept}
    return Briefing(
        meta=_cut_meta(briefing.meta, cut),
        sources=[s for s in briefing.sources if s.id in cut.known],
        entries=[_cut_entry(e, cut.known, shown) for e in kept],
        path=briefing.path, extra_tables=briefing.extra_tables,
    )


def index_as_stood(index: BriefingIndex, cut: Cut) -> BriefingIndex:
    """A fresh index of the briefing as it stood at ``cut`` (the same attached articles)."""
    return BriefingIndex(as_stood(index.briefing, cut), index.articles)


def cut_for(briefing: Briefing, source: int | None = None, date: str | None = None) -> Cut:
    """The cut a reader asked for: at source number ``source``, else at ``date``."""
    if source is not None:
        return cut_at_source(briefing, source)
    if date is None:
        raise ValueError("give a source number or a date")
    return cut_at_date(briefing, date)
