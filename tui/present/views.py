"""What each view shows, as rows: the Overview, the panels, the Timeline, Sources, details.

Pure functions of the index (no Textual), so tests can read what a screen will say.
Every piece of data goes through ``tui.core.text`` and so reaches the screen as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from tui.core.accounts import ACCOUNTS, disputes_of
from tui.core.amounts import amount_text
from tui.core.coverage import sources_in_order
from tui.core.dates import format_date, is_valid_date, precision
from tui.core.index import BriefingIndex, Citation
from tui.core.model import KIND_SINGULAR, PANEL_KINDS, Briefing, Entry, Field, Source, fields_of
from tui.core.text import clean_name, shown, shown_line
from tui.present.disputes import dispute_rows, held_note, value_text
from tui.present.rows import LazyRows, Row, entry_key, loc_key, plain, source_key, view_key

__all__ = [
    "View", "VIEWS", "home_view", "list_rows", "detail_rows",
    "overview_rows", "timeline_rows", "sentence_rows", "sentence_detail_rows", "amount_text",
    "source_text", "source_url",
]


@dataclass(frozen=True)
class View:
    name: str
    key: str  # the number key that opens it
    label: str
    short: str  # label on narrow screens


VIEWS: tuple[View, ...] = (
    View("overview", "0", "Overview", "Overview"),
    View("actors", "1", "Actors", "Actors"),
    View("meetings", "2", "Meetings", "Meetings"),
    View("demands", "3", "Demands", "Demands"),
    View("corruption", "4", "Corruption probe", "Probe"),
    View("financing", "5", "Financing", "Money"),
    View("timeline", "6", "Timeline", "Timeline"),
    View("sources", "7", "Sources", "Sources"),
    View("changes", "8", "Changes", "Changes"),
)

_HEADING = "bold"
UNDATED_SHOWN = 30  # the Overview names this many undated entries, then counts the rest
LINKS_SHOWN = 100  # a detail lists this many backlinks or citing entries, then counts the rest
_MUTED = "dim"
_LINK = "underline"


def as_of_text(briefing: Briefing, *, long: bool = False) -> str:
    """When the briefing stands: its own as-of date; else its newest source's publication
    date, labelled as such; else it says plainly that there is none."""
    as_of = briefing.meta.get("as_of")
    if as_of:
        return format_date(as_of) if long else f"as of {format_date(as_of)}"
    published = [s.data["published"] for s in briefing.sources
                 if isinstance(s.data.get("published"), str)]
    if published:
        newest = format_date(max(published))
        return (f"{newest}, the newest source's publication date (the briefing gives none)"
                if long else f"as of {newest} (newest source)")
    return "not given: neither the briefing nor its sources are dated" if long else "no as-of date"


def home_view(entry: Entry) -> str:
    """The view an entry lives in: its panel, or the timeline for events."""
    return entry.kind if entry.kind in PANEL_KINDS else "timeline"


def _annotation(entry: Entry) -> str:
    if entry.kind == "actors":
        return shown_line(entry.get("role") or entry.get("kind"))
    if entry.kind == "financing":
        bits = [amount_text(entry.get("amount")), shown_line(entry.get("instrument")),
                shown_line(entry.get("status"))]
        return " · ".join(b for b in bits if b)
    if entry.kind == "meetings":
        bits = [shown_line(entry.get("status")), shown_line(entry.get("place"))]
        return " · ".join(b for b in bits if b)
    status = entry.get("status")
    if status:
        return shown_line(status)
    date = entry.get("date")
    return format_date(date) if date else ""


def _key_of(entry: Entry) -> str:
    return entry_key(entry.id)


MARKS = {"new": "● ", "changed": "✎ "}  # "since you last looked"


def _list_row(entry: Entry, mark: str = "") -> Row:
    text = Text(end="")
    if mark:
        text.append(MARKS[mark], style="bold yellow")
    text.append(shown_line(entry.title))
    note = _annotation(entry)
    if note:
        text.append("  " + note, style=_MUTED)
    return Row(text, entry_key(entry.id), keep_tail=len(note) + 2 if note else 0)


def list_rows(entries: list[Entry], marks: dict[str, str] | None = None) -> LazyRows[Entry]:
    """One row per entry: its name, then a short note (role, status, amount).

    ``marks`` (entry id -> ``new`` or ``changed``) flags what changed since the reader
    last looked.
    """
    if marks:
        return LazyRows(entries, lambda e: _list_row(e, marks.get(e.id, "")), _key_of)
    return LazyRows(entries, _list_row, _key_of)


def _heading(label: str) -> Row:
    return Row(Text(label, style=_HEADING, end=""))


def _blank() -> Row:
    return Row(Text("", end=""))


def _field(label: str, value: object) -> Row:
    text = Text(end="").append(f"{label}: ", style=_MUTED)
    text.append(shown(value))
    return Row(text)


def _entry_link(index: BriefingIndex, target_id: str, note: str = "", arrow: str = "→") -> Row:
    target = index.get(target_id)
    text = Text(f"{arrow} ", end="")
    if target is None:
        text.append(shown_line(target_id), style=_LINK)
        text.append("  (missing)", style=_MUTED)
        return Row(text, None, indent=2)
    text.append(shown_line(target.title), style=_LINK)
    kind = KIND_SINGULAR[target.kind]
    text.append(f"  {kind}{' · ' + note if note else ''}", style=_MUTED)
    return Row(text, entry_key(target_id), indent=2, hang=2)


def date_phrase(entry: Entry) -> str | None:
    date = entry.get("date")
    words = entry.get("date_text")
    if not date and not words:
        return None
    parts = []
    if date:
        parts.append(f"{format_date(date)} ({precision(date)})")
    else:
        parts.append("no date")
    if words:
        parts.append(f"the source says “{shown_line(words)}”")
    return " · ".join(parts)


def detail_rows(index: BriefingIndex, entry: Entry, briefing_path: str | None = None,
                width: int = 0) -> list[Row]:
    """Every field of an entry, its disputes (side by side when ``width`` allows), its links
    and backlinks, and the sentences it cites."""
    rows: list[Row] = [
        Row(plain(entry.title, style="bold")),
        Row(Text(f"{KIND_SINGULAR[entry.kind]} · id {shown(entry.id)}", style=_MUTED, end="")),
    ]
    summary = entry.get("summary")
    if summary:
        rows += [_blank(), Row(plain(summary))]
    rows.append(_blank())
    phrase = date_phrase(entry)
    rows.append(_field("When", phrase or "no date"))
    if entry.get("date_basis"):
        rows.append(_field("Date basis", entry.get("date_basis")))
    rows += _field_rows(index, entry)
    rows += dispute_rows(index, entry, width)
    links = entry.get("links") or []
    if links:
        rows.append(_heading("Related"))
        rows += [_entry_link(index, str(t)) for t in links]
    back = index.backlinks_to(entry.id)
    rows.append(_heading(f"Pointed at by ({len(back)})"))
    if back:
        labels = {f.name: f.label.lower() for k in PANEL_KINDS + ("events",) for f in fields_of(k)}
        rows += [_entry_link(index, b.source.id, labels.get(b.field, b.field), arrow="←")
                 for b in back[:LINKS_SHOWN]]
        rows += _more(len(back))
    else:
        rows.append(Row(Text("nothing points here", style=_MUTED, end=""), indent=2))
    citations = index.citations(entry)
    rows.append(_heading(f"Sources ({len(citations)})"))
    rows += _citation_rows(index, citations)
    if citations and not index.articles:
        rows.append(Row(Text(_attach_hint(briefing_path), style=_MUTED, end=""), indent=2))
    tags = entry.get("tags") or []
    if tags:
        rows.append(_field("Tags", ", ".join(shown(t) for t in tags)))
    return rows


def _citation_rows(index: BriefingIndex, citations: list[Citation]) -> list[Row]:
    """The cited sentences under their source's title and date, one group per source, the
    sources in publication order (a source the briefing does not have, last)."""
    order = {s.id: n for n, s in enumerate(sources_in_order(index.briefing))}
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.source_id, []).append(c)
    rows: list[Row] = []
    for source_id in sorted(groups, key=lambda sid: order.get(sid, len(order))):
        source = index.source(source_id)
        head = Text(end="")
        if source is None:
            head.append(f"unknown source {shown_line(source_id)}", style="bold red")
        else:
            head.append(shown_line(source.data.get("title") or source_id), style="bold")
            published = source.data.get("published")
            head.append(f" · {format_date(str(published))}" if is_valid_date(published)
                        else " · undated", style=_MUTED)
        rows.append(Row(head, source_key(source_id) if source else None, indent=2, hang=2))
        for c in groups[source_id]:
            text = Text(end="").append(f"{c.short}  ", style="bold")
            if c.text is not None:
                text.append(shown(c.text))
            else:
                text.append(shown(c.locator), style=_MUTED)
            rows.append(Row(text, loc_key(c.locator), indent=4))
    return rows


def _field_rows(index: BriefingIndex, entry: Entry) -> list[Row]:
    """The kind's own fields (those not shown elsewhere on the detail), in the model's order."""
    rows: list[Row] = []
    disputed = {d.field.name: held_note(d) for d in disputes_of(entry)}
    for f in fields_of(entry.kind):
        if f.name in disputed:
            rows += _field_rows_disputed(index, entry, f, disputed[f.name])
            continue
        if f.name in ("id", "summary", "date", "date_text", "date_basis", "sources", "links",
                      "tags", "name", "title"):
            continue
        value = entry.get(f.name)
        if f.type == "refs":
            rows.append(_heading(f.label))
            if value:
                rows += [_entry_link(index, str(t)) for t in value]
            else:
                rows.append(Row(Text("none named", style=_MUTED, end=""), indent=2))
        elif f.type == "list":
            if value:
                rows.append(_heading(f.label))
                rows += [Row(Text("• ", end="") + plain(item), indent=2, hang=2) for item in value]
        elif f.type == "amount":
            rows.append(_field(f.label, amount_text(value) or "not stated"))
        else:
            rows.append(_field(f.label, value if value not in (None, "") else "not stated"))
    return rows


def _field_rows_disputed(index: BriefingIndex, entry: Entry, f: Field, note: str) -> list[Row]:
    """A disputed field: the value the author holds, marked as such."""
    text = Text(end="").append(f"{f.label}: ", style=_MUTED)
    text.append(value_text(index, f, entry.get(f.name)))
    text.append(f"  ✔ held · {note}", style="yellow")
    return [Row(text)]


def _more(total: int) -> list[Row]:
    if total <= LINKS_SHOWN:
        return []
    return [Row(Text(f"… and {total - LINKS_SHOWN} more", style=_MUTED, end=""), indent=2)]


def _attach_hint(briefing_path: str | None) -> str:
    where = clean_name(briefing_path) if briefing_path else "BRIEFING"
    return ("The article is not attached. To read the cited sentences: "
            f"briefing attach {where} ARTICLE")


def _conflicts_row(conflicts: int) -> Row:
    text = Text(f"!  {conflicts} merge conflict(s) to resolve: both sides of a git merge "
                "changed the same thing (Enter or ! shows them)", style="bold", end="")
    return Row(text, view_key("conflicts"), hang=3)


def overview_rows(index: BriefingIndex, briefing_path: str | None = None,
                  changes: int = 0, *, conflicts: int = 0) -> list[Row]:
    """The BLUF, counts per panel, what has no date, and how the sources stand; first of
    all, any conflicts a git merge left to resolve."""
    meta = index.briefing.meta
    rows: list[Row] = [Row(plain(index.briefing.title, style="bold"))]
    if conflicts:
        rows.append(_conflicts_row(conflicts))
    if meta.get("summary"):
        rows += [Row(plain(meta["summary"]))]
    bluf = meta.get("bluf") or []
    if bluf:
        rows += [_blank(), _heading("Bottom line up front")]
        rows += [Row(Text("• ", end="") + plain(line), indent=1, hang=2) for line in bluf]
    rows += [_blank(), _heading("Panels")]
    counts = index.counts()
    for view in VIEWS[1:6]:
        text = Text(f"{view.key}  {view.label:<18}", end="")
        text.append(f"{counts[view.name]:>6}")
        rows.append(Row(text, view_key(view.name), indent=1))
    text = Text(f"6  {'Timeline':<18}", end="")
    listed = len(index.timeline) + len(index.undated_events)
    text.append(f"{listed:>6}")
    dated, undated = len(index.timeline), len(index.undated_events)
    text.append(f"  {dated} dated {'entry' if dated == 1 else 'entries'}, {undated} "
                f"{'event' if undated == 1 else 'events'} with no date", style=_MUTED)
    rows.append(Row(text, view_key("timeline"), indent=1))
    sentences = index.sentences()
    text = Text(f"7  {'Sources':<18}", end="")
    text.append(f"{len(index.briefing.sources):>6}")
    if sentences:
        uncited = sum(1 for _, _, cited in sentences if not cited)
        cited = f"{uncited} cited by no entry" if uncited else "every one cited"
        text.append(f"  {len(sentences)} sentences, {cited}", style=_MUTED)
    else:
        text.append("  article not attached", style=_MUTED)
    rows.append(Row(text, view_key("sources"), indent=1))
    if changes:
        text = Text(f"8  {'Changes':<18}", end="")
        text.append(f"{changes:>6}")
        text.append("  entries changed since you last looked (m marks them seen)", style=_MUTED)
        rows.append(Row(text, view_key("changes"), indent=1))
    rows += _disputed_rows(index)
    rows += [_blank(), _heading(f"No date ({len(index.undated)})")]
    for entry in index.undated[:UNDATED_SHOWN]:
        note = KIND_SINGULAR[entry.kind]
        if entry.get("date_text"):
            note += f" · “{shown_line(entry.get('date_text'))}”"
        rows.append(_undated_row(entry, note))
    if len(index.undated) > UNDATED_SHOWN:
        more = len(index.undated) - UNDATED_SHOWN
        rows.append(Row(Text(f"… and {more} more: each panel lists them", style=_MUTED, end=""),
                        indent=1))
    rows += [_blank()]
    rows.append(_field("As of", as_of_text(index.briefing, long=True)))
    if meta.get("as_of_basis"):
        rows.append(Row(plain(meta["as_of_basis"], style=_MUTED), indent=2))
    if not index.articles and index.briefing.sources:
        rows += [_blank(), Row(Text(_attach_hint(briefing_path), style=_MUTED, end=""))]
    return rows


def _disputed_rows(index: BriefingIndex) -> list[Row]:
    """The entries whose sources disagree, each a line that opens it (nothing when none)."""
    disputed = index.disputed
    if not disputed:
        return []
    rows = [_blank(), _heading(f"Disputed ({len(disputed)}): the sources disagree")]
    for entry, disputes in disputed[:UNDATED_SHOWN]:
        fields = ", ".join(f"{d.field.label.lower()}: {len(d.accounts)} accounts"
                           for d in disputes)
        rows.append(_undated_row(entry, f"{KIND_SINGULAR[entry.kind]} · {fields}"))
    if len(disputed) > UNDATED_SHOWN:
        rows.append(Row(Text(f"… and {len(disputed) - UNDATED_SHOWN} more", style=_MUTED,
                             end=""), indent=1))
    return rows


def _undated_row(entry: Entry, note: str) -> Row:
    text = Text("• ", end="")
    text.append(shown_line(entry.title), style=_LINK)
    text.append(f"  {note}", style=_MUTED)
    return Row(text, entry_key(entry.id), indent=1, hang=2)


def timeline_rows(dated: list[Entry], undated: list[Entry] | None = None) -> LazyRows[Entry]:
    """Dated entries in order, the date at its true precision and the source's words beside it;
    then the events with no date, so that every event has a place."""
    return LazyRows([*dated, *undated] if undated else dated, _timeline_row, _key_of)


def _timeline_row(entry: Entry) -> Row:
    date = entry.get("date")
    when = format_date(date) if date else "no date"
    text = Text(end="").append(f"{when:<12}", style="bold" if date else _MUTED)
    text.append(shown_line(entry.title))
    text.append(f"  {KIND_SINGULAR[entry.kind]}", style=_MUTED)
    if entry.get("date_text"):
        text.append(f" · “{shown_line(entry.get('date_text'))}”", style=_MUTED)
    if entry.get("date_basis"):
        text.append(" · inferred", style=_MUTED)
    return Row(text, entry_key(entry.id))


def source_text(source: Source) -> Text:
    """What a source is, in one line: its title, publisher, published date and address, or
    plainly that the briefing records none of them."""
    data = source.data
    title = data.get("title")
    parts = [str(data[k]) for k in ("publisher",) if data.get(k)]
    if data.get("published"):
        parts.append(format_date(str(data["published"])))
    text = Text(end="").append(shown_line(title) if title else "Untitled source", style="bold")
    text.append("  " + " · ".join(shown_line(p) for p in parts) if parts else
                "  no publisher or date recorded", style="" if parts else _MUTED)
    url = data.get("url")
    text.append(f"  {shown_line(url)}" if url else "  no address recorded", style=_MUTED)
    return text


def source_url(source: Source) -> str | None:
    """The source's address, if it is one a browser may open (http or https only)."""
    url = str(source.data.get("url") or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else None


def sentence_rows(sentences: list[tuple[str, str, list[Entry]]],
                  marked: list[str] | tuple[str, ...] = (),
                  sources: dict[str, Source] | None = None) -> list[Row]:
    """Every sentence of the attached article; uncited ones are marked for authors, and
    the ones marked to cite (space) carry a ▶. Each source's sentences follow a line that
    says what the source is."""
    rows = []
    shown_source = None
    for locator, sentence, cited in sentences:
        source_id, _, short = locator.rpartition("#")
        if sources is not None and source_id != shown_source and source_id in sources:
            shown_source = source_id
            rows.append(Row(source_text(sources[source_id])))
        text = Text(end="").append("▶ " if locator in marked else "", style="bold yellow")
        text.append(f"{short:<7}", style="bold")
        if cited:
            text.append(f"{len(cited):>2} ", style="green")
        else:
            text.append(" ✗ ", style="red")
        text.append(shown_line(sentence), style="" if cited else _MUTED)
        rows.append(Row(text, loc_key(locator)))
    return rows


def sentence_detail_rows(index: BriefingIndex, locator: str) -> list[Row]:
    citation = index.citation(locator)
    if citation is None:
        return [Row(plain(locator))]
    rows = [
        Row(Text(f"{citation.short} of {shown(citation.source_id)}", style="bold", end="")),
    ]
    source = index.source(citation.source_id)
    if source is not None:
        rows.append(Row(source_text(source), indent=2, hang=2))
        keys = "o opens the source · c copies the sentence" if source_url(source) else \
            "c copies the sentence (no address to open)"
        rows.append(Row(Text(keys, style=_MUTED, end=""), indent=2))
    rows += [
        _blank(),
        Row(plain(citation.text if citation.text is not None else "(article not attached)")),
        _blank(),
    ]
    cited = index.cited_by.get(locator, [])
    rows.append(_heading(f"Cited by ({len(cited)})"))
    if cited:
        rows += [_entry_link(index, e.id) for e in cited[:LINKS_SHOWN]]
        rows += _more(len(cited))
    else:
        rows.append(Row(Text("No entry cites this sentence: the briefing leaves it out.",
                             style="red", end=""), indent=2))
    return rows


def change_rows(changed: dict[str, dict], index: BriefingIndex) -> list[Row]:
    """What changed since the reader last looked: one row per entry, newest state first."""
    rows = []
    for entry_id, info in changed.items():
        entry = index.get(entry_id)
        text = Text(end="")
        if info.get("deleted"):
            text.append("✗ ", style="bold red")
            title = (info.get("old") or {}).get("name") or (info.get("old") or {}).get("title")
            text.append(shown_line(title or entry_id))
            text.append("  deleted", style=_MUTED)
        else:
            text.append(MARKS["new" if info.get("new") else "changed"], style="bold yellow")
            text.append(shown_line(entry.title if entry else entry_id))
            if not info.get("new"):
                fields = ", ".join(_label_of(entry, f) for f in sorted(info.get("fields") or ()))
                text.append(f"  {fields}", style=_MUTED)
        rows.append(Row(text, f"change:{entry_id}"))
    return rows


def change_detail_rows(index: BriefingIndex, entry_id: str, info: dict) -> list[Row]:
    """Old and new values of every field that changed, and a link to the entry."""
    entry = index.get(entry_id)
    state = "deleted" if info.get("deleted") else "new" if info.get("new") else "changed"
    rows = [Row(plain(entry.title if entry else entry_id, style="bold")),
            Row(Text(f"{state} since you last looked", style=_MUTED, end=""))]
    if entry is not None:
        rows.append(_entry_link(index, entry.id, "open it"))
    old, new = info.get("old") or {}, info.get("new_values") or {}
    for name in sorted(info.get("fields") or ()):
        rows += [_blank(), _heading(_label_of(entry, name))]
        rows.append(Row(Text("was: ", style=_MUTED, end="") + plain(_shown(old.get(name))),
                        indent=2, hang=5))
        rows.append(Row(Text("now: ", style=_MUTED, end="") + plain(_shown(new.get(name))),
                        indent=2, hang=5))
    return rows


def _label_of(entry: Entry | None, name: str) -> str:
    """A field as the forms and details name it ("Also called", not "aliases")."""
    if name == ACCOUNTS:
        return "Disputes"
    kinds = [entry.kind] if entry is not None else []
    for kind in (*kinds, *PANEL_KINDS, "events"):
        for f in fields_of(kind):
            if f.name == name:
                return f.label
    return shown(name)


def _shown(value: object) -> str:
    import json

    if value is None or value == [] or value == "":
        return "(none)"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, dict) and set(value) == {"value", "currency"}:
        return amount_text(value) or json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)
