"""What a reader sees of a dispute: the detail shows the accounts side by side when the pane
is wide and one under the other at 80 columns, each with its sources' titles, dates and
grades, the held one marked; the Overview counts the disputed entries and leads to them."""

from __future__ import annotations

from pathlib import Path

from story_briefing import build_story

from tui.present.rows import entry_key, loc_key
from tui.present.views import detail_rows, overview_rows
from tui.storage.loader import load_index


def _lines(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.text.plain for row in rows]


def test_narrow_detail_stacks_the_accounts_with_sources_dates_grades_and_the_held_mark(
        tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    index = load_index(path)
    entry = index.get("pay-raise")
    assert entry is not None
    rows = detail_rows(index, entry, str(path), width=40)
    lines = _lines(rows)
    start = lines.index("Disputed: Response (2 accounts)")
    assert "Response: 3 percent, unchanged  ✔ held · disputed: 2 accounts, below" in lines
    assert lines[start + 1:start + 5] == [
        "1. Offer raised to 4 percent",
        "the union's account",
        "Velmar talks held, offer disputed · 7 Mar 2026 · C fairly reliable",
        "p2.s1  “The union said the association raised its offer to 4 percent.”",
    ]
    assert lines[start + 5] == "2. 3 percent, unchanged  ✔ held"
    assert "Velmar dock strike: talks set · 2 Mar 2026 · B usually reliable" in lines[start + 5:]
    assert rows[start + 4].key == loc_key(f"{ids[2]}#p2.s1")  # Enter opens the sentence


def test_wide_detail_sets_the_accounts_side_by_side(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    index = load_index(path)
    entry = index.get("pay-raise")
    assert entry is not None
    lines = _lines(detail_rows(index, entry, str(path), width=100))
    start = lines.index("Disputed: Response (2 accounts)")
    first = lines[start + 1]
    assert first.startswith("1. Offer raised to 4 percent ")
    assert first.rstrip().endswith("2. 3 percent, unchanged  ✔ held")
    assert "the union's account" in lines[start + 2]
    assert "Ivo Brandt, for the association" in lines[start + 2]
    assert all(len(line) <= 98 for line in lines[start + 1:start + 8])


def test_an_entry_without_accounts_shows_no_dispute(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    index = load_index(path)
    entry = index.get("velmar-talks")
    assert entry is not None
    assert not any("Disputed" in line or "✔ held" in line
                   for line in _lines(detail_rows(index, entry, str(path), width=100)))


def test_overview_counts_the_disputed_entries_and_each_line_opens_one(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    rows = overview_rows(load_index(path), str(path))
    lines = _lines(rows)
    at = lines.index("Disputed (1): the sources disagree")
    assert lines[at + 1] == "• A 6 percent raise  demand · response: 2 accounts"
    assert rows[at + 1].key == entry_key("pay-raise")


def test_the_ankara_briefing_has_no_dispute_and_reads_as_before() -> None:
    from tui.core.accounts import disputes_of
    from tui.storage.paths import default_briefing

    index = load_index(default_briefing())
    assert all(disputes_of(e) == [] and "accounts" not in e.data for e in index.briefing.entries)
    assert not any(line.startswith("Disputed") for line in _lines(overview_rows(index)))
    for entry in index.briefing.entries:
        wide = _lines(detail_rows(index, entry, None, width=160))
        assert wide == _lines(detail_rows(index, entry, None, width=0))
        assert not any("✔ held" in line or line.startswith("Disputed") for line in wide)


def test_since_you_last_looked_names_a_changed_dispute_as_disputes(tmp_path: Path) -> None:
    from tui.present.views import change_detail_rows, change_rows

    path, _ = build_story(tmp_path)
    index = load_index(path)
    info = {"fields": ["accounts"], "old": {}, "new_values": {}}
    [row] = change_rows({"pay-raise": info}, index)
    assert row.text.plain == "✎ A 6 percent raise  Disputes"
    assert "Disputes" in _lines(change_detail_rows(index, "pay-raise", info))


def test_a_disputed_date_reads_as_a_date_in_the_detail(tmp_path: Path) -> None:
    import json

    path, ids = build_story(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    talks = next(r for r in document["meetings"].values() if r["id"] == "velmar-talks")
    talks["accounts"] = {"date": [
        {"value": "2026-03-05", "sources": [f"{ids[0]}#p2.s1"], "note": "“this Thursday”"},
        {"value": "2026-03-06", "sources": [f"{ids[1]}#p1.s1"]}]}
    path.write_text(json.dumps(document), encoding="utf-8")
    index = load_index(path)
    entry = index.get("velmar-talks")
    assert entry is not None
    lines = _lines(detail_rows(index, entry, str(path), width=40))
    assert "1. 5 Mar 2026" in lines and "2. 6 Mar 2026  ✔ held" in lines


def test_overview_timeline_counts_say_one_entry_and_one_event_in_the_singular(
        tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)  # one dated entry, one event with no date
    lines = _lines(overview_rows(load_index(path), str(path)))
    timeline = next(line for line in lines if line.lstrip().startswith("6  Timeline"))
    assert timeline.endswith("1 dated entry, 1 event with no date")


def test_the_index_lists_exactly_the_disputed_entries_in_briefing_order(tmp_path: Path) -> None:
    """The Overview's disputed list comes from the index, made once at load, not from a scan
    of every entry on the UI thread: it must be exactly what a scan finds."""
    from tui.core.accounts import disputes_of

    path, _ = build_story(tmp_path)
    index = load_index(path)
    scanned = [(e.id, [d.field.name for d in disputes_of(e)])
               for e in index.briefing.entries if disputes_of(e)]
    listed = [(e.id, [d.field.name for d in disputes]) for e, disputes in index.disputed]
    assert scanned and listed == scanned
    assert ("pay-raise", ["response"]) in listed
