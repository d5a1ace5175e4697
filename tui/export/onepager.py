"""A briefing as a dated one-pager with footnotes: Markdown, HTML or JSON.

``export_briefing(index, fmt, today)`` is what the app's command palette calls;
``export_file`` is ``briefing export FILE --format FMT [--out PATH]``.

The page reads: title, as-of and export dates, the bottom line, each panel (Actors,
Meetings, Demands, Corruption probe, Financing), the Timeline of dated entries, the events
that have no date (so every entry appears somewhere), and the footnotes. Every entry cites
its locators; footnotes are numbered in order of first use, one per cited sentence, and
give the locator, the source's title and, when the article is attached, the sentence.

All three formats are rendered from one model (``export_model``, which is also the JSON
export), so they say the same thing with the same numbers. Every string from the file
passes through ``tui.core.text.clean`` first (control characters and bidi overrides become
visible escapes such as ``\\x1b``), then through the format's own escaping: backslash
escapes for Markdown, ``html.escape`` for HTML, ``json.dumps`` for JSON.

No Textual here: the CLI runs this without loading the UI.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from tui.core.amounts import amount_text
from tui.core.dates import format_date, precision
from tui.core.errors import BriefingError
from tui.core.index import BriefingIndex
from tui.core.model import KIND_LABELS, KIND_SINGULAR, PANEL_KINDS, Entry, fields_of
from tui.core.text import clean, one_line, slug

__all__ = [
    "FORMATS", "EXTENSIONS", "export_briefing", "export_model", "export_file",
    "escape_markdown", "render_markdown", "render_html", "render_json", "write_stdout",
]

FORMATS = ("markdown", "html", "json")
EXPORT_VERSION = 1

# Fields shown elsewhere (heading, "When", summary, footnotes) or left out of a one-pager.
_NOT_AT_A_GLANCE = frozenset(
    ("id", "summary", "date", "date_text", "date_basis", "sources", "links", "tags", "name",
     "title")
)
_ATTACH_HINT = "briefing attach BRIEFING ARTICLE"


# --------------------------------------------------------------------------- the model


class _Footnotes:
    """One footnote per cited sentence, numbered in order of first use."""

    def __init__(self, index: BriefingIndex) -> None:
        self.index = index
        self.numbers: dict[str, int] = {}
        self.notes: list[dict[str, Any]] = []
        self.sources = {s.id: s for s in index.briefing.sources}

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


def _entry(index: BriefingIndex, notes: _Footnotes, entry: Entry) -> dict[str, Any]:
    fields = []
    for f in fields_of(entry.kind):
        if f.name in _NOT_AT_A_GLANCE:
            continue
        item = _field(index, entry, f.name, f.type, f.label)
        if item is not None:
            fields.append(item)
    return {
        "id": clean(entry.id),
        "kind": entry.kind,
        "kind_label": KIND_SINGULAR[entry.kind],
        "title": clean(entry.title),
        "when": _when(entry),
        "fields": fields,
        "summary": clean(entry.get("summary") or "") or None,
        "footnotes": notes.cite(entry.get("sources")),
    }


def _timeline_item(notes: _Footnotes, entry: Entry) -> dict[str, Any]:
    # Events have no panel: the timeline is where their summary is read.
    summary = clean(entry.get("summary") or "") if entry.kind == "events" else ""
    return {
        "id": clean(entry.id),
        "kind": entry.kind,
        "kind_label": KIND_SINGULAR[entry.kind],
        "title": clean(entry.title),
        "when": _when(entry),
        "summary": summary or None,
        "section": entry.kind if entry.kind in PANEL_KINDS else None,
        "footnotes": notes.cite(entry.get("sources")),
    }


def export_model(index: BriefingIndex, today: datetime.date | None = None) -> dict[str, Any]:
    """The one-pager as plain data (what the JSON export writes); strings already cleaned."""
    today = today or datetime.date.today()
    meta = index.briefing.meta
    notes = _Footnotes(index)
    as_of = meta.get("as_of")
    sections: list[dict[str, Any]] = []
    for kind in PANEL_KINDS:
        sections.append({
            "id": kind,
            "title": KIND_LABELS[kind],
            "entries": [_entry(index, notes, e) for e in index.by_kind.get(kind, [])],
        })
    sections.append({
        "id": "timeline",
        "title": "Timeline",
        "entries": [_timeline_item(notes, e) for e in index.timeline],
    })
    sections.append({
        "id": "undated-events",
        "title": "Events without a date",
        "entries": [_entry(index, notes, e) for e in index.by_kind.get("events", [])
                    if not e.get("date")],
    })
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
    unattached = [s for s in sources if s["cited"] and not s["attached"]]
    attach_note = None
    if unattached:
        names = ", ".join(str(s["id"]) for s in unattached)
        attach_note = (
            f"Not attached: {names}. The cited sentences are not quoted; "
            f"to quote them, attach the article ({_ATTACH_HINT}) and export again."
        )
    return {
        "export": {"format": "briefing-export", "version": EXPORT_VERSION,
                   "exported": today.isoformat()},
        "briefing": {
            "id": clean(meta.get("id")),
            "title": clean(index.briefing.title),
            "summary": clean(meta.get("summary") or "") or None,
            "bluf": [clean(line) for line in meta.get("bluf") or ()],
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
        "attach_note": attach_note,
    }


# --------------------------------------------------------------------------- shared wording


def _paragraphs(text: str | None) -> list[str]:
    """Text split at blank lines, each paragraph on one line (whitespace runs to one space)."""
    if not text:
        return []
    return [p for p in (one_line(chunk) for chunk in re.split(r"\n\s*\n", text)) if p]


def _when_text(when: dict[str, Any] | None, esc: Any, dated_already: bool = False) -> str:
    """The date at its precision, the source's words and the basis; ``dated_already`` when
    the date itself is printed just before (the timeline)."""
    if when is None:
        return "no date"
    if dated_already:
        parts = [f"{when['precision']} precision"]
    else:
        parts = [f"{when['text']} ({when['precision']} precision)" if when["date"] else "no date"]
    if when["source_words"]:
        parts.append(f"the source says “{esc(one_line(when['source_words']))}”")
    if when["basis"]:
        parts.append(f"basis: {esc(one_line(when['basis']))}")
    return " · ".join(parts)


def _timeline_line(item: dict[str, Any], esc: Any, strong: str, em: str) -> str:
    """Date (bold), its precision, the title, the kind, the source's words and the basis;
    an event's summary too, as the timeline is the only place an event is shown."""
    line = (f"{strong.format(item['when']['text'])} · {esc(item['title'])} "
            f"· {em.format(item['kind_label'])} · {_when_text(item['when'], esc, True)}")
    if item["summary"]:
        line += " · " + esc(item["summary"])
    return line


