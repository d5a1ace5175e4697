"""Checking a save by what it changed, when the briefing it started from is known to be valid.

A transaction whose file is provably the one this store last wrote (``store``: same size,
mtime, inode and SHA-256 as that commit, which was checked in full or by this module) starts
from a valid document. Then the new document is valid exactly when what changed is: the
changed and added entries' own fields, their ids against every other id, their references
(to entries that exist, and actors where only actors may be named) and their locators.
``problems_of_change`` checks those with the format's own rules (``check_document``, on a
document of the changed entries and what they refer to) and answers None whenever the
change is of a kind it does not cover (the briefing's record, its sources or another table
changed; an entry removed or its id changed, which could leave references dangling): then
the caller checks the whole document, as it does for a file it cannot vouch for.

That the change is only what the entries show needs one more proof: TinyDB's updates may
change values nested inside an entry in place, and those would also change the copy taken
before the block. So the copy (``snapshot``) is written again and must give the very bytes
the transaction read (``untouched``); otherwise the whole document is checked.
"""

from __future__ import annotations

from typing import Any

import orjson

from tui.core.errors import Problem
from tui.core.model import ENTRY_KINDS, fields_of
from tui.core.validate import check_document

__all__ = ["snapshot", "untouched", "problems_of_change"]

_REF_FIELDS = {kind: [f.name for f in fields_of(kind) if f.type == "refs"] for kind in ENTRY_KINDS}
_KINDS = frozenset(ENTRY_KINDS)
_CLASH = "is already used by"
_WRITE = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def snapshot(document: dict[str, Any]) -> dict[str, Any]:
    """The document's tables and entries copied (their values shared): what it was before."""
    return {
        name: {key: dict(row) if type(row) is dict else row for key, row in table.items()}
        if type(table) is dict else table
        for name, table in document.items()
    }


def untouched(before: dict[str, Any], raw: bytes) -> bool:
    """True when ``before`` (a ``snapshot``) still writes as ``raw``, the bytes it was read
    from: no value shared with the new document was changed in place."""
    try:
        return orjson.dumps(before, option=_WRITE) + b"\n" == raw
    except (TypeError, ValueError, orjson.JSONEncodeError):
        return False


def _changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[str]] | None:
    """The keys of the changed or added entries of each table, or None for another change."""
    if type(after) is not dict or before.keys() != after.keys():
        return None
    changed: dict[str, list[str]] = {}
    for name, table in after.items():
        old = before[name]
        if name not in _KINDS:
            if name != "changes" and table != old:
                return None  # the briefing's record, its sources, another table
            continue
        if type(table) is not dict or type(old) is not dict or not old.keys() <= table.keys():
            return None  # an entry removed
        keys = [key for key, row in table.items() if key not in old or row != old[key]]
        for key in keys:
            row, was = table[key], old.get(key)
            if type(was) is dict and (type(row) is not dict or row.get("id") != was.get("id")):
                return None  # an id changed: what referred to it must be checked
        if keys:
            changed[name] = keys
    return changed


def _owners(after: dict[str, Any]) -> dict[Any, list[tuple[str, str]]]:
    owners: dict[Any, list[tuple[str, str]]] = {}
    for kind in ENTRY_KINDS:
        for key, row in (after.get(kind) or {}).items():
            if type(row) is dict:
                ident = row.get("id")
                if type(ident) is str:
                    owners.setdefault(ident, []).append((kind, key))
    return owners


def _around(after: dict[str, Any], changed: dict[str, list[str]]) -> set[tuple[str, str]]:
    """The entries that share an id with a changed entry or are named by one."""
    owners = _owners(after)
    near: set[tuple[str, str]] = set()
    for kind, keys in changed.items():
        for key in keys:
            row = after[kind][key]
            if type(row) is not dict:
                continue
            named = [row.get("id")]
            for name in _REF_FIELDS[kind]:
                value = row.get(name)
                if type(value) is list:
                    named.extend(value)
            for ident in named:
                if type(ident) is str:
                    near.update(owners.get(ident, ()))
    return near


def problems_of_change(
    before: dict[str, Any], after: dict[str, Any]
) -> list[Problem] | None:
    """The problems the change from valid ``before`` (a ``snapshot``) to ``after`` brings
    (empty: ``after`` is valid), or None when only a check of all of ``after`` can tell."""
    changed = _changed(before, after)
    if changed is None:
        return None
    mine = {(kind, key) for kind, keys in changed.items() for key in keys}
    shown = mine | _around(after, changed)
    part: dict[str, Any] = {
        name: table for name, table in after.items() if name not in _KINDS
    }
    for kind, key in sorted(shown):
        part.setdefault(kind, {})[key] = after[kind][key]
    problems, _ = check_document(part)
    # What the entries shown only for context refer to is not in ``part``; they did not
    # change and were valid, so only what a changed entry brought counts.
    context = {f"{kind}/{key}" for kind, key in shown - mine}
    return [
        p for p in problems
        if _CLASH in p.message or _entry_place(p.place) not in context
    ]


def _entry_place(place: str) -> str:
    """``actors/3`` of ``actors/3.links[0]``."""
    return place.split(".", 1)[0].split("[", 1)[0]
