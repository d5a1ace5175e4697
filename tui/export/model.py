"""The export model: a briefing as plain data, the one thing every format renders.

The one-pager (the default) reads: title, as-of and export dates, the bottom line, the
summary (each with the footnotes of its ``bluf_sources`` and ``summary_sources``), then
the key entries of each panel that has any: the first ``KEY_ENTRIES`` in
the panel's own order (the order the app lists them), with "and K more" counting the rest.
The full export (``full=True``) gives every entry of every panel, the Timeline of dated
entries and the events that have no date (so every entry appears somewhere). Neither has
an empty section. Every entry cites its locators; footnotes are one per cited sentence,
numbered in the article's order (source, then paragraph, then sentence, as numbers), and
give the locator, the source's title and, when the article is attached, the sentence.

Every string from the file passes through ``tui.core.text.clean`` here; each format then
applies its own escaping. This model is also the JSON export.
"""

from __future__ import annotations

import datetime
from typing import Any

from tui.core.accounts import disputes_of
from tui.core.amounts import amount_text
from tui.core.dates import format_date, precision
from tui.core.index import BriefingIndex
from tui.core.model import KIND_LABELS, KIND_SINGULAR, PANEL_KINDS, Entry, fields_of
from tui.core.text import clean

__all__ = ["EXPORT_VERSION", "KEY_ENTRIES", "export_model"]

EXPORT_VERSION = 1
KEY_ENTRIES = 3  # entries per panel on the one-pager

# Fields shown elsewhere (heading, "When", summary, footnotes) or left out of a one-pager.
_NOT_AT_A_GLANCE = frozenset(
    ("id", "summary", "date", "date_text", "date_basis", "sources", "links", "tags", "name",
     "title")
)
_ATTACH_HINT = "briefing attach BRIEFING ARTICLE"


# --------------------------------------------------------------------------- the model


class _Footnotes:
    """One footnote per cited sentence; ``in_source_order`` renumbers them in the
    article's order once everything is cited."""

    def __init__(self, index: BriefingIndex) -> None:
        self.index = index
        self.numbers: dict[str, int] = {}
        self.notes: list[dict[str, Any]] = []
        self.sources = index.sources_by_id

    def cite(self, locators: list[str] | None) -> list[int]:
        out: list[int] = []
        for locator in dict.fromkeys(str(x) for x in locators or ()):
            number = self.numbers.get(locator)
            if number is None:
                number = self.numbers[locator] = len(self.notes) + 1
                self.notes.append(self._note(number, locator))
            if number not in out:
                out.append(number)
        return sorted(out)

    def in_source_order(self, sections: list[dict[str, Any]], *marked: dict[str, Any]) -> None:
        """Renumber the notes by source (the briefing's order), paragraph and sentence, as
        numbers (p2.s1 before p10.s1), and the marks in ``sections`` with them."""
        source_rank = {source_id: i for i, source_id in enumerate(self.sources)}

        def key(note: dict[str, Any]) -> tuple[int, int, int, str]:
            citation = self.index.citation(note["locator"])
            if citation is None:
                return (len(source_rank), 0, 0, note["locator"])
            return (source_rank.get(citation.source_id, len(source_rank)),
                    citation.paragraph, citation.sentence, note["locator"])

        self.notes.sort(key=key)
        renumber = {note["number"]: i for i, note in enumerate(self.notes, 1)}
        for note in self.notes:
            note["number"] = renumber[note["number"]]
        entries = [e for section in sections for e in section["entries"]]
        accounts = [a for e in entries for d in e.get("disputes", ()) for a in d["accounts"]]
        for item in [*marked, *entries, *accounts]:
            item["footnotes"] = sorted(renumber[n] for n in item["footnotes"])

    def _note(self, number: int, locator: str) -> dict[str, Any]:
        citation = self.index.citation(locator)
        if citation is None:  # not a locator: validation keeps these out, but never crash
            source_id, ref = locator.partition("#")[0], None
        else:
            source_id, ref = citation.source_id, citation.short
        source = self.sources.get(source_id)
        attached = source_id in self.index.articles
        title = source.data.get("title") if source is not None else None
        return {
            "number": number,
            "locator": clean(locator),
            "label": clean(f"{source_id} {ref}" if ref else locator),
            "source": clean(source_id),
            "source_title": clean(title) if title is not None else None,
            "attached": attached,
            "sentence": clean(citation.text) if citation and citation.text is not None else None,
        }