def _as_of_text(model: dict[str, Any], esc: Any) -> str:
    as_of = model["briefing"]["as_of"]
    text = f"{as_of['text']} ({as_of['precision']} precision)" if as_of["date"] else "undated"
    if as_of["basis"]:
        text += f". Basis: {esc(one_line(as_of['basis']))}"
    return text


def _value_text(item: dict[str, Any], esc: Any) -> str:
    value = item["value"]
    if item["type"] == "refs":
        return ", ".join(esc(one_line(v["name"])) for v in value)
    if item["type"] == "list":
        return "; ".join(esc(one_line(v)) for v in value)
    if item["type"] == "amount":
        return esc(one_line(value["text"])) or "not stated"
    return esc(one_line(value))


def _glance(entry: dict[str, Any], esc: Any) -> list[tuple[str, str]]:
    """(label, escaped value) of the key fields: status, when, then the kind's own fields.

    Actors are not events in time, so they get a "When" only when the file gives one.
    """
    rows = [(f["label"], _value_text(f, esc)) for f in entry["fields"] if f["name"] == "status"]
    if entry["when"] is not None or entry["kind"] != "actors":
        rows.append(("When", _when_text(entry["when"], esc)))
    rows += [(f["label"], _value_text(f, esc)) for f in entry["fields"] if f["name"] != "status"]
    return rows


def _exported_text(model: dict[str, Any]) -> str:
    return format_date(model["export"]["exported"])


def _source_line(source: dict[str, Any], esc: Any) -> str:
    bits = [esc(one_line(source["id"]))]
    if source["title"] is not None:
        bits.append(f"“{esc(one_line(source['title']))}”")
    if source["publisher"]:
        bits.append(esc(one_line(source["publisher"])))
    if source["published"]:
        bits.append(format_date(source["published"]))
    if source["url"]:
        bits.append(esc(one_line(source["url"])))
    bits.append("article attached" if source["attached"] else "article not attached")
    return ", ".join(bits)


def _footnote_text(note: dict[str, Any], esc: Any) -> str:
    text = esc(one_line(note["label"]))
    if note["source_title"] is not None:
        text += f" · {esc(one_line(note['source_title']))}"
    if note["sentence"] is not None:
        text += f" · “{esc(one_line(note['sentence']))}”"
    elif note["attached"]:
        text += " · (sentence not found in the attached article)"
    return text


# --------------------------------------------------------------------------- Markdown

