"""Reading and writing JSON safely: the one parser and the one serialiser for briefing files.

Reading refuses what would hurt the reader or TinyDB later: anything but a regular file
(a FIFO would hang), files over a size cap, invalid UTF-8, NaN/Infinity, numbers no float
or int can hold, lone UTF-16 surrogates (they cannot be written back as UTF-8), duplicate
keys and nesting deeper than TinyDB can read back. Every refusal is a ``BriefingError``
that names the file and, where there is one, the line and column.

orjson does the work where ``jsonfast`` can show it gives exactly the standard library's
answer (the same bytes written, the same values read); the standard library's paths
(``dumps_stdlib``, ``parse_json_bytes_strict``) are the reference and the fallback.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from tui.core.errors import BriefingError, cause_in_words
from tui.storage import jsonfast

__all__ = [
    "MAX_BYTES", "MAX_DEPTH", "read_json_file", "read_file_bytes", "parse_json", "parse_json_bytes",
    "parse_json_bytes_strict", "parse_own_bytes", "dumps", "dumps_stdlib", "encode", "TooDeep",
    "gc_paused", "depth_ok",
]

MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64


class _Reject(ValueError):
    """A value JSON allows but a briefing does not; ``token`` is what to point at."""

    def __init__(self, message: str, kind: str, token: str) -> None:
        super().__init__(message)
        self.kind = kind  # "key" (a duplicate key) or "number" (a token outside strings)
        self.token = token


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):  # rare: find which key came twice
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Reject(f"duplicate key {key!r}", "key", key)
            seen.add(key)
    return out


def _no_constants(name: str) -> Any:
    raise _Reject(f"{name} is not allowed in a briefing (JSON has no such number)", "number", name)


def _finite_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _Reject(f"the number {_clip(token)} is too large", "number", token)
    return value


def _bounded_int(token: str) -> int:
    try:
        return int(token)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise _Reject(f"the number {_clip(token)} has too many digits", "number", token) from None


def _clip(token: str) -> str:
    return token if len(token) <= 24 else token[:20] + "..."


def _line_col(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line} column {col}"


_STRING_OR_QUOTE = re.compile(r'["\\]')
_STRUCTURAL = re.compile(r'["\[\]{}]')
_COLON = re.compile(r"[ \t\r\n]*:")
_BARE_START = re.compile(r'["\-0-9NI]')
_SCALAR = re.compile(r"-?Infinity|NaN|-?[0-9][0-9.eE+-]*")


def _string_end(text: str, start: int) -> int:
    """Offset of the closing quote of the JSON string opening at ``start``."""
    i = start + 1
    while True:
        m = _STRING_OR_QUOTE.search(text, i)
        if m is None:
            return len(text)
        if m.group() == '"':
            return m.start()
        i = m.start() + 2  # skip the escaped character


def _too_deep_at(text: str, limit: int) -> int | None:
    """Offset where nesting first exceeds ``limit``, skipping string contents."""
    depth = 0
    i = 0
    while True:
        m = _STRUCTURAL.search(text, i)
        if m is None:
            return None
        ch = m.group()
        if ch == '"':
            i = _string_end(text, m.start()) + 1
            continue
        if ch in "[{":
            depth += 1
            if depth > limit:
                return m.start()
        else:
            depth -= 1
        i = m.end()


def _duplicate_key_at(text: str, key: str) -> int | None:
    """Offset of the first repeat of ``key`` inside one object, in reading order."""
    stack: list[set[str] | None] = []
    i = 0
    while True:
        m = _STRUCTURAL.search(text, i)
        if m is None:
            return None
        ch, at = m.group(), m.start()
        if ch == '"':
            end = _string_end(text, at)
            i = end + 1
            if stack and stack[-1] is not None and _COLON.match(text, i):
                try:
                    name = json.loads(text[at : end + 1])
                except ValueError:
                    continue
                keys = stack[-1]
                if name in keys:
                    if name == key:
                        return at
                else:
                    keys.add(name)
            continue
        if ch == "{":
            stack.append(set())
        elif ch == "[":
            stack.append(None)
        elif stack:
            stack.pop()
        i = m.end()


def _token_at(text: str, token: str) -> int | None:
    """Offset of the first bare (not quoted) occurrence of a number or constant token."""
    i = 0
    while True:
        m = _BARE_START.search(text, i)
        if m is None:
            return None
        if m.group() == '"':
            i = _string_end(text, m.start()) + 1
            continue
        scalar = _SCALAR.match(text, m.start())
        if scalar is None:
            i = m.end()
            continue
        if scalar.group() == token:
            return m.start()
        i = scalar.end()


_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_ESCAPE_OR_QUOTE_OR_SURROGATE = re.compile(r'["\\\ud800-\udfff]')


def _lone_surrogate_at(text: str) -> int | None:
    """Offset of a ``\\uD800``-``\\uDFFF`` escape (or raw code point) that is not half of a pair.

    Python's JSON reader lets these through as strings that cannot be written as UTF-8.
    """
    if "\\ud" not in text and "\\uD" not in text:
        # No \\uD... escape anywhere: only a raw surrogate code point could be one, and
        # encoding finds that in one pass in C (text decoded from UTF-8 never has one).
        if text.isascii():
            return None
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            return err.start
        return None
    i = 0
    in_string = False
    while True:
        m = _ESCAPE_OR_QUOTE_OR_SURROGATE.search(text, i)
        if m is None:
            return None
        ch, at = m.group(), m.start()
        i = m.end()
        if ch == '"':
            in_string = not in_string
        elif "\ud800" <= ch <= "\udfff":
            return at
        elif in_string:  # a backslash escape
            if text[at + 1 : at + 2] != "u":
                i = at + 2
                continue
            code = int(text[at + 2 : at + 6], 16)
            i = at + 6
            if 0xD800 <= code <= 0xDBFF:
                low = text[at + 8 : at + 12] if text[at + 6 : at + 8] == "\\u" else ""
                if len(low) == 4 and 0xDC00 <= int(low, 16) <= 0xDFFF:
                    i = at + 12
                    continue
                return at
            if 0xDC00 <= code <= 0xDFFF:
                return at


def depth_ok(value: Any, limit: int) -> bool:
    """True when no container is nested more than ``limit`` deep (level by level, no recursion)."""
    level = [value] if type(value) in (dict, list) else []
    depth = 1
    while level:
        if depth > limit:
            return False
        below = []
        for item in level:
            for child in item.values() if type(item) is dict else item:
                kind = type(child)
                if kind is dict or kind is list:
                    below.append(child)
        level = below
        depth += 1
    return True


_TOO_DEEP = object()


def parse_json(text: str, path: object, from_utf8: bytes | None = None) -> Any:
    """Parse JSON text strictly; errors name ``path`` and the line and column.

    Beyond plain JSON this refuses duplicate keys, NaN and Infinity, numbers too large
    for a float or too long for an int, lone UTF-16 surrogates (they cannot be written
    back as UTF-8) and nesting deeper than ``MAX_DEPTH``. ``from_utf8`` is the UTF-8 the
    text was decoded from, when it was: searching those bytes for surrogate escapes is faster.
    """
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constants,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except json.JSONDecodeError as err:
        raise BriefingError(path, f"not valid JSON: {err.msg}", _line_col(text, err.pos)) from None
    except _Reject as err:
        raise BriefingError(path, f"{err}", _locate_rejection(text, err)) from None
    except RecursionError:
        value = _TOO_DEEP
    if value is _TOO_DEEP or not depth_ok(value, MAX_DEPTH):
        at = _too_deep_at(text, MAX_DEPTH)
        raise BriefingError(
            path,
            f"nested more than {MAX_DEPTH} levels deep",
            _line_col(text, at) if at is not None else None,
        ) from None
    if from_utf8 is not None and b"\\ud" not in from_utf8 and b"\\uD" not in from_utf8:
        return value  # valid UTF-8 holds no raw surrogates, and there is no escape of one
    at = _lone_surrogate_at(text)
    if at is not None:
        escape = text[at : at + 6] if text[at] == "\\" else f"\\u{ord(text[at]):04x}"
        message = f"{escape} is half of a UTF-16 surrogate pair, not a character"
        raise BriefingError(path, message, _line_col(text, at))
    return value


def _locate_rejection(text: str, err: _Reject) -> str | None:
    if err.kind == "key":
        at = _duplicate_key_at(text, err.token)
    else:
        at = _token_at(text, err.token)
    return _line_col(text, at) if at is not None else None


def read_json_file(path: Path, max_bytes: int | None = None) -> Any:
    """Read and strictly parse one JSON file that must be a regular file.

    ``max_bytes`` defaults to ``MAX_BYTES`` as it is when called.
    """
    return parse_json_bytes(read_file_bytes(path, max_bytes), path)


def read_file_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file no larger than ``max_bytes``; anything else is refused."""
    path = Path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        # O_NONBLOCK so that opening a FIFO never waits for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise BriefingError(path, "no such file") from None
    except IsADirectoryError:
        raise BriefingError(path, "is a folder, not a briefing file") from None
    except PermissionError:
        raise BriefingError(path, "permission denied") from None
    except OSError as err:
        raise BriefingError(path, f"cannot open: {cause_in_words(err)}") from None
    try:
        # Look before wrapping the descriptor: ``os.fdopen`` itself refuses a folder.
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BriefingError(path, "is a folder, not a briefing file")
        if not stat.S_ISREG(info.st_mode):
            raise BriefingError(path, "not a regular file (a pipe, device or socket)")
        if info.st_size > limit:
            raise BriefingError(path, f"too large: {info.st_size} bytes, the limit is {limit}")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(limit + 1)
        except OSError as err:
            raise BriefingError(path, f"cannot read: {cause_in_words(err)}") from None
    if len(raw) > limit:
        raise BriefingError(path, f"too large: over {limit} bytes")
    return raw


