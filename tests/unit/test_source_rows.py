"""The Sources view's rows, read without the app: every source with its coverage, what each
source added, and an entry's cited sentences grouped under their sources."""

from __future__ import annotations

from pathlib import Path

from story_sources import ADDED, build_story

from tui.core.coverage import added_by, cited_sentences, sources_in_order
from tui.core.index import BriefingIndex
from tui.present.sources_view import added_rows, source_detail_rows, source_list_rows
from tui.present.views import detail_rows
from tui.storage.loader import load_index


def _story(tmp_path: Path) -> tuple[BriefingIndex, list[str]]:
    path, ids = build_story(tmp_path)
    return load_index(path), ids


def test_the_list_gives_each_source_its_title_coverage_date_grade_and_publisher(
        tmp_path: Path) -> None:
    index, ids = _story(tmp_path)
    rows = source_list_rows(index)
    assert [r.text.plain for r in rows] == [
        "1 Velmar dock strike: talks set  2 of 5 cited · 2 Mar 2026 · grade B · Velmar Courier",
        "2 Velmar talks moved to Friday  4 of 5 cited · 4 Mar 2026 · grade B · Velmar Courier",
        "3 Velmar talks held, offer disputed  2 of 5 cited · 7 Mar 2026 · grade B · "
        "Velmar Courier",
    ]
    assert [r.key for r in rows] == [f"source:{i}" for i in ids]
    assert cited_sentences(index) == {ids[0]: 2, ids[1]: 4, ids[2]: 2}
    assert [r.text.plain[:3] for r in source_list_rows(index, "moved")] == ["2 V"]


def test_sources_are_listed_by_publication_date_undated_last(tmp_path: Path) -> None:
    index, ids = _story(tmp_path)
    first, second, third = index.briefing.sources
    first.data["published"] = None
    third.data["published"] = "2026-03"  # a month sorts before the days inside it
    assert [s.id for s in sources_in_order(index.briefing)] == [ids[2], ids[1], ids[0]]
    assert source_list_rows(index)[2].text.plain.startswith(
        "3 Velmar dock strike: talks set  2 of 5 cited · undated")


def test_each_source_added_the_entries_no_earlier_source_cites(tmp_path: Path) -> None:
    index, ids = _story(tmp_path)
    for n, source_id in enumerate(ids, 1):
        assert [e.id for e in added_by(index, source_id)] == ADDED[n]
    rows = [r.text.plain for r in added_rows(index, ids[1])]
    assert rows == ["Added by source 2, Velmar talks moved to Friday: 1 entries cite it and no "
                    "earlier source · Esc: back", "Tomas Eder  mediator"]
    assert added_by(index, "src-nothing") == []


def test_a_source_detail_says_what_it_is_how_much_is_cited_and_what_it_added(
        tmp_path: Path) -> None:
    index, ids = _story(tmp_path)
    lines = [r.text.plain for r in source_detail_rows(index, index.briefing.sources[0])]
    assert lines[:8] == [
        "Velmar dock strike: talks set", f"source 1 of 3 by publication · id {ids[0]}", "",
        "Publisher: Velmar Courier", "Published: 2 Mar 2026", "Reliability: B (usually reliable)",
        "Address: not recorded", "Coverage: 2 of 5 sentences cited by some entry"]
    assert lines[9:13] == ["Added by this source (3)", "→ Mara Quint  actor",
                           "→ Velmar strike talks  meeting", "→ Cost of the strike  financing"]


def test_an_entry_detail_groups_its_sentences_under_each_source_in_publication_order(
        tmp_path: Path) -> None:
    index, ids = _story(tmp_path)
    entry = index.get("strike-cost")
    assert entry is not None and entry.get("sources")[0].startswith(ids[1])  # cited 2 first
    rows = detail_rows(index, entry)
    start = next(i for i, r in enumerate(rows) if r.text.plain == "Sources (2)")
    shown = [(r.indent, r.text.plain[:30], r.key) for r in rows[start + 1:start + 5]]
    assert shown == [
        (2, "Velmar dock strike: talks set ", f"source:{ids[0]}"),
        (4, "p3.s2  Its spokesman, Ivo Bran", f"loc:{ids[0]}#p3.s2"),
        (2, "Velmar talks moved to Friday ·", f"source:{ids[1]}"),
        (4, "p3.s1  The harbour authority n", f"loc:{ids[1]}#p3.s1"),
    ]
    assert rows[start + 1].text.plain == "Velmar dock strike: talks set · 2 Mar 2026"
    assert rows[start + 3].text.plain == "Velmar talks moved to Friday · 4 Mar 2026"
