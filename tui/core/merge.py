"""Three-way merge of raw briefing documents (base, ours, theirs), entry by entry.

Pure: documents in, a document and its conflicts out. ``briefing merge`` (a git merge
driver) reads and writes the files.

- Entries are matched by their ``id`` field within their kind, sources by their ``id``;
  TinyDB document ids never decide what is "the same" entry.
- Each field is merged on its own: a field changed on one side only takes that side's
  value; lists of text (tags, references, citations) changed on both sides are merged
  item by item (added on either side kept, removed on either side dropped).
- New entries from both sides are kept. Document ids are assigned deterministically:
  ours' rows keep theirs; rows only theirs has are appended after the highest id, in the
  order of their document ids in theirs.
- The ``changes`` logs are united: base's rows stay as they are, the rows each side added
  follow, ordered by ``at`` (then ours before theirs, then their old number), renumbered
  from one more than base's highest, with ``undoes``/``redoes`` following them.
- A true conflict (one field changed differently on both sides; an entry edited on one
  side and deleted on the other) never produces conflict markers: the result holds ours'
  value (for edit/delete, the edited entry, so references to it stay valid) and a record
  in the ``conflicts`` table (docs/FORMAT.md), which ``briefing check`` reports.
- An entry's ``accounts`` (its disputes) are merged field by field in the same way, a
  conflict on one being named ``accounts.FIELD``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tui.core.accounts import ACCOUNTS
from tui.core.model import ENTRY_KINDS, fields_of
from tui.core.validate import next_doc_id

__all__ = ["CONFLICTS_TABLE", "MergeResult", "merge_documents", "same_value"]

CONFLICTS_TABLE = "conflicts"
CHANGES_TABLE = "changes"
_ABSENT: Any = object()


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=True)


def same_value(a: Any, b: Any) -> bool:
    """Equal as JSON values (``1`` and ``True`` differ; key order does not matter)."""
    return _canon(a) == _canon(b)


@dataclass
class MergeResult:
    document: dict[str, Any]
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def _defaults(kind: str) -> dict[str, Any]:
    if kind not in ENTRY_KINDS:
        return {}
    return {f.name: list(f.default) if isinstance(f.default, tuple) else f.default
            for f in fields_of(kind) if not f.required}


def _table(document: Any, name: str) -> dict[str, Any]:
    table = document.get(name) if isinstance(document, dict) else None
    return table if isinstance(table, dict) else {}


def _doc_ids(table: dict[str, Any]) -> list[str]:
    """The table's keys in document-id order (numbers first, anything odd after, by name)."""
    return sorted(table, key=lambda k: (0, int(k), "") if k.isdigit() else (1, 0, k))


def _keyed(table: dict[str, Any], key_of: Callable[[dict[str, Any]], str | None]
           ) -> dict[str, tuple[str, dict[str, Any]]]:
    """key -> (document id, row) for the rows that have a key; the first row keeps one."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for doc_id in _doc_ids(table):
        row = table[doc_id]
        key = key_of(row) if isinstance(row, dict) else None
        if key is not None and key not in out:
            out[key] = (doc_id, row)
    return out


def _entry_key(row: dict[str, Any]) -> str | None:
    value = row.get("id")
    return value if isinstance(value, str) else None


def _source_key(row: dict[str, Any]) -> str | None:
    value = row.get("id")
    if isinstance(value, str):
        return value
    sha = row.get("sha256")
    return f"sha256:{sha}" if isinstance(sha, str) else None


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value) \
        and len(set(value)) == len(value)


def _merge_lists(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Ours' order, less what theirs removed, then what theirs added."""
    removed = (set(base) - set(theirs)) | (set(base) - set(ours))
    out = [v for v in ours if v not in removed]
    out += [v for v in theirs if v not in removed and v not in out]
    return out


