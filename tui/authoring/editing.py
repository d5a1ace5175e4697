"""Authoring briefings: add, update and delete entries, with a change log and undo/redo.

No UI here (the data layer never imports Textual); a form calls it.

Every edit is one ``BriefingStore.transaction()``: the file is re-read inside the lock, the
entry on disk is compared with what the form saw when it was opened (``base``), the edit
is applied, one row is appended to the briefing's ``changes`` table (so the history
travels with the file; see docs/FORMAT.md, "The changes table"), and the whole document
is validated and written atomically. A conflict raises ``EditConflict`` and a rule broken
raises ``InvalidBriefing``; either way nothing on disk changes.

Values are compared as JSON values (``1`` and ``1.0`` and ``true`` differ), and a field
that is left out is the same as the field at its default (``model.fields_of``).
"""

from __future__ import annotations

import copy
import getpass
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from tui.core.article import Article
from tui.core.errors import BriefingError, InvalidBriefing, Problem
from tui.core.index import BriefingIndex
from tui.core.model import ENTRY_KINDS, KIND_SINGULAR, Briefing, fields_of
from tui.core.text import slug
from tui.core.validate import ID_RE, check_document
from tui.storage.jsonio import MAX_DEPTH, depth_ok, read_json_file
from tui.storage.paths import briefings_dir, bundled_dir
from tui.storage.store import BriefingStore

__all__ = [
    "CHANGES_TABLE", "Change", "EditConflict", "Editor",
    "references_to", "editable_path", "is_bundled", "blank_entry", "new_id",
    "check_entry", "check_edit", "utc_now",
]

CHANGES_TABLE = "changes"


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 to the second: ``2025-11-19T08:30:05Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reader_name() -> str:
    """Who is reading: ``$BRIEFING_READER`` when set, else the login name, else \"unknown\"."""
    chosen = " ".join(os.environ.get("BRIEFING_READER", "").split())
    if chosen and chosen.isprintable():
        return chosen
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no USER/LOGNAME and no passwd entry (some containers)
        return "unknown"


# --- comparing entries ---------------------------------------------------------------


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=True)


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: ``1``, ``1.0`` and ``True`` are three different values."""
    return _canon(a) == _canon(b)


def _defaults(kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields_of(kind):
        if f.required:
            continue
        out[f.name] = list(f.default) if isinstance(f.default, tuple) else f.default
    return out


def _normal(kind: str, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The entry with every left-out field at its default (the entry as the format reads it)."""
    if data is None:
        return None
    return {**_defaults(kind), **data}