_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>&#|~@])")
_MD_WWW = re.compile(r"(?i)(?<![0-9a-z])(www)\.")
_MD_LIST_START = re.compile(r"^([0-9]{1,9})([.)])")


def escape_markdown(text: object) -> str:
    """One line of data as CommonMark text: no emphasis, link, image, HTML, entity or block.

    Every character that can start inline markup is backslash-escaped; ``://`` and
    ``www.`` are broken up so GitHub-style autolinks do not fire; a line start that could
    open a list, heading, quote or rule is escaped too.
    """
    s = _MD_ALWAYS.sub(r"\\\1", one_line(text))
    s = s.replace("://", ":\\/\\/")
    s = _MD_WWW.sub(r"\1\\.", s)
    if _MD_LIST_START.match(s):
        s = _MD_LIST_START.sub(r"\1\\\2", s, count=1)
    elif s[:1] in ("+", "-", "="):
        s = "\\" + s
    return s


def _md_marks(numbers: list[int]) -> str:
    # ``[n]`` stays literal text: the page defines no link references for it to match.
    return " ".join(f"[{n}]" for n in numbers)


def _md_entry(entry: dict[str, Any], out: list[str]) -> None:
    out += [f"### {escape_markdown(entry['title'])}", ""]
    out += [f"- **{label}:** {value}" for label, value in _glance(entry, escape_markdown)]
    out.append("")
    paragraphs = [escape_markdown(p) for p in _paragraphs(entry["summary"])]
    if paragraphs:
        paragraphs[-1] += " " + _md_marks(entry["footnotes"])
    else:
        paragraphs = [f"Sources: {_md_marks(entry['footnotes'])}"]
    for p in paragraphs:
        out += [p, ""]


def render_markdown(model: dict[str, Any]) -> str:
    b = model["briefing"]
    out = [f"# {escape_markdown(b['title'])}", ""]
    out += [f"- **As of:** {_as_of_text(model, escape_markdown)}",
            f"- **Exported:** {_exported_text(model)}", ""]
    out += ["## Bottom line up front", ""]
    if b["bluf"]:
        out += [f"- {escape_markdown(line)}" for line in b["bluf"]] + [""]
    else:
        out += ["None given.", ""]
    if b["summary"]:
        out += ["## Summary", ""]
        for p in _paragraphs(b["summary"]):
            out += [escape_markdown(p), ""]
    for section in model["sections"]:
        entries = section["entries"]
        if section["id"] == "undated-events" and not entries:
            continue
        out += [f"## {section['title']} ({len(entries)})", ""]
        if section["id"] == "timeline":
            if entries:
                out += ["Dated entries in date order, each at the precision the source gives.", ""]
                for item in entries:
                    line = _timeline_line(item, escape_markdown, "**{}**", "*{}*")
                    out.append(f"- {line} {_md_marks(item['footnotes'])}")
                out.append("")
            else:
                out += ["No entry has a date.", ""]
            continue
        if not entries:
            out += ["None.", ""]
        for entry in entries:
            _md_entry(entry, out)
    out += ["## Sources", ""]
    out += [f"- {_source_line(s, escape_markdown)}" for s in model["sources"]] + [""]
    out += ["## Footnotes", ""]
    if model["attach_note"]:
        out += [escape_markdown(model["attach_note"]), ""]
    for note in model["footnotes"]:
        out.append(f"{note['number']}. {_footnote_text(note, escape_markdown)}")
    if model["footnotes"]:
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45;color:#111}"
    "h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}"
    "h3{margin-bottom:.3rem}.dates,.muted{color:#555}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0}"
    "dt{font-weight:600}dd{margin:0}sup{font-size:.75em}"
    "ol.notes li{margin-bottom:.3rem}"
)


def _h(text: object) -> str:
    return html.escape(one_line(text), quote=True)


def _html_marks(numbers: list[int]) -> str:
    return "".join(f'<sup><a href="#fn-{n}">[{n}]</a></sup>' for n in numbers)


def _html_entry(entry: dict[str, Any], out: list[str]) -> None:
    out.append("<article>")
    out.append(f"<h3>{_h(entry['title'])}</h3>")
    out.append("<dl>")
    out += [f"<dt>{label}</dt><dd>{value}</dd>" for label, value in _glance(entry, _h)]
    out.append("</dl>")
    paragraphs = [_h(p) for p in _paragraphs(entry["summary"])]
    if paragraphs:
        paragraphs[-1] += " " + _html_marks(entry["footnotes"])
    else:
        paragraphs = ["Sources: " + _html_marks(entry["footnotes"])]
    out += [f"<p>{p}</p>" for p in paragraphs]
    out.append("</article>")


