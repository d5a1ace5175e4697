"""``briefing export`` and ``export_briefing``: a dated one-pager whose every claim is footnoted.

Golden files live in tests/golden/; after a deliberate change to the export, rewrite them
with ``BRIEFING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_export.py`` and
review the diff.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hostile import hostile_document
from markdown_it import MarkdownIt
from sample_briefing import sample_document
from seedfile import SEED

from tui.cli import main
from tui.core.index import BriefingIndex
from tui.export.formats import FORMATS, export_briefing
from tui.export.markdown import escape_markdown
from tui.storage.attachments import attach
from tui.storage.jsonio import dumps
from tui.storage.loader import load_index
from tui.storage.paths import default_briefing
from tui.storage.store import load_briefing

HERE = Path(__file__).resolve().parents[1]  # tests/, where the shared data lives
GOLDEN = HERE / "golden"
BAD = HERE / "data" / "bad"
TODAY = datetime.date(2025, 12, 1)
UPDATE_GOLDEN = os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1"
SUFFIX = {"markdown": "md", "html": "html", "json": "json"}

# Raw characters that must never be written: C0 (but newline and tab), DEL, C1, bidi
# overrides and isolates, line and paragraph separators.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


# --------------------------------------------------------------------------- helpers


def bundled(attached: bool = True) -> BriefingIndex:
    """The bundled briefing as ``briefing export`` reads it, its article attached or not."""
    if attached:
        attach(load_briefing(default_briefing()), SEED)
    return load_index(default_briefing())


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.is_file(), f"{path} is missing: run with BRIEFING_UPDATE_GOLDEN=1 to write it"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} differs from the golden file (BRIEFING_UPDATE_GOLDEN=1)"


def split(fmt: str, text: str) -> tuple[str, str]:
    """(body, footnotes part) of an export."""
    marker = {"markdown": "\n## Footnotes\n", "html": '<section id="footnotes">'}[fmt]
    assert text.count(marker) == 1
    body, _, notes = text.partition(marker)
    return body, notes


def markers(fmt: str, text: str) -> list[int]:
    """Footnote numbers used in the body, in reading order."""
    if fmt == "json":
        model = json.loads(text)
        return [n for s in model["sections"] for e in s["entries"] for n in e["footnotes"]]
    body, _ = split(fmt, text)
    if fmt == "markdown":
        return [int(n) for n in re.findall(r"(?<!\\)\[(\d+)\]", body)]
    return [int(n) for n in re.findall(r'<a href="#fn-(\d+)">\[\1\]</a>', body)]


def definitions(fmt: str, text: str) -> dict[int, str]:
    """Footnote number -> its text, in the order defined."""
    if fmt == "json":
        notes = json.loads(text)["footnotes"]
        return {n["number"]: json.dumps(n, ensure_ascii=False) for n in notes}
    _, part = split(fmt, text)
    if fmt == "markdown":
        found = re.findall(r"^(\d+)\. (.*)$", part, flags=re.M)
    else:
        found = re.findall(r'<li id="fn-(\d+)">(.*?)</li>', part)
    numbers = [int(n) for n, _ in found]
    assert len(numbers) == len(set(numbers)), "a footnote is defined twice"
    return {int(n): t for n, t in found}


def escaped(fmt: str, value: str) -> str:
    return {"markdown": escape_markdown, "html": lambda v: html.escape(v, quote=True),
            "json": lambda v: json.dumps(v, ensure_ascii=False)[1:-1]}[fmt](value)


# --------------------------------------------------------------------------- golden files


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("fmt", FORMATS)
def test_bundled_briefing_golden_with_the_article_attached(fmt: str) -> None:
    golden(f"ankara.{SUFFIX[fmt]}", export_briefing(bundled(), fmt, TODAY))


def test_bundled_briefing_golden_markdown_without_the_article() -> None:
    golden("ankara-unattached.md", export_briefing(bundled(attached=False), "markdown", TODAY))


# --------------------------------------------------------------------------- content


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_entry_appears(fmt: str) -> None:
    index = bundled()
    text = export_briefing(index, fmt, TODAY)
    entries = index.briefing.entries
    assert len(entries) == 47  # 21 actors, 10 meetings, 2 demands, 1 probe, 5 financing, 8 events
    if fmt == "json":
        model = json.loads(text)
        shown = [e["id"] for s in model["sections"] for e in s["entries"]]
        assert set(shown) == {e.id for e in entries}
        return
    body, _ = split(fmt, text)
    heading = "\n### {}\n" if fmt == "markdown" else "\n<h3>{}</h3>\n"
    for entry in entries:
        title = escaped(fmt, entry.title)
        if entry.kind == "events" and entry.get("date"):
            # Dated events live on the timeline, with their summary.
            assert f" · {title} · " in body, entry.id
            assert escaped(fmt, entry.get("summary")) in body, entry.id
        else:
            assert body.count(heading.format(title)) == 1, entry.id
            assert escaped(fmt, entry.get("summary")) in body, entry.id


@pytest.mark.usefixtures("seed_article")
def test_entries_show_their_key_fields_resolved_to_names() -> None:
    text = export_briefing(bundled(), "markdown", TODAY)
    meeting = text.split("### Ankara talks: Witkoff, Zelensky and Erdogan\n", 1)[1]
    meeting = meeting.split("\n### ", 1)[0]
    assert "- **Status:** planned\n" in meeting
    when = "- **When:** no date · the source says “this Wednesday” · basis: Cannot be"
    assert when in meeting
    who = "Steve Witkoff, Volodymyr Zelensky, Recep Tayyip Erdogan"
    assert f"- **Participants:** {who}\n" in meeting
    assert "- **Absent:** Russia, Russian officials, Vladimir Putin\n" in meeting
    assert "restarting prisoner exchanges" in meeting
    loan = text.split("### €140 billion loan linked to frozen Russian assets\n", 1)[1]
    loan = loan.split("\n### ", 1)[0]
    assert "- **Amount:** €140 billion\n" in loan
    assert "- **Parties:** Ukraine, EU leaders\n" in loan
    assert "- **Status:** conditional\n" in loan
    demand = text.split("### Russia's conditions for peace\n", 1)[1].split("\n### ", 1)[0]
    assert "- **When:** 2024 (year precision) · the source says “in 2024”\n" in demand
    assert "- **Demanded by:** Russia, Vladimir Putin, Sergei Lavrov\n" in demand
    assert "- **Demanded of:** Ukraine\n" in demand
    assert "- **Response:** Zelensky has consistently stated" in demand
    timeline = text.split("\n## Timeline (5)\n", 1)[1].split("\n## ", 1)[0]
    assert "- **Apr 2025** · Witkoff meets Putin · *meeting* · month precision · the source " \
           "says “in April” · basis: Inference:" in timeline
    dates = re.findall(r"^- \*\*(.+?)\*\* · ", timeline, flags=re.M)
    assert dates == ["Feb 2022", "2024", "Apr 2025", "Sep 2025", "Feb 2026"]


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("fmt", FORMATS)
def test_footnotes_are_defined_numbered_in_article_order_and_cover_every_locator(
    fmt: str,
) -> None:
    index = bundled()
    text = export_briefing(index, fmt, TODAY)
    used = markers(fmt, text)
    defined = definitions(fmt, text)
    assert used, "no footnote markers at all"
    # Every number used is defined, every one defined is used, numbered 1..N.
    assert set(used) == set(defined)
    assert list(defined) == list(range(1, len(defined) + 1))
    # Numbered in the article's order: paragraph, then sentence, compared as numbers.
    refs = [re.search(r"p(\d+)\.s(\d+)", t) for t in defined.values()]
    positions = [(int(m.group(1)), int(m.group(2))) for m in refs if m]
    assert len(positions) == len(defined) and positions == sorted(positions)
    # One footnote per cited sentence: every locator of every entry, each exactly once.
    locators = {loc for e in index.briefing.entries for loc in e.get("sources")}
    for loc in locators:
        source_id, _, ref = loc.partition("#")
        label = f"{source_id} {ref}"
        holding = [n for n, t in defined.items() if label in t]
        assert len(holding) == 1, (loc, holding)
        note = defined[holding[0]]
        assert escaped(fmt, "Witkoff to join talks in Ankara (title supplied") in note
        sentence = index.citation(loc).text
        assert sentence is not None
        assert escaped(fmt, sentence) in note, loc
    assert len(defined) == len(locators)


@pytest.mark.usefixtures("seed_article")
def test_each_entry_cites_exactly_its_own_locators() -> None:
    index = bundled()
    model = json.loads(export_briefing(index, "json", TODAY))
    by_number = {n["number"]: n for n in model["footnotes"]}
    seen = 0
    for section in model["sections"]:
        for item in section["entries"]:
            entry = index.get(item["id"])
            cited = {by_number[n]["locator"] for n in item["footnotes"]}
            assert cited == set(entry.get("sources")), item["id"]
            seen += 1
    for note in model["footnotes"]:
        assert note["sentence"] == index.citation(note["locator"]).text
    assert seen == len(index.briefing.entries) + len(index.timeline) - sum(
        1 for e in index.timeline if e.kind == "events")


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_bluf_comes_before_the_first_panel(fmt: str) -> None:
    index = bundled()
    text = export_briefing(index, fmt, TODAY)
    first_bluf = escaped(fmt, index.briefing.meta["bluf"][0])
    bluf_heading = text.index("Bottom line up front")
    panel = text.index("## Actors (21)" if fmt == "markdown" else '<section id="actors">')
    assert bluf_heading < text.index(first_bluf) < panel
    title = text.index("Ankara peace talks")
    assert title < text.index("As of: " if fmt == "html" else "**As of:**") < bluf_heading
    order = [text.index(f"{k} (") for k in ("Actors", "Meetings", "Demands",
                                             "Corruption probe", "Financing", "Timeline")]
    assert order == sorted(order)


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_page_is_dated_with_the_as_of_basis_and_the_export_date(fmt: str) -> None:
    text = export_briefing(bundled(), fmt, TODAY)
    if fmt == "json":
        model = json.loads(text)
        assert model["export"]["exported"] == "2025-12-01"
        assert model["briefing"]["as_of"]["text"] == "undated"
        assert model["briefing"]["as_of"]["basis"].startswith("The article carries no date.")
        return
    assert "As of:" + ("** " if fmt == "markdown" else " ") + \
        "undated. Basis: The article carries no date. Inference:" in text
    assert "Exported:" + ("** " if fmt == "markdown" else " ") + "1 Dec 2025" in text


@pytest.mark.usefixtures("seed_article")
def test_a_dated_briefing_states_its_as_of_at_its_precision(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(dumps(sample_document()), encoding="utf-8")
    text = export_briefing(load_index(path), "markdown", datetime.date(2026, 1, 31))
    assert "- **As of:** Nov 2025 (month precision). Basis: the article's own dates\n" in text
    assert "- **Exported:** 31 Jan 2026\n" in text
    today = export_briefing(load_index(path), "json")
    assert json.loads(today)["export"]["exported"] == datetime.date.today().isoformat()


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_the_article_footnotes_say_so_once_and_quote_nothing(fmt: str) -> None:
    index = bundled(attached=False)
    text = export_briefing(index, fmt, TODAY)
    assert text.count("Not attached: src-b3e3d252.") == 1
    defined = definitions(fmt, text)
    assert len(defined) == 18
    sentence = "However, no Russian representatives will attend this meeting"
    assert sentence not in text
    assert all("“" not in note and "src-b3e3d252 p" in note for note in defined.values())
    if fmt == "json":
        assert all(n["sentence"] is None for n in json.loads(text)["footnotes"])


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export_briefing(bundled(attached=False), "pdf", TODAY)


# --------------------------------------------------------------------------- hostile data

# HTML and Markdown that would run, link, load or restructure if passed through raw.
INJECTIONS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '<a href="javascript:alert(3)">A</a>',
    "[click](javascript:alert(4))",
    "![pic](http://evil.example/p.png)",
    "<http://evil.example/auto>",
    "https://evil.example/bare",
    "www.evil.example",
    "mail@evil.example",
    "&#x3C;script&#x3E;",
    "&lt;b&gt;",
    "[ref][x]",
    "\n[x]: http://evil.example/ref\n",
    "\n# Heading\n",
    "\n- item\n",
    "`code`",
    "*em* __strong__",
    "a\\",
    "\n<div onclick=alert(5)>block</div>\n",
)
INJECT = " ".join(INJECTIONS)
_TEXT_KEYS = {
    "summary", "date_text", "date_basis", "name", "title", "role", "affiliation", "place",
    "outcome", "response", "aliases", "topics", "items", "subjects", "consequences",
    "conditions", "tags", "bluf", "as_of_basis", "publisher", "url",
}


def hostile_with_markup() -> dict[str, Any]:
    """tests/hostile.py's briefing (escape sequences, Rich markup) plus HTML and Markdown."""
    doc = hostile_document()
    for table in doc.values():
        for record in table.values():
            for key, value in record.items():
                if key not in _TEXT_KEYS:
                    continue
                if isinstance(value, str):
                    record[key] = value + " " + INJECT
                elif isinstance(value, list):
                    record[key] = [*value, INJECT]
    return doc


