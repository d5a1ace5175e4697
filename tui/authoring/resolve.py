"""Resolving what ``briefing merge`` could not: the records of its ``conflicts`` table.

A merge that met the same field changed differently on both sides (or an entry edited on
one side and deleted on the other) keeps ours' value and records the conflict
(docs/FORMAT.md, "The conflicts table"). A reader settles each record here, one at a time:

- ``ours``: keep the value the file holds now (ours', unless edited since);
- ``theirs``: put their value in the field;
- ``edited``: write a value of the reader's own (a whole entry, as a form has it);
- ``keep`` / ``delete``, for an edit against a delete: keep the edited entry, or delete it
  (references to it are removed with it, as a delete from the app does).

Each resolution is one store transaction: the record is removed (only if it is still the
one the reader saw) and one row is logged in ``changes``. A change to an entry is logged
as the edit it is, and undo reverts it like any edit (the record stays resolved); keeping
what is there is logged as ``action: "resolve"``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, MutableMapping
from typing import Any

from tinydb import TinyDB

from tui.authoring.changes import Change, EditConflict, Effect
from tui.authoring.compare import defaults_of, keep_presence, same_entry, same_json
from tui.authoring.editor import Editor
from tui.authoring.references import detaching_edits
from tui.core.conflicts import CONFLICTS_TABLE, MergeConflict, merge_conflicts
from tui.core.errors import BriefingError
from tui.core.model import ENTRY_KINDS

__all__ = ["CONFLICTS_TABLE", "MergeConflict", "merge_conflicts", "resolve_conflict"]

def resolve_conflict(editor: Editor, conflict: MergeConflict, choice: str, *,
                     entry: dict[str, Any] | None = None,
                     base: dict[str, Any] | None = None) -> Change:
    """Settle ``conflict`` by ``choice`` (see the module's description); for ``edited``,
    ``entry`` is the whole entry to write and ``base`` the entry the form was opened on.

    Raises ``BriefingError`` (nothing written) when the record is no longer as the reader
    saw it, or the entry is gone; ``EditConflict`` when the entry changed since ``base``."""
    if choice not in conflict.choices:
        choices = ", ".join(conflict.choices)
        raise ValueError(f"{choice!r} does not settle this conflict ({choices})")
    if choice == "edited" and (entry is None or base is None):
        raise ValueError("an edited resolution needs the entry and its base")

    def build(db: TinyDB) -> Effect | dict[str, Any]:
        _remove_record(editor, db, conflict)
        if choice in ("ours", "keep"):
            return _kept(conflict, choice)
        if conflict.kind in ENTRY_KINDS:
            return _entry_effect(editor, db, conflict, choice, entry, base)
        return _set_row_field(editor, db, conflict)

    return editor.resolve(build)


def _remove_record(editor: Editor, db: TinyDB, conflict: MergeConflict) -> None:
    table = db.table(CONFLICTS_TABLE)
    row = table.get(doc_id=conflict.doc_id)
    if row is None or not same_json(dict(row), conflict.row):  # type: ignore[arg-type]
        raise BriefingError(editor.store.label, "this merge conflict was resolved or changed "
                            "since you opened it; nothing was written (reopen the list)")
    table.remove(doc_ids=[conflict.doc_id])
    if not len(table):
        db.drop_table(CONFLICTS_TABLE)  # the file reads as if it had never had one


def _kept(conflict: MergeConflict, choice: str) -> dict[str, Any]:
    """The log row of a resolution that changes no entry."""
    return {"action": "resolve", "kind": conflict.kind, "entry": conflict.entry,
            "fields": (conflict.field,) if conflict.field else (), "old": {},
            "new": {"kept": "ours" if choice == "ours" else "the entry"}}


def _located(editor: Editor, db: TinyDB, conflict: MergeConflict) -> tuple[int, dict[str, Any]]:
    for doc in db.table(conflict.kind).all():
        if doc.get("id") == conflict.entry:
            return doc.doc_id, copy.deepcopy(dict(doc))
    raise BriefingError(editor.store.label, f"{conflict.kind}/{conflict.entry} is no longer "
                        "in the briefing; nothing was written")


def _entry_effect(editor: Editor, db: TinyDB, conflict: MergeConflict, choice: str,
                  entry: dict[str, Any] | None, base: dict[str, Any] | None
                  ) -> Effect | dict[str, Any]:
    doc_id, current = _located(editor, db, conflict)
    if choice == "delete":
        refs = detaching_edits(db.storage.read() or {}, conflict.entry)
        return Effect(conflict.kind, doc_id, current, None, tuple(refs))
    if choice == "edited":
        assert entry is not None and base is not None
        if not same_entry(conflict.kind, current, base):
            raise EditConflict(editor.store.label, conflict.entry, current, entry)
        after = keep_presence(conflict.kind, current, entry)
    elif conflict.dispute is not None:
        after = _with_accounts(current, conflict.dispute, conflict.theirs)
    else:
        after = _with_value(current, conflict.field or "", conflict.theirs,
                            defaults_of(conflict.kind))
    if same_entry(conflict.kind, after, current):  # nothing to change: a keep, not an edit
        return _kept(conflict, "ours")
    return Effect(conflict.kind, doc_id, current, after)


def _with_accounts(row: dict[str, Any], field: str, accounts: Any) -> dict[str, Any]:
    """``row`` with theirs accounts of ``field`` (none: the dispute removed)."""
    out = copy.deepcopy(row)
    disputes = dict(out.get("accounts") or {})
    if accounts is None:
        disputes.pop(field, None)
    else:
        disputes[field] = copy.deepcopy(accounts)
    if disputes:
        out["accounts"] = disputes
    else:
        out.pop("accounts", None)
    return out


def _with_value(row: dict[str, Any], field: str, value: Any,
                defaults: dict[str, Any]) -> dict[str, Any]:
    """``row`` with ``field`` set to ``value``; the value a field has when left out (its
    default, or none) is written by leaving it out, as the merge compared it."""
    out = copy.deepcopy(row)
    if same_json(value, defaults.get(field)):
        out.pop(field, None)
    else:
        out[field] = copy.deepcopy(value)
    return out


def _replaced_by(data: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    def replace(doc: MutableMapping[Any, Any]) -> None:
        doc.clear()
        doc.update(copy.deepcopy(data))
    return replace


def _set_row_field(editor: Editor, db: TinyDB, conflict: MergeConflict) -> dict[str, Any]:
    """Theirs, in the briefing's own record or a source: set there; logged as an update of
    the briefing (as the Overview form logs it) or a resolve of the source."""
    table = db.table(conflict.kind)
    for doc in table.all():
        if conflict.kind == "briefing" or doc.get("id") == conflict.entry:
            field = conflict.field or ""
            before = copy.deepcopy(dict(doc))
            after = _with_value(before, field, conflict.theirs, {})
            table.update(_replaced_by(after), doc_ids=[doc.doc_id])
            old = {field: before[field]} if field in before else {}
            new = {field: after[field]} if field in after else {}
            action = "update" if conflict.kind == "briefing" else "resolve"
            return {"action": action, "kind": conflict.kind, "entry": conflict.entry,
                    "fields": (field,), "old": old, "new": new}
    raise BriefingError(editor.store.label, f"{conflict.kind}/{conflict.entry} is no longer "
                        "in the briefing; nothing was written")
