"""What changed since you last looked: per reader and per briefing, the last change seen.

A briefing's ``changes`` table (written by ``tui.authoring.editor``; see docs/FORMAT.md) numbers
every change 1, 2, 3... This module remembers, for each reader and each briefing, the
number of the last change the reader has seen, in one small JSON file in the state folder
(``tui.storage.paths.state_dir()/seen.json``), and says which entries changed after it.

- A briefing is known by its id *and* its path (``briefing_key``): two copies of one
  briefing (the bundled one and your editable copy, say) are remembered separately.
- **First look:** a briefing this reader has no record of is taken as entirely seen
  (``changes_since`` returns nothing and records the briefing's last change as seen), so
  opening the bundled briefing, or a briefing someone sends you, does not flag every entry
  it ever had as new. Changes made after that first look are new.
- The state file is written atomically (``atomic.write_atomic``) under a lock, so two
  windows marking different briefings do not lose each other's marks. A state file that
  cannot be read or is not what this module writes is ignored (as if empty) and is
  replaced on the next ``mark_seen``. It is read only as a regular file (never through a
  link, never waiting on a FIFO) of at most ``MAX_STATE_BYTES``; ``warm_state`` reads it
  (the app calls it off the UI thread) and says, once, why a file was not used. What was
  read is kept while the file stays the same, so later look-ups cost one ``stat``.
- The change log lives in the briefing, which may be rewritten by other means (an older
  copy put back, the log removed). The timestamp of the last change seen is kept too;
  when the log no longer holds that change as it was, changes newer than that time count
  as new.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui.authoring.changes import reader_name
from tui.core.errors import BriefingError, cause_in_words
from tui.storage.atomic import write_atomic
from tui.storage.jsonio import parse_json_bytes
from tui.storage.locking import locked
from tui.storage.paths import state_dir
from tui.storage.safe_read import own_folder, read_own_file

__all__ = [
    "STATE_FILE", "state_file", "briefing_key", "change_rows", "last_change",
    "changes_since", "changed_entries", "merge_changes", "last_seen", "mark_seen",
    "mark_all_seen", "warm_state", "state_notice", "MAX_STATE_BYTES",
]

STATE_FILE = "seen.json"
_VERSION = 1
_ABSENT = object()
_ACTIONS = ("add", "update", "delete")
# About 40,000 briefings' records: far more than anyone reads, small enough to parse at once.
MAX_STATE_BYTES = 4 * 1024 * 1024


def state_file() -> Path:
    return state_dir() / STATE_FILE


def _reader(reader: str | None) -> str:
    return reader or reader_name()


def briefing_key(path: Path | str, document: Any) -> str:
    """The key a briefing's state is kept under: its id and its absolute path."""
    briefing_id = None
    try:
        briefing_id = next(iter(document["briefing"].values())).get("id")
    except (KeyError, TypeError, AttributeError, StopIteration):
        pass
    return f"{briefing_id if isinstance(briefing_id, str) else ''}@{Path(path).resolve()}"


# --- reading the log -----------------------------------------------------------------


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _pairs(value: Any) -> list[tuple[str, str]]:
    out = []
    for item in value if isinstance(value, list) else ():
        if (isinstance(item, list) and len(item) == 2
                and all(isinstance(x, str) for x in item)):
            out.append((item[0], item[1]))
    return out


def change_rows(document: Any) -> list[dict[str, Any]]:
    """The well-formed rows of a document's ``changes`` table, by id. Malformed rows (the
    table is not checked by the format's rules) are skipped."""
    table = document.get("changes") if isinstance(document, dict) else None
    rows = []
    for row in table.values() if isinstance(table, dict) else ():
        if (
            isinstance(row, dict) and _int(row.get("id")) is not None
            and row.get("action") in _ACTIONS and isinstance(row.get("entry"), str)
            and isinstance(row.get("fields", []), list)
            and isinstance(row.get("old", {}), dict) and isinstance(row.get("new", {}), dict)
        ):
            rows.append(row)
    rows.sort(key=lambda r: r["id"])
    return rows


def last_change(document: Any) -> tuple[int, str | None]:
    """(id, at) of the newest change in the document; (0, None) when it has none."""
    rows = change_rows(document)
    if not rows:
        return 0, None
    at = rows[-1].get("at")
    return rows[-1]["id"], at if isinstance(at, str) else None


# --- the state file ------------------------------------------------------------------


def _empty() -> dict[str, Any]:
    return {"version": _VERSION, "readers": {}}


# (file identity, state, why the file was not used) of the last read: read again only
# when the file changed. One tuple, replaced whole, so threads never see half of it.
_read: tuple[tuple[object, ...] | None, dict[str, Any], str | None] = (None, _empty(), None)
# The file (its identity) last refused: never written over, for it may hold other readers'
# records this program cannot read (a newer version's, say). The notice says it once.
_refused: list[tuple[object, ...] | None] = [None]


