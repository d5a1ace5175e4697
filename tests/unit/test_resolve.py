"""Settling the records ``briefing merge`` leaves (tui.authoring.resolve): each choice
writes what it says, removes just its record, logs who did it, and leaves a file that
``briefing check`` passes once the last record is gone."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from helpers_store import small_document as seed_document

from tui.authoring.editor import Editor
from tui.authoring.resolve import merge_conflicts, resolve_conflict
from tui.core.errors import BriefingError
from tui.core.merge import merge_documents
from tui.core.validate import check_conflicts, check_document
from tui.storage.store import BriefingStore

pytestmark = pytest.mark.usefixtures("seed_article")


def row(doc: dict[str, Any], kind: str, entry_id: str) -> dict[str, Any]:
    return next(r for r in doc[kind].values() if r["id"] == entry_id)


def conflicted(tmp_path: Path, *edits: Any) -> tuple[Path, Editor]:
    """A briefing file merged from two sides that ``edits`` (ours, theirs) changed."""
    base = seed_document()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    for edit in edits:
        edit(ours, theirs)
    path = tmp_path / "merged.json"
    BriefingStore.create(path, merge_documents(base, ours, theirs).document)
    return path, Editor(path, by="carol", clock=lambda: "2026-12-03T10:00:00Z")


def status(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    row(ours, "meetings", "ankara-talks")["status"] = "held"
    row(theirs, "meetings", "ankara-talks")["status"] = "cancelled"


def title(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    ours["briefing"]["1"]["title"] = "Ankara talks: ours"
    theirs["briefing"]["1"]["title"] = "Ankara talks: theirs"


def read(path: Path) -> dict[str, Any]:
    return BriefingStore(path).read_document()


def last_change(doc: dict[str, Any]) -> dict[str, Any]:
    return max(doc["changes"].values(), key=lambda r: r["id"])


def test_the_records_read_back_as_conflicts_to_settle(tmp_path: Path) -> None:
    path, _ = conflicted(tmp_path, status, title)
    found = merge_conflicts(read(path)["conflicts"])
    assert sorted((c.kind, c.entry, c.field, c.ours, c.theirs) for c in found) == [
        ("briefing", "t", "title", "Ankara talks: ours", "Ankara talks: theirs"),
        ("meetings", "ankara-talks", "status", "held", "cancelled"),
    ]
    assert [c.doc_id for c in found] == [1, 2]
    assert {c.choices for c in found} == {("ours", "theirs", "edited"), ("ours", "theirs")}
    assert merge_conflicts({"1": {"kind": 3}, "x": {}}) == []  # malformed: left to check


def test_keep_theirs_writes_their_value_removes_the_record_and_logs_the_edit(
        tmp_path: Path) -> None:
    path, editor = conflicted(tmp_path, status)
    (conflict,) = merge_conflicts(read(path)["conflicts"])
    change = resolve_conflict(editor, conflict, "theirs")
    doc = read(path)
    assert row(doc, "meetings", "ankara-talks")["status"] == "cancelled"
    assert "conflicts" not in doc  # the last record gone, the table goes too
    assert check_conflicts(doc) == [] and check_document(doc)[0] == []
    logged = last_change(doc)
    assert (logged["by"], logged["action"], logged["entry"], logged["fields"]) == (
        "carol", "update", "ankara-talks", ["status"])
    assert (logged["old"], logged["new"]) == ({"status": "held"}, {"status": "cancelled"})
    assert change.id == logged["id"] and editor.can_undo


def test_keep_ours_changes_no_entry_and_logs_a_resolve(tmp_path: Path) -> None:
    path, editor = conflicted(tmp_path, status)
    before = read(path)
    (conflict,) = merge_conflicts(before["conflicts"])
    resolve_conflict(editor, conflict, "ours")
    doc = read(path)
    assert row(doc, "meetings", "ankara-talks") == row(before, "meetings", "ankara-talks")
    assert check_conflicts(doc) == []
    logged = last_change(doc)
    assert (logged["by"], logged["action"], logged["fields"], logged["new"]) == (
        "carol", "resolve", ["status"], {"kept": "ours"})
    assert not editor.can_undo  # nothing to revert: the entry did not change


def test_an_edited_value_is_written_in_one_step_with_the_record_removed(
        tmp_path: Path) -> None:
    path, editor = conflicted(tmp_path, status)
    (conflict,) = merge_conflicts(read(path)["conflicts"])
    base = row(read(path), "meetings", "ankara-talks")
    mine = {**base, "status": "unknown"}
    resolve_conflict(editor, conflict, "edited", entry=mine, base=base)
    doc = read(path)
    assert row(doc, "meetings", "ankara-talks")["status"] == "unknown"
    assert check_conflicts(doc) == []


def test_theirs_on_the_briefings_own_title(tmp_path: Path) -> None:
    path, editor = conflicted(tmp_path, title)
    (conflict,) = merge_conflicts(read(path)["conflicts"])
    assert conflict.kind == "briefing"
    resolve_conflict(editor, conflict, "theirs")
    doc = read(path)
    assert doc["briefing"]["1"]["title"] == "Ankara talks: theirs"
    assert last_change(doc)["kind"] == "briefing" and check_conflicts(doc) == []


def test_an_edit_against_a_delete_is_kept_or_deleted(tmp_path: Path) -> None:
    def edit_delete(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
        row(ours, "events", "invasion")["date"] = "2022-02-24"
        del theirs["events"][next(k for k, r in theirs["events"].items()
                                  if r["id"] == "invasion")]

    for choice, present in (("keep", True), ("delete", False)):
        folder = tmp_path / choice
        folder.mkdir()
        path, editor = conflicted(folder, edit_delete)
        (conflict,) = merge_conflicts(read(path)["conflicts"])
        assert conflict.field is None and conflict.choices == ("keep", "delete")
        resolve_conflict(editor, conflict, choice)
        doc = read(path)
        ids = [r["id"] for r in doc.get("events", {}).values()]
        assert ("invasion" in ids) is present
        assert check_conflicts(doc) == [] and check_document(doc)[0] == []


def test_a_record_settled_elsewhere_meanwhile_writes_nothing(tmp_path: Path) -> None:
    path, editor = conflicted(tmp_path, status)
    (conflict,) = merge_conflicts(read(path)["conflicts"])
    resolve_conflict(Editor(path, by="dave"), conflict, "ours")  # someone else, first
    before = path.read_bytes()
    with pytest.raises(BriefingError, match="resolved or changed since you opened it"):
        resolve_conflict(editor, conflict, "theirs")
    assert path.read_bytes() == before


def test_a_choice_that_does_not_fit_the_conflict_is_refused(tmp_path: Path) -> None:
    path, editor = conflicted(tmp_path, title)
    (conflict,) = merge_conflicts(read(path)["conflicts"])
    before = path.read_bytes()
    with pytest.raises(ValueError, match="does not settle"):
        resolve_conflict(editor, conflict, "delete")
    assert path.read_bytes() == before


def test_theirs_on_a_disputes_accounts_replaces_those_accounts_and_nothing_else(
        tmp_path: Path) -> None:
    """A merge names a conflict over one field's accounts ``accounts.FIELD``: taking theirs
    puts their accounts under that field (never a new field of that name)."""
    from story_briefing import build_story

    path, _ = build_story(tmp_path)
    base = read(path)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    row(ours, "demands", "pay-raise")["accounts"]["response"][0]["value"] = "4.5 percent"
    row(theirs, "demands", "pay-raise")["accounts"]["response"][0]["value"] = "5 percent"
    merged = tmp_path / "merged.json"
    BriefingStore.create(merged, merge_documents(base, ours, theirs).document)
    (conflict,) = merge_conflicts(read(merged)["conflicts"])
    assert conflict.dispute == "response" and conflict.choices == ("ours", "theirs")
    resolve_conflict(Editor(merged, by="carol"), conflict, "theirs")
    doc = read(merged)
    demand = row(doc, "demands", "pay-raise")
    assert demand["accounts"]["response"][0]["value"] == "5 percent"
    assert "accounts.response" not in demand
    assert check_conflicts(doc) == [] and check_document(doc)[0] == []


def test_an_edit_that_changes_nothing_is_logged_as_a_keep_not_an_edit(tmp_path: Path) -> None:
    path, editor = conflicted(tmp_path, status)
    (conflict,) = merge_conflicts(read(path)["conflicts"])
    base = row(read(path), "meetings", "ankara-talks")
    resolve_conflict(editor, conflict, "edited", entry=dict(base), base=base)
    logged = last_change(read(path))
    assert (logged["action"], logged["new"]) == ("resolve", {"kept": "ours"})
    assert not editor.can_undo
