"""Saving a large briefing a row at a time, against a document kept in memory.

The store keeps the document it last wrote (or the one the app opened, which passed the
full check) with the SHA-256 of its file. A save whose file still has that SHA-256 need
not parse it: it *is* that document's bytes. What is left is to write the new document,
and only a few rows changed.

``prove`` shows, once, that a file's bytes are exactly a document as ``jsonio.encode``
writes it (each row written by a small ``orjson.dumps`` and compared with the bytes at its
place) and notes where each row lies (a ``Layout``); ``prove_file`` does the same reading
the file a chunk at a time, and ``parse_in_rows`` reads such bytes a thousand rows at a
time and proves them as it goes on to the loader. ``encode_after`` then makes the new
document's bytes: a row that is the very object the proven document holds is copied from
the old bytes; every other row is written and surveyed as ``jsonio.encode`` surveys a whole
document (nesting, NaN, exponent floats, what orjson writes otherwise than the standard
library), and the answer says which rows changed, for the save's check (``savecheck``).

Everything here works in small steps: no single call holds the interpreter for long, so a
save in a worker thread never freezes the screen. Whenever something cannot be shown this
way (a table that is not an object of rows, a key that is not a string, a float with an
exponent, bytes in another form than ours) the answer is ``None`` and the caller takes the
whole-document path, which writes the very same bytes whenever this module answers.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import orjson

from tui.storage import jsonfast

__all__ = ["Layout", "Encoded", "TooDeepRow", "prove", "prove_file", "encode_after",
           "parse_in_rows"]

# table -> (its keys in file order, then (start, end) of each row's value in the bytes)
Layout = dict[str, tuple[list[str], "array[int]"]]

_OPT = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
_ROW_NEWLINE = b"\n    "  # a row sits two levels deep: its lines are indented four more
_FIRST_ROW, _NEXT_ROW, _TABLE_END, _EMPTY = b"{\n    ", b",\n    ", b"\n  }", b"{}"
_FIRST_TABLE, _NEXT_TABLE = b"{\n  ", b",\n  "
_EMPTY_DOCUMENT, _DOCUMENT_END = b"{}\n", b"\n}\n"
# A number orjson may write otherwise than the standard library: one below 1e-4 (orjson's
# ``0.00001`` or ``1e-7``, the library's ``1e-05`` and ``1e-07``) or with an exponent. In
# this layout every number ends its line (with or without a comma) and strings hold no raw
# newline, so bytes without a match hold no such number (a match inside a string only
# sends the save the long way).
_EXPONENT_ENDS_LINE = re.compile(rb"e[-+]?[0-9]+,?\n")
_TINY = b"0.0000"
_CHUNK = 1 << 20  # searched a mebibyte at a time: no one search holds the interpreter long


class Encoded(NamedTuple):
    """The new file's bytes, what differs from the document it replaces, and its layout."""

    data: bytearray
    changed: list[tuple[str, str]]  # (table, key) of rows that are new or were replaced
    removed: list[tuple[str, str]]  # (table, key) of rows the new document no longer has
    layout: Layout


class TooDeepRow(ValueError):
    """A changed row nested deeper than the reader would read back."""


class _Unprovable(Exception):
    """Something this module cannot show to be written as the whole-document path would."""


def _spans(rows: int) -> array[int]:
    """Room for each row's (start, end), made at its full size at once: grown a row at a
    time among the rows' short-lived bytes, it left the heap unable to shrink (some 10 MB
    kept after proving 100,000 rows)."""
    return array("q", bytes(16 * rows))


def _row_bytes(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=_OPT).replace(b"\n", _ROW_NEWLINE)
    except (TypeError, ValueError, orjson.JSONEncodeError):
        raise _Unprovable from None  # over 64 bits, a key that is not a string, a surrogate


def _key_bytes(key: Any) -> bytes:
    if type(key) is not str:
        raise _Unprovable
    return orjson.dumps(key) + b": "


def _tables(document: Any) -> dict[str, dict[str, Any]]:
    if type(document) is not dict:
        raise _Unprovable
    for name, table in document.items():
        if type(name) is not str or type(table) is not dict:
            raise _Unprovable
    return document


def prove(document: dict[str, Any], raw: bytes, *, foreign: bool) -> Layout | None:
    """Where each row of ``document`` lies in ``raw`` when ``raw`` is exactly ``document`` as
    ``jsonio.encode`` writes it, else None. ``foreign``: ``raw`` may come from another writer
    (a float it wrote with an exponent must not be taken for ours)."""
    try:
        return _prove(_tables(document), raw, foreign)
    except _Unprovable:
        return None


def prove_file(document: dict[str, Any], path: Path, digest: str, *,
               foreign: bool = True) -> Layout | None:
    """``prove`` on the file at ``path``, read a chunk at a time (off the UI thread, when
    editing starts, so the first save need not): None unless the file is a regular file
    whose bytes have the SHA-256 ``digest`` and are exactly ``document`` as written."""
    try:
        tables = _tables(document)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (_Unprovable, OSError):
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            window = _FileWindow(fh, foreign)
            layout = _walk(tables, window.startswith, window.length)
        except (_Unprovable, OSError):
            return None
    if window.foreign_float or window.sha256.hexdigest() != digest:
        return None
    return layout


