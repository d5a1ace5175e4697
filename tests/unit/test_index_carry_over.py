"""After a save, the new index keeps what the old one built for the entries the save did
not touch; what it keeps is exactly what building afresh gives."""

from __future__ import annotations

import copy
from typing import Any

from helpers_store import small_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.index import BriefingIndex
from tui.core.validate import assemble_checked

_IDS = ["zelensky", "ukraine", "ankara-talks", "preconditions", "probe", "eu-loan",
        "invasion"]


def _warm(index: BriefingIndex) -> BriefingIndex:
    index.warm()
    return index


def _fresh(document: dict[str, Any]) -> BriefingIndex:
    return _warm(BriefingIndex(assemble_checked(document, "b.json")))


def _shown(index: BriefingIndex) -> tuple[Any, Any]:
    """What the screens ask of the index: every backlink list and search text."""
    backlinks = {target: [(e.kind, e.doc_id, e.data, f) for e, f in pairs]
                 for target, pairs in index._backlinks_table().items()}
    texts = [index._texts(entries) for entries in (*index.by_kind.values(), index.timeline)]
    return backlinks, texts


_EDITS = st.lists(st.tuples(
    st.sampled_from(["actors", "meetings", "demands", "corruption", "financing", "events"]),
    st.sampled_from(["1", "2", "7"]),
    st.sampled_from(["links", "participants", "by", "of", "parties", "tags", "remove"]),
    st.lists(st.sampled_from(_IDS), max_size=3),
), max_size=5)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_an_index_carried_over_a_save_equals_one_built_afresh(edits: list[Any]) -> None:
    before = small_document()
    old = _fresh(before)
    after = dict(before)
    for table, key, field, value in edits:
        rows = after[table] = dict(after[table])
        if field == "remove":
            rows.pop(key, None)
            continue
        row = copy.deepcopy(rows.get(key) or {"id": f"new-{table}-{key}", "title": "T"})
        row[field] = value
        rows[key] = row
    carried = BriefingIndex(assemble_checked(after, "b.json", old.briefing))
    carried.carry_over(old)
    assert carried._backlinks is not None or old._backlinks is None
    assert _shown(carried) == _shown(_fresh(after))
    assert _shown(old) == _shown(_fresh(before))  # the old index is left as it was


def test_an_untouched_entry_is_the_same_object_and_keeps_its_search_text() -> None:
    before = small_document()
    old = _fresh(before)
    after = dict(before)
    after["events"] = {"1": {**before["events"]["1"], "title": "Renamed"}}
    briefing = assemble_checked(after, "b.json", old.briefing)
    carried = BriefingIndex(briefing)
    carried.carry_over(old)
    assert carried.get("zelensky") is old.get("zelensky")
    assert carried.get("invasion") is not old.get("invasion")
    assert carried._search_texts  # taken over, not left for warm() to build
    assert "renamed" in carried._texts(carried.by_kind["events"])[0]