@pytest.fixture
def hostile_index(tmp_path: Path) -> BriefingIndex:
    path = tmp_path / "hostile.json"
    path.write_text(dumps(hostile_with_markup()), encoding="utf-8")
    attach(load_briefing(path), SEED)
    return load_index(path)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_data_writes_no_raw_control_characters(fmt: str, hostile_index) -> None:
    text = export_briefing(hostile_index, fmt, TODAY)
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text))
    # Shown, not obeyed: the escapes are visible as text.
    assert "REDX" in text and "pwned-title" in text
    assert "x1b" in text and "u202e" in text
    if fmt == "json":
        # The JSON's own \\u escapes must not decode to raw controls either.
        strings: list[str] = []

        def walk(value: object) -> None:
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(json.loads(text))
        assert strings and not any(RAW_CONTROL.search(s) for s in strings)


@pytest.mark.usefixtures("seed_article")
def test_hostile_data_in_html_is_text_only(hostile_index) -> None:
    text = export_briefing(hostile_index, "html", TODAY)
    lowered = text.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<div" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown literally
    parsed = parse_html(text)
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "section", "h1",
               "h2", "h3", "p", "br", "ul", "ol", "li", "dl", "dt", "dd", "article", "sup",
               "a", "strong", "em"}
    assert {tag for tag, _ in parsed.tags} <= allowed
    for tag, attrs in parsed.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert "javascript" not in (value or "").lower(), (tag, name)
        if tag == "a":
            assert len(attrs) == 1 and re.fullmatch(r"#fn-\d+", attrs[0][1] or ""), attrs
    # No external resource anywhere: no src, no stylesheet link, no url() in the style.
    assert not any(name in ("src", "srcset") for _, attrs in parsed.tags for name, _ in attrs)
    assert "url(" not in text and "@import" not in text
    # Every literal '<' in the visible text comes from data and arrived escaped.
    assert "<script>alert(1)</script>" in "".join(parsed.text)


