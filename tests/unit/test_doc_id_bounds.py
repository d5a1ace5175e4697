"""Document ids: what ``check`` accepts can always be saved and extended. Ids go up to
``MAX_DOC_ID`` (18 digits, docs/FORMAT.md); a new row never gets one past it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from helpers_store import small_document

from tui.authoring.editor import Editor
from tui.core.validate import MAX_DOC_ID, check_document, next_doc_id
from tui.storage.jsonio import dumps
from tui.storage.store import BriefingStore

NINES = "9" * 18


def test_check_accepts_ids_up_to_the_bound_and_refuses_one_past_it() -> None:
    assert MAX_DOC_ID == int(NINES)
    doc = small_document()
    doc["events"] = {NINES: doc["events"]["1"]}
    assert check_document(doc)[0] == []
    doc["events"] = {str(MAX_DOC_ID + 1): doc["events"][NINES]}
    places = [p.place for p in check_document(doc)[0]]
    assert places == [f"events/{MAX_DOC_ID + 1}"]


def test_a_briefing_with_ids_of_eighteen_nines_can_still_be_added_to(tmp_path: Path) -> None:
    doc = small_document()
    doc["actors"] = {"1": doc["actors"]["1"], NINES: doc["actors"]["2"]}
    doc["changes"] = {NINES: {"id": int(NINES), "note": "an old change"}}
    doc["notes"] = {NINES: {"x": 0}}  # an extra table: allowed, and kept
    assert check_document(doc)[0] == []
    path = tmp_path / "b.json"
    path.write_text(dumps(doc), encoding="utf-8")
    editor = Editor(path, by="alice", clock=lambda: "2025-01-01T00:00:00Z")
    editor.add("actors", {"id": "erdogan", "name": "Erdogan", "kind": "person",
                          "sources": copy.deepcopy(doc["actors"]["1"]["sources"])})
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert check_document(saved)[0] == []
    assert saved["actors"]["2"]["id"] == "erdogan"  # the smallest free id
    assert set(saved["changes"]) == {NINES, "1"} and saved["changes"]["1"]["id"] == 1
    with BriefingStore(path).transaction() as db:  # TinyDB's own insert stays in bounds too
        assert db.table("notes").insert({"x": 1}) == 1
    assert check_document(json.loads(path.read_text(encoding="utf-8")))[0] == []


def test_next_doc_id_is_one_past_the_largest_until_the_bound_then_the_smallest_free() -> None:
    assert next_doc_id([]) == 1
    assert next_doc_id([1, 2, 7]) == 8
    assert next_doc_id([MAX_DOC_ID - 1]) == MAX_DOC_ID
    assert next_doc_id([1, 2, 4, MAX_DOC_ID]) == 3
    assert next_doc_id([1, MAX_DOC_ID * 10]) == 2  # ids past the bound are not ids