def parse_json_bytes(raw: bytes, path: object) -> Any:
    """Decode (UTF-8, with or without a BOM) and strictly parse a file's bytes.

    orjson reads it when it can show its answer is the strict reader's (``jsonfast.loads``:
    no duplicate keys, nothing it reads differently); anything else, every bad file among
    it, goes to ``parse_json_bytes_strict``, which also makes every error message.
    """
    body = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    fast = jsonfast.loads(body, MAX_DEPTH)
    if fast is not None:
        return fast[0]
    return parse_json_bytes_strict(raw, path)


def parse_own_bytes(raw: bytes) -> Any:
    """Bytes this program wrote itself from a checked document (``encode``), parsed.

    Only for bytes proven to be those (their SHA-256 equals that of what was written):
    they cannot hold anything the strict reader refuses, so orjson reads them as it would.
    """
    return orjson.loads(raw)


def parse_json_bytes_strict(raw: bytes, path: object) -> Any:
    """``parse_json_bytes`` by the stdlib reader alone (``parse_json``)."""
    body = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        other = _other_encoding(body)
        if other:
            raise BriefingError(path, f"is {other} text, not UTF-8: save it as UTF-8") from None
        before = body[: err.start].decode("utf-8")
        raise BriefingError(path, "not valid UTF-8 text", _line_col(before, len(before))) from None
    if "\x00" in text and _other_encoding(body):
        raise BriefingError(path, f"is {_other_encoding(body)} text, not UTF-8: save it as UTF-8")
    if not text or text.isspace():
        raise BriefingError(path, "empty file")
    return parse_json(text, path, from_utf8=body)