def _identity() -> tuple[object, ...] | None:
    path = state_file()
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns,
            info.st_ctime_ns)


def _parse_state() -> tuple[dict[str, Any], str | None]:
    """(state, why the file was not used): an empty state when it is missing or refused."""
    path = state_file()
    try:
        state = parse_json_bytes(read_own_file(path, MAX_STATE_BYTES), path)
    except FileNotFoundError:
        return _empty(), None
    except BriefingError as err:
        return _empty(), f"{err}; changes since you last looked start afresh"
    except OSError as err:
        return _empty(), f"{path}: cannot be read: {cause_in_words(err)}"
    if (
        not isinstance(state, dict) or state.get("version") != _VERSION
        or not isinstance(state.get("readers"), dict)
    ):
        return _empty(), f"{path}: not a state file this program wrote; it is ignored"
    return state, None


def _load_state() -> dict[str, Any]:
    """The whole state (not to be changed), or an empty one when the file is missing,
    refused or odd."""
    global _read
    identity = _identity()
    known, state, _ = _read
    if identity is None or identity != known:
        state, problem = _parse_state()
        _read = (identity, state, problem)
        _refused[0] = identity if problem is not None else None
    return state


def warm_state() -> None:
    """Read the state file now, if it changed since it was last read: the app does this
    off the UI thread, so that the UI thread's look-ups cost one ``stat``."""
    _load_state()


def state_notice() -> str | None:
    """Why the state file was not used (too large, a link, a FIFO, not JSON...), said once;
    None when it was used or there is none. Reads the file first if it changed."""
    global _read
    _load_state()
    identity, state, problem = _read
    _read = (identity, state, None)
    return problem


def last_seen(key: str, *, reader: str | None = None) -> dict[str, Any] | None:
    """``{"last": id, "at": timestamp or None}`` for a briefing, or None when this reader
    has no (usable) record of it."""
    mine = _load_state()["readers"].get(_reader(reader))
    record = mine.get(key) if isinstance(mine, dict) else None
    if not isinstance(record, dict) or _int(record.get("last")) is None or record["last"] < 0:
        return None
    at = record.get("at")
    return {"last": record["last"], "at": at if isinstance(at, str) else None}


@contextlib.contextmanager
def _state_lock() -> Iterator[None]:
    folder = own_folder(state_dir())  # not a link, the user's own
    with locked(folder / f".{STATE_FILE}.lock", mode=0o600):
        yield


def _set_aside(path: Path) -> None:
    """Move a refused state file out of the way (a regular file is kept under a new name; a
    link or a FIFO in its place is removed, never followed)."""
    info = os.lstat(path)
    if stat.S_ISREG(info.st_mode):
        os.replace(path, path.with_name(f"{path.name}.refused-{time.strftime('%Y%m%dT%H%M%S')}"
                                        f"-{os.getpid()}"))
    else:
        os.unlink(path)