class _Merger:
    def __init__(self) -> None:
        self.conflicts: list[dict[str, Any]] = []

    def conflict(self, kind: str, entry: Any, name: str | None, base: Any, ours: Any,
                 theirs: Any, deleted_by: str | None = None) -> None:
        self.conflicts.append({
            "kind": kind, "entry": entry, "field": name, "base": _plain(base),
            "ours": _plain(ours), "theirs": _plain(theirs), "deleted_by": deleted_by,
        })

    def merge_row(self, kind: str, entry: Any, base: dict[str, Any] | None,
                  ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
        """Field by field; a field both sides changed differently keeps ours' value."""
        defaults = _defaults(kind)
        b = base or {}
        out = copy.deepcopy(ours)
        for name in _field_names(kind, set(b) | set(ours) | set(theirs)):
            dflt = defaults.get(name)
            bv = b.get(name, dflt) if base is not None else _ABSENT
            ov, tv = ours.get(name, dflt), theirs.get(name, dflt)
            if same_value(ov, tv) or (bv is not _ABSENT and same_value(tv, bv)):
                continue  # ours stands
            if bv is not _ABSENT and same_value(ov, bv):
                _take(out, name, theirs)
                continue
            if name == ACCOUNTS and kind in ENTRY_KINDS and _tables(bv, ov, tv):
                self._merge_accounts(kind, entry, out, bv, ov, tv)
                continue
            lists: list[Any] = [ov, tv] + ([bv] if bv is not _ABSENT else [[]])
            if all(_text_list(v) for v in lists):
                merged = _merge_lists(lists[2], lists[0], lists[1])
                if merged or not _is_locators(kind, name):
                    out[name] = merged
                    continue
            self.conflict(kind, entry, name, None if bv is _ABSENT else bv, ov, tv)
        return out

    def _merge_accounts(self, kind: str, entry: Any, out: dict[str, Any], base: Any,
                        ours: Any, theirs: Any) -> None:
        """Disputes merged field by field: one recorded, changed or removed on one side is
        taken; the same field's accounts changed differently on both is a conflict (ours
        kept), named ``accounts.FIELD``."""
        b = {} if base is _ABSENT or base is None else base
        o, t = ours or {}, theirs or {}
        merged: dict[str, Any] = {}
        for name in [*o, *(n for n in t if n not in o)]:
            bv, ov, tv = b.get(name), o.get(name), t.get(name)
            if same_value(ov, tv) or same_value(tv, bv):
                value = ov
            elif same_value(ov, bv):
                value = tv
            else:
                self.conflict(kind, entry, f"{ACCOUNTS}.{name}", bv, ov, tv)
                value = ov if ov is not None else tv
            if value is not None:
                merged[name] = copy.deepcopy(value)
        if merged:
            out[ACCOUNTS] = merged
        else:
            out.pop(ACCOUNTS, None)

    def merge_table(self, kind: str, base: dict[str, Any], ours: dict[str, Any],
                    theirs: dict[str, Any],
                    key_of: Callable[[dict[str, Any]], str | None]) -> dict[str, Any]:
        kb, ko, kt = _keyed(base, key_of), _keyed(ours, key_of), _keyed(theirs, key_of)
        out: dict[str, Any] = {}
        # Rows without a usable key (a file that would not validate) are kept as they are.
        for doc_id, row in ours.items():
            if not isinstance(row, dict) or key_of(row) is None:
                out[doc_id] = copy.deepcopy(row)
        for key, (doc_id, row) in ko.items():
            merged = self._one(kind, key, kb.get(key), row, kt.get(key))
            if merged is not None:
                out[doc_id] = merged
        appended = []
        for key, (doc_id, row) in kt.items():
            if key in ko:
                continue
            merged = self._one(kind, key, kb.get(key), None, (doc_id, row))
            if merged is not None:
                appended.append(merged)
        _append(out, appended)
        return out

    def _one(self, kind: str, key: str, base: tuple[str, dict[str, Any]] | None,
             ours: dict[str, Any] | None, theirs: tuple[str, dict[str, Any]] | None
             ) -> dict[str, Any] | None:
        b = base[1] if base else None
        t = theirs[1] if theirs else None
        if ours is not None and t is not None:
            return self.merge_row(kind, key, b, ours, t)
        present = ours if ours is not None else t
        if b is None:  # added on one side only
            return copy.deepcopy(present)
        if present is None:  # deleted on both sides
            return None
        if _same_row(kind, present, b):  # deleted on one side, untouched on the other
            return None
        # Edited on one side, deleted on the other: keep the edit, record the conflict.
        self.conflict(kind, key, None, b, ours, t, "theirs" if ours is not None else "ours")
        return copy.deepcopy(present)


def _tables(*values: Any) -> bool:
    """Each is an object, missing or null (so ``accounts`` can be merged key by key)."""
    return all(v is _ABSENT or v is None or isinstance(v, dict) for v in values)


def _is_locators(kind: str, name: str) -> bool:
    return kind in ENTRY_KINDS and any(f.name == name and f.type == "locators"
                                       for f in fields_of(kind))


def _field_names(kind: str, names: set[str]) -> list[str]:
    known = [f.name for f in fields_of(kind)] if kind in ENTRY_KINDS else []
    return [n for n in known if n in names] + sorted(n for n in names if n not in known)


def _take(out: dict[str, Any], name: str, theirs: dict[str, Any]) -> None:
    if name in theirs:
        out[name] = copy.deepcopy(theirs[name])
    else:
        out.pop(name, None)


def _same_row(kind: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    defaults = _defaults(kind)
    return same_value({**defaults, **a}, {**defaults, **b})


def _plain(value: Any) -> Any:
    return None if value is _ABSENT else copy.deepcopy(value)


def _taken(table: dict[str, Any]) -> set[int]:
    return {int(k) for k in table if k.isdigit()}


def _append(table: dict[str, Any], rows: Iterable[dict[str, Any]]) -> None:
    taken = _taken(table)
    for row in rows:
        doc_id = next_doc_id(taken)
        taken.add(doc_id)
        table[str(doc_id)] = row


def _merge_meta(merger: _Merger, base: Any, ours: Any, theirs: Any) -> dict[str, Any]:
    tb, to, tt = (_table(d, "briefing") for d in (base, ours, theirs))
    if not to or not tt:
        return copy.deepcopy(to or tt)
    doc_id = _doc_ids(to)[0]
    mb = tb[_doc_ids(tb)[0]] if tb else None
    mo, mt = to[doc_id], tt[_doc_ids(tt)[0]]
    if not (isinstance(mo, dict) and isinstance(mt, dict)):
        return copy.deepcopy(to)
    entry = mo.get("id") if isinstance(mo.get("id"), str) else "briefing"
    meta = merger.merge_row("briefing", entry, mb if isinstance(mb, dict) else None, mo, mt)
    out = copy.deepcopy(to)
    out[doc_id] = meta
    return out


def _without_id(row: Any) -> str:
    return _canon({k: v for k, v in row.items() if k != "id"} if isinstance(row, dict) else row)


def _merge_changes(base: Any, ours: Any, theirs: Any) -> dict[str, Any]:
    """Base's rows as they are, then every row either side added, by time, renumbered."""
    tb = _table(base, CHANGES_TABLE)
    out = copy.deepcopy(tb)
    known = {_canon(row) for row in tb.values()}
    added: list[tuple[str, int, int, dict[str, Any]]] = []
    seen: set[str] = set()
    for side, doc in enumerate((ours, theirs)):
        table = _table(doc, CHANGES_TABLE)
        for doc_id in _doc_ids(table):
            row = table[doc_id]
            if _canon(row) in known or _without_id(row) in seen:
                continue
            seen.add(_without_id(row))
            at = row.get("at") if isinstance(row, dict) else None
            number = int(doc_id) if doc_id.isdigit() else 0
            added.append((at if isinstance(at, str) else "", side, number, row))
    added.sort(key=lambda item: item[:3])
    taken = _taken(tb) | {_int(r.get("id")) for r in tb.values() if isinstance(r, dict)}
    renumber: dict[tuple[int, int], int] = {}
    for _, side, number, _row in added:
        renumber[(side, number)] = next_id = next_doc_id(taken)
        taken.add(next_id)
    for _, side, number, row in added:
        new_id = renumber[(side, number)]
        row = copy.deepcopy(row)
        if isinstance(row, dict):
            row["id"] = new_id
            for link in ("undoes", "redoes"):
                target = _int(row.get(link))
                if (side, target) in renumber:
                    row[link] = renumber[(side, target)]
        out[str(new_id)] = row
    return out


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _merge_other(merger: _Merger, name: str, base: Any, ours: Any, theirs: Any
                 ) -> dict[str, Any] | Any:
    """Any other table: rows matched by document id, each row as a whole."""
    tb, to, tt = (_table(d, name) for d in (base, ours, theirs))
    if name == CONFLICTS_TABLE:  # earlier conflicts: every record either side has, once
        out = copy.deepcopy(to)
        have = {_canon(r) for r in to.values()}
        _append(out, [copy.deepcopy(tt[k]) for k in _doc_ids(tt)
                      if _canon(tt[k]) not in have and k not in tb])
        return out
    out = copy.deepcopy(to)
    for doc_id in _doc_ids(tt):
        row, b = tt[doc_id], tb.get(doc_id, _ABSENT)
        o = to.get(doc_id, _ABSENT)
        if o is _ABSENT:
            if b is _ABSENT or not same_value(b, row):
                out[doc_id] = copy.deepcopy(row)  # added by theirs (or edited where ours deleted)
        elif not same_value(o, row) and (b is _ABSENT or not same_value(b, row)):
            if b is not _ABSENT and same_value(b, o):
                out[doc_id] = copy.deepcopy(row)
            else:
                merger.conflict(name, doc_id, None, None if b is _ABSENT else b, o, row)
    for doc_id in list(out):
        if doc_id not in tt and doc_id in tb and same_value(tb[doc_id], out[doc_id]):
            del out[doc_id]  # deleted by theirs, untouched by ours
    return out


def merge_documents(base: Any, ours: Any, theirs: Any) -> MergeResult:
    """Merge two descendants of ``base``; see the module's description for the rules."""
    merger = _Merger()
    base = base if isinstance(base, dict) else {}
    document: dict[str, Any] = {}
    names = list(ours) + [n for n in theirs if n not in ours]
    for name in names:
        if name not in ours and name in base:
            continue  # a table theirs kept and ours removed: ours stands
        if name == "briefing":
            document[name] = _merge_meta(merger, base, ours, theirs)
        elif name == "sources":
            document[name] = merger.merge_table(
                name, _table(base, name), _table(ours, name), _table(theirs, name), _source_key)
        elif name in ENTRY_KINDS:
            document[name] = merger.merge_table(
                name, _table(base, name), _table(ours, name), _table(theirs, name), _entry_key)
        elif name == CHANGES_TABLE:
            document[name] = _merge_changes(base, ours, theirs)
        elif name == CONFLICTS_TABLE:
            continue
        else:
            document[name] = _merge_other(merger, name, base, ours, theirs)
    _keep_referenced(merger, base, ours, theirs, document)
    conflicts = _merge_other(merger, CONFLICTS_TABLE, base, ours, theirs)
    known = {_without_id(r) for r in conflicts.values()}
    _append(conflicts, [dict(c, id=0) for c in merger.conflicts
                        if _without_id(c) not in known])
    for doc_id, row in conflicts.items():
        if isinstance(row, dict) and row.get("id") == 0:
            row["id"] = int(doc_id)
    if conflicts:
        document[CONFLICTS_TABLE] = conflicts
    return MergeResult(document, merger.conflicts)


def _keep_referenced(merger: _Merger, base: dict[str, Any], ours: Any, theirs: Any,
                     document: dict[str, Any]) -> None:
    """An entry one side deleted while the other side made a new reference to it is put
    back (as base had it) and recorded as a conflict, so that no reference dangles."""
    present = {row.get("id") for kind in ENTRY_KINDS
               for row in _table(document, kind).values() if isinstance(row, dict)}
    for kind in ENTRY_KINDS:
        restored = []
        for _key, (_doc_id, row) in _keyed(_table(base, kind), _entry_key).items():
            entry = row["id"]
            if entry in present or not _referenced(document, entry):
                continue
            in_ours, in_theirs = _has(ours, kind, entry), _has(theirs, kind, entry)
            deleted_by = "ours" if in_theirs else "theirs" if in_ours else "both"
            merger.conflict(kind, entry, None, row, row if in_ours else None,
                            row if in_theirs else None, deleted_by)
            restored.append(copy.deepcopy(row))
            present.add(entry)
        if restored:
            _append(document.setdefault(kind, {}), restored)


def _has(document: Any, kind: str, entry: str) -> bool:
    return any(isinstance(r, dict) and r.get("id") == entry
               for r in _table(document, kind).values())


def _referenced(document: dict[str, Any], entry: str) -> bool:
    for kind in ENTRY_KINDS:
        ref_fields = [f.name for f in fields_of(kind) if f.type == "refs"]
        for row in _table(document, kind).values():
            if isinstance(row, dict) and any(
                isinstance(row.get(n), list) and entry in row[n] for n in ref_fields
            ):
                return True
    return False
