"""Wording every format shares: dates with their precision, field values, the key
fields of an entry, source lines and footnotes. Each function takes the format's escape
function (``esc``) and applies it to the file's text, never to its own words."""

from __future__ import annotations

import re
from typing import Any

from tui.core.dates import format_date
from tui.core.text import one_line

__all__ = [
    "paragraphs_of", "cited_paragraphs", "when_text", "timeline_line", "as_of_text",
    "value_text", "glance", "exported_text", "source_line", "footnote_text", "key_line",
    "more_text", "dispute_heading", "account_line",
]


def paragraphs_of(text: str | None) -> list[str]:
    """Text split at blank lines, each paragraph on one line (whitespace runs to one space)."""
    if not text:
        return []
    return [p for p in (one_line(chunk) for chunk in re.split(r"\n\s*\n", text)) if p]


def when_text(when: dict[str, Any] | None, esc: Any, dated_already: bool = False) -> str:
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


def timeline_line(item: dict[str, Any], esc: Any, strong: str, em: str) -> str:
    """Date (bold), its precision, the title, the kind, the source's words and the basis;
    an event's summary too, as the timeline is the only place an event is shown."""
    line = (f"{strong.format(item['when']['text'])} · {esc(item['title'])} "
            f"· {em.format(item['kind_label'])} · {when_text(item['when'], esc, True)}")
    if item["summary"]:
        line += " · " + esc(item["summary"])
    return line


def as_of_text(model: dict[str, Any], esc: Any) -> str:
    as_of = model["briefing"]["as_of"]
    text = f"{as_of['text']} ({as_of['precision']} precision)" if as_of["date"] else "undated"
    if as_of["basis"]:
        text += f". Basis: {esc(one_line(as_of['basis']))}"
    return text


def value_text(item: dict[str, Any], esc: Any) -> str:
    value = item["value"]
    if item["type"] == "refs":
        return ", ".join(esc(one_line(v["name"])) for v in value)
    if item["type"] == "list":
        return "; ".join(esc(one_line(v)) for v in value)
    if item["type"] == "amount":
        return esc(one_line(value["text"])) or "not stated"
    return esc(one_line(value))


def glance(entry: dict[str, Any], esc: Any) -> list[tuple[str, str]]:
    """(label, escaped value) of the key fields: status, when, then the kind's own fields.

    Actors are not events in time, so they get a "When" only when the file gives one.
    """
    rows = [(f["label"], value_text(f, esc)) for f in entry["fields"] if f["name"] == "status"]
    if entry["when"] is not None or entry["kind"] != "actors":
        rows.append(("When", when_text(entry["when"], esc)))
    rows += [(f["label"], value_text(f, esc)) for f in entry["fields"] if f["name"] != "status"]
    return rows


def exported_text(model: dict[str, Any]) -> str:
    return format_date(model["export"]["exported"])


def source_line(source: dict[str, Any], esc: Any) -> str:
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


def footnote_text(note: dict[str, Any], esc: Any) -> str:
    text = esc(one_line(note["label"]))
    if note["source_title"] is not None:
        text += f" · {esc(one_line(note['source_title']))}"
    if note["sentence"] is not None:
        text += f" · “{esc(one_line(note['sentence']))}”"
    elif note["attached"]:
        text += " · (sentence not found in the attached article)"
    return text


def cited_paragraphs(entry: dict[str, Any], esc: Any, marks: str) -> list[str]:
    """An entry's summary paragraphs (escaped) with its footnote ``marks`` after the last;
    ``Sources: marks`` alone when it has no summary."""
    paragraphs = [esc(p) for p in paragraphs_of(entry["summary"])]
    if not paragraphs:
        return [f"Sources: {marks}"]
    paragraphs[-1] += " " + marks
    return paragraphs


def key_line(entry: dict[str, Any], esc: Any, strong: str) -> str:
    """An entry on the one-pager in one line: its name (``strong``), status and date when
    it has them, and its summary."""
    bits = [strong.format(esc(one_line(entry["title"])))]
    bits += [value_text(f, esc) for f in entry["fields"] if f["name"] == "status"]
    if entry["when"] is not None and entry["when"]["date"]:
        bits.append(entry["when"]["text"])
    line = " · ".join(bits)
    summary = " ".join(esc(p) for p in paragraphs_of(entry["summary"]))
    return f"{line}: {summary}" if summary else line


def dispute_heading(dispute: dict[str, Any], esc: Any) -> str:
    """``Disputed: Response (held: 3 percent)``: a field the sources disagree on."""
    held = value_text({"type": dispute["type"], "value": dispute["held"]}, esc) \
        if dispute["held"] is not None else "none"
    return f"Disputed: {dispute['label']} (the sources disagree; held: {held})"


def account_line(n: int, account: dict[str, Any], esc: Any) -> str:
    """``2. 3 percent (held): Ivo Brandt, for the association``, without footnote marks."""
    line = f"{n}. {value_text(account, esc)}"
    if account["held"]:
        line += " (held)"
    if account["note"]:
        line += f": {esc(one_line(account['note']))}"
    return line


def more_text(section: dict[str, Any]) -> str:
    """The line that counts a panel's entries left off the one-pager."""
    return f"and {section['more']} more (briefing export --full lists them all)"


#: Said under the Timeline heading of every export.
TIMELINE_INTRO = "Dated entries in date order, each at the precision the source gives."
