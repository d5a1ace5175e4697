"""The one-pager as CommonMark: data backslash-escaped so it never becomes markup."""

from __future__ import annotations

import re
from typing import Any

from tui.core.text import one_line
from tui.export.wording import (
    TIMELINE_INTRO,
    account_line,
    as_of_text,
    cited_paragraphs,
    dispute_heading,
    exported_text,
    footnote_text,
    glance,
    key_line,
    more_text,
    paragraphs_of,
    source_line,
    timeline_line,
)

__all__ = ["escape_markdown", "render_markdown"]

_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>&#|~@$])")
_MD_WWW = re.compile(r"(?i)(?<![0-9a-z])(www)\.")
_MD_LIST_START = re.compile(r"^([0-9]{1,9})([.)])")
# What GitHub's autolink extension could take for an e-mail address (``user@example.com``,
# also inside ``mailto:`` and ``xmpp:``). It matches on the text after escapes are undone,
# so ``\@`` does not stop it; a code span does, and shows the address as it is.
_MD_EMAIL = re.compile(r"[A-Za-z0-9.+_-]+@[A-Za-z0-9._-]+")


def _escape_text(s: str) -> str:
    s = _MD_ALWAYS.sub(r"\\\1", s)
    s = s.replace("://", ":\\/\\/")
    return _MD_WWW.sub(r"\1\\.", s)


def escape_markdown(text: object) -> str:
    """One line of data as CommonMark text: no emphasis, link, image, HTML, entity or block,
    and under GitHub-flavoured Markdown no autolink and no math either.

    Every character that can start inline markup (``$`` too, which GitHub reads as math)
    is backslash-escaped; ``://`` and ``www.`` are broken up so URL autolinks do not fire;
    an e-mail-like word goes in a code span (GitHub links it however it is escaped); a line
    start that could open a list, heading, quote or rule is escaped too.
    """
    line = one_line(text)
    parts, last = [], 0
    for match in _MD_EMAIL.finditer(line):
        parts += [_escape_text(line[last:match.start()]), f"`{match.group()}`"]
        last = match.end()
    s = "".join(parts) + _escape_text(line[last:])
    if _MD_LIST_START.match(s):
        s = _MD_LIST_START.sub(r"\1\\\2", s, count=1)
    elif s[:1] in ("+", "-", "="):
        s = "\\" + s
    return s


def _md_marks(numbers: list[int]) -> str:
    # ``[n]`` stays literal text: the page defines no link references for it to match.
    return " ".join(f"[{n}]" for n in numbers)


def _with_marks(lines: list[str], numbers: list[int]) -> list[str]:
    """``lines`` with the footnote marks after the last one (none without footnotes)."""
    if numbers and lines:
        lines[-1] += " " + _md_marks(numbers)
    return lines


def _md_disputes(entry: dict[str, Any], indent: str) -> list[str]:
    """Each dispute as a bullet, its accounts as bullets under it, each with its marks."""
    out = []
    for dispute in entry.get("disputes", ()):
        out.append(f"{indent}- *{dispute_heading(dispute, escape_markdown)}*")
        out += [f"{indent}  - {account_line(n, a, escape_markdown)} {_md_marks(a['footnotes'])}"
                for n, a in enumerate(dispute["accounts"], 1)]
    return out


def _md_entry(entry: dict[str, Any], out: list[str]) -> None:
    out += [f"### {escape_markdown(entry['title'])}", ""]
    out += [f"- **{label}:** {value}" for label, value in glance(entry, escape_markdown)]
    out += _md_disputes(entry, "")
    out.append("")
    for p in cited_paragraphs(entry, escape_markdown, _md_marks(entry["footnotes"])):
        out += [p, ""]


def _md_key_entry(entry: dict[str, Any]) -> str:
    """An entry on the one-pager: one bullet, its name, key fields, summary and marks."""
    return "- " + key_line(entry, escape_markdown, "**{}**") + " " + _md_marks(entry["footnotes"])


def _md_section(section: dict[str, Any], full: bool, out: list[str]) -> None:
    entries = section["entries"]
    out += [f"## {section['title']} ({section['total']})", ""]
    if section["id"] == "timeline":
        out += [TIMELINE_INTRO, ""]
        out += [f"- {timeline_line(item, escape_markdown, '**{}**', '*{}*')} "
                f"{_md_marks(item['footnotes'])}" for item in entries]
        out.append("")
    elif full:
        for entry in entries:
            _md_entry(entry, out)
    else:
        for entry in entries:
            out += [_md_key_entry(entry), *_md_disputes(entry, "  ")]
        if section["more"]:
            out.append(f"- {more_text(section)}")
        out.append("")


def render_markdown(model: dict[str, Any]) -> str:
    b = model["briefing"]
    out = [f"# {escape_markdown(b['title'])}", ""]
    out += [f"- **As of:** {as_of_text(model, escape_markdown)}",
            f"- **Exported:** {exported_text(model)}", ""]
    out += ["## Bottom line up front", ""]
    bluf = [f"- {escape_markdown(line)}" for line in b["bluf"]] or ["None given."]
    out += _with_marks(bluf, b["bluf_footnotes"]) + [""]
    if b["summary"]:
        out += ["## Summary", ""]
        summary = [escape_markdown(p) for p in paragraphs_of(b["summary"])]
        for p in _with_marks(summary, b["summary_footnotes"]):
            out += [p, ""]
    for section in model["sections"]:
        _md_section(section, model["export"]["full"], out)
    out += ["## Sources", ""]
    out += [f"- {source_line(s, escape_markdown)}" for s in model["sources"]] + [""]
    out += ["## Footnotes", ""]
    if model["attach_note"]:
        out += [escape_markdown(model["attach_note"]), ""]
    for note in model["footnotes"]:
        out.append(f"{note['number']}. {footnote_text(note, escape_markdown)}")
    if model["footnotes"]:
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
