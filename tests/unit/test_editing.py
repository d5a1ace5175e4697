"""The authoring data layer (tui/authoring): edits of every kind as they land on disk, the
change log row by row, refusals that change nothing, conflicts between editors and
between processes, undo/redo, copy-on-edit of bundled briefings, and form checks that
say exactly what `briefing check` says."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers_store import small_document as seed_document
from sample_briefing import SRC as SEED_SOURCE
from seedfile import SEED

from tui.authoring.changes import CHANGES_TABLE, EditConflict
from tui.authoring.editor import Editor
from tui.authoring.form_checks import check_edit, check_entry
from tui.authoring.new_entries import blank_entry, new_id
from tui.authoring.references import references_to
from tui.cli import main as briefing_main
from tui.core.article import read_article
from tui.core.errors import BriefingError, InvalidBriefing, Problem
from tui.core.index import BriefingIndex
from tui.core.model import ENTRY_KINDS, fields_of
from tui.core.validate import build_briefing, check_document
from tui.storage.attachments import attached_articles, keep_article, sources_of
from tui.storage.bundled import editable_path, is_bundled
from tui.storage.jsonio import dumps
from tui.storage.paths import briefings_dir, default_briefing
from tui.storage.store import BriefingStore

AT = "2025-11-19T08:30:05Z"


SRC = SEED_SOURCE  # seed_document()'s source: the seed article's id


def loc(p: int, s: int) -> str:
    return f"{SRC}#p{p}.s{s}"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "b.json"
    BriefingStore.create(target, seed_document())
    return target


def editor(path: Path, by: str = "alice") -> Editor:
    return Editor(path, by=by, clock=lambda: AT)


def disk(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def on_disk(path: Path, entry_id: str) -> dict[str, Any] | None:
    for kind in ENTRY_KINDS:
        for doc in disk(path).get(kind, {}).values():
            if doc["id"] == entry_id:
                return doc
    return None


def entry_tables(path: Path) -> dict[str, Any]:
    doc = disk(path)
    return {k: doc.get(k, {}) for k in ("briefing", "sources", *ENTRY_KINDS)}


def assert_valid(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    problems, _ = check_document(disk(path))
    assert problems == []
    assert briefing_main(["check", str(path)]) == 0
    assert ": ok: " in capsys.readouterr().out


def row(id: int, action: str, kind: str, entry: str, fields: list[str], old: dict, new: dict,
        detached: list | None = None, by: str = "alice", **extra: Any) -> dict[str, Any]:
    out = {"id": id, "at": AT, "by": by, "action": action, "kind": kind, "entry": entry,
           "fields": fields, "old": old, "new": new, "detached": detached or []}
    out.update(extra)
    return out


# --- add, update, delete of every kind, as they land on disk -------------------------

NEW: dict[str, dict[str, Any]] = {
    "actors": {"id": "erdogan", "name": "Recep Tayyip Erdogan", "kind": "person",
               "sources": [loc(1, 1)]},
    "meetings": {"id": "madrid-talks", "title": "Talks in Madrid", "participants": ["zelensky"],
                 "status": "held", "sources": [loc(3, 1)]},
    "demands": {"id": "intensify", "title": "Intensify peace efforts", "by": ["zelensky"],
                "of": ["ukraine"], "items": ["prisoner swaps"], "sources": [loc(2, 1)]},
    "corruption": {"id": "energy-probe", "title": "Energy-sector probe",
                   "subjects": ["two ministers"], "sources": [loc(4, 1)]},
    "financing": {"id": "jets", "title": "Fighter jets", "instrument": "arms",
                  "amount": {"value": 100, "currency": "EUR"}, "parties": ["ukraine"],
                  "sources": [loc(3, 1)]},
    "events": {"id": "budapest-dropped", "title": "Budapest summit dropped", "date": "2025-10",
               "tags": ["summit"], "sources": [loc(6, 1)]},
}
# (field changes; fields removed) for the update step of each kind.
UPDATE: dict[str, tuple[dict[str, Any], list[str]]] = {
    "actors": ({"name": "Recep Tayyip Erdoğan", "role": "President of Turkey"}, []),
    "meetings": ({"status": "cancelled", "participants": ["zelensky", "ukraine"]}, []),
    "demands": ({"status": "rejected", "response": "no"}, ["items"]),
    "corruption": ({"status": "closed", "consequences": ["resignations"]}, ["subjects"]),
    "financing": ({"amount": {"value": 140000000000, "currency": "EUR"}, "status": "agreed"}, []),
    "events": ({"date": "2025-10-21", "date_text": "21 October"}, ["tags"]),
}


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_add_update_delete_each_kind_on_disk(
    kind: str, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ed = editor(path)
    original = entry_tables(path)
    data = NEW[kind]
    eid = data["id"]
    n = len(original[kind]) + 1  # the document id the new entry gets
    order = ["id"] + [f.name for f in fields_of(kind) if f.name != "id"]
    fields_added = sorted(data, key=order.index)

    added = ed.add(kind, data)
    assert (added.id, added.action, added.kind, added.entry, added.doc_id) == (
        1, "add", kind, eid, n)
    assert disk(path)[kind][str(n)] == data
    assert disk(path)[CHANGES_TABLE] == {
        "1": row(1, "add", kind, eid, fields_added, {}, data),
    }
    assert_valid(path, capsys)

    changes, removed = UPDATE[kind]
    new_data = {k: v for k, v in {**data, **changes}.items() if k not in removed}
    updated = ed.update(eid, new_data, base=data)
    assert updated is not None and updated.action == "update"
    assert disk(path)[kind][str(n)] == new_data
    changed = [f.name for f in fields_of(kind) if f.name in {*changes, *removed}]
    assert disk(path)[CHANGES_TABLE]["2"] == row(
        2, "update", kind, eid, changed,
        {n: data[n] for n in changed if n in data},
        {n: new_data[n] for n in changed if n in new_data},
    )
    assert_valid(path, capsys)

    deleted = ed.delete(eid, base=new_data)
    assert deleted is not None and deleted.action == "delete"
    assert str(n) not in disk(path)[kind]
    fields_now = sorted(new_data, key=order.index)
    assert disk(path)[CHANGES_TABLE]["3"] == row(3, "delete", kind, eid, fields_now, new_data, {})
    assert sorted(disk(path)[CHANGES_TABLE]) == ["1", "2", "3"]
    # Everything else is as it was.
    assert entry_tables(path) == original
    assert_valid(path, capsys)


@pytest.mark.usefixtures("seed_article")
def test_unknown_fields_are_kept_and_logged(path: Path) -> None:
    ed = editor(path)
    base = on_disk(path, "invasion")
    assert base is not None
    ed.update("invasion", {**base, "x-note": {"by": "desk"}}, base)
    assert on_disk(path, "invasion")["x-note"] == {"by": "desk"}
    assert disk(path)[CHANGES_TABLE]["1"]["fields"] == ["x-note"]
    assert disk(path)[CHANGES_TABLE]["1"]["old"] == {}
    assert disk(path)[CHANGES_TABLE]["1"]["new"] == {"x-note": {"by": "desk"}}


@pytest.mark.usefixtures("seed_article")
def test_defaults_filled_in_by_a_form_are_not_changes(path: Path) -> None:
    """A form shows every field; saving it unchanged writes and logs nothing, and a real
    change logs only itself, without writing the defaults into the file."""
    ed = editor(path)
    base = on_disk(path, "invasion")
    assert base is not None
    form = {**blank_entry("events"), **base}
    before = path.read_bytes()
    assert ed.update("invasion", form, base=form) is None
    assert path.read_bytes() == before and not ed.can_undo

    change = ed.update("invasion", {**form, "summary": "It began."}, base=form)
    assert change is not None and change.fields == ("summary",)
    assert on_disk(path, "invasion") == {**base, "summary": "It began."}


@pytest.mark.usefixtures("seed_article")
def test_id_change_is_an_update_of_id(path: Path) -> None:
    ed = editor(path)
    base = on_disk(path, "invasion")
    assert base is not None
    change = ed.update("invasion", {**base, "id": "invasion-2022"}, base)
    assert change is not None
    assert (change.entry, change.fields, change.old, change.new) == (
        "invasion-2022", ("id",), {"id": "invasion"}, {"id": "invasion-2022"},
    )
    ed.undo()
    assert on_disk(path, "invasion") == base and on_disk(path, "invasion-2022") is None


# --- refused edits change nothing -----------------------------------------------------


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize(
    "edit, place, message",
    [
        (lambda ed, b: ed.add("meetings", {**NEW["meetings"], "participants": ["nobody"]}),
         "meetings/2.participants[0]", "no entry has the id 'nobody'"),
        (lambda ed, b: ed.add("events", {**NEW["events"], "id": "zelensky"}),
         "events/2.id", "'zelensky' is already used by actors/1"),
        (lambda ed, b: ed.update("zelensky", {**b, "kind": "alien"}, b),
         "actors/1.kind", "'alien' is not one of: person, organization, state, group"),
        (lambda ed, b: ed.update("zelensky", {**b, "sources": []}, b),
         "actors/1.sources", "must cite at least one sentence"),
        (lambda ed, b: ed.update("zelensky", {**b, "id": "zelensky-2"}, b),
         "actors/1.links", None),  # renaming breaks the references to it
        (lambda ed, b: ed.delete("zelensky", b),
         "meetings/1.participants[0]", "no entry has the id 'zelensky'"),
    ],
    ids=["dangling-ref", "duplicate-id", "bad-enum", "no-sources", "rename-referenced",
         "delete-referenced"],
)
def test_invalid_edit_changes_nothing(
    path: Path, edit: Any, place: str, message: str | None
) -> None:
    ed = editor(path)
    before = path.read_bytes()
    base = on_disk(path, "zelensky")
    with pytest.raises(InvalidBriefing) as caught:
        edit(ed, base)
    if message is not None:
        assert Problem(place, message) in caught.value.problems
    else:
        places = [p.place for p in caught.value.problems]
        assert "meetings/1.participants[0]" in places and "demands/1.of[0]" in places
    assert path.read_bytes() == before
    assert not ed.can_undo and ed.undo() is None


@pytest.mark.usefixtures("seed_article")
def test_add_of_an_unknown_kind_is_refused(path: Path) -> None:
    with pytest.raises(ValueError):
        editor(path).add("changes", {"id": "x"})


@pytest.mark.usefixtures("seed_article")
def test_too_deep_for_the_log_is_refused_before_writing(path: Path) -> None:
    ed = editor(path)
    base = on_disk(path, "invasion")
    assert base is not None
    nested: Any = "leaf"
    for _ in range(61):  # the entry itself would still be readable (depth 64 in the file) ...
        nested = [nested]
    new = {**base, "x-deep": nested}
    before = path.read_bytes()
    with pytest.raises(BriefingError, match="nested too deeply"):  # ... its log row would not
        ed.update("invasion", new, base)
    assert path.read_bytes() == before


# --- conflicts --------------------------------------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_conflict_with_another_editor_then_force(path: Path) -> None:
    mine_ed, their_ed = editor(path, "alice"), editor(path, "bob")
    base = on_disk(path, "ankara-talks")  # both forms opened now
    assert base is not None
    theirs = {**base, "status": "held"}
    mine = {**base, "status": "cancelled", "outcome": "called off"}
    their_ed.update("ankara-talks", theirs, base)
    before = path.read_bytes()

    with pytest.raises(EditConflict) as caught:
        mine_ed.update("ankara-talks", mine, base)
    assert (caught.value.theirs, caught.value.mine, caught.value.entry_id) == (
        theirs, mine, "ankara-talks")
    assert "changed by someone else" in str(caught.value)
    assert path.read_bytes() == before and not mine_ed.can_undo

    forced = mine_ed.update("ankara-talks", mine, base, force=True)
    assert forced is not None
    assert on_disk(path, "ankara-talks") == mine
    assert disk(path)[CHANGES_TABLE]["2"] == row(
        2, "update", "meetings", "ankara-talks", ["status", "outcome"],
        {"status": "held"}, {"status": "cancelled", "outcome": "called off"},
    )
    # Undoing the forced write puts theirs back, not the stale base.
    mine_ed.undo()
    assert on_disk(path, "ankara-talks") == theirs


@pytest.mark.usefixtures("seed_article")
def test_conflict_when_the_entry_was_deleted(path: Path) -> None:
    mine_ed, their_ed = editor(path, "alice"), editor(path, "bob")
    base = on_disk(path, "invasion")
    assert base is not None
    their_ed.delete("invasion", base)
    before = path.read_bytes()
    with pytest.raises(EditConflict) as caught:
        mine_ed.update("invasion", {**base, "title": "x"}, base)
    assert caught.value.theirs is None and caught.value.mine == {**base, "title": "x"}
    assert "deleted by someone else" in str(caught.value)
    with pytest.raises(EditConflict):
        mine_ed.update("invasion", {**base, "title": "x"}, base, force=True)
    with pytest.raises(EditConflict):
        mine_ed.delete("invasion", base)
    assert mine_ed.delete("invasion", base, force=True) is None
    assert path.read_bytes() == before
    # Keeping mine after all means adding it again.
    mine_ed.add("events", caught.value.mine)
    assert on_disk(path, "invasion") == {**base, "title": "x"}


@pytest.mark.usefixtures("seed_article")
def test_delete_with_a_stale_base_conflicts(path: Path) -> None:
    mine_ed, their_ed = editor(path, "alice"), editor(path, "bob")
    base = on_disk(path, "probe")
    assert base is not None
    their_ed.update("probe", {**base, "status": "closed"}, base)
    with pytest.raises(EditConflict) as caught:
        mine_ed.delete("probe", base)
    assert caught.value.theirs == {**base, "status": "closed"} and caught.value.mine is None
    assert on_disk(path, "probe") == {**base, "status": "closed"}


@pytest.mark.usefixtures("seed_article")
def test_conflict_with_another_process(path: Path) -> None:
    base = on_disk(path, "eu-loan")
    assert base is not None
    ed = editor(path)
    code = (
        "import json, sys\n"
        "from tui.authoring.editor import Editor\n"
        "path, base = sys.argv[1], json.loads(sys.argv[2])\n"
        "Editor(path, by='bob').update('eu-loan', {**base, 'status': 'agreed'}, base)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path), json.dumps(base)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    with pytest.raises(EditConflict) as caught:
        ed.update("eu-loan", {**base, "status": "cancelled"}, base)
    assert caught.value.theirs == {**base, "status": "agreed"}
    assert disk(path)[CHANGES_TABLE]["1"]["by"] == "bob"
    assert len(disk(path)[CHANGES_TABLE]) == 1


_RACER = r"""
import json, sys, time
from pathlib import Path
from tui.authoring.changes import EditConflict
from tui.authoring.editor import Editor