def _when(entry: Entry) -> dict[str, Any] | None:
    date, words, basis = entry.get("date"), entry.get("date_text"), entry.get("date_basis")
    if not (date or words or basis):
        return None
    return {
        "date": date or None,
        "text": format_date(date) if date else "no date",
        "precision": precision(date) if date else None,
        "source_words": clean(words) if words else None,
        "basis": clean(basis) if basis else None,
    }


def _field(index: BriefingIndex, entry: Entry, name: str, ftype: str, label: str) -> dict | None:
    value = entry.get(name)
    if value is None or value == "" or value == []:
        return None
    out: dict[str, Any] = {"name": name, "label": label, "type": ftype}
    if ftype == "refs":
        names = []
        for target_id in value:
            target = index.get(str(target_id))
            names.append({
                "id": clean(target_id),
                "name": clean(target.title) if target is not None else clean(target_id),
                "kind": KIND_SINGULAR[target.kind] if target is not None else None,
            })
        out["value"] = names
    elif ftype == "list":
        out["value"] = [clean(item) for item in value]
    elif ftype == "amount":
        out["value"] = {"value": value.get("value"), "currency": clean(value.get("currency")),
                        "text": amount_text(value)}
    else:
        out["value"] = clean(value)
    return out


def _disputes(index: BriefingIndex, notes: _Footnotes, entry: Entry) -> list[dict[str, Any]]:
    """Each disputed field: the value held and every account with its footnotes."""
    out = []
    for dispute in disputes_of(entry):
        f = dispute.field
        accounts = []
        for account in dispute.accounts:
            shown = _field(index, Entry(entry.kind, 0, {f.name: account.value}),
                           f.name, f.type, f.label)
            accounts.append({
                "value": shown["value"] if shown else None,
                "type": f.type,
                "held": account.held,
                "note": clean(account.note) if account.note else None,
                "footnotes": notes.cite(list(account.sources)),
            })
        held = _field(index, entry, f.name, f.type, f.label)
        out.append({"name": f.name, "label": f.label, "type": f.type,
                     "held": held["value"] if held else None, "accounts": accounts})
    return out


def _entry(index: BriefingIndex, notes: _Footnotes, entry: Entry) -> dict[str, Any]:
    fields = []
    for f in fields_of(entry.kind):
        if f.name in _NOT_AT_A_GLANCE:
            continue
        item = _field(index, entry, f.name, f.type, f.label)
        if item is not None:
            fields.append(item)
    out = {
        **_heading(entry),
        "fields": fields,
        "summary": clean(entry.get("summary") or "") or None,
        "footnotes": notes.cite(entry.get("sources")),
    }
    disputes = _disputes(index, notes, entry)
    if disputes:  # only where the sources disagree: other entries read as before
        out["disputes"] = disputes
    return out


def _heading(entry: Entry) -> dict[str, Any]:
    """What every exported entry starts with: id, kind, title and when."""
    return {
        "id": clean(entry.id),
        "kind": entry.kind,
        "kind_label": KIND_SINGULAR[entry.kind],
        "title": clean(entry.title),
        "when": _when(entry),
    }


def _timeline_item(notes: _Footnotes, entry: Entry) -> dict[str, Any]:
    # Events have no panel: the timeline is where their summary is read.
    summary = clean(entry.get("summary") or "") if entry.kind == "events" else ""
    return {
        **_heading(entry),
        "summary": summary or None,
        "section": entry.kind if entry.kind in PANEL_KINDS else None,
        "footnotes": notes.cite(entry.get("sources")),
    }


