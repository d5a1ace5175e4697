"""The one-pager as one self-contained HTML page: data through ``html.escape``, and a
Content-Security-Policy that lets nothing load or run."""

from __future__ import annotations

import html
from typing import Any

from tui.core.text import one_line
from tui.export import wording

__all__ = ["render_html"]

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


def _html_disputes(entry: dict[str, Any]) -> str:
    """Each dispute, its accounts a list under it, each with its marks ("" when none)."""
    out = []
    for dispute in entry.get("disputes", ()):
        accounts = "".join(f"<li>{wording.account_line(n, a, _h)} {_html_marks(a['footnotes'])}"
                           "</li>" for n, a in enumerate(dispute["accounts"], 1))
        out.append(f'<div class="dispute"><em>{wording.dispute_heading(dispute, _h)}</em>'
                   f"<ul>{accounts}</ul></div>")
    return "".join(out)


def _html_entry(entry: dict[str, Any], out: list[str]) -> None:
    out.append("<article>")
    out.append(f"<h3>{_h(entry['title'])}</h3>")
    out.append("<dl>")
    out += [f"<dt>{label}</dt><dd>{value}</dd>" for label, value in wording.glance(entry, _h)]
    out.append("</dl>")
    if entry.get("disputes"):
        out.append(_html_disputes(entry))
    marks = _html_marks(entry["footnotes"])
    out += [f"<p>{p}</p>" for p in wording.cited_paragraphs(entry, _h, marks)]
    out.append("</article>")


def _html_section(section: dict[str, Any], full: bool, out: list[str]) -> None:
    """One panel, the timeline or the undated events (the model has no empty one)."""
    entries = section["entries"]
    out += [f'<section id="{section["id"]}">',
            f"<h2>{section['title']} ({section['total']})</h2>"]
    if section["id"] == "timeline":
        out.append(f'<p class="muted">{wording.TIMELINE_INTRO}</p>')
        out.append("<ul>")
        for item in entries:
            line = wording.timeline_line(item, _h, "<strong>{}</strong>", "<em>{}</em>")
            out.append(f"<li>{line} {_html_marks(item['footnotes'])}</li>")
        out.append("</ul>")
    elif full:
        for entry in entries:
            _html_entry(entry, out)
    else:
        out.append("<ul>")
        out += [f"<li>{wording.key_line(e, _h, '<strong>{}</strong>')} "
                f"{_html_marks(e['footnotes'])}{_html_disputes(e)}</li>" for e in entries]
        if section["more"]:
            out.append(f'<li class="muted">{wording.more_text(section)}</li>')
        out.append("</ul>")
    out.append("</section>")


def render_html(model: dict[str, Any]) -> str:
    """The model as one HTML page."""
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
        f'<p class="dates">As of: {wording.as_of_text(model, _h)}<br>'
        f"Exported: {wording.exported_text(model)}</p>",
        "</header>",
        '<section id="bluf">',
        "<h2>Bottom line up front</h2>",
    ]
    if b["bluf"]:
        points = [_h(line) for line in b["bluf"]]
        if b["bluf_footnotes"]:
            points[-1] += " " + _html_marks(b["bluf_footnotes"])
        out += ["<ul>", *(f"<li>{p}</li>" for p in points), "</ul>"]
    else:
        out.append("<p>None given.</p>")
    out.append("</section>")
    if b["summary"]:
        out += ['<section id="summary">', "<h2>Summary</h2>"]
        paragraphs = [_h(p) for p in wording.paragraphs_of(b["summary"])]
        if b["summary_footnotes"] and paragraphs:
            paragraphs[-1] += " " + _html_marks(b["summary_footnotes"])
        out += [f"<p>{p}</p>" for p in paragraphs]
        out.append("</section>")
    for section in model["sections"]:
        _html_section(section, model["export"]["full"], out)
    out += ['<section id="sources">', "<h2>Sources</h2>", "<ul>"]
    out += [f"<li>{wording.source_line(s, _h)}</li>" for s in model["sources"]]
    out += ["</ul>", "</section>", '<section id="footnotes">', "<h2>Footnotes</h2>"]
    if model["attach_note"]:
        out.append(f'<p class="muted">{_h(model["attach_note"])}</p>')
    if model["footnotes"]:
        out.append('<ol class="notes">')
        out += [f'<li id="fn-{n["number"]}">{wording.footnote_text(n, _h)}</li>'
                for n in model["footnotes"]]
        out.append("</ol>")
    out += ["</section>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
