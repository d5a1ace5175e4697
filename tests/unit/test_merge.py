"""The pure three-way merge and entry-level diff (tui.core.merge, tui.core.diff), the
conflicts table's checks, the diff command's argument forms and the reader's name."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers_store import small_document as seed_document

from tui import cli
from tui.authoring.changes import reader_name
from tui.core.diff import diff_documents, document_text
from tui.core.merge import merge_documents
from tui.core.validate import check_conflicts, check_document
from tui.storage.store import BriefingStore

pytestmark = pytest.mark.usefixtures("seed_article")  # every test builds on the seed

def sides() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = seed_document()
    return base, copy.deepcopy(base), copy.deepcopy(base)


def row(doc: dict[str, Any], kind: str, entry_id: str) -> dict[str, Any]:
    return next(r for r in doc[kind].values() if r["id"] == entry_id)


def valid(doc: dict[str, Any]) -> None:
    problems, _ = check_document(doc)
    assert problems == []


def test_unchanged_merge_is_the_document_itself() -> None:
    base, ours, theirs = sides()
    result = merge_documents(base, ours, theirs)
    assert result.document == base and result.conflicts == []


def test_entries_are_matched_by_id_not_document_id() -> None:
    base, ours, theirs = sides()
    theirs["actors"] = {"7": theirs["actors"]["2"], "9": theirs["actors"]["1"]}
    row(theirs, "actors", "ukraine")["role"] = "state"
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    assert result.document["actors"]["2"]["role"] == "state"
    assert sorted(result.document["actors"]) == ["1", "2"]


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    base, ours, theirs = sides()
    for doc in (ours, theirs):
        row(doc, "meetings", "ankara-talks")["status"] = "held"
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == [] and "conflicts" not in result.document


def test_a_default_left_out_is_the_same_as_written() -> None:
    base, ours, theirs = sides()
    row(ours, "meetings", "ankara-talks")["topics"] = []
    row(theirs, "meetings", "ankara-talks")["outcome"] = "agreed"
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    assert row(result.document, "meetings", "ankara-talks")["outcome"] == "agreed"


def test_lists_changed_on_both_sides_are_merged_item_by_item() -> None:
    base, ours, theirs = sides()
    row(ours, "actors", "zelensky")["tags"] = ["president"]
    row(theirs, "actors", "zelensky")["tags"] = ["wartime"]
    row(ours, "demands", "preconditions")["of"] = ["zelensky"]  # removed ukraine
    row(theirs, "demands", "preconditions")["of"] = ["zelensky", "ukraine"]
    result = merge_documents(base, ours, theirs)
    assert result.conflicts == []
    assert row(result.document, "actors", "zelensky")["tags"] == ["president", "wartime"]
    assert row(result.document, "demands", "preconditions")["of"] == ["zelensky"]
    valid(result.document)


def test_citations_removed_on_both_sides_down_to_none_is_a_conflict() -> None:
    base, ours, theirs = sides()
    src = base["sources"]["1"]["id"]
    row(base, "events", "invasion")["sources"] = [f"{src}#p1.s1", f"{src}#p5.s1"]
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    row(ours, "events", "invasion")["sources"] = [f"{src}#p1.s1"]
    row(theirs, "events", "invasion")["sources"] = [f"{src}#p5.s1"]
    result = merge_documents(base, ours, theirs)
    assert [c["field"] for c in result.conflicts] == ["sources"]
    assert row(result.document, "events", "invasion")["sources"] == [f"{src}#p1.s1"]
    valid(result.document)


def test_a_true_conflict_keeps_ours_and_records_both() -> None:
    base, ours, theirs = sides()
    row(ours, "meetings", "ankara-talks")["status"] = "held"
    row(theirs, "meetings", "ankara-talks")["status"] = "cancelled"
    result = merge_documents(base, ours, theirs)
    record = result.document["conflicts"]["1"]
    assert record == {"id": 1, "kind": "meetings", "entry": "ankara-talks", "field": "status",
                      "base": "planned", "ours": "held", "theirs": "cancelled",
                      "deleted_by": None}
    assert row(result.document, "meetings", "ankara-talks")["status"] == "held"
    valid(result.document)
    (problem,) = check_conflicts(result.document)
    assert problem.place == "conflicts/1" and "'cancelled'" in problem.message


def test_meta_fields_merge_too() -> None:
    base, ours, theirs = sides()
    ours["briefing"]["1"]["summary"] = "Ours."
    theirs["briefing"]["1"]["as_of"] = "2025-11"
    result = merge_documents(base, ours, theirs)
    assert result.document["briefing"]["1"]["summary"] == "Ours."
    assert result.document["briefing"]["1"]["as_of"] == "2025-11"
    theirs["briefing"]["1"]["summary"] = "Theirs."
    result = merge_documents(base, ours, theirs)
    assert [(c["kind"], c["field"]) for c in result.conflicts] == [("briefing", "summary")]


def test_a_delete_on_one_side_only() -> None:
    base, ours, theirs = sides()
    del theirs["events"]["1"]
    result = merge_documents(base, ours, theirs)
    assert result.document["events"] == {} and result.conflicts == []
    result = merge_documents(base, theirs, ours)
    assert result.document["events"] == {} and result.conflicts == []


def test_edit_against_delete_keeps_the_edit_either_way() -> None:
    base, ours, theirs = sides()
    del ours["events"]["1"]
    row(theirs, "events", "invasion")["title"] = "Invasion"
    for a, b, deleted_by in ((ours, theirs, "ours"), (theirs, ours, "theirs")):
        result = merge_documents(base, a, b)
        assert row(result.document, "events", "invasion")["title"] == "Invasion"
        (record,) = result.conflicts
        assert (record["field"], record["deleted_by"]) == (None, deleted_by)
        valid(result.document)


def test_a_deleted_entry_the_other_side_now_references_is_put_back() -> None:
    base, ours, theirs = sides()
    del ours["events"]["1"]
    row(theirs, "actors", "ukraine")["links"] = ["invasion"]
    result = merge_documents(base, ours, theirs)
    assert row(result.document, "events", "invasion") == base["events"]["1"]
    assert [(c["entry"], c["deleted_by"]) for c in result.conflicts] == [("invasion", "ours")]
    valid(result.document)


def test_new_entries_get_document_ids_after_ours() -> None:
    base, ours, theirs = sides()
    src = base["sources"]["1"]["id"]
    ours["actors"]["3"] = {"id": "a", "name": "A", "sources": [f"{src}#p1.s1"]}
    theirs["actors"]["3"] = {"id": "b", "name": "B", "sources": [f"{src}#p1.s1"]}
    theirs["actors"]["4"] = {"id": "c", "name": "C", "sources": [f"{src}#p1.s1"]}
    result = merge_documents(base, ours, theirs)
    assert {k: v["id"] for k, v in result.document["actors"].items()} == {
        "1": "zelensky", "2": "ukraine", "3": "a", "4": "b", "5": "c"}
    assert merge_documents(base, ours, theirs).document == result.document  # deterministic


def test_both_adding_the_same_id_differently_merges_fields() -> None:
    base, ours, theirs = sides()
    src = base["sources"]["1"]["id"]
    ours["actors"]["3"] = {"id": "x", "name": "X", "role": "one", "sources": [f"{src}#p1.s1"]}
    theirs["actors"]["3"] = {"id": "x", "name": "X", "role": "two", "sources": [f"{src}#p1.s1"]}
    result = merge_documents(base, ours, theirs)
    assert [(c["field"], c["base"]) for c in result.conflicts] == [("role", None)]


def change(number: int, at: str, by: str, **extra: Any) -> dict[str, Any]:
    return {"id": number, "at": at, "by": by, "action": "update", "kind": "actors",
            "entry": "zelensky", "fields": ["role"], "old": {}, "new": {"role": by},
            "detached": [], **extra}


def test_change_logs_are_united_in_time_order_and_renumbered() -> None:
    base, ours, theirs = sides()
    base["changes"] = {"1": change(1, "2025-01-01T00:00:00Z", "base")}
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["changes"]["2"] = change(2, "2025-01-03T00:00:00Z", "alice")
    ours["changes"]["3"] = change(3, "2025-01-04T00:00:00Z", "alice", undoes=2)
    theirs["changes"]["2"] = change(2, "2025-01-02T00:00:00Z", "bob")
    log = merge_documents(base, ours, theirs).document["changes"]
    assert [(k, r["id"], r["by"], r.get("undoes")) for k, r in sorted(log.items())] == [
        ("1", 1, "base", None), ("2", 2, "bob", None), ("3", 3, "alice", None),
        ("4", 4, "alice", 3)]


def test_sources_are_united() -> None:
    base, ours, theirs = sides()
    extra = {"id": "src-two", "title": "Two", "sha256": "a" * 64, "paragraphs": 3,
             "sentences": 3}
    ours["sources"]["2"] = dict(extra)
    theirs["sources"]["2"] = dict(extra)
    theirs["sources"]["3"] = {**extra, "id": "src-three", "sha256": "b" * 64}
    result = merge_documents(base, ours, theirs)
    assert [s["id"] for s in result.document["sources"].values()] == [
        base["sources"]["1"]["id"], "src-two", "src-three"]


def test_earlier_conflicts_are_kept() -> None:
    base, ours, theirs = sides()
    row(ours, "meetings", "ankara-talks")["status"] = "held"
    row(theirs, "meetings", "ankara-talks")["status"] = "cancelled"
    first = merge_documents(base, ours, theirs).document
    again = merge_documents(base, first, theirs).document
    assert len(again["conflicts"]) == 1


def test_check_conflicts_reports_malformed_records() -> None:
    doc = seed_document()
    assert check_conflicts(doc) == []
    doc["conflicts"] = {"1": {"kind": 3}, "x": {}, "2": "no"}
    places = [p.place for p in check_conflicts(doc)]
    assert places == ["conflicts/x", "conflicts/2", "conflicts/1"]
    assert "malformed" in check_conflicts(doc)[-1].message
    doc["conflicts"] = []
    assert check_conflicts(doc)[0].place == "conflicts"
    # the table is no obstacle to loading: check_document still accepts the briefing
    doc["conflicts"] = {"1": {"kind": "actors", "entry": "x", "field": None, "base": None,
                              "ours": None, "theirs": None, "deleted_by": "ours"}}
    valid(doc)


def test_diff_reports_entries_and_fields_in_the_apps_words() -> None:
    old = seed_document()
    new = copy.deepcopy(old)
    row(new, "meetings", "ankara-talks")["status"] = "held"
    row(new, "meetings", "ankara-talks")["topics"] = []  # same as left out
    row(new, "actors", "ukraine")["role"] = None  # same as left out
    del new["events"]["1"]
    new["actors"]["3"] = {"id": "x", "name": "X\x1b[31m", "sources": ["s#p1.s1"]}
    lines = diff_documents(old, new)
    assert lines == [
        "Actors: added X\\x1b[31m (x)", "  Name: X\\x1b[31m", "  Id: x", "  Sources: s#p1.s1",
        "Meetings: changed Talks in Ankara (ankara-talks)", "  Status: planned -> held",
        "Events: removed Full-scale invasion (invasion)",
    ]
    assert diff_documents(old, copy.deepcopy(old)) == []
    assert all("\x1b" not in line for line in document_text(new))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          cwd=cwd)


def test_diff_command_argument_forms(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    BriefingStore.create(old, seed_document())
    doc = seed_document()
    row(doc, "meetings", "ankara-talks")["status"] = "held"
    BriefingStore.create(new, doc)
    two = run("diff", str(old), str(new))
    assert two.returncode == 0 and "  Status: planned -> held\n" in two.stdout
    seven = run("diff", "b.json", "/dev/null", "0" * 40, "100644", str(new), "1" * 40, "100644")
    assert seven.returncode == 0 and seven.stdout.startswith("briefing diff a/b.json b/b.json")
    assert "Meetings: added Talks in Ankara (ankara-talks)" in seven.stdout
    one = run("diff", str(new))
    assert one.returncode == 0 and "  Status: held\n" in one.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("[", encoding="utf-8")
    failed = run("diff", str(old), str(bad))
    assert failed.returncode == 2 and len(failed.stderr.splitlines()) == 1
    assert run("diff", str(bad)).stdout == "["  # textconv shows what is not a briefing
    wrong = run("diff", "a", "b", "c")
    assert wrong.returncode == 2 and len(wrong.stderr.splitlines()) == 1


def test_merge_command_exit_statuses(tmp_path: Path) -> None:
    base, ours, theirs = sides()
    row(ours, "meetings", "ankara-talks")["status"] = "held"
    row(theirs, "meetings", "ankara-talks")["status"] = "cancelled"
    paths = []
    for name, doc in (("base", base), ("ours", ours), ("theirs", theirs)):
        BriefingStore.create(tmp_path / f"{name}.json", doc)
        paths.append(str(tmp_path / f"{name}.json"))
    result = run("merge", *paths)  # no -o: the result replaces OURS, as git expects
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{paths[1]}: conflict: meetings ankara-talks.status: ours held, theirs cancelled "
        "(ours kept)"]
    merged = BriefingStore(Path(paths[1])).read_document()
    assert merged["conflicts"]["1"]["theirs"] == "cancelled"
    missing = run("merge", paths[0], paths[1], str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and missing.stderr.strip().endswith("nope.json: no such file")


def test_reader_name_honours_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_READER", "  Ada   Lovelace ")
    assert reader_name() == "Ada Lovelace"
    monkeypatch.setenv("BRIEFING_READER", "")
    assert reader_name() != ""
    monkeypatch.delenv("BRIEFING_READER")
    assert reader_name() != ""


def test_reader_option_sets_the_name_for_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_open(path: Any, read_only: bool) -> int:
        seen["name"] = reader_name()
        return 0

    monkeypatch.delenv("BRIEFING_READER", raising=False)
    monkeypatch.setattr(cli, "_open", fake_open)
    assert cli.main(["--reader", "grace", "x.json"]) == 0
    assert seen["name"] == "grace"
    monkeypatch.delenv("BRIEFING_READER", raising=False)
    assert cli.main(["open", "--reader", "\x1b", "x.json"]) == 1