@pytest.mark.usefixtures("seed_article")
def test_hostile_data_in_markdown_is_text_only(hostile_index) -> None:
    text = export_briefing(hostile_index, "markdown", TODAY)
    rendered = MarkdownIt("commonmark").render(text)
    parsed = parse_html(rendered)
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= {"h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "code"}, tags
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    # The payload reads back literally (one line: newlines in data become spaces).
    visible = "".join(parsed.text)
    assert "<script>alert(1)</script>" in visible
    assert "[click](javascript:alert(4))" in visible
    assert "&#x3C;script&#x3E;" in visible
    # GitHub-style autolinks need '://', 'www.' or a bare '@': none survive unescaped (an
    # address is shown in a code span, which no autolink enters).
    assert "://" not in text
    assert not re.search(r"(?i)www\.", text)
    assert not re.search(r"(?<!\\)@", re.sub(r"`[^`\n]*`", "", text))
    # The only headings are the page's own.
    headings = re.findall(r"^#{1,6} ", text, flags=re.M)
    assert len(headings) == len(re.findall(r"<h[1-3]>", rendered))
    assert "<h1>Heading</h1>" not in rendered and "<li>item</li>" not in rendered


@pytest.mark.parametrize("value", [
    *INJECTIONS, "- a list?", "+ plus", "1. numbered", "12) numbered", "# hash", "> quote",
    "=====", "---", "***", "a  \\", "x_y_z", "~~gone~~", "| a | b |", "1 < 2 & 3 > 2",
    "Visit WWW.Example.org or ftp://x.example", "tab\there", "[1]: http://evil.example",
])
def test_escape_markdown_reads_back_as_the_same_text(value: str) -> None:
    md = escape_markdown(value)
    rendered = MarkdownIt("commonmark").render(md)
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), (md, rendered)
    parsed = parse_html(rendered)
    # An e-mail address is shown as it is in a code span (GitHub would link it otherwise).
    assert [tag for tag, _ in parsed.tags] == (["p", "code"] if "@" in value else ["p"]), (
        md, rendered)
    assert "".join(parsed.text).rstrip("\n") == " ".join(value.split())


