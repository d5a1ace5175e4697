"""Keys in, state out: the app driven with Pilot the way a reader uses it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from apphelpers import attach_seed, highlighted_title, running, screen_of, visible_lines
from sample_briefing import SEED, sample_document

from tui.core.model import ENTRY_KINDS
from tui.storage.attachments import attach
from tui.storage.jsonio import dumps
from tui.storage.paths import default_briefing
from tui.storage.store import load_briefing
from tui.ui.screens.help import HelpScreen
from tui.ui.widgets.line_list import LineList


@pytest.fixture
def seeded() -> None:
    attach_seed()


def bundled() -> dict:
    return json.loads(default_briefing().read_text(encoding="utf-8"))


@pytest.mark.usefixtures("seed_article")
async def test_opens_on_overview_with_title_and_counts(seeded: None) -> None:
    doc = bundled()
    async with running() as pilot:
        screen = screen_of(pilot)
        assert screen.view == "overview"
        header = screen.query_one("#header").render().plain  # type: ignore[union-attr]
        assert doc["briefing"]["1"]["title"] in header
        lines = screen.query_one("#overview", LineList).plain_lines()
        for label, table in (("Actors", "actors"), ("Meetings", "meetings"),
                             ("Demands", "demands"), ("Corruption probe", "corruption"),
                             ("Financing", "financing")):
            row = next(line for line in lines if f"  {label}" in line)
            assert row.split()[-1] == str(len(doc[table])), row
        assert any(line.startswith("No date (") for line in lines)
        assert doc["briefing"]["1"]["bluf"][0] in lines[lines.index("Bottom line up front") + 1]


@pytest.mark.parametrize("key, view", [
    ("1", "actors"), ("2", "meetings"), ("3", "demands"), ("4", "corruption"),
    ("5", "financing"), ("6", "timeline"), ("7", "sources"), ("0", "overview"),
])
@pytest.mark.usefixtures("seed_article")
async def test_number_keys_switch_views(seeded: None, key: str, view: str) -> None:
    async with running() as pilot:
        if key == "0":
            await pilot.press("3")
        await pilot.press(key)
        screen = screen_of(pilot)
        assert screen.view == view
        assert screen.query_one("#views").current == f"view-{view}"  # type: ignore[attr-defined]
        assert screen.query_one("#tabs").active == view  # type: ignore[attr-defined]


@pytest.mark.usefixtures("seed_article")
async def test_j_k_and_arrows_move_and_detail_follows(seeded: None) -> None:
    doc = bundled()
    names = [d["name"] for _, d in sorted(doc["actors"].items(), key=lambda kv: int(kv[0]))]
    async with running() as pilot:
        await pilot.press("1")
        screen = screen_of(pilot)
        assert highlighted_title(screen) == names[0]
        await pilot.press("j", "j")
        assert highlighted_title(screen) == names[2]
        await pilot.press("k")
        assert highlighted_title(screen) == names[1]
        await pilot.press("down")
        assert highlighted_title(screen) == names[2]
        await pilot.press("G")
        assert highlighted_title(screen) == names[-1]


@pytest.mark.usefixtures("seed_article")
async def test_enter_follows_links_and_escape_walks_back(seeded: None) -> None:
    async with running() as pilot:
        screen = screen_of(pilot)
        await pilot.press("2")
        panel = screen.query_one("#view-meetings")
        assert panel.list.highlighted.key == "entry:ankara-talks"  # type: ignore[attr-defined]
        await pilot.press("enter")  # open the detail
        await pilot.pause()
        assert panel.detail.has_focus  # type: ignore[attr-defined]
        # the cursor rests on the first participant link
        assert panel.detail.highlighted.key == "entry:witkoff"  # type: ignore[attr-defined]
        await pilot.press("j", "enter")  # follow the second participant
        await pilot.pause()
        assert screen.view == "actors"
        assert highlighted_title(screen) == "Volodymyr Zelensky"
        detail = screen.query_one("#view-actors").detail  # type: ignore[attr-defined]
        back = [r.text.plain for r in detail.rows]
        assert any(line.startswith("← Ankara talks") for line in back), back
        await pilot.press("escape")
        await pilot.pause()
        assert screen.view == "meetings"
        assert panel.detail.has_focus  # type: ignore[attr-defined]
        assert panel.detail.highlighted.key == "entry:zelensky"  # type: ignore[attr-defined]
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.view == "meetings" and panel.list.has_focus  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert screen.view == "overview"


@pytest.mark.usefixtures("seed_article")
async def test_cited_sentence_opens_in_sources(seeded: None) -> None:
    async with running() as pilot:
        screen = screen_of(pilot)
        await pilot.press("5", "enter")
        await pilot.pause()
        detail = screen.query_one("#view-financing").detail  # type: ignore[attr-defined]
        sources = [r for r in detail.rows if r.key and r.key.startswith("loc:")]
        assert sources, "the detail lists the sentences the entry cites"
        assert detail.select_key(sources[0].key)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view == "sources"
        sentence_panel = screen.query_one("#view-sources")
        assert sentence_panel.list.highlighted.key == sources[0].key  # type: ignore[attr-defined]
        # the sentence detail lists the entry we came from among the ones citing it
        cited = [r.text.plain for r in sentence_panel.detail.rows]  # type: ignore[attr-defined]
        assert any("Athens" in line for line in cited), cited


@pytest.mark.usefixtures("seed_article")
async def test_slash_filters_as_you_type_and_escape_clears(seeded: None) -> None:
    async with running() as pilot:
        screen = screen_of(pilot)
        await pilot.press("1", "slash")
        await pilot.press(*"lavrov")
        await pilot.pause()
        panel = screen.query_one("#view-actors")
        assert [r.text.plain.split("  ")[0] for r in panel.list.rows] == ["Sergei Lavrov"]  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert len(panel.list.rows) == len(bundled()["actors"])  # type: ignore[attr-defined]
        assert panel.list.has_focus  # type: ignore[attr-defined]
        assert panel.list.highlighted.key == "entry:lavrov"  # type: ignore[attr-defined]


@pytest.mark.usefixtures("seed_article")
async def test_filter_with_no_match_says_so(seeded: None) -> None:
    async with running() as pilot:
        screen = screen_of(pilot)
        await pilot.press("3", "slash", *"zzzz")
        await pilot.pause()
        lst = screen.query_one("#view-demands").list  # type: ignore[attr-defined]
        assert len(lst.rows) == 0
        assert "Nothing matches" in visible_lines(lst)[0]


@pytest.mark.usefixtures("seed_article")
async def test_command_palette_jumps_to_entry(seeded: None) -> None:
    async with running() as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"budapest")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        screen = screen_of(pilot)
        assert screen.view == "meetings"
        assert highlighted_title(screen) == screen.index.get("budapest-summit").title  # type: ignore[union-attr]


@pytest.mark.usefixtures("seed_article")
async def test_question_mark_opens_help_and_escape_closes_it(seeded: None) -> None:
    async with running() as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)


@pytest.mark.usefixtures("seed_article")
async def test_q_quits(seeded: None) -> None:
    async with running() as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not pilot.app.is_running


@pytest.mark.usefixtures("seed_article")
async def test_timeline_in_date_order_at_true_precision(seeded: None) -> None:
    from tui.core.dates import date_sort_key

    async with running() as pilot:
        await pilot.press("6")
        screen = screen_of(pilot)
        keys = screen.query_one("#view-timeline").list.keys  # type: ignore[attr-defined]
        dates = [screen.index.get(k.split(":", 1)[1]).get("date") for k in keys]  # type: ignore[union-attr]
        dated = [d for d in dates if d]
        assert dated == sorted(dated, key=date_sort_key)
        assert dates == dated + [None] * (len(dates) - len(dated))  # undated events come last
        lines = [r.text.plain for r in screen.query_one("#view-timeline").list.rows]  # type: ignore[attr-defined]
        assert lines[0].startswith("Feb 2022")  # month precision, not a made-up day
        assert any(line.startswith("2024 ") for line in lines)  # year precision


async def test_sources_explains_a_missing_article() -> None:
    # No article attached: the source's detail says so, and reading it says how to attach it.
    async with running() as pilot:
        await pilot.press("7")
        await pilot.pause()
        screen = screen_of(pilot)
        detail = [r.text.plain for r in screen.query_one("#view-sources").detail.rows]  # type: ignore[attr-defined]
        assert "The article is not attached: Enter says how to attach it." in detail
        await pilot.press("enter")
        await pilot.pause()
        lst = screen.query_one("#view-sources").list  # type: ignore[attr-defined]
        message = " ".join(visible_lines(lst))
        assert "not attached" in message and "briefing attach" in message


@pytest.mark.usefixtures("seed_article")
async def test_sources_marks_uncited_sentences(tmp_path: Path) -> None:
    # The sample briefing cites a few sentences of the article: each shows how many entries
    # cite it, every other sentence is marked ✗.
    doc = sample_document()
    citing = Counter(locator.rsplit("#", 1)[1]
                     for table in ENTRY_KINDS for entry in doc[table].values()
                     for locator in entry["sources"])
    path = tmp_path / "sample.json"
    path.write_text(dumps(doc), encoding="utf-8")
    attach(load_briefing(path), SEED)
    async with running(path) as pilot:
        await pilot.press("7", "enter")  # the one source, sentence by sentence
        await pilot.pause()
        screen = screen_of(pilot)
        lst = screen.query_one("#view-sources").list  # type: ignore[attr-defined]
        sentences = [row.text.plain for row in lst.rows if row.key]  # not the source's line
        shown = dict(line.split()[:2] for line in sentences)
    assert set(citing) < set(shown)  # every sentence is listed, cited or not
    for short, mark in shown.items():
        assert mark == (str(citing[short]) if short in citing else "✗"), short
    assert list(shown.values()).count("✗") == len(shown) - len(citing) > 0


@pytest.mark.usefixtures("seed_article")
async def test_mouse_click_on_tab_and_row(seeded: None) -> None:
    async with running() as pilot:
        screen = screen_of(pilot)
        tabs = screen.query_one("#tabs")
        span = next(s for s in tabs._spans if s[2] == "demands")  # type: ignore[attr-defined]
        await pilot.click("#tabs", offset=(span[0] + 1, 0))
        await pilot.pause()
        assert screen.view == "demands"
        # A click on the second row moves the highlight there and the detail shows that entry.
        lst = screen.query_one("#view-demands").list  # type: ignore[attr-defined]
        before = highlighted_title(screen)
        row = lst.rows[1]
        await pilot.click(lst, offset=(2, 1))
        await pilot.pause()
        assert lst.highlighted is row
        assert highlighted_title(screen) != before
        shown = visible_lines(lst)[1].split("…")[0].split("  ")[0].strip()
        assert len(shown) > 10 and highlighted_title(screen).startswith(shown)


@pytest.mark.usefixtures("seed_article")
async def test_folder_opens_a_chooser(tmp_path: Path, seeded: None) -> None:
    (tmp_path / "ankara.json").write_bytes(default_briefing().read_bytes())
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    async with running(tmp_path) as pilot:
        choices = pilot.app.screen.query_one("#choices", LineList)
        lines = choices.plain_lines()
        assert lines[0].startswith("ankara.json") and "Ankara" in lines[0]
        assert lines[1].startswith("broken.json") and "cannot open" in lines[1]
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen_of(pilot).view == "overview"


async def test_broken_file_shows_one_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"briefing": {"1": {"schema": 1,}}}', encoding="utf-8")
    async with running(bad) as pilot:
        text = pilot.app.screen.query_one("#error-text").render().plain  # type: ignore[union-attr]
        assert f"{bad}: line 1 column 33: not valid JSON" in text
        assert pilot.app.failed


@pytest.mark.usefixtures("seed_article")
async def test_read_only_marker(seeded: None) -> None:
    async with running(read_only=True) as pilot:
        header = screen_of(pilot).query_one("#header").render().plain  # type: ignore[union-attr]
        assert "[read-only]" in header


def test_palette_ranking_prefers_name_starts_and_needs_every_word() -> None:
    from tui.ui.commands import rank

    names = ["the ankara talks", "ankara talks", "talks in ankara", "madrid visit", "ankaratalks"]
    ranked = [names[i] for _, i, _ in rank(names, "ankara")]
    assert ranked[:2] == ["ankaratalks", "ankara talks"]  # names that start with it, shorter first
    assert set(ranked[2:]) == {"the ankara talks", "talks in ankara"}
    assert [names[i] for _, i, _ in rank(names, "talks madrid")] == []
    assert [names[i] for _, i, _ in rank(names, "ankara  in")] == ["talks in ankara"]
    score, i, offsets = rank(names, "madrid")[0]
    assert names[i] == "madrid visit" and offsets == list(range(6))


@pytest.mark.usefixtures("seed_article")
async def test_palette_exports_the_one_pager(seeded: None) -> None:
    from tui.storage.paths import data_dir

    async with running() as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export one-pager as markdown")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        written = list((data_dir() / "exports").glob("ankara-peace-talks-*.md"))
        assert len(written) == 1
        text = written[0].read_text(encoding="utf-8")
        assert text.startswith("# Ankara peace talks") and "Footnotes" in text
