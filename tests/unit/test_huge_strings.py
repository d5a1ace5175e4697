"""100 KB of ESC in every text field: what the screen shows of it is bounded. A list row
shows at most ``ROW_CHARS`` characters of a value and a detail field ``DETAIL_CHARS``,
each cut value ending in a mark with its full length; nothing is left unescaped."""

from __future__ import annotations

from typing import Any

from sample_briefing import sample_document

from tui.core.index import BriefingIndex
from tui.core.text import DETAIL_CHARS, ROW_CHARS, shown, shown_line
from tui.core.validate import build_briefing
from tui.present import views

HUGE = "\x1b" * 100_000
MARK = "… (100,000 characters)"
# Fields whose values are ids, dates, enums or references: kept, so the file stays valid.
KEPT = {"id", "schema", "sha256", "kind", "status", "date", "as_of", "published", "url",
        "role", "reliability", "currency", "date_basis", "instrument", "sources", "links",
        "participants", "absent", "by", "of", "actors", "parties"}


def poisoned(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: v if k in KEPT else poisoned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v) for v in value]
    return HUGE if isinstance(value, str) else value


def huge_index() -> BriefingIndex:
    doc = sample_document()
    for name, table in doc.items():
        if name != "sources":
            doc[name] = {key: poisoned(row) for key, row in table.items()}
    return BriefingIndex(build_briefing(doc, "huge.json"))


def test_a_huge_value_is_cut_with_its_full_length_stated() -> None:
    assert shown_line(HUGE) == "\\x1b" * (ROW_CHARS // 4) + MARK
    assert shown(HUGE) == "\\x1b" * (DETAIL_CHARS // 4) + MARK
    assert shown("short \x1b") == "short \\x1b" and shown_line("a\n b") == "a b"


def test_rows_details_and_the_overview_show_bounded_text_of_huge_fields() -> None:
    index = huge_index()
    entries = list(index.briefing.entries)
    rows = views.list_rows(entries)
    titles = [rows[i].text.plain for i in range(len(rows))]
    assert titles and all(t.startswith("\\x1b" * (ROW_CHARS // 4) + MARK) for t in titles)
    # the name and at most three notes (status, place, amount...), each bounded
    assert all(len(t) <= 4 * (ROW_CHARS + len(MARK)) for t in titles), max(map(len, titles))
    for entry in entries:
        details = [r.text.plain for r in views.detail_rows(index, entry)]
        assert any(MARK in line for line in details)
        assert all(len(line) <= 4 * (DETAIL_CHARS + len(MARK)) for line in details)
        assert not any("\x1b" in line for line in details)
    overview = [r.text.plain for r in views.overview_rows(index)]
    assert sum(MARK in line for line in overview) >= 2  # the summary and the bottom line
    assert all(len(line) <= DETAIL_CHARS + len(MARK) + 2 for line in overview)