def mark_seen(
    key: str, up_to_id: int, *, at: str | None = None, reader: str | None = None
) -> bool:
    """Remember that the reader has seen the briefing's changes up to ``up_to_id``
    (``at``: that change's timestamp, if known). Returns False, and changes nothing, when
    the state folder cannot be written (the reader's view is not worth a crash). A state
    file it refused to read (too large, a newer version's...) is never written over: it is
    set aside as ``seen.json.refused-TIME`` first, for it may hold other readers' records."""
    global _read
    if _int(up_to_id) is None or up_to_id < 0:
        raise ValueError(f"not a change id: {up_to_id!r}")
    try:
        with _state_lock():
            state = copy.deepcopy(_load_state())
            if _refused[0] is not None and _refused[0] == _identity():
                _set_aside(state_file())  # what it could not read is kept, never lost
            readers = state["readers"]
            mine = readers.get(_reader(reader))
            if not isinstance(mine, dict):
                mine = readers[_reader(reader)] = {}
            mine[key] = {"last": up_to_id, "at": at}
            data = json.dumps(state, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
            write_atomic(state_file(), data.encode("utf-8"), 0o600)
            _read = (_identity(), state, None)  # what is on disk now: no need to read it
    except (OSError, BriefingError):  # BriefingError: the lock file is a symbolic link
        return False
    return True


def mark_all_seen(document: Any, key: str, *, reader: str | None = None) -> bool:
    """Mark every change the document holds as seen."""
    last, at = last_change(document)
    return mark_seen(key, last, at=at, reader=reader)


# --- what is new ---------------------------------------------------------------------


def changes_since(
    document: Any, key: str, *, reader: str | None = None
) -> list[dict[str, Any]]:
    """The change rows the reader has not seen, oldest first.

    A briefing with no record for this reader counts as entirely seen: nothing is
    returned, and its newest change is recorded as seen (best effort), so that the
    changes made after this first look are the ones reported next time.
    """
    rows = change_rows(document)
    record = last_seen(key, reader=reader)
    if record is None:
        mark_all_seen(document, key, reader=reader)
        return []
    last, at = record["last"], record["at"]
    anchor = next((r for r in rows if r["id"] == last), None)
    if last == 0 or (anchor is not None and (at is None or anchor.get("at") == at)):
        return [r for r in rows if r["id"] > last]
    # The log no longer holds the change we saw as we saw it: it was rewritten.
    if at is not None:
        return [r for r in rows if isinstance(r.get("at"), str) and r["at"] > at]
    return [r for r in rows if r["id"] > last]


def changed_entries(document: Any, since_id: int) -> dict[str, dict[str, Any]]:
    """Every entry changed by the document's changes after ``since_id`` (see
    ``merge_changes``)."""
    return merge_changes([r for r in change_rows(document) if r["id"] > since_id])


def merge_changes(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Entry id -> ``{"new", "deleted", "fields", "old", "new_values"}``, netted over rows.

    Several changes to one entry merge: for each field, the first old value and the last
    new value; a field that ends where it started (an edit and its undo) is not changed.
    ``new``: the entry did not exist before these changes and does now; ``deleted``: the
    other way round. An entry added and deleted again, or left exactly as it was, is not
    listed. ``old`` and ``new_values`` hold a field only where it had a value (a field
    missing there was absent: at its default). A rename is followed: the entry is listed
    under its newest id, and ``old["id"]`` is its id before. References a delete detached
    from other entries (and an undo put back) list those entries with the field in
    ``fields`` but no values, unless they net to nothing.
    """
    out: dict[str, dict[str, Any]] = {}
    for eid, rec in _records(rows).items():
        netted = _netted(rec)
        if netted is not None:
            out[eid] = netted
    return out


def _records(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Entry id -> what the rows did to it: existed before, exists after, each field's first
    old and last new value, and the net count of references detached (-1) or attached."""
    records: dict[str, dict[str, Any]] = {}

    def record(eid: str, existed: bool) -> dict[str, Any]:
        if eid not in records:
            records[eid] = {"existed": existed, "exists": existed, "first": {}, "last": {},
                            "refs": {}}
        return records[eid]

    for row in sorted(rows, key=lambda r: r["id"]):
        action, eid = row["action"], row["entry"]
        fields = [f for f in row.get("fields", []) if isinstance(f, str)]
        old, new = row.get("old", {}), row.get("new", {})
        previous = old.get("id") if "id" in fields else None
        renamed = isinstance(previous, str) and previous != eid and previous in records
        if action == "update" and renamed and isinstance(previous, str):
            records[eid] = records.pop(previous)
        rec = record(eid, action != "add")
        for name in fields:
            if name not in rec["first"]:
                rec["first"][name] = old.get(name, _ABSENT)
            rec["last"][name] = new.get(name, _ABSENT)
        rec["exists"] = action != "delete"
        for pairs, step in ((_pairs(row.get("detached")), -1), (_pairs(row.get("attached")), 1)):
            for other, name in pairs:
                refs = record(other, True)["refs"]
                refs[name] = refs.get(name, 0) + step
    return records


def _blank(value: Any) -> bool:
    return value is _ABSENT or value is None or value in ("", [], {})


def _netted(rec: dict[str, Any]) -> dict[str, Any] | None:
    """One entry's record as ``merge_changes`` lists it, or None when it nets to nothing."""
    if not rec["existed"] and not rec["exists"]:
        return None
    changed = {
        name for name in rec["first"]
        if not _same(rec["first"][name], rec["last"][name])
    }
    if rec["existed"] and not rec["exists"]:
        changed = {n for n, v in rec["first"].items() if v is not _ABSENT}
    changed |= {name for name, delta in rec["refs"].items() if delta}
    is_new = not rec["existed"] and rec["exists"]
    deleted = rec["existed"] and not rec["exists"]
    if not (changed or is_new or deleted):
        return None
    return {
        "new": is_new,
        "deleted": deleted,
        "fields": changed,
        "old": {n: rec["first"][n] for n in changed
                if n in rec["first"] and rec["first"][n] is not _ABSENT and not is_new},
        "new_values": {n: rec["last"][n] for n in changed
                       if n in rec["last"] and rec["last"][n] is not _ABSENT and not deleted},
    }


def _same(a: Any, b: Any) -> bool:
    """Equal values, counting every way of saying "nothing" (absent, null, "", [], {}) as
    one: "aliases was (none), now []" is no change to report."""
    if _blank(a) or _blank(b):
        return _blank(a) and _blank(b)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