def _sections(index: BriefingIndex, notes: _Footnotes, full: bool) -> list[dict[str, Any]]:
    """The non-empty panels (their key entries only unless ``full``), then, when ``full``,
    the timeline and the undated events; footnotes are cited as they go."""
    sections: list[dict[str, Any]] = []
    for kind in PANEL_KINDS:
        entries = index.by_kind.get(kind, [])
        shown = entries if full else entries[:KEY_ENTRIES]
        sections.append({
            "id": kind,
            "title": KIND_LABELS[kind],
            "total": len(entries),
            "more": len(entries) - len(shown),
            "entries": [_entry(index, notes, e) for e in shown],
        })
    if not full:
        return [s for s in sections if s["entries"]]
    sections.append({
        "id": "timeline",
        "title": "Timeline",
        "total": len(index.timeline),
        "more": 0,
        "entries": [_timeline_item(notes, e) for e in index.timeline],
    })
    undated = [e for e in index.by_kind.get("events", []) if not e.get("date")]
    sections.append({
        "id": "undated-events",
        "title": "Events without a date",
        "total": len(undated),
        "more": 0,
        "entries": [_entry(index, notes, e) for e in undated],
    })
    return [s for s in sections if s["entries"]]


def _sources(index: BriefingIndex, notes: _Footnotes) -> list[dict[str, Any]]:
    cited_sources = {n["source"] for n in notes.notes}
    sources = []
    for s in index.briefing.sources:
        sources.append({
            "id": clean(s.id),
            "title": clean(s.data.get("title")) if s.data.get("title") is not None else None,
            "publisher": clean(s.data.get("publisher")) if s.data.get("publisher") else None,
            "published": s.data.get("published") or None,
            "url": clean(s.data.get("url")) if s.data.get("url") else None,
            "sha256": clean(s.sha256),
            "attached": s.id in index.articles,
            "cited": clean(s.id) in cited_sources,
        })
    return sources


def _attach_note(sources: list[dict[str, Any]]) -> str | None:
    """How to quote the cited sentences of sources whose article is not attached."""
    unattached = [s for s in sources if s["cited"] and not s["attached"]]
    if not unattached:
        return None
    names = ", ".join(str(s["id"]) for s in unattached)
    return (
        f"Not attached: {names}. The cited sentences are not quoted; "
        f"to quote them, attach the article ({_ATTACH_HINT}) and export again."
    )


def export_model(index: BriefingIndex, today: datetime.date | None = None,
                 full: bool = True) -> dict[str, Any]:
    """The export as plain data (what the JSON export writes); strings already cleaned.

    ``full=False`` is the one-pager: the key entries of each panel, no timeline.
    """
    today = today or datetime.date.today()
    meta = index.briefing.meta
    notes = _Footnotes(index)
    as_of = meta.get("as_of")
    bluf = {"footnotes": notes.cite(meta.get("bluf_sources"))}
    summary = {"footnotes": notes.cite(meta.get("summary_sources"))}
    sections = _sections(index, notes, full)
    notes.in_source_order(sections, bluf, summary)
    sources = _sources(index, notes)
    return {
        "export": {"format": "briefing-export", "version": EXPORT_VERSION,
                   "exported": today.isoformat(), "full": full},
        "briefing": {
            "id": clean(meta.get("id")),
            "title": clean(index.briefing.title),
            "summary": clean(meta.get("summary") or "") or None,
            "bluf": [clean(line) for line in meta.get("bluf") or ()],
            "bluf_footnotes": bluf["footnotes"],
            "summary_footnotes": summary["footnotes"],
            "as_of": {
                "date": as_of or None,
                "text": format_date(as_of) if as_of else "undated",
                "precision": precision(as_of) if as_of else None,
                "basis": clean(meta.get("as_of_basis")) if meta.get("as_of_basis") else None,
            },
        },
        "sources": sources,
        "sections": sections,
        "footnotes": notes.notes,
        "attach_note": _attach_note(sources),
    }