def _other_encoding(raw: bytes) -> str | None:
    """The encoding a JSON file's bytes are in when it is plainly not UTF-8: JSON text starts
    with an ASCII character, so its zero bytes tell UTF-16 and UTF-32 and their byte order
    (RFC 4627, section 3), with or without a byte-order mark."""
    marks = ((codecs.BOM_UTF32_LE, "UTF-32LE"), (codecs.BOM_UTF32_BE, "UTF-32BE"),
             (codecs.BOM_UTF16_LE, "UTF-16LE"), (codecs.BOM_UTF16_BE, "UTF-16BE"))
    for mark, name in marks:
        if raw.startswith(mark):
            return name
    head = raw[:4]
    if len(head) < 4:
        return None
    zeros = "".join("0" if b == 0 else "x" for b in head)
    return {"000x": "UTF-32BE", "x000": "UTF-32LE", "0x0x": "UTF-16BE",
            "x0x0": "UTF-16LE"}.get(zeros)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large document is made or written.

    Building a briefing makes hundreds of thousands of small objects, none of them in
    cycles; the collector would scan them again and again (about a third of a large
    load or save). It is switched back on, as it was, when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class TooDeep(ValueError):
    """A value nested deeper than the reader would read back."""


def encode(data: Any, limit: int = MAX_DEPTH, changed: list[Any] | None = None) -> bytes:
    """``dumps(data)`` as UTF-8 bytes; refuses (``TooDeep``) nesting deeper than ``limit``.

    orjson writes them when ``jsonfast`` can show they are the stdlib's bytes; otherwise
    ``dumps_stdlib`` does, and raises as it does (``ValueError`` for NaN or a lone
    surrogate, ``TypeError`` for a value JSON has no form for). ``changed``: the rows of
    its tables (values two levels down) that may be anything; all the rest is known to
    be written alike by orjson and the stdlib (``savecheck.untouched``), so only those
    rows are looked at.
    """
    if changed is not None:
        found = jsonfast.merged([jsonfast.survey(row, limit - 2) for row in changed])
        fast = None if found.too_deep else jsonfast.dumps_bytes(data, found)
        if fast is not None:
            return fast
    found = jsonfast.survey(data, limit)
    if found.too_deep:
        raise TooDeep(f"nested more than {limit} levels deep")
    fast = jsonfast.dumps_bytes(data, found)
    return fast if fast is not None else dumps_stdlib(data).encode("utf-8")


def dumps(data: Any) -> str:
    """Stable, diff-friendly JSON: sorted keys, two-space indent, UTF-8, final newline.

    The same text as ``dumps_stdlib``, by orjson where it gives the same (see ``encode``).
    """
    fast = jsonfast.dumps_bytes(data, jsonfast.survey(data, MAX_DEPTH))
    return fast.decode("utf-8") if fast is not None else dumps_stdlib(data)


def dumps_stdlib(data: Any) -> str:
    """The format's serialiser as the standard library writes it: the reference for ``dumps``."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
