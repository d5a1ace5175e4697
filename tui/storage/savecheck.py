"""Checking a save by what it changed, when the briefing it started from is known to be valid.

A transaction whose file is provably the one this store last wrote (``store``: same size,
mtime, inode and SHA-256 as that commit, which was checked in full or by this module) starts
from a valid document. Then the new document is valid exactly when what changed is: the
changed and added entries' own fields, their ids against every other id, their references
(to entries that exist, and actors where only actors may be named) and their locators.
``check_change`` checks those with the format's own rules (``check_document``, on a
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

from typing import Any, NamedTuple

import orjson

from tui.core.errors import Problem
from tui.core.model import ENTRY_KINDS, fields_of
from tui.core.validate import check_document

__all__ = ["Verdict", "snapshot", "untouched", "check_change", "check_rows", "part_around"]

_REF_FIELDS = {kind: [f.name for f in fields_of(kind) if f.type == "refs"] for kind in ENTRY_KINDS}
_KINDS = frozenset(ENTRY_KINDS)
_CLASH = "is already used by"
_WRITE = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def snapshot(document: dict[str, Any]) -> dict[str, Any]:
    """The document's tables and entries copied (their values shared): what it was before."""
    return {
        name: {key: dict(row) if type(row) is dict else row for key, row in table.items()}
        if type(table) is dict else table
        for name, table in document.items()
    }


def untouched(before: dict[str, Any], raw: bytes) -> bool:
    """True when orjson writes ``before`` (a ``snapshot``) as ``raw``, the bytes it was read
    from: no value shared with the new document was changed in place, and what did not
    change writes by orjson as by the standard library."""
    try:
        return orjson.dumps(before, option=_WRITE) == raw
    except (TypeError, ValueError, orjson.JSONEncodeError):
        return False


def _new_rows(old: Any, table: Any) -> list[str] | None:
    """The keys of the rows of ``table`` that ``old`` did not have or had otherwise; None
    when one was removed (or either is not a table)."""
    if type(table) is not dict or type(old) is not dict or not old.keys() <= table.keys():
        return None
    return [key for key, row in table.items() if key not in old or row != old[key]]


def _changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[str]] | None:
    """The keys of the changed or added rows of each entry table and of the change log, or
    None for another change (see ``_covered``)."""
    if type(after) is not dict:
        return None
    changed: list[tuple[str, str]] = []
    for name, table in after.items():
        old = before.get(name, {})
        if name not in _KINDS and name != "changes":
            if name in before and table != old:
                return None  # the briefing's record, its sources, another table
            continue
        keys = _new_rows(old, table)
        if keys is None:
            return None  # a row removed: what referred to it must be checked
        changed.extend((name, key) for key in keys)
    return _covered(before, after, changed, [])


def _covered(before: dict[str, Any], after: dict[str, Any], changed: list[tuple[str, str]],
             removed: list[tuple[str, str]]) -> dict[str, list[str]] | None:
    """The ``changed`` rows ((table, key) pairs) by table, when checking them (and what they
    refer to) is checking the whole; None for a change only a whole check covers."""
    if removed or not before.keys() <= after.keys():
        return None  # a row or table removed: what referred to it must be checked
    if after.keys() - before.keys() - {"changes"}:
        return None  # a new table other than the change log (its first record is a change)
    keys: dict[str, list[str]] = {}
    for name, key in changed:
        if name not in _KINDS and name != "changes":
            return None  # the briefing's record, its sources, another table
        row, was = after[name][key], (before.get(name) or {}).get(key)
        if name in _KINDS and type(was) is dict and (
                type(row) is not dict or row.get("id") != was.get("id")):
            return None  # an id changed: what referred to it must be checked
        keys.setdefault(name, []).append(key)
    return keys


def _around(after: dict[str, Any], mine: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The entries that share an id with one of ``mine`` or are named by one."""
    named: set[str] = set()
    for kind, key in mine:
        row = after[kind][key]
        if type(row) is not dict:
            continue
        values = [row.get("id")]
        for name in _REF_FIELDS[kind]:
            value = row.get(name)
            if type(value) is list:
                values.extend(value)
        named.update(v for v in values if type(v) is str)
    near: set[tuple[str, str]] = set()
    for kind in ENTRY_KINDS:
        for key, row in (after.get(kind) or {}).items():
            ident = row.get("id") if type(row) is dict else None
            if type(ident) is str and ident in named:
                near.add((kind, key))
    return near


def part_around(document: dict[str, Any], mine: set[tuple[str, str]]) -> tuple[
        dict[str, Any], set[tuple[str, str]]]:
    """What checking the entries ``mine`` ((kind, key) pairs) needs, not the whole briefing:
    its record, sources and other tables, those entries, and every entry that shares an id
    with one of them or is named by one (so ids clash and references resolve as in the
    whole). Returns the partial document and the entries in it only for context."""
    shown = mine | _around(document, mine)
    part: dict[str, Any] = {
        name: table for name, table in document.items() if name not in _KINDS
    }
    for kind, key in sorted(shown):
        part.setdefault(kind, {})[key] = document[kind][key]
    return part, shown - mine


class Verdict(NamedTuple):
    """What checking a change found."""

    problems: list[Problem]  # empty: the new document is valid
    rows: list[Any]  # the changed and added rows (entries, change records), as they are now


def check_change(before: dict[str, Any], raw: bytes, after: dict[str, Any]) -> Verdict | None:
    """The verdict on the change from ``before`` (a ``snapshot`` of a valid document read
    from ``raw``) to ``after``, or None when only a check of all of ``after`` can tell."""
    if not untouched(before, raw):
        return None
    changed = _changed(before, after)
    return None if changed is None else _verdict(after, changed)


def check_rows(before: dict[str, Any], after: dict[str, Any], changed: list[tuple[str, str]],
               removed: list[tuple[str, str]]) -> Verdict | None:
    """``check_change`` when the rows that differ are known (``rowwise.encode_after``, which
    proved ``before`` to be the file's bytes and that every other row of ``after`` is the
    very row ``before`` holds): ``changed`` are new or replaced rows, ``removed`` the rows
    ``after`` lacks. None for a change of a kind only a whole check covers."""
    keys = _covered(before, after, changed, removed)
    return None if keys is None else _verdict(after, keys)


def _verdict(after: dict[str, Any], changed: dict[str, list[str]]) -> Verdict:
    rows = [after[name][key] for name, keys in changed.items() for key in keys]
    mine = {(kind, key) for kind, keys in changed.items() if kind in _KINDS for key in keys}
    part, around = part_around(after, mine)
    problems, _ = check_document(part)
    # What the entries shown only for context refer to is not in ``part``; they did not
    # change and were valid, so only what a changed entry brought counts.
    context = {f"{kind}/{key}" for kind, key in around}
    kept = [
        p for p in problems
        if _CLASH in p.message or _entry_place(p.place) not in context
    ]
    return Verdict(kept, rows)


def _entry_place(place: str) -> str:
    """``actors/3`` of ``actors/3.links[0]``."""
    return place.split(".", 1)[0].split("[", 1)[0]