def _prove(tables: dict[str, dict[str, Any]], raw: bytes, foreign: bool) -> Layout:
    if foreign and _has_foreign_float(raw):
        raise _Unprovable
    return _walk(tables, raw.startswith, lambda: len(raw))


def _walk(tables: dict[str, dict[str, Any]], startswith: Callable[[bytes, int], bool],
          size: Callable[[], int]) -> Layout:
    """Each row of ``tables`` written and compared with the bytes at its place."""
    at, layout = 0, {}
    table_sep = _FIRST_TABLE
    for name in sorted(tables):
        piece = table_sep + _key_bytes(name)
        table_sep = _NEXT_TABLE
        if not startswith(piece, at):
            raise _Unprovable
        at += len(piece)
        table = tables[name]
        keys = sorted(table)
        spans = _spans(len(keys))
        row_sep = _FIRST_ROW
        for i, key in enumerate(keys):
            head = row_sep + _key_bytes(key)
            row_sep = _NEXT_ROW
            value = _row_bytes(table[key])
            if not startswith(head, at) or not startswith(value, at + len(head)):
                raise _Unprovable
            at += len(head)
            spans[2 * i] = at
            at += len(value)
            spans[2 * i + 1] = at
        end = _TABLE_END if keys else _EMPTY
        if not startswith(end, at):
            raise _Unprovable
        at += len(end)
        layout[name] = (keys, spans)
    end = _DOCUMENT_END if tables else _EMPTY_DOCUMENT
    if not startswith(end, at) or at + len(end) != size():
        raise _Unprovable
    return layout


class _FileWindow:
    """A file read a chunk at a time as ``_walk`` goes through it from its start: what has been
    walked past is let go, so proving a 90 MB briefing holds a few megabytes, not the
    file. Its SHA-256 and, for another writer's bytes, the number check come as it reads."""

    def __init__(self, fh: BinaryIO, foreign: bool) -> None:
        self.fh = fh
        self.window = bytearray()
        self.base = 0  # where the window starts in the file
        self.eof = False
        self.sha256 = hashlib.sha256()
        self.foreign = foreign
        self.foreign_float = False
        self._tail = b""

    def _more(self) -> None:
        chunk = self.fh.read(_CHUNK)
        if not chunk:
            self.eof = True
            return
        self.sha256.update(chunk)
        if self.foreign and _has_foreign_float(self._tail + chunk):
            self.foreign_float = True
        self._tail = chunk[-16:]
        self.window += chunk

    def startswith(self, piece: bytes, at: int) -> bool:
        if self.foreign_float:
            return False
        if at - self.base > _CHUNK:
            del self.window[:at - self.base]
            self.base = at
        while self.base + len(self.window) < at + len(piece) and not self.eof:
            self._more()
        return not self.foreign_float and self.window.startswith(piece, at - self.base)

    def length(self) -> int:
        while not self.eof:
            self._more()
        return self.base + len(self.window)


def _has_foreign_float(raw: bytes) -> bool:
    search = _EXPONENT_ENDS_LINE.search
    return any(search(raw, at, at + _CHUNK + 16) or raw.find(_TINY, at, at + _CHUNK + 16) >= 0
               for at in range(0, len(raw), _CHUNK))


def _new_row(value: Any, limit: int) -> bytes:
    """A row that is not the proven one: surveyed as ``jsonio.encode`` surveys a document."""
    found = jsonfast.survey(value, limit - 2)
    if found.too_deep:
        raise TooDeepRow(f"nested more than {limit} levels deep")
    if not jsonfast.writes_alike(found):
        raise _Unprovable
    return _row_bytes(value)


def encode_after(after: dict[str, Any], before: dict[str, Any], layout: Layout, raw: bytes,
                 limit: int) -> Encoded | None:
    """``after``'s bytes, byte for byte those of ``jsonio.encode``, where ``raw`` holds
    ``before`` as ``layout`` (from ``prove``) says; None when that cannot be shown. A row of
    ``after`` that is the very object ``before`` holds under the same key is copied from
    ``raw``; a changed row nested deeper than ``limit`` allows raises ``TooDeepRow``."""
    try:
        return _encode(_tables(after), _tables(before), layout, raw, limit)
    except _Unprovable:
        return None


