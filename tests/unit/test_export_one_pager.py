"""The default export is a one-pager: bottom line, summary, the key entries of each
non-empty panel, footnotes in the article's order; ``--full`` keeps everything."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers_store import small_document
from seedfile import SEED

from tui.core.index import BriefingIndex
from tui.export.formats import FORMATS, export_briefing
from tui.export.model import KEY_ENTRIES, export_model
from tui.storage.attachments import attach
from tui.storage.loader import load_index
from tui.storage.paths import default_briefing
from tui.storage.store import load_briefing

TODAY = datetime.date(2025, 12, 1)
ONE_PAGER_LINE_BUDGET = 80  # a printed page of Markdown


def bundled() -> BriefingIndex:
    attach(load_briefing(default_briefing()), SEED)
    return load_index(default_briefing())


def index_of(doc: dict[str, Any], tmp_path: Path) -> BriefingIndex:
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return load_index(path)


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", check=False,
                          timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.usefixtures("seed_article")
def test_ankara_one_pager_fits_the_line_budget_and_the_full_export_does_not() -> None:
    index = bundled()
    one_pager = export_briefing(index, "markdown", TODAY, full=False)
    assert len(one_pager.splitlines()) <= ONE_PAGER_LINE_BUDGET
    assert len(export_briefing(index, "markdown", TODAY, full=True).splitlines()) > 300


@pytest.mark.usefixtures("seed_article")
def test_one_pager_shows_the_first_key_entries_of_each_panel_and_counts_the_rest() -> None:
    index = bundled()
    text = export_briefing(index, "markdown", TODAY, full=False)
    actors = index.by_kind["actors"]
    assert len(actors) > KEY_ENTRIES
    for entry in actors[:KEY_ENTRIES]:
        assert f"- **{entry.title}**" in text
    assert f"- **{actors[KEY_ENTRIES].title}**" not in text
    assert f"## Actors ({len(actors)})" in text
    assert f"and {len(actors) - KEY_ENTRIES} more" in text
    assert "## Bottom line up front" in text and "## Summary" in text
    assert "## Timeline" not in text


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("full", [False, True])
def test_an_empty_panel_gets_no_section(tmp_path: Path, full: bool) -> None:
    doc = small_document()
    del doc["corruption"]
    index = index_of(doc, tmp_path)
    for fmt in FORMATS:
        text = export_briefing(index, fmt, TODAY, full=full)
        assert "Corruption probe" not in text, fmt
        assert "None." not in text and "(0)" not in text, fmt
    titles = [s["title"] for s in export_model(index, TODAY, full)["sections"]]
    assert "Corruption probe" not in titles and "Actors" in titles


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("full", [False, True])
def test_footnotes_follow_the_article_not_the_order_cited(tmp_path: Path, full: bool) -> None:
    doc = small_document()
    src = doc["sources"]["1"]["id"]
    # The first entry shown cites late sentences first; later ones cite earlier sentences.
    doc["actors"]["1"]["sources"] = [f"{src}#p5.s2", f"{src}#p2.s1"]
    doc["actors"]["2"]["sources"] = [f"{src}#p1.s2"]
    model = export_model(index_of(doc, tmp_path), TODAY, full)
    refs = [n["locator"].partition("#")[2] for n in model["footnotes"]]
    positions = [tuple(map(int, re.findall(r"\d+", ref))) for ref in refs]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert [n["number"] for n in model["footnotes"]] == list(range(1, len(refs) + 1))
    zelensky = model["sections"][0]["entries"][0]
    number = {n["locator"]: n["number"] for n in model["footnotes"]}
    assert zelensky["footnotes"] == sorted([number[f"{src}#p5.s2"], number[f"{src}#p2.s1"]])


@pytest.mark.usefixtures("seed_article")
def test_cli_default_is_the_one_pager_and_full_keeps_every_entry() -> None:
    index = bundled()
    short = cli("export", default_briefing())
    full = cli("export", default_briefing(), "--full")
    assert short.returncode == full.returncode == 0, (short.stderr, full.stderr)
    assert len(short.stdout.splitlines()) <= ONE_PAGER_LINE_BUDGET
    for entry in index.briefing.entries:
        assert entry.title in full.stdout, entry.id
    assert "## Timeline" in full.stdout and "## Timeline" not in short.stdout
    assert "more (briefing export --full" not in full.stdout


def with_cited_bottom_line(doc: dict[str, Any]) -> dict[str, Any]:
    src = doc["sources"]["1"]["id"]
    doc["briefing"]["1"].update(
        bluf=["Talks are planned.", "Russia sends nobody."], bluf_sources=[f"{src}#p2.s1"],
        summary="A short summary.", summary_sources=[f"{src}#p3.s2", f"{src}#p1.s1"],
    )
    return doc


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("full", [False, True])
def test_bottom_line_and_summary_carry_their_footnotes(tmp_path: Path, full: bool) -> None:
    doc = with_cited_bottom_line(small_document())
    src = doc["sources"]["1"]["id"]
    index = index_of(doc, tmp_path)
    model = export_model(index, TODAY, full)
    number = {n["locator"]: n["number"] for n in model["footnotes"]}
    bluf_marks = f"[{number[f'{src}#p2.s1']}]"
    summary_marks = f"[{number[f'{src}#p1.s1']}] [{number[f'{src}#p3.s2']}]"
    text = export_briefing(index, "markdown", TODAY, full=full)
    assert f"- Russia sends nobody. {bluf_marks}\n" in text
    assert "- Talks are planned.\n" in text
    assert f"A short summary. {summary_marks}\n" in text
    page = export_briefing(index, "html", TODAY, full=full)
    assert f'Russia sends nobody. <sup><a href="#fn-{number[f"{src}#p2.s1"]}">' in page
    assert f'A short summary. <sup><a href="#fn-{number[f"{src}#p1.s1"]}">' in page


@pytest.mark.usefixtures("seed_article")
def test_a_bottom_line_locator_past_the_article_is_a_problem(tmp_path: Path) -> None:
    from tui.core.validate import check_document

    doc = with_cited_bottom_line(small_document())
    src = doc["sources"]["1"]["id"]
    doc["briefing"]["1"]["bluf_sources"] = [f"{src}#p9.s1"]
    problems, briefing = check_document(doc)
    assert briefing is None
    assert [p.place for p in problems] == ["briefing/1.bluf_sources[0]"]