path, name, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
ed = Editor(path, by=name)
base = next(d for d in json.loads(Path(path).read_text())["meetings"].values()
            if d["id"] == "ankara-talks")
mine = {**base, "outcome": f"{name} was here", "topics": [name]}
(folder / f"ready-{name}").write_text("")
while not (folder / "go").exists():
    time.sleep(0.001)
try:
    change = ed.update("ankara-talks", mine, base)
    print(json.dumps({"won": True, "id": change.id, "mine": mine}))
except EditConflict as err:
    print(json.dumps({"won": False, "theirs": err.theirs, "mine": err.mine}))
"""


@pytest.mark.usefixtures("seed_article")
def test_two_processes_editing_one_entry_one_wins_nothing_lost(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "race"
    folder.mkdir()
    names = ("alice", "bob")
    procs = [
        subprocess.Popen([sys.executable, "-c", _RACER, str(path), name, str(folder)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in names
    ]
    deadline = time.monotonic() + 60
    while not all((folder / f"ready-{n}").exists() for n in names):
        assert time.monotonic() < deadline, "the racers never got ready"
        time.sleep(0.005)
    (folder / "go").write_text("")
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    winners = [r for r in results if r["won"]]
    losers = [r for r in results if not r["won"]]
    assert len(winners) == 1 and len(losers) == 1
    winner, loser = winners[0], losers[0]
    # The winner's edit is on disk and logged once; the loser was told, with both versions.
    assert on_disk(path, "ankara-talks") == winner["mine"]
    assert loser["theirs"] == winner["mine"]
    assert loser["mine"] != winner["mine"] and loser["mine"]["outcome"].endswith("was here")
    log = disk(path)[CHANGES_TABLE]
    assert list(log) == ["1"] and log["1"]["id"] == winner["id"] == 1
    assert log["1"]["new"] == {"topics": winner["mine"]["topics"],
                               "outcome": winner["mine"]["outcome"]}
    assert check_document(disk(path))[0] == []


# --- undo and redo ----------------------------------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_add_undo_redo(path: Path) -> None:
    ed = editor(path)
    original = entry_tables(path)
    added = ed.add("actors", NEW["actors"])
    assert ed.can_undo and not ed.can_redo

    undone = ed.undo()
    assert undone is not None and entry_tables(path) == original
    assert ed.can_redo and not ed.can_undo
    fields = ["id", "name", "kind", "sources"]
    assert disk(path)[CHANGES_TABLE]["2"] == row(
        2, "delete", "actors", "erdogan", fields, NEW["actors"], {}, undoes=added.id)

    redone = ed.redo()
    assert redone is not None
    assert disk(path)["actors"]["3"] == NEW["actors"]  # back at the same document id
    assert disk(path)[CHANGES_TABLE]["3"] == row(
        3, "add", "actors", "erdogan", fields, {}, NEW["actors"], redoes=added.id)
    assert ed.redo() is None

    again = ed.undo()  # undoing the redo names the redo
    assert again is not None and again.undoes == redone.id == 3
    assert entry_tables(path) == original
    assert [r["action"] for r in disk(path)[CHANGES_TABLE].values()] == [
        "add", "delete", "add", "delete"]


@pytest.mark.usefixtures("seed_article")
def test_update_update_undo_undo(path: Path) -> None:
    ed = editor(path)
    original = entry_tables(path)
    v0 = on_disk(path, "zelensky")
    assert v0 is not None
    v1 = {**v0, "role": "President"}
    v2 = {**v1, "role": "President of Ukraine", "aliases": ["Zelenskyy"]}
    first = ed.update("zelensky", v1, v0)
    second = ed.update("zelensky", v2, v1)
    assert first is not None and second is not None

    u2 = ed.undo()
    assert on_disk(path, "zelensky") == v1
    assert disk(path)[CHANGES_TABLE]["3"] == row(
        3, "update", "actors", "zelensky", ["aliases", "role"],
        {"aliases": ["Zelenskyy"], "role": "President of Ukraine"}, {"role": "President"},
        undoes=second.id)
    u1 = ed.undo()
    assert u1 is not None and u1.undoes == first.id
    assert entry_tables(path) == original
    assert disk(path)[CHANGES_TABLE]["4"] == row(
        4, "update", "actors", "zelensky", ["role"], {"role": "President"}, {}, undoes=1)
    assert ed.undo() is None

    r1 = ed.redo()
    assert r1 is not None and r1.redoes == first.id and on_disk(path, "zelensky") == v1
    # A new edit empties the redo stack.
    assert ed.can_redo
    ed.update("zelensky", {**v1, "summary": "x"}, v1)
    assert not ed.can_redo and ed.redo() is None
    assert u2 is not None


@pytest.mark.usefixtures("seed_article")
def test_delete_with_detach_and_undo_restores_the_references(path: Path) -> None:
    ed = editor(path)
    original = entry_tables(path)
    doc = disk(path)
    expected_refs = [("ankara-talks", "participants"), ("preconditions", "of"), ("probe", "links")]
    assert references_to(doc, "zelensky") == expected_refs
    base = on_disk(path, "zelensky")
    assert base is not None

    change = ed.delete("zelensky", base, detach=True)
    assert change is not None
    after = disk(path)
    assert on_disk(path, "zelensky") is None
    assert after["meetings"]["1"]["participants"] == []
    assert after["demands"]["1"]["of"] == ["ukraine"]
    assert after["corruption"]["1"]["links"] == []
    assert after[CHANGES_TABLE]["1"] == row(
        1, "delete", "actors", "zelensky", ["id", "name", "kind", "sources", "links"], base, {},
        detached=[list(p) for p in expected_refs])
    assert check_document(after)[0] == []

    undone = ed.undo()
    assert undone is not None and undone.attached == tuple(expected_refs)
    assert entry_tables(path) == original  # the entry at its doc id, references in order
    assert disk(path)[CHANGES_TABLE]["2"]["attached"] == [list(p) for p in expected_refs]
    assert disk(path)[CHANGES_TABLE]["2"]["undoes"] == 1

    ed.redo()
    assert disk(path)["demands"]["1"]["of"] == ["ukraine"]
    assert disk(path)[CHANGES_TABLE]["3"]["detached"] == [list(p) for p in expected_refs]


@pytest.mark.usefixtures("seed_article")
def test_undo_of_a_change_someone_else_changed_since_conflicts(path: Path) -> None:
    ed, other = editor(path, "alice"), editor(path, "bob")
    v0 = on_disk(path, "eu-loan")
    assert v0 is not None
    v1 = {**v0, "status": "agreed"}
    ed.update("eu-loan", v1, v0)
    v2 = {**v1, "status": "in force"}
    other.update("eu-loan", v2, v1)
    before = path.read_bytes()
    with pytest.raises(EditConflict) as caught:
        ed.undo()
    assert caught.value.theirs == v2 and caught.value.mine == v0
    assert path.read_bytes() == before
    assert ed.can_undo  # still there to try again once resolved


@pytest.mark.usefixtures("seed_article")
def test_undo_of_a_detaching_delete_conflicts_when_a_list_changed(path: Path) -> None:
    ed, other = editor(path, "alice"), editor(path, "bob")
    base = on_disk(path, "zelensky")
    assert base is not None
    ed.delete("zelensky", base, detach=True)
    meeting = on_disk(path, "ankara-talks")
    assert meeting is not None
    other.update("ankara-talks", {**meeting, "participants": ["ukraine"]}, meeting)
    before = path.read_bytes()
    with pytest.raises(EditConflict) as caught:
        ed.undo()
    assert caught.value.entry_id == "ankara-talks"
    assert path.read_bytes() == before and on_disk(path, "zelensky") is None


@pytest.mark.usefixtures("seed_article")
def test_undo_of_an_add_someone_now_points_at_is_refused(path: Path) -> None:
    ed, other = editor(path, "alice"), editor(path, "bob")
    ed.add("actors", NEW["actors"])
    meeting = on_disk(path, "ankara-talks")
    assert meeting is not None
    other.update("ankara-talks", {**meeting, "participants": ["zelensky", "erdogan"]}, meeting)
    before = path.read_bytes()
    with pytest.raises(InvalidBriefing):
        ed.undo()
    assert path.read_bytes() == before and ed.can_undo


# --- bundled briefings are copied, never edited -----------------------------------------


def test_bundled_briefing_is_copied_on_edit(capsys: pytest.CaptureFixture[str]) -> None:
    bundled = default_briefing()
    assert is_bundled(bundled)
    before = bundled.read_bytes()
    listing = sorted(p.name for p in bundled.parent.iterdir())
    with pytest.raises(BriefingError, match="bundled"):
        Editor(bundled)

    copy_path = editable_path(bundled)
    assert copy_path == briefings_dir() / bundled.name
    assert copy_path.read_bytes() == before
    assert editable_path(bundled) == copy_path  # made once

    ed = editor(copy_path)
    doc = disk(copy_path)
    first = next(iter(doc["actors"].values()))
    ed.update(first["id"], {**first, "summary": "edited"}, first)
    assert on_disk(copy_path, first["id"])["summary"] == "edited"
    assert editable_path(bundled) == copy_path
    assert bundled.read_bytes() == before
    assert sorted(p.name for p in bundled.parent.iterdir()) == listing  # not even a lock file
    assert_valid(copy_path, capsys)


@pytest.mark.usefixtures("seed_article")
def test_bundled_copy_never_takes_over_another_briefing(tmp_path: Path) -> None:
    bundled = default_briefing()
    mine = seed_document()  # a different briefing that happens to have the same file name
    taken = briefings_dir() / bundled.name
    BriefingStore.create(taken, mine)
    mine_bytes = taken.read_bytes()
    copy_path = editable_path(bundled)
    assert copy_path == briefings_dir() / f"{bundled.stem}-2.json"
    assert copy_path.read_bytes() == bundled.read_bytes()
    assert taken.read_bytes() == mine_bytes
    assert editable_path(bundled) == copy_path


@pytest.mark.usefixtures("seed_article")
def test_user_files_are_edited_where_they_are(path: Path) -> None:
    assert not is_bundled(path)
    assert editable_path(path) == path


# --- new entries and form checks --------------------------------------------------------


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_blank_entry_has_every_field_and_says_what_is_missing(kind: str, path: Path) -> None:
    blank = blank_entry(kind, SRC)
    assert set(blank) == {f.name for f in fields_of(kind)}
    for f in fields_of(kind):
        if not f.required:
            assert blank[f.name] == (list(f.default) if isinstance(f.default, tuple) else f.default)
    title = "name" if kind == "actors" else "title"
    problems = check_entry(disk(path), kind, blank)
    n = len(disk(path)[kind]) + 1
    assert problems == [
        Problem(f"{kind}/{n}.{title}", "must not be empty"),
        Problem(f"{kind}/{n}.id", "must not be empty"),
        Problem(f"{kind}/{n}.sources", "must cite at least one sentence"),
    ]
    filled = {**blank, "id": new_id(kind, "Anything", []), title: "Anything",
              "sources": [loc(1, 1)]}
    assert check_entry(disk(path), kind, filled) == []
    change = editor(path).add(kind, filled)
    assert change.doc_id == n and check_document(disk(path))[0] == []


def test_new_id() -> None:
    assert new_id("meetings", "Talks in Ankara!", []) == "talks-in-ankara"
    assert new_id("meetings", "Talks in Ankara!", {"talks-in-ankara", "talks-in-ankara-2"}) == (
        "talks-in-ankara-3")
    assert new_id("actors", "Recep Tayyip Erdoğan’s envoy", []) == "recep-tayyip-erdogans-envoy"
    assert new_id("events", "", ["event"]) == "event-2"
    assert new_id("corruption", "—", []) == "probe"
    assert len(new_id("events", "x" * 200, [])) == 60


def check_lines(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert briefing_main(["check", str(path)]) == 1
    return capsys.readouterr().err.splitlines()


@pytest.mark.usefixtures("seed_article")
def test_check_entry_says_what_briefing_check_says(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = disk(path)
    meeting = {**NEW["meetings"], "participants": ["zelensky", "nobody", "eu-loan"],
               "status": "alien", "date": "2025-02-30", "tags": ["ok", 3],
               "sources": [loc(9, 1), "src-x#1.1"]}
    problems = check_entry(doc, "meetings", meeting)
    assert [p.place for p in problems] == [
        "meetings/2.status", "meetings/2.date", "meetings/2.tags[1]",
        "meetings/2.participants[1]", "meetings/2.participants[2]",
        "meetings/2.sources[0]", "meetings/2.sources[1]",
    ]
    written = copy.deepcopy(doc)
    written["meetings"]["2"] = meeting
    bad = tmp_path / "bad.json"
    bad.write_text(dumps(written), encoding="utf-8")
    assert sorted(p.format(bad) for p in problems) == sorted(check_lines(bad, capsys))

    # Replacing an existing entry checks it at its own place.
    broken = {**doc["actors"]["2"], "kind": "country"}
    assert check_entry(doc, "actors", broken, doc_id=2) == [
        Problem("actors/2.kind", "'country' is not one of: person, organization, state, group")]


@pytest.mark.usefixtures("seed_article")
def test_check_entry_with_the_article_attached(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep_article(read_article(SEED))
    doc = disk(path)
    articles = attached_articles(sources_of(doc))
    event = {**NEW["events"], "sources": [loc(1, 4)]}  # paragraph 1 has 3 sentences
    assert check_entry(doc, "events", event) == []  # the counts alone allow it
    problems = check_entry(doc, "events", event, articles=articles)
    written = copy.deepcopy(doc)
    written["events"]["2"] = event
    bad = tmp_path / "bad.json"
    bad.write_text(dumps(written), encoding="utf-8")
    assert [p.format(bad) for p in problems] == check_lines(bad, capsys)
    assert problems[0].message.endswith("is past the end of the attached article")

    # An editor given the articles refuses that edit too; without them the store allows it.
    before = path.read_bytes()
    with pytest.raises(InvalidBriefing) as caught:
        Editor(path, articles=articles).add("events", event)
    assert caught.value.problems == problems
    assert path.read_bytes() == before


@pytest.mark.usefixtures("seed_article")
def test_check_entry_reports_a_duplicate_id_at_this_entry(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = disk(path)
    # An actor comes before events in the file, so `check` blames the existing event...
    actor = {**NEW["actors"], "id": "invasion"}
    mine, others = check_edit(doc, "actors", actor)
    written = copy.deepcopy(doc)
    written["actors"]["3"] = actor
    bad = tmp_path / "bad.json"
    bad.write_text(dumps(written), encoding="utf-8")
    assert check_lines(bad, capsys) == [
        f"{bad}: events/1.id: 'invasion' is already used by actors/3"]
    # ... and the form shows the same problem at the new actor's id.
    assert mine == [Problem("actors/3.id", "'invasion' is already used by events/1")]
    assert others == [Problem("events/1.id", "'invasion' is already used by actors/3")]

    # An event added with an actor's id: blamed on the event itself.
    assert check_entry(doc, "events", {**NEW["events"], "id": "ukraine"}) == [
        Problem("events/2.id", "'ukraine' is already used by actors/2")]


@pytest.mark.usefixtures("seed_article")
def test_check_edit_names_references_a_rename_would_break(path: Path) -> None:
    doc = disk(path)
    renamed = {**doc["actors"]["2"], "id": "ua"}
    mine, others = check_edit(doc, "actors", renamed, doc_id=2)
    assert mine == []
    assert [p.place for p in others] == [
        "actors/1.links[0]", "demands/1.by[0]", "demands/1.of[1]", "financing/1.parties[0]"]


@pytest.mark.usefixtures("seed_article")
def test_references_to_from_a_document_a_briefing_or_an_index(path: Path) -> None:
    doc = disk(path)
    briefing = build_briefing(doc, path)
    expected = [("zelensky", "links"), ("preconditions", "by"),
                ("preconditions", "of"), ("eu-loan", "parties")]
    assert references_to(doc, "ukraine") == expected
    assert references_to(briefing, "ukraine") == expected
    assert references_to(BriefingIndex(briefing), "ukraine") == expected
    assert references_to(doc, "invasion") == []
    doc["actors"]["2"]["links"] = ["ukraine"]  # its own link goes with it
    assert references_to(doc, "ukraine") == expected


def test_the_editing_layer_never_imports_textual() -> None:
    code = (
        "import sys\nimport tui.authoring.editor, tui.authoring.seen\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""



@pytest.mark.usefixtures("seed_article")
def test_an_editor_with_the_article_checks_the_touched_entries_and_what_they_name_only(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the article attached, an edit is checked against it at the entries it touched,
    not by checking the whole briefing again (at 100,000 entries that took seconds per
    save); the entries they name are there, so a reference is not taken for a dangling one."""
    import tui.authoring.editor as editor_module

    keep_article(read_article(SEED))
    articles = attached_articles(sources_of(disk(path)))
    checked: list[list[str]] = []
    real = editor_module.check_document

    def counted(doc: Any, arts: Any = None) -> Any:
        checked.append(sorted(row["id"] for kind in ("actors", "meetings", "demands",
                                                     "corruption", "financing", "events")
                              for row in (doc.get(kind) or {}).values()))
        return real(doc, arts)

    monkeypatch.setattr(editor_module, "check_document", counted)
    editor = Editor(path, articles=articles)
    editor.add("meetings", NEW["meetings"])  # names zelensky
    assert checked == [["madrid-talks", "zelensky"]]
    bad = {**NEW["events"], "sources": [loc(1, 4)]}  # paragraph 1 has 3 sentences
    with pytest.raises(InvalidBriefing, match="past the end of the attached article"):
        editor.add("events", bad)
    assert disk(path)["meetings"]["2"]["id"] == "madrid-talks"


@pytest.mark.usefixtures("seed_article")
def test_an_editor_with_the_article_deletes_an_entry_and_detaches_what_named_it(
        path: Path) -> None:
    """The article check looks at the entries an edit touched that are still there: a
    delete (its entry gone, the entries that named it changed) is checked, not crashed."""
    keep_article(read_article(SEED))
    editor = Editor(path, articles=attached_articles(sources_of(disk(path))))
    base = next(row for row in disk(path)["actors"].values() if row["id"] == "zelensky")
    editor.delete("zelensky", base, detach=True)
    document = disk(path)
    assert all(row["id"] != "zelensky" for row in document["actors"].values())
    named = [row for kind in ("meetings", "demands", "corruption", "financing", "events")
             for row in (document.get(kind) or {}).values()
             if "zelensky" in str([row.get(f) for f in ("participants", "parties", "links")])]
    assert named == []