class _Writer:
    """The new bytes and their layout, as they grow."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.layout: Layout = {}
        self.changed: list[tuple[str, str]] = []
        self.removed: list[tuple[str, str]] = []


def _encode(after: dict[str, dict[str, Any]], before: dict[str, dict[str, Any]],
            layout: Layout, raw: bytes, limit: int) -> Encoded:
    if before.keys() != layout.keys():
        raise _Unprovable
    w = _Writer()
    table_sep = _FIRST_TABLE
    for name in sorted(after.keys() | before.keys()):
        if name not in after:
            w.removed.extend((name, key) for key in layout[name][0])
            continue
        w.out += table_sep + _key_bytes(name)
        table_sep = _NEXT_TABLE
        _encode_table(w, name, after[name], before.get(name, {}),
                      layout.get(name, ([], array("q"))), raw, limit)
    w.out += _DOCUMENT_END if after else _EMPTY_DOCUMENT
    return Encoded(w.out, w.changed, w.removed, w.layout)


def _encode_table(w: _Writer, name: str, table: dict[str, Any], old: dict[str, Any],
                  old_layout: tuple[list[str], array[int]], raw: bytes, limit: int) -> None:
    """One table: rows walked in key order beside the old table's, which are in the same."""
    old_keys, old_spans = old_layout
    keys = sorted(table)
    spans = _spans(len(keys))
    out, j, row_sep = w.out, 0, _FIRST_ROW
    for i, key in enumerate(keys):
        while j < len(old_keys) and old_keys[j] < key:
            w.removed.append((name, old_keys[j]))
            j += 1
        row = table[key]
        out += row_sep + _key_bytes(key)
        row_sep = _NEXT_ROW
        start = len(out)
        if j < len(old_keys) and old_keys[j] == key:
            if row is old[key]:
                out += raw[old_spans[2 * j]:old_spans[2 * j + 1]]
            else:
                out += _new_row(row, limit)
                w.changed.append((name, key))
            j += 1
        else:
            out += _new_row(row, limit)
            w.changed.append((name, key))
        spans[2 * i] = start
        spans[2 * i + 1] = len(out)
    w.removed.extend((name, key) for key in old_keys[j:])
    out += _TABLE_END if keys else _EMPTY
    w.layout[name] = (keys, spans)


_ROWS_PER_PARSE = 1000  # rows parsed by one ``orjson.loads``: a few milliseconds each
_ROW_LINE = re.compile(rb'\n    "')  # a line that starts a row: its key, four spaces in


def parse_in_rows(raw: bytes, limit: int) -> tuple[dict[str, Any], Layout] | None:
    """The document in ``raw`` and where each row lies, when ``raw`` is a document exactly
    as this program writes one (then the strict reader would read the very same): parsed
    a thousand rows at a time, never the whole file at once (``orjson.loads`` of a 90 MB
    file held some 380 MB of its own for a moment, and the interpreter for 0.3 s), then
    proven to be those bytes (``prove``: every row written and compared). None for any
    other bytes, and for bytes nested near ``limit`` levels (in this layout a line's
    indent tells its depth): the caller reads them with the strict reader."""
    if raw.find(b"\n" + b" " * (2 * limit - 4)) >= 0:
        return None
    try:
        document = _split_and_parse(raw)
    except (_Unprovable, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    layout = prove(document, raw, foreign=True)
    return None if layout is None else (document, layout)


def _split_and_parse(raw: bytes) -> dict[str, Any]:
    """Each table found by its line (two spaces, a quote), its rows by theirs (four), and
    read a slice of rows at a time. A wrong guess either fails here or fails the proof."""
    if not raw.startswith(_FIRST_TABLE + b'"') or not raw.endswith(_DOCUMENT_END):
        raise _Unprovable
    starts = []
    at = 1
    while at >= 0:
        starts.append(at + 3)  # the table's key, after the newline and two spaces
        at = raw.find(b'\n  "', at + 1)
    document: dict[str, Any] = {}
    ends = [s - 4 for s in starts[1:]] + [len(raw) - len(_DOCUMENT_END)]  # before ",\n  "
    for start, end in zip(starts, ends, strict=True):
        colon = raw.index(b'": ', start)
        name = orjson.loads(raw[start:colon + 1])
        if type(name) is not str or name in document:
            raise _Unprovable
        document[name] = _rows(raw, colon + 3, end)
    return document


def _rows(raw: bytes, start: int, end: int) -> dict[str, Any]:
    """The table whose value is ``raw[start:end]`` (``{}`` or ``{`` rows ``}``)."""
    if raw[start:end] == _EMPTY:
        return {}
    last = end - len(_TABLE_END)
    if not raw.startswith(_FIRST_ROW, start) or not raw.startswith(_TABLE_END, last):
        raise _Unprovable
    firsts = [start + len(_FIRST_ROW)]  # each row's key, after its newline and four spaces
    firsts += [m.end() - 1 for m in _ROW_LINE.finditer(raw, firsts[0], end)]
    table: dict[str, Any] = {}
    for i in range(0, len(firsts), _ROWS_PER_PARSE):
        group = firsts[i:i + _ROWS_PER_PARSE]
        more = i + _ROWS_PER_PARSE < len(firsts)
        stop = firsts[i + _ROWS_PER_PARSE] - len(_NEXT_ROW) if more else last
        part = orjson.loads(b"{" + raw[group[0]:stop] + b"}")
        if type(part) is not dict or len(part) != len(group):
            raise _Unprovable  # a key twice, or lines not where this layout puts them
        table.update(part)
    if len(table) != len(firsts):
        raise _Unprovable
    return table