# --------------------------------------------------------------------------- the command


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", timeout=60, stdin=subprocess.DEVNULL,
    )


def expected_today(path: Path, fmt: str, before: datetime.date, full: bool = False) -> set[str]:
    """What the command prints today (either day, should the run straddle midnight): the
    one-pager unless ``full``."""
    index = load_index(path)
    return {export_briefing(index, fmt, day, full) for day in (before, datetime.date.today())}


@pytest.mark.usefixtures("seed_article")
def test_cli_writes_markdown_to_stdout() -> None:
    attach(load_briefing(default_briefing()), SEED)
    before = datetime.date.today()
    result = run("export", default_briefing(), "--format", "markdown")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout in expected_today(default_briefing(), "markdown", before)
    assert result.stdout.startswith("# Ankara peace talks\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_out_writes_the_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export" / f"ankara.{SUFFIX[fmt]}"
    out.parent.mkdir()
    out.write_text("old contents", encoding="utf-8")  # replaced, not appended to
    before = datetime.date.today()
    result = run("export", default_briefing(), "--format", fmt, "--out", out)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert out.read_bytes().decode("utf-8") in expected_today(default_briefing(), fmt, before)
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporaries left


@pytest.mark.usefixtures("seed_article")
def test_cli_broken_file_gives_the_check_message_and_writes_nothing(tmp_path: Path) -> None:
    doc = sample_document()
    doc["meetings"]["1"]["participants"] = ["nobody"]
    doc["actors"]["1"]["kind"] = "alien"
    path = tmp_path / "bad.json"
    path.write_text(dumps(doc), encoding="utf-8")
    out = tmp_path / "out.md"
    result = run("export", path, "--format", "markdown", "--out", out)
    check = run("check", path)
    assert result.returncode == 1 and check.returncode == 1
    assert result.stdout == ""
    assert result.stderr == check.stderr
    assert f"{path}: actors/1.kind: 'alien' is not one of" in result.stderr
    assert f"{path}: meetings/1.participants[0]: no entry has the id 'nobody'" in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "home"]


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.json")))
def test_every_file_of_the_bad_folder_gets_what_check_says(name: str, tmp_path: Path,
                                                            capsys) -> None:
    path = BAD / name
    out = tmp_path / "out.html"
    status = main(["check", str(path)])
    checked = capsys.readouterr()
    assert main(["export", str(path), "--format", "html", "--out", str(out)]) == status
    exported = capsys.readouterr()
    assert exported.out == ""
    if status == 0:  # bom.json: a byte-order mark is allowed
        assert name == "bom.json"
        assert exported.err == ""
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    else:
        assert exported.err == checked.err and exported.err.strip()
        assert not out.exists()


