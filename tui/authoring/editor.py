"""The Editor: add, update and delete entries of one briefing file, with a change log
and undo/redo.

No UI here (the data layer never imports Textual); a form calls it.

Every edit is one ``BriefingStore.transaction()``: the file is re-read inside the lock, the
entry on disk is compared with what the form saw when it was opened (``base``), the edit
is applied, one row is appended to the briefing's ``changes`` table (so the history
travels with the file; see docs/FORMAT.md, "The changes table"), and the whole document
is validated and written atomically. A conflict raises ``EditConflict`` and a rule broken
raises ``InvalidBriefing``; either way nothing on disk changes. Each edit returns the
``Change`` it committed, with what was written (``Change.written``).

Values are compared as JSON values (``1`` and ``1.0`` and ``true`` differ), and a field
that is left out is the same as the field at its default (``model.fields_of``).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from tui.authoring.changes import (
    CHANGES_TABLE,
    Change,
    EditConflict,
    Effect,
    RefEdit,
    reader_name,
    utc_now,
)
from tui.authoring.compare import changed_fields, keep_presence, same_entry, same_json
from tui.authoring.form_checks import is_at
from tui.authoring.references import detaching_edits
from tui.core.accounts import ACCOUNTS
from tui.core.article import Article
from tui.core.errors import BriefingError, InvalidBriefing
from tui.core.model import ENTRY_KINDS
from tui.core.validate import check_document, next_doc_id
from tui.storage.bundled import is_bundled
from tui.storage.jsonio import MAX_DEPTH, depth_ok
from tui.storage.savecheck import part_around
from tui.storage.store import BriefingStore

__all__ = ["Editor"]


@dataclass
class _Found:
    kind: str
    doc_id: int
    data: dict[str, Any]


def _find(db: TinyDB, entry_id: Any) -> _Found | None:
    if not isinstance(entry_id, str):
        return None
    # The rows as stored, not ``Table.all()``: that wraps every row of every table in a new
    # ``Document`` to find one (0.1 s a look-up at 100,000 entries).
    tables = db.storage.read() or {}
    for kind in ENTRY_KINDS:
        for key, row in (tables.get(kind) or {}).items():
            if isinstance(row, dict) and row.get("id") == entry_id:
                return _Found(kind, int(key), copy.deepcopy(row))
    return None


def _replace_with(data: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    def replace(doc: MutableMapping[Any, Any]) -> None:
        doc.clear()
        doc.update(copy.deepcopy(data))
    return replace


def _set_field(name: str, value: Any) -> Callable[[MutableMapping[Any, Any]], None]:
    def set_field(doc: MutableMapping[Any, Any]) -> None:
        doc[name] = copy.deepcopy(value)
    return set_field


def _account(account: dict[str, Any]) -> dict[str, Any]:
    out = {"value": copy.deepcopy(account.get("value")),
           "sources": list(account.get("sources") or ())}
    note = account.get("note")
    if isinstance(note, str) and note.strip():
        out["note"] = note.strip()
    return out


class Editor:
    """Edits one briefing file. Keeps this session's undo and redo stacks.

    ``by`` is the name logged with each change (default: the login name). ``clock``
    gives the ``at`` timestamp (default: ``utc_now``). With ``articles`` (source id ->
    attached article), an edit whose entry cites a sentence the attached article does
    not have is refused too, as ``briefing check`` would report it.
    """

    def __init__(
        self, store: BriefingStore | Path | str, *, by: str | None = None,
        clock: Callable[[], str] | None = None, articles: dict[str, Article] | None = None,
    ) -> None:
        if not isinstance(store, BriefingStore):
            store = BriefingStore(Path(store))
        if store.path is not None and is_bundled(store.path):
            raise BriefingError(
                store.path,
                "is a bundled briefing and is never edited in place; edit the copy "
                "editable_path() makes",
            )
        self.store = store
        self.by = by or reader_name()
        self.clock = clock or utc_now
        self.articles = articles
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self.written: set[int] = set()  # ids of the changes this editor wrote (its own)

    @property
    def path(self) -> Path | None:
        return self.store.path

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def history(self) -> list[Change]:
        """The changes undo would revert, oldest first."""
        return list(self._undo)

    def document(self) -> dict[str, Any]:
        """The briefing as it is on disk now (raw, for ``check_entry`` and ``references_to``)."""
        return self.store.read_document()

    # -- the three edits --

    def add(self, kind: str, data: dict[str, Any]) -> Change:
        """Add a new entry of ``kind``. An id already in use is refused by validation."""
        if kind not in ENTRY_KINDS:
            raise ValueError(f"not an entry kind: {kind!r}")
        if not isinstance(data, dict):
            raise TypeError("an entry is a dict")
        wanted = copy.deepcopy(data)

        def build(db: TinyDB) -> Effect:
            return Effect(kind, None, None, wanted)

        change = self._commit(build, check=False)
        assert change is not None
        self._new_edit(change)
        return change

    def update(
        self, entry_id: str, new_data: dict[str, Any], base: dict[str, Any], *, force: bool = False
    ) -> Change | None:
        """Replace the entry ``entry_id`` with ``new_data`` (the whole entry, as the form
        has it; start from ``base`` and change what the user changed).

        ``base`` is the entry as the form saw it when it was opened. If the entry on disk
        is not ``base`` any more, ``EditConflict`` is raised and nothing is written, unless
        ``force`` (overwrite deliberately; still logged, and undo restores theirs). An
        entry someone deleted raises ``EditConflict`` even with ``force``: to keep yours,
        ``add`` it again. Returns None, writing and logging nothing, when ``new_data`` is
        what is on disk already.
        """
        if not isinstance(new_data, dict):
            raise TypeError("an entry is a dict")
        wanted = copy.deepcopy(new_data)

        def build(db: TinyDB) -> Effect | None:
            found = _find(db, entry_id)
            if found is None:
                raise EditConflict(self.store.label, entry_id, None, wanted)
            if not force and not same_entry(found.kind, found.data, base):
                raise EditConflict(self.store.label, entry_id, found.data, wanted)
            after = keep_presence(found.kind, found.data, wanted)
            if same_json(after, found.data):
                return None
            return Effect(found.kind, found.doc_id, found.data, after)

        change = self._commit(build, check=False)
        if change is not None:
            self._new_edit(change)
        return change

    def delete(
        self, entry_id: str, base: dict[str, Any], *, detach: bool = False, force: bool = False
    ) -> Change | None:
        """Delete the entry ``entry_id``.

        Conflicts as ``update``. If other entries point at it, the delete is refused by
        validation (a dangling reference, ``InvalidBriefing``) unless ``detach``: then the
        references are removed from those entries in the same transaction and logged in
        the change's ``detached``. Returns None when the entry is already gone and
        ``force`` is given (without it, that is an ``EditConflict``).
        """

        def build(db: TinyDB) -> Effect | None:
            found = _find(db, entry_id)
            if found is None:
                if force:
                    return None
                raise EditConflict(self.store.label, entry_id, None, None)
            if not force and not same_entry(found.kind, found.data, base):
                raise EditConflict(self.store.label, entry_id, found.data, None)
            refs: list[RefEdit] = []
            if detach:
                refs = detaching_edits(db.storage.read() or {}, entry_id)
            return Effect(found.kind, found.doc_id, found.data, None, tuple(refs))

        change = self._commit(build, check=False)
        if change is not None:
            self._new_edit(change)
        return change

    def set_dispute(
        self, entry_id: str, field_name: str, accounts: list[dict[str, Any]] | None,
        base: dict[str, Any], *, force: bool = False,
    ) -> Change | None:
        """Record (or, with ``accounts`` None or empty, remove) the accounts of a dispute on
        one field of the entry: an ``update`` of its ``accounts`` field, so it is checked,
        logged and undone like any edit. Each account is ``{"value", "sources", "note"}``;
        a note that is blank is left out. An account's sentences the entry does not cite yet
        are added to its ``sources``: the entry rests on them too."""
        wanted = copy.deepcopy(base)
        table = dict(wanted.get(ACCOUNTS) or {})
        if accounts:
            table[field_name] = [_account(a) for a in accounts]
            cited = list(wanted.get("sources") or [])
            cited += [loc for loc in dict.fromkeys(
                loc for a in table[field_name] for loc in a["sources"]) if loc not in cited]
            wanted["sources"] = cited
        else:
            table.pop(field_name, None)
        if table:
            wanted[ACCOUNTS] = table
        else:
            wanted.pop(ACCOUNTS, None)
        return self.update(entry_id, wanted, base, force=force)

    def update_meta(self, new_meta: dict[str, Any], base: dict[str, Any], *,
                    force: bool = False) -> Change | None:
        """Replace the briefing's own record (title, summary, bottom line, as-of).

        Conflicts as ``update``, and logged the same way (``kind`` is ``briefing``). Not on
        the undo stack: undo and redo are for entries.
        """
        wanted = copy.deepcopy(new_meta)
        with self.store.transaction() as db:
            table = db.table("briefing")
            docs = table.all()
            if len(docs) != 1:
                raise BriefingError(self.store.label, "the briefing table must hold one record")
            current = dict(docs[0])
            if not force and not same_json(current, base):
                raise EditConflict(self.store.label, str(current.get("id")), current, wanted)
            if same_json(current, wanted):
                return None
            table.update(_replace_with(wanted), doc_ids=[docs[0].doc_id])
            fields = sorted(n for n in set(current) | set(wanted)
                            if not same_json(current.get(n), wanted.get(n)))
            row_id = self._next_change_id(db)
            change = Change(
                id=row_id, at=self.clock(), by=self.by, action="update", kind="briefing",
                entry=str(wanted.get("id") or current.get("id")), fields=tuple(fields),
                old={n: copy.deepcopy(current[n]) for n in fields if n in current},
                new={n: copy.deepcopy(wanted[n]) for n in fields if n in wanted},
                doc_id=docs[0].doc_id,
            )
            db.table(CHANGES_TABLE).insert(Document(change.row(), doc_id=row_id))
        return self._written(change)

    def resolve(self, build: Callable[[TinyDB], Effect | dict[str, Any]]) -> Change:
        """One merge-conflict resolution (``tui.authoring.resolve``), in one transaction.

        ``build`` removes the conflict's record and returns either the entry change to make
        (applied, logged and undoable like any edit) or the fields of the row to log when
        no entry changes (``action``, ``kind``, ``entry``, ``fields``, ``old``, ``new``)."""
        with self.store.transaction() as db:
            made = build(db)
            if isinstance(made, Effect):
                change = self._apply(db, made, check=False, undoes=None, redoes=None)
            else:
                row_id = self._next_change_id(db)
                change = Change(id=row_id, at=self.clock(), by=self.by, **made)
                db.table(CHANGES_TABLE).insert(Document(change.row(), doc_id=row_id))
        self.written.add(change.id)
        if isinstance(made, Effect):
            self._new_edit(change)
        return self._written(change)

    # -- undo and redo --

    def undo(self) -> Change | None:
        """Revert the last change of this session (None when there is none).

        The inverse is applied as a new logged change (an add is undone by a delete and
        so on) with ``undoes`` naming the change it reverts. If the entry (or a reference
        list a delete detached) is no longer as that change left it, ``EditConflict`` is
        raised, nothing is written and the change stays undoable.
        """
        if not self._undo:
            return None
        change = self._undo.pop()
        assert change.effect is not None
        done = self._replay(change, self._undo, change.effect.inverse(), undoes=change.id)
        self._redo.append(change)
        return done

    def redo(self) -> Change | None:
        """Apply again the change the last undo reverted (None when there is none); logged
        with ``redoes`` naming it. Conflicts as ``undo``. A new edit empties the redo stack."""
        if not self._redo:
            return None
        change = self._redo.pop()
        assert change.effect is not None
        done = self._replay(change, self._redo, change.effect, redoes=change.id)
        self._undo.append(done)
        return done

    def _replay(
        self, change: Change, stack: list[Change], effect: Effect, *,
        undoes: int | None = None, redoes: int | None = None,
    ) -> Change:
        """Apply ``effect`` (checked against the file) for undo or redo; on failure
        ``change`` goes back on the ``stack`` it was taken from."""
        try:
            done = self._commit(lambda db: effect, check=True, undoes=undoes, redoes=redoes)
        except BaseException:
            stack.append(change)
            raise
        assert done is not None
        return done

    # -- the transaction --

    def _new_edit(self, change: Change) -> None:
        self._undo.append(change)
        self._redo.clear()

    def _conflict(self, entry_id: Any, theirs: Any, mine: Any) -> EditConflict:
        return EditConflict(self.store.label, str(entry_id), theirs, mine)

    def _commit(
        self, build: Callable[[TinyDB], Effect | None], *, check: bool,
        undoes: int | None = None, redoes: int | None = None,
    ) -> Change | None:
        with self.store.transaction() as db:
            effect = build(db)
            if effect is None:
                return None
            change = self._apply(db, effect, check=check, undoes=undoes, redoes=redoes)
        self.written.add(change.id)
        return self._written(change)

    def _written(self, change: Change) -> Change:
        """``change`` with what the store just wrote (None for a briefing in memory)."""
        return dataclasses.replace(change, written=self.store.last_commit)

    def _apply(
        self, db: TinyDB, effect: Effect, *, check: bool,
        undoes: int | None, redoes: int | None,
    ) -> Change:
        found = self._locate(db, effect, check=check)
        others = self._locate_refs(db, effect)
        doc_id = self._write_entry(db, effect, found)
        for ref, other in others:
            db.table(other.kind).update(
                _set_field(ref.field, list(ref.after)), doc_ids=[other.doc_id]
            )
        # What actually happened (doc id included), for the log and for undo.
        effect = Effect(effect.kind, doc_id, effect.before, effect.after, effect.refs)
        change = self._log(db, effect, undoes=undoes, redoes=redoes)
        if self.articles:
            rows = {(effect.kind, str(doc_id))} | {(o.kind, str(o.doc_id)) for _r, o in others}
            touched = [f"{kind}/{key}" for kind, key in rows]
            # Only the articles can show a problem the store's own check does not (a locator
            # past an article's end), so only the touched entries (those still there) and
            # what they name are checked against them, never the whole briefing again.
            document = db.storage.read() or {}
            part, _ = part_around(document, {(kind, key) for kind, key in rows
                                             if key in (document.get(kind) or {})})
            problems, _ = check_document(part, self.articles)
            mine = [p for p in problems if any(is_at(p.place, t) for t in touched)]
            if mine and effect.after is not None:
                raise InvalidBriefing(self.store.label, mine)
        return change

    def _locate(self, db: TinyDB, effect: Effect, *, check: bool) -> _Found | None:
        """Where the entry is now, and (for undo/redo, ``check``) that it is as the change
        expects. None for an add (an id already in use is refused by validation)."""
        if effect.before is not None:
            found = _find(db, effect.before.get("id"))
            if check and (
                found is None or found.kind != effect.kind
                or not same_entry(effect.kind, found.data, effect.before)
            ):
                raise self._conflict(
                    effect.before.get("id"), found.data if found else None, effect.after
                )
            return found
        found = _find(db, (effect.after or {}).get("id"))
        if check and found is not None:
            raise self._conflict(found.data["id"], found.data, effect.after)
        return None

    def _locate_refs(self, db: TinyDB, effect: Effect) -> list[tuple[RefEdit, _Found]]:
        """The entries whose reference lists the change edits, each as the change expects."""
        others: list[tuple[RefEdit, _Found]] = []
        for ref in effect.refs:
            other = _find(db, ref.entry)
            current = other.data.get(ref.field) if other else None
            if other is None or not (
                isinstance(current, list) and same_json(current, list(ref.before))
            ):
                raise self._conflict(
                    ref.entry, other.data if other else None,
                    {**(other.data if other else {}), ref.field: list(ref.after)},
                )
            others.append((ref, other))
        return others

    @staticmethod
    def _write_entry(db: TinyDB, effect: Effect, found: _Found | None) -> int:
        """Remove, replace or insert the entry; its document id."""
        if effect.after is None:
            assert found is not None
            db.table(found.kind).remove(doc_ids=[found.doc_id])
            return found.doc_id
        if found is not None:
            db.table(found.kind).update(_replace_with(effect.after), doc_ids=[found.doc_id])
            return found.doc_id
        table = db.table(effect.kind)
        wanted = effect.doc_id
        if wanted is not None and table.get(doc_id=wanted) is None:
            return table.insert(Document(copy.deepcopy(effect.after), doc_id=wanted))
        return table.insert(copy.deepcopy(effect.after))

    def _log(
        self, db: TinyDB, effect: Effect, *, undoes: int | None, redoes: int | None,
    ) -> Change:
        """Append the change's row to the ``changes`` table; the ``Change``."""
        fields = changed_fields(effect.kind, effect.before, effect.after)
        before, after = effect.before or {}, effect.after or {}
        detached = tuple((r.entry, r.field) for r in effect.refs if len(r.after) < len(r.before))
        attached = tuple((r.entry, r.field) for r in effect.refs if len(r.after) > len(r.before))
        entry_id = effect.entry_id
        row_id = self._next_change_id(db)
        change = Change(
            id=row_id, at=self.clock(), by=self.by, action=effect.action, kind=effect.kind,
            entry=entry_id if isinstance(entry_id, str) else str(entry_id),
            fields=tuple(fields),
            old={n: copy.deepcopy(before[n]) for n in fields if n in before},
            new={n: copy.deepcopy(after[n]) for n in fields if n in after},
            detached=detached, attached=attached, undoes=undoes, redoes=redoes,
            doc_id=effect.doc_id, effect=effect,
        )
        row = change.row()
        # The file must stay readable: the log nests an entry's values two levels deeper.
        if not depth_ok(row, MAX_DEPTH - 2):
            raise BriefingError(
                self.store.label,
                f"not saved: the entry is nested too deeply to log (the limit is {MAX_DEPTH})",
            )
        db.table(CHANGES_TABLE).insert(Document(row, doc_id=row_id))
        return change

    @staticmethod
    def _next_change_id(db: TinyDB) -> int:
        taken = set()
        for doc in db.table(CHANGES_TABLE).all():
            taken.add(doc.doc_id)
            value = doc.get("id")
            if isinstance(value, int) and not isinstance(value, bool):
                taken.add(value)
        return next_doc_id(taken)