def _same_entry(kind: str, a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    return _same(_normal(kind, a), _normal(kind, b))


def _field_order(kind: str, names: Iterable[str]) -> list[str]:
    """``id`` first, then the model's order for the kind, then other fields by name."""
    names = set(names)
    known = ["id"] + [f.name for f in fields_of(kind) if f.name != "id"]
    return [n for n in known if n in names] + sorted(n for n in names if n not in known)


def _keep_presence(kind: str, current: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``new`` as it will be written: a field whose presence differs from ``current`` but
    whose value is the default either way keeps ``current``'s form (no noise in the file
    or in the log when a form fills in defaults or leaves them out)."""
    defaults = _defaults(kind)
    out = copy.deepcopy(new)
    for name, default in defaults.items():
        if name in current and name not in out and _same(current[name], default):
            out[name] = copy.deepcopy(current[name])
        elif name not in current and name in out and _same(out[name], default):
            del out[name]
    return out


def _changed_fields(
    kind: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[str]:
    before, after = before or {}, after or {}
    names = [
        n for n in set(before) | set(after)
        if (n in before) != (n in after) or (n in before and not _same(before[n], after[n]))
    ]
    return _field_order(kind, names)


# --- errors and records --------------------------------------------------------------


class EditConflict(BriefingError):
    """The entry on disk is not what the edit was based on: someone else changed it.

    ``theirs`` is the entry as it is on disk now (None when it was deleted); ``mine`` is
    what this edit wanted to write (None for a delete). Nothing was written.
    """

    def __init__(
        self, path: object, entry_id: str, theirs: dict[str, Any] | None,
        mine: dict[str, Any] | None, message: str | None = None,
    ) -> None:
        self.entry_id = entry_id
        self.theirs = copy.deepcopy(theirs)
        self.mine = copy.deepcopy(mine)
        if message is None:
            what = "was deleted" if theirs is None else "was changed"
            message = f"{entry_id!r} {what} by someone else since you opened it"
        super().__init__(path, message)


@dataclass(frozen=True)
class _RefEdit:
    """One reference list of another entry, before and after (detaching or re-attaching)."""

    entry: str
    field: str
    before: tuple[Any, ...]
    after: tuple[Any, ...]

    def inverse(self) -> _RefEdit:
        return _RefEdit(self.entry, self.field, self.after, self.before)


@dataclass(frozen=True)
class _Effect:
    """What a change does: one entry from ``before`` to ``after`` (None = absent), plus the
    reference lists of other entries it edits. Undo applies the inverse."""

    kind: str
    doc_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    refs: tuple[_RefEdit, ...] = ()

    def inverse(self) -> _Effect:
        return _Effect(
            self.kind, self.doc_id, self.after, self.before,
            tuple(r.inverse() for r in self.refs),
        )

    @property
    def action(self) -> str:
        if self.before is None:
            return "add"
        if self.after is None:
            return "delete"
        return "update"

    @property
    def entry_id(self) -> Any:
        data = self.after if self.after is not None else self.before
        return (data or {}).get("id")


@dataclass(frozen=True)
class Change:
    """One logged change: a row of the ``changes`` table, plus what undo needs.

    A field named in ``fields`` but missing from ``old`` (or ``new``) was absent from the
    entry before (or after) the change, so it had its default. ``doc_id`` is the entry's
    TinyDB document id after the change (before it, for a delete).
    """

    id: int
    at: str
    by: str
    action: str
    kind: str
    entry: str
    fields: tuple[str, ...]
    old: dict[str, Any]
    new: dict[str, Any]
    detached: tuple[tuple[str, str], ...] = ()
    attached: tuple[tuple[str, str], ...] = ()
    undoes: int | None = None
    redoes: int | None = None
    doc_id: int | None = None
    effect: _Effect | None = field(default=None, repr=False, compare=False)

    def row(self) -> dict[str, Any]:
        """The row as stored in the ``changes`` table."""
        row: dict[str, Any] = {
            "id": self.id, "at": self.at, "by": self.by, "action": self.action,
            "kind": self.kind, "entry": self.entry, "fields": list(self.fields),
            "old": copy.deepcopy(self.old), "new": copy.deepcopy(self.new),
            "detached": [list(p) for p in self.detached],
        }
        if self.attached:
            row["attached"] = [list(p) for p in self.attached]
        if self.undoes is not None:
            row["undoes"] = self.undoes
        if self.redoes is not None:
            row["redoes"] = self.redoes
        return row


# --- references ----------------------------------------------------------------------


def _entries_of(document: dict[str, Any]) -> Iterable[tuple[str, int, dict[str, Any]]]:
    """(kind, doc id, data) of every well-formed entry of a raw document, in the
    validator's order (kind, then document id)."""
    for kind in ENTRY_KINDS:
        table = document.get(kind)
        if not isinstance(table, dict):
            continue
        rows = []
        for key, value in table.items():
            if isinstance(key, str) and key.isdigit() and isinstance(value, dict):
                rows.append((int(key), value))
        for doc_id, value in sorted(rows, key=lambda r: r[0]):
            yield kind, doc_id, value


def _ref_fields(kind: str) -> list[str]:
    return [f.name for f in fields_of(kind) if f.type == "refs"]


def references_to(
    document_or_index: dict[str, Any] | Briefing | BriefingIndex, entry_id: str
) -> list[tuple[str, str]]:
    """(entry id, field) for every other entry that points at ``entry_id``, once per field.

    Takes a raw document, a ``Briefing`` or a ``BriefingIndex``. The order is the
    briefing's (kind, then document id, then the kind's field order). The entry's own
    references to itself are left out: they go with it.
    """
    out: list[tuple[str, str]] = []
    if isinstance(document_or_index, BriefingIndex):
        document_or_index = document_or_index.briefing
    if isinstance(document_or_index, Briefing):
        for entry in document_or_index.entries:
            if entry.id == entry_id:
                continue
            for name in _ref_fields(entry.kind):
                value = entry.get(name)
                if isinstance(value, list) and entry_id in value:
                    out.append((entry.id, name))
        return out
    for kind, _doc_id, data in _entries_of(document_or_index):
        if data.get("id") == entry_id or not isinstance(data.get("id"), str):
            continue
        for name in _ref_fields(kind):
            value = data.get(name)
            if isinstance(value, list) and entry_id in value:
                out.append((data["id"], name))
    return out


# --- bundled briefings ---------------------------------------------------------------


def is_bundled(path: Path | str) -> bool:
    """True for a briefing that ships with the program (never edited in place)."""
    try:
        return Path(path).resolve().is_relative_to(bundled_dir().resolve())
    except OSError:
        return False


def _briefing_id(document: Any) -> Any:
    try:
        meta = document["briefing"]
        return next(iter(meta.values())).get("id")
    except (KeyError, TypeError, AttributeError, StopIteration):
        return None


def editable_path(path: Path | str) -> Path:
    """Where to edit ``path``: itself for the user's own files; for a bundled briefing, a
    copy in the user's briefings folder, made the first time (and found again after).

    The copy is named like the bundled file (``ankara.json``, or ``ankara-2.json`` and
    so on when a different briefing already has the name). An existing file there is the
    copy when it holds a briefing with the same id. The bundled file is only read.
    """
    path = Path(path)
    if not is_bundled(path):
        return path
    source = path.resolve()
    document = read_json_file(source)
    wanted = _briefing_id(document)
    folder = briefings_dir()
    n = 1
    while True:
        name = f"{source.stem}.json" if n == 1 else f"{source.stem}-{n}.json"
        candidate = folder / name
        n += 1
        if candidate.exists() or candidate.is_symlink():
            if _is_copy(candidate, wanted):
                return candidate
            continue
        try:
            BriefingStore.create(candidate, document)
        except BriefingError:
            # Another process made it meanwhile (or the name is taken some other way).
            if _is_copy(candidate, wanted):
                return candidate
            if not (candidate.exists() or candidate.is_symlink()):
                raise
            continue
        return candidate


def existing_copy(path: Path | str) -> Path | None:
    """The user's copy of a bundled briefing, if an earlier edit made one (nothing is made)."""
    path = Path(path)
    if not is_bundled(path):
        return None
    try:
        wanted = _briefing_id(read_json_file(path.resolve()))
    except BriefingError:
        return None
    n = 1
    while True:
        name = f"{path.stem}.json" if n == 1 else f"{path.stem}-{n}.json"
        candidate = briefings_dir() / name
        if not (candidate.exists() or candidate.is_symlink()):
            return None
        if _is_copy(candidate, wanted):
            return candidate
        n += 1


def _is_copy(candidate: Path, wanted: Any) -> bool:
    if candidate.is_symlink() or not candidate.is_file():
        return False
    try:
        return _briefing_id(read_json_file(candidate)) == wanted
    except BriefingError:
        return False


# --- new entries ---------------------------------------------------------------------


def blank_entry(kind: str, source_id: str | None = None) -> dict[str, Any]:
    """A new entry of ``kind`` with every field at its default.

    Required text fields (``id``, ``name``/``title``) are ``""`` and ``sources`` is ``[]``:
    the form must fill them in, and ``check_entry`` says so until it does. ``source_id``
    (the source the form should offer sentences of) is accepted but not used: a locator
    needs a paragraph and a sentence, and citing one the reader did not choose would be a
    false citation.
    """
    if kind not in ENTRY_KINDS:
        raise ValueError(f"not an entry kind: {kind!r}")
    out: dict[str, Any] = {}
    for f in fields_of(kind):
        if f.required:
            out[f.name] = [] if f.type == "locators" else ""
        else:
            out[f.name] = list(f.default) if isinstance(f.default, tuple) else f.default
    return _field_dict(kind, out)


def _field_dict(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in _field_order(kind, data)}


def new_id(kind: str, title: str, existing_ids: Iterable[str]) -> str:
    """A fresh id for a new entry: the title in lower case ASCII with runs of other
    characters as ``-`` (at most 60 characters; the kind's name if nothing is left),
    then ``-2``, ``-3``... until no entry (or source) has it."""
    base = slug(title, fallback=KIND_SINGULAR.get(kind, "entry"))
    taken = set(existing_ids)
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    assert ID_RE.match(candidate), candidate
    return candidate


# --- checking a form -----------------------------------------------------------------


def _next_doc_id(table: Any) -> int:
    if not isinstance(table, dict):
        return 1
    ids = [int(k) for k in table if isinstance(k, str) and k.isdigit()]
    return max(ids, default=0) + 1


def _is_at(place: str, at: str) -> bool:
    return place == at or place.startswith(at + ".")


def check_edit(
    document: dict[str, Any], kind: str, data: dict[str, Any], doc_id: int | None = None,
    articles: dict[str, Article] | None = None,
) -> tuple[list[Problem], list[Problem]]:
    """The problems an edit would have: (this entry's, new ones elsewhere it causes).

    The document is checked with ``data`` put in place of ``kind``/``doc_id`` (a new
    entry, at the document id it will get, when ``doc_id`` is None) by the real validator,
    so places and messages are exactly ``briefing check``'s. When another entry already
    uses the id, the validator reports it at whichever comes later in the file; this
    entry's list then also has it, at its own ``.id``. The second list holds problems the
    edit causes elsewhere, such as references a changed id leaves dangling.
    ``articles`` (source id -> attached article) checks locators down to the sentence, as
    ``briefing check`` does when articles are attached.
    """
    if kind not in ENTRY_KINDS:
        raise ValueError(f"not an entry kind: {kind!r}")
    table = document.get(kind)
    if doc_id is None:
        doc_id = _next_doc_id(table)
    edited = dict(document)
    new_table = dict(table) if isinstance(table, dict) else {}
    new_table[str(doc_id)] = data
    edited[kind] = new_table
    at = f"{kind}/{doc_id}"
    after, _ = check_document(edited, articles)
    mine = [p for p in after if _is_at(p.place, at)]
    suffix = f" is already used by {at}"
    for p in after:
        if p.place.endswith(".id") and p.message.endswith(suffix) and not _is_at(p.place, at):
            # The same problem, seen from this entry: same id text, the other's place.
            mine.append(Problem(f"{at}.id", p.message[: -len(at)] + p.place[: -len(".id")]))
    before, _ = check_document(document, articles)
    known = set(before)
    others = [p for p in after if not _is_at(p.place, at) and p not in known]
    return mine, others


def check_entry(
    document: dict[str, Any], kind: str, data: dict[str, Any], doc_id: int | None = None,
    articles: dict[str, Article] | None = None,
) -> list[Problem]:
    """The problems with one entry as the form has it, with ``briefing check``'s places
    (``meetings/4.participants[1]``) and messages. See ``check_edit``."""
    return check_edit(document, kind, data, doc_id, articles)[0]


# --- the editor ----------------------------------------------------------------------


@dataclass
class _Found:
    kind: str
    doc_id: int
    data: dict[str, Any]


def _find(db: TinyDB, entry_id: Any) -> _Found | None:
    if not isinstance(entry_id, str):
        return None
    for kind in ENTRY_KINDS:
        for doc in db.table(kind).all():
            if doc.get("id") == entry_id:
                return _Found(kind, doc.doc_id, copy.deepcopy(dict(doc)))
    return None


def _replace_with(data: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def replace(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(copy.deepcopy(data))
    return replace


def _set_field(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def set_field(doc: dict[str, Any]) -> None:
        doc[name] = copy.deepcopy(value)
    return set_field


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

        def build(db: TinyDB) -> _Effect:
            return _Effect(kind, None, None, wanted)

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

        def build(db: TinyDB) -> _Effect | None:
            found = _find(db, entry_id)
            if found is None:
                raise EditConflict(self.store.label, entry_id, None, wanted)
            if not force and not _same_entry(found.kind, found.data, base):
                raise EditConflict(self.store.label, entry_id, found.data, wanted)
            after = _keep_presence(found.kind, found.data, wanted)
            if _same(after, found.data):
                return None
            return _Effect(found.kind, found.doc_id, found.data, after)

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

        def build(db: TinyDB) -> _Effect | None:
            found = _find(db, entry_id)
            if found is None:
                if force:
                    return None
                raise EditConflict(self.store.label, entry_id, None, None)
            if not force and not _same_entry(found.kind, found.data, base):
                raise EditConflict(self.store.label, entry_id, found.data, None)
            refs: list[_RefEdit] = []
            if detach:
                document = db.storage.read() or {}
                for other_id, name in references_to(document, entry_id):
                    other = _find(db, other_id)
                    assert other is not None
                    value = other.data[name]
                    refs.append(_RefEdit(
                        other_id, name, tuple(value), tuple(v for v in value if v != entry_id)
                    ))
            return _Effect(found.kind, found.doc_id, found.data, None, tuple(refs))

        change = self._commit(build, check=False)
        if change is not None:
            self._new_edit(change)
        return change

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
            if not force and not _same(current, base):
                raise EditConflict(self.store.label, str(current.get("id")), current, wanted)
            if _same(current, wanted):
                return None
            table.update(_replace_with(wanted), doc_ids=[docs[0].doc_id])
            fields = sorted(n for n in set(current) | set(wanted)
                            if not _same(current.get(n), wanted.get(n)))
            row_id = self._next_change_id(db)
            change = Change(
                id=row_id, at=self.clock(), by=self.by, action="update", kind="briefing",
                entry=str(wanted.get("id") or current.get("id")), fields=tuple(fields),
                old={n: copy.deepcopy(current[n]) for n in fields if n in current},
                new={n: copy.deepcopy(wanted[n]) for n in fields if n in wanted},
                doc_id=docs[0].doc_id,
            )
            db.table(CHANGES_TABLE).insert(Document(change.row(), doc_id=row_id))
        return change

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
        try:
            done = self._commit(lambda db: change.effect.inverse(), check=True, undoes=change.id)
        except BaseException:
            self._undo.append(change)
            raise
        assert done is not None
        self._redo.append(change)
        return done

    def redo(self) -> Change | None:
        """Apply again the change the last undo reverted (None when there is none); logged
        with ``redoes`` naming it. Conflicts as ``undo``. A new edit empties the redo stack."""
        if not self._redo:
            return None
        change = self._redo.pop()
        assert change.effect is not None
        try:
            done = self._commit(lambda db: change.effect, check=True, redoes=change.id)
        except BaseException:
            self._redo.append(change)
            raise
        assert done is not None
        self._undo.append(done)
        return done

    # -- the transaction --

    def _new_edit(self, change: Change) -> None:
        self._undo.append(change)
        self._redo.clear()

    def _conflict(self, entry_id: Any, theirs: Any, mine: Any) -> EditConflict:
        return EditConflict(self.store.label, str(entry_id), theirs, mine)

    def _commit(
        self, build: Callable[[TinyDB], _Effect | None], *, check: bool,
        undoes: int | None = None, redoes: int | None = None,
    ) -> Change | None:
        with self.store.transaction() as db:
            effect = build(db)
            if effect is None:
                return None
            return self._apply(db, effect, check=check, undoes=undoes, redoes=redoes)

    def _apply(
        self, db: TinyDB, effect: _Effect, *, check: bool,
        undoes: int | None, redoes: int | None,
    ) -> Change:
        # Where the entry is now, and (for undo/redo) that it is as the change expects.
        if effect.before is not None:
            found = _find(db, effect.before.get("id"))
            if check and (
                found is None or found.kind != effect.kind
                or not _same_entry(effect.kind, found.data, effect.before)
            ):
                raise self._conflict(
                    effect.before.get("id"), found.data if found else None, effect.after
                )
        else:
            found = _find(db, (effect.after or {}).get("id"))
            if check and found is not None:
                raise self._conflict(found.data["id"], found.data, effect.after)
            found = None  # an id already in use: validation refuses it below
        others: list[tuple[_RefEdit, _Found]] = []
        for ref in effect.refs:
            other = _find(db, ref.entry)
            current = other.data.get(ref.field) if other else None
            if other is None or not (
                isinstance(current, list) and _same(current, list(ref.before))
            ):
                raise self._conflict(
                    ref.entry, other.data if other else None,
                    {**(other.data if other else {}), ref.field: list(ref.after)},
                )
            others.append((ref, other))

        # Apply.
        kind = effect.kind
        doc_id: int | None
        if effect.after is None:
            assert found is not None
            db.table(found.kind).remove(doc_ids=[found.doc_id])
            doc_id = found.doc_id
        elif found is not None:
            db.table(found.kind).update(_replace_with(effect.after), doc_ids=[found.doc_id])
            doc_id = found.doc_id
        else:
            table = db.table(kind)
            wanted = effect.doc_id
            if wanted is not None and table.get(doc_id=wanted) is None:
                doc_id = table.insert(Document(copy.deepcopy(effect.after), doc_id=wanted))
            else:
                doc_id = table.insert(copy.deepcopy(effect.after))
        for ref, other in others:
            db.table(other.kind).update(
                _set_field(ref.field, list(ref.after)), doc_ids=[other.doc_id]
            )

        # What actually happened (doc id included), for the log and for undo.
        effect = _Effect(kind, doc_id, effect.before, effect.after, effect.refs)
        fields = _changed_fields(kind, effect.before, effect.after)
        before, after = effect.before or {}, effect.after or {}
        detached = tuple((r.entry, r.field) for r in effect.refs if len(r.after) < len(r.before))
        attached = tuple((r.entry, r.field) for r in effect.refs if len(r.after) > len(r.before))
        entry_id = effect.entry_id
        row_id = self._next_change_id(db)
        change = Change(
            id=row_id, at=self.clock(), by=self.by, action=effect.action, kind=kind,
            entry=entry_id if isinstance(entry_id, str) else str(entry_id),
            fields=tuple(fields),
            old={n: copy.deepcopy(before[n]) for n in fields if n in before},
            new={n: copy.deepcopy(after[n]) for n in fields if n in after},
            detached=detached, attached=attached, undoes=undoes, redoes=redoes,
            doc_id=doc_id, effect=effect,
        )
        row = change.row()
        # The file must stay readable: the log nests an entry's values two levels deeper.
        if not depth_ok(row, MAX_DEPTH - 2):
            raise BriefingError(
                self.store.label,
                f"not saved: the entry is nested too deeply to log (the limit is {MAX_DEPTH})",
            )
        db.table(CHANGES_TABLE).insert(Document(row, doc_id=row_id))

        if self.articles:
            touched = [f"{kind}/{doc_id}"] + [f"{o.kind}/{o.doc_id}" for _r, o in others]
            problems, _ = check_document(db.storage.read(), self.articles)
            mine = [p for p in problems if any(_is_at(p.place, t) for t in touched)]
            if mine and effect.after is not None:
                raise InvalidBriefing(self.store.label, mine)
        return change

    @staticmethod
    def _next_change_id(db: TinyDB) -> int:
        last = 0
        for doc in db.table(CHANGES_TABLE).all():
            last = max(last, doc.doc_id)
            value = doc.get("id")
            if isinstance(value, int) and not isinstance(value, bool):
                last = max(last, value)
        return last + 1