def test_cli_missing_file_and_bad_format(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = run("export", missing, "--format", "json")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"{missing}: no such file\n"
    wrong = run("export", default_briefing(), "--format", "pdf")
    assert wrong.returncode == 2 and "invalid choice: 'pdf'" in wrong.stderr


@pytest.mark.usefixtures("seed_article")
def test_cli_refuses_to_write_over_the_briefing(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    original = dumps(sample_document())
    path.write_text(original, encoding="utf-8")
    result = run("export", path, "--format", "json", "--out", path)
    assert result.returncode == 1
    assert result.stderr == f"{path}: not written: it is the briefing being exported\n"
    assert path.read_text(encoding="utf-8") == original


def test_cli_export_never_loads_textual(tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"rc = main(['export', {str(default_briefing())!r}, '--format', 'html', "
        f"'--out', {str(out)!r}])\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(rc, ','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "0"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_out_keeps_an_existing_files_mode(tmp_path: Path) -> None:
    out = tmp_path / "private.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    result = run("export", default_briefing(), "--out", out)
    assert (result.returncode, result.stderr) == (0, "")
    assert out.read_text(encoding="utf-8").startswith("# Ankara peace talks")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def _refused(tmp_path: Path, out: Path, says: str) -> None:
    before = sorted(p.name for p in out.parent.iterdir())
    result = run("export", default_briefing(), "--out", out)
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr.strip() == f"{out}: not written: {says}", result.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == before  # no temporary left


def test_out_never_replaces_a_fifo_a_folder_a_link_or_a_lock_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    _refused(tmp_path, fifo, "it is not a regular file (a device, a FIFO or a folder), and "
                             "--out only replaces regular files")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    folder = tmp_path / "folder"
    folder.mkdir()
    _refused(tmp_path, folder, "it is not a regular file (a device, a FIFO or a folder), and "
                               "--out only replaces regular files")
    target = tmp_path / "target.md"
    target.write_text("kept", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    _refused(tmp_path, link, "it is a link; name the file itself")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "kept"
    lock = tmp_path / ".b.json.lock"
    lock.write_text("", encoding="utf-8")
    _refused(tmp_path, lock, "it is a lock file")
    assert lock.read_text(encoding="utf-8") == ""


def test_out_never_replaces_a_device(tmp_path: Path) -> None:
    # A device node of the test's own (the same device as /dev/null), never the system's:
    # a regression here must not be able to replace a real device.
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root; the FIFO and folder cases still run")
    _refused(tmp_path, device, "it is not a regular file (a device, a FIFO or a folder), and "
                               "--out only replaces regular files")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