def render_html(model: dict[str, Any]) -> str:
    b = model["briefing"]
    title = _h(b["title"])
    out = [
        "<!DOCTYPE html>",
        "<html>",
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may load or run, whatever the page holds.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
        f'<p class="dates">As of: {_as_of_text(model, _h)}<br>'
        f"Exported: {_exported_text(model)}</p>",
        "</header>",
        '<section id="bluf">',
        "<h2>Bottom line up front</h2>",
    ]
    if b["bluf"]:
        out += ["<ul>"] + [f"<li>{_h(line)}</li>" for line in b["bluf"]] + ["</ul>"]
    else:
        out.append("<p>None given.</p>")
    out.append("</section>")
    if b["summary"]:
        out += ['<section id="summary">', "<h2>Summary</h2>"]
        out += [f"<p>{_h(p)}</p>" for p in _paragraphs(b["summary"])]
        out.append("</section>")
    for section in model["sections"]:
        entries = section["entries"]
        if section["id"] == "undated-events" and not entries:
            continue
        out += [f'<section id="{section["id"]}">',
                f"<h2>{section['title']} ({len(entries)})</h2>"]
        if section["id"] == "timeline":
            if entries:
                out.append('<p class="muted">Dated entries in date order, each at the precision '
                           "the source gives.</p>")
                out.append("<ul>")
                for item in entries:
                    line = _timeline_line(item, _h, "<strong>{}</strong>", "<em>{}</em>")
                    out.append(f"<li>{line} {_html_marks(item['footnotes'])}</li>")
                out.append("</ul>")
            else:
                out.append("<p>No entry has a date.</p>")
        else:
            if not entries:
                out.append("<p>None.</p>")
            for entry in entries:
                _html_entry(entry, out)
        out.append("</section>")
    out += ['<section id="sources">', "<h2>Sources</h2>", "<ul>"]
    out += [f"<li>{_source_line(s, _h)}</li>" for s in model["sources"]]
    out += ["</ul>", "</section>", '<section id="footnotes">', "<h2>Footnotes</h2>"]
    if model["attach_note"]:
        out.append(f'<p class="muted">{_h(model["attach_note"])}</p>')
    if model["footnotes"]:
        out.append('<ol class="notes">')
        out += [f'<li id="fn-{n["number"]}">{_footnote_text(n, _h)}</li>'
                for n in model["footnotes"]]
        out.append("</ol>")
    out += ["</section>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- JSON


def render_json(model: dict[str, Any]) -> str:
    return json.dumps(model, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_RENDERERS = {"markdown": render_markdown, "html": render_html, "json": render_json}


def export_briefing(index: BriefingIndex, fmt: str, today: datetime.date | None = None) -> str:
    """The briefing as a one-pager in ``fmt`` (``markdown``, ``html`` or ``json``)."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return renderer(export_model(index, today))


# --------------------------------------------------------------------------- files


def export_file(path: Path, fmt: str, out: Path | None = None,
                today: datetime.date | None = None) -> str:
    """Export a briefing file; write it to ``out`` atomically, or return it for stdout.

    Raises ``BriefingError`` (``InvalidBriefing`` with every problem) before anything is
    written when the briefing cannot be read.
    """
    from tui.storage.atomic import write_atomic
    from tui.storage.loader import load_index

    path = Path(path)
    text = export_briefing(load_index(path), fmt, today)
    if out is not None:
        out = Path(out)
        try:
            if out.exists() and out.samefile(path):
                raise BriefingError(out, "not written: it is the briefing being exported")
            write_atomic(out, text.encode("utf-8"))
        except OSError as err:
            raise BriefingError(out, f"not written: {err.strerror or err}") from None
    return text


EXTENSIONS = {"markdown": "md", "html": "html", "json": "json"}


def export_to_data_folder(
    index: BriefingIndex, fmt: str, today: datetime.date | None = None
) -> Path:
    """Write the one-pager into the user's ``exports`` folder (the app's palette command)."""
    from tui.storage.atomic import write_atomic
    from tui.storage.paths import data_dir

    today = today or datetime.date.today()
    # The id comes from the file: only a slug of it names a file, always inside exports/.
    name = slug(str(index.briefing.id or index.briefing.title), fallback="briefing")
    out = data_dir() / "exports" / f"{name}-{today.isoformat()}.{EXTENSIONS[fmt]}"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, export_briefing(index, fmt, today).encode("utf-8"))
    return out


def write_stdout(text: str) -> None:
    """Write UTF-8 to standard output whatever the locale (the HTML says it is UTF-8)."""
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``| head``): not an error. Point stdout at /dev/null so
        # the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
