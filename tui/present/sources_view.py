"""The Sources view's list of sources: one row per source (date, title, publisher,
reliability, coverage), the detail of one, and the entries each source added.

The sentences of one source, read one by one, are ``views.sentence_rows``.
"""

from __future__ import annotations

from rich.text import Text

from tui.core.coverage import added_by, cited_sentences, sources_in_order
from tui.core.dates import format_date, is_valid_date
from tui.core.index import BriefingIndex
from tui.core.model import KIND_SINGULAR, Source
from tui.core.text import clean, one_line
from tui.present.rows import Row, entry_key, plain, source_key
from tui.present.views import list_rows, source_url

__all__ = ["RELIABILITY", "source_list_rows", "source_detail_rows", "added_rows",
           "coverage_text", "source_number"]

#: The Admiralty grading of a source's reliability, in words.
RELIABILITY = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
_MUTED = "dim"


def source_number(index: BriefingIndex, source_id: str) -> int:
    """A source's place in publication order, from 1 (0 for no such source)."""
    for n, source in enumerate(sources_in_order(index.briefing), 1):
        if source.id == source_id:
            return n
    return 0


def coverage_text(source: Source, cited: int) -> str:
    """"3 of 7 sentences cited"."""
    total = source.data.get("sentences")
    if isinstance(total, int) and not isinstance(total, bool):
        return f"{cited} of {total} sentences cited"
    return f"{cited} sentences cited"


def _published(source: Source) -> str:
    published = source.data.get("published")
    return format_date(str(published)) if is_valid_date(published) else "undated"


def _grade(source: Source) -> str:
    grade = source.data.get("reliability")
    return f"grade {clean(grade)}" if grade else "not graded"


def source_list_rows(index: BriefingIndex, query: str = "") -> list[Row]:
    """Every source in publication order: its number and title, then its coverage, date,
    grade and publisher (a narrow list drops these from the end, never the coverage first)."""
    cited = cited_sentences(index)
    words = query.lower().split()
    rows = []
    for n, source in enumerate(sources_in_order(index.briefing), 1):
        data = source.data
        text = Text(end="").append(f"{n} ", style="bold")
        text.append(one_line(data.get("title") or "Untitled source"))
        count = coverage_text(source, cited.get(source.id, 0)).replace(" sentences", "")
        parts = [count, _published(source), _grade(source)]
        if data.get("publisher"):
            parts.append(one_line(data["publisher"]))
        tail = Text("  " + " · ".join(parts), style=_MUTED, end="")
        tail.stylize("green", 2, 2 + len(count))
        if words and not all(w in (text.plain + tail.plain).lower() or w in source.id
                             for w in words):
            continue
        rows.append(Row(text + tail, source_key(source.id), keep_tail=len(tail)))
    return rows


def source_detail_rows(index: BriefingIndex, source: Source) -> list[Row]:
    """What one source is, how much of it the briefing cites, and what it added."""
    data = source.data
    cited = cited_sentences(index).get(source.id, 0)
    number = source_number(index, source.id)
    rows = [
        Row(plain(data.get("title") or "Untitled source", style="bold")),
        Row(Text(f"source {number} of {len(index.briefing.sources)} by publication · id "
                 f"{clean(source.id)}", style=_MUTED, end="")),
        Row(Text("", end="")),
        _field("Publisher", data.get("publisher") or "not recorded"),
        _field("Published", _published(source)),
        _field("Reliability", f"{clean(data['reliability'])} "
                              f"({RELIABILITY.get(str(data['reliability']), '?')})"
               if data.get("reliability") else "not graded"),
        _field("Address", data.get("url") or "not recorded"),
        _field("Coverage", coverage_text(source, cited) + " by some entry"),
    ]
    if source.id not in index.articles:
        rows.append(Row(Text("The article is not attached: Enter says how to attach it.",
                             style=_MUTED, end="")))
    added = added_by(index, source.id)
    rows += [Row(Text("", end="")),
             Row(Text(f"Added by this source ({len(added)})", style="bold", end=""))]
    rows += [_entry_row(index, e.id) for e in added[:100]]
    if not added:
        rows.append(Row(Text("no entry cites it before any other source", style=_MUTED,
                             end=""), indent=2))
    keys = "Enter reads it · n lists what it added · a adds a source"
    if source_url(source):
        keys += " · o opens it"
    rows += [Row(Text("", end="")), Row(Text(keys, style=_MUTED, end=""))]
    return rows


def added_rows(index: BriefingIndex, source_id: str, query: str = "") -> list[Row]:
    """The entries ``source_id`` added (citing it and no earlier source), under a line that
    says which source that is."""
    source = index.source(source_id)
    name = one_line(source.data.get("title") or source_id) if source else clean(source_id)
    words = query.lower().split()
    entries = [e for e in added_by(index, source_id)
               if all(w in f"{e.title} {e.id}".lower() for w in words)]
    head = Text(f"Added by source {source_number(index, source_id)}, ", style="bold", end="")
    head.append(name, style="bold")
    head.append(f": {len(entries)} entries cite it and no earlier source · Esc: back",
                style=_MUTED)
    return [Row(head), *list_rows(entries)]


def _field(label: str, value: object) -> Row:
    text = Text(end="").append(f"{label}: ", style=_MUTED)
    text.append(clean(value))
    return Row(text, indent=0, hang=2)


def _entry_row(index: BriefingIndex, entry_id: str) -> Row:
    entry = index.get(entry_id)
    text = Text("→ ", end="")
    if entry is None:
        return Row(text.append(clean(entry_id)), None, indent=2)
    text.append(one_line(entry.title), style="underline")
    text.append(f"  {KIND_SINGULAR[entry.kind]}", style=_MUTED)
    return Row(text, entry_key(entry.id), indent=2, hang=2)
