"""What changed since you last looked (tui/seen.py), over change logs written by the
real editor."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # test_editing in any import mode

from test_editing import NEW, on_disk, seed_document  # noqa: E402

from tui.authoring.editor import Editor  # noqa: E402
from tui.authoring.seen import (  # noqa: E402
    briefing_key,
    change_rows,
    changed_entries,
    changes_since,
    last_change,
    last_seen,
    mark_all_seen,
    mark_seen,
    merge_changes,
    state_file,
)
from tui.storage.paths import state_dir  # noqa: E402
from tui.storage.store import BriefingStore  # noqa: E402


def make(tmp_path: Path, name: str = "b.json") -> Path:
    target = tmp_path / name
    BriefingStore.create(target, seed_document())
    return target


def disk(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def clock() -> Any:
    """A clock that ticks one second per change, so timestamps order the changes."""
    ticks = iter(range(3600))

    def now() -> str:
        t = next(ticks)
        return f"2025-11-19T08:{t // 60:02d}:{t % 60:02d}Z"

    return now


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return make(tmp_path)


def edit_sequence(path: Path) -> Editor:
    """1 add erdogan; 2, 3 update zelensky twice; 4 delete invasion; 5 update probe and
    6 its undo; 7 delete ukraine with detach."""
    ed = Editor(path, by="alice", clock=clock())
    ed.add("actors", NEW["actors"])
    z0 = on_disk(path, "zelensky")
    z1 = {**z0, "role": "President"}
    ed.update("zelensky", z1, z0)
    ed.update("zelensky", {**z1, "role": "President of Ukraine", "aliases": ["Zelenskyy"]}, z1)
    ed.delete("invasion", on_disk(path, "invasion"))
    probe = on_disk(path, "probe")
    ed.update("probe", {**probe, "status": "closed"}, probe)
    ed.undo()
    ed.delete("ukraine", on_disk(path, "ukraine"), detach=True)
    return ed


@pytest.mark.usefixtures("seed_article")
def test_changed_entries_after_a_sequence_of_edits(path: Path) -> None:
    original = seed_document()
    edit_sequence(path)
    doc = disk(path)
    assert [r["id"] for r in change_rows(doc)] == [1, 2, 3, 4, 5, 6, 7]
    assert last_change(doc)[0] == 7

    changed = changed_entries(doc, 0)
    assert changed == {
        "erdogan": {"new": True, "deleted": False, "fields": set(NEW["actors"]),
                    "old": {}, "new_values": NEW["actors"]},
        # first old value, last new value ("role" and "aliases" were absent before); its
        # "links" lost ukraine to the detaching delete: named, without values
        "zelensky": {"new": False, "deleted": False, "fields": {"aliases", "role", "links"},
                     "old": {},
                     "new_values": {"role": "President of Ukraine", "aliases": ["Zelenskyy"]}},
        "invasion": {"new": False, "deleted": True, "fields": set(original["events"]["1"]),
                     "old": original["events"]["1"], "new_values": {}},
        "ukraine": {"new": False, "deleted": True, "fields": set(original["actors"]["2"]),
                    "old": original["actors"]["2"], "new_values": {}},
        # detached references: the field is named, the values are in the entry itself
        "preconditions": {"new": False, "deleted": False, "fields": {"by", "of"},
                          "old": {}, "new_values": {}},
        "eu-loan": {"new": False, "deleted": False, "fields": {"parties"},
                    "old": {}, "new_values": {}},
    }
    # The probe was updated and the update undone: nothing to see.
    assert "probe" not in changed

    later = changed_entries(doc, 3)
    assert set(later) == {"invasion", "ukraine", "zelensky", "preconditions", "eu-loan"}
    assert later["zelensky"] == {"new": False, "deleted": False, "fields": {"links"},
                                 "old": {}, "new_values": {}}
    assert changed_entries(doc, 7) == {}


@pytest.mark.usefixtures("seed_article")
def test_added_then_deleted_is_not_news_and_renames_are_followed(path: Path) -> None:
    ed = Editor(path, by="alice", clock=clock())
    ed.add("events", NEW["events"])
    ed.delete("budapest-dropped", NEW["events"])
    probe = on_disk(path, "probe")
    ed.update("probe", {**probe, "id": "graft-probe"}, probe)
    renamed = on_disk(path, "graft-probe")
    ed.update("graft-probe", {**renamed, "status": "closed"}, renamed)
    closed = on_disk(path, "graft-probe")
    ed.update("graft-probe", {**closed, "status": "unknown"}, closed)
    assert changed_entries(disk(path), 0) == {
        "graft-probe": {"new": False, "deleted": False, "fields": {"id", "status"},
                        "old": {"id": "probe", "status": "open"},
                        "new_values": {"id": "graft-probe", "status": "unknown"}},
    }


@pytest.mark.usefixtures("seed_article")
def test_changes_since_first_look_then_new_changes_then_mark_seen(path: Path) -> None:
    ed = Editor(path, by="bob", clock=clock())
    z0 = on_disk(path, "zelensky")
    ed.update("zelensky", {**z0, "summary": "before you looked"}, z0)
    key = briefing_key(path, disk(path))

    # First look: nothing is new, and the briefing's newest change is now recorded.
    assert changes_since(disk(path), key) == []
    assert last_seen(key) == {"last": 1, "at": disk(path)["changes"]["1"]["at"]}

    ed.add("actors", NEW["actors"])
    z1 = on_disk(path, "zelensky")
    ed.update("zelensky", {**z1, "summary": "after"}, z1)
    doc = disk(path)
    new_rows = changes_since(doc, key)
    assert [r["id"] for r in new_rows] == [2, 3]
    assert new_rows == [doc["changes"]["2"], doc["changes"]["3"]]
    assert merge_changes(new_rows) == changed_entries(doc, 1)
    assert set(merge_changes(new_rows)) == {"erdogan", "zelensky"}

    assert mark_seen(key, 3, at=doc["changes"]["3"]["at"]) is True
    assert changes_since(doc, key) == []
    assert changes_since(disk(path), key) == []


@pytest.mark.usefixtures("seed_article")
def test_a_briefing_with_no_changes_yet_reports_every_later_change(path: Path) -> None:
    key = briefing_key(path, disk(path))
    assert changes_since(disk(path), key) == []
    assert last_seen(key) == {"last": 0, "at": None}
    Editor(path, by="bob", clock=clock()).add("actors", NEW["actors"])
    assert [r["id"] for r in changes_since(disk(path), key)] == [1]


@pytest.mark.usefixtures("seed_article")
def test_a_rewritten_log_falls_back_to_time(path: Path) -> None:
    ed = Editor(path, by="bob", clock=clock())
    z0 = on_disk(path, "zelensky")
    ed.update("zelensky", {**z0, "summary": "one"}, z0)
    key = briefing_key(path, disk(path))
    mark_all_seen(disk(path), key)
    seen_at = last_seen(key)["at"]
    # The log is replaced (an older copy put back, say): ids start again, times do not.
    doc = disk(path)
    doc["changes"] = {"1": {**doc["changes"]["1"], "at": "2025-11-19T09:00:00Z",
                            "fields": ["summary"]}}
    assert seen_at < "2025-11-19T09:00:00Z"
    assert [r["at"] for r in changes_since(doc, key)] == ["2025-11-19T09:00:00Z"]


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("garbage", [b"{not json", b"", b"[1, 2]", b'{"version": 99}',
                                     b'{"version": 1, "readers": {"x": []}}', b"\xff\xfe"])
def test_a_corrupt_state_file_is_ignored_and_rewritten(path: Path, garbage: bytes) -> None:
    Editor(path, by="bob", clock=clock()).add("actors", NEW["actors"])
    key = briefing_key(path, disk(path))
    state_file().parent.mkdir(parents=True, exist_ok=True)
    state_file().write_bytes(garbage)
    assert last_seen(key) is None
    assert changes_since(disk(path), key) == []  # a first look again: no crash
    assert last_seen(key) == {"last": 1, "at": disk(path)["changes"]["1"]["at"]}
    state = json.loads(state_file().read_text())  # rewritten, valid
    assert state["version"] == 1
    state_file().write_bytes(garbage)
    assert mark_seen(key, 1) is True
    assert last_seen(key) == {"last": 1, "at": None}


@pytest.mark.usefixtures("seed_article")
def test_an_unwritable_state_folder_is_not_a_crash(path: Path) -> None:
    state_dir().parent.mkdir(parents=True, exist_ok=True)
    if state_dir().exists():
        state_dir().rmdir()
    state_dir().write_text("a file where the folder should be")
    key = briefing_key(path, disk(path))
    assert mark_seen(key, 1) is False
    assert changes_since(disk(path), key) == []
    assert last_seen(key) is None


@pytest.mark.usefixtures("seed_article")
def test_separate_briefings_and_readers_do_not_share_state(tmp_path: Path) -> None:
    one = make(tmp_path, "one.json")
    (tmp_path / "other").mkdir()
    two = make(tmp_path / "other", "one.json")  # the same briefing id, another file
    for p in (one, two):
        Editor(p, by="bob", clock=clock()).add("actors", NEW["actors"])
    key1, key2 = briefing_key(one, disk(one)), briefing_key(two, disk(two))
    assert key1 != key2
    mark_seen(key1, 0)
    mark_seen(key2, 1)
    assert [r["id"] for r in changes_since(disk(one), key1)] == [1]
    assert changes_since(disk(two), key2) == []
    assert changes_since(disk(one), key1, reader="carol") == []  # carol's first look
    assert last_seen(key1, reader="carol") == {"last": 1, "at": disk(one)["changes"]["1"]["at"]}
    assert last_seen(key1) == {"last": 0, "at": None}  # the default reader's mark is kept


@pytest.mark.usefixtures("seed_article")
def test_malformed_rows_are_skipped(path: Path) -> None:
    Editor(path, by="bob", clock=clock()).add("actors", NEW["actors"])
    doc = disk(path)
    doc["changes"]["2"] = ["not", "a", "row"]
    doc["changes"]["3"] = {"id": "3", "action": "add", "entry": "x"}
    doc["changes"]["4"] = {"id": 4, "action": "rename", "entry": "x"}
    assert [r["id"] for r in change_rows(doc)] == [1]
    assert set(changed_entries(doc, 0)) == {"erdogan"}
    assert change_rows({"changes": []}) == [] and change_rows(None) == []


@pytest.mark.parametrize(("before", "after"), [(None, []), (None, ""), ([], None), ("", None),
                                               ({}, None)])
def test_saying_nothing_another_way_is_not_a_change(before: Any, after: Any) -> None:
    rows = [{"id": 1, "action": "update", "kind": "actors", "entry": "a",
             "fields": ["aliases", "role"], "old": {"aliases": before, "role": "envoy"},
             "new": {"aliases": after, "role": "special envoy"}}]
    merged = merge_changes(rows)
    assert merged["a"]["fields"] == {"role"}


def test_a_field_emptied_is_still_a_change() -> None:
    rows = [{"id": 1, "action": "update", "kind": "actors", "entry": "a",
             "fields": ["aliases"], "old": {"aliases": ["Steve"]}, "new": {"aliases": []}}]
    assert merge_changes(rows)["a"]["fields"] == {"aliases"}
