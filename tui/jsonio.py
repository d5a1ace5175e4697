"""Reading and writing JSON safely: the one parser and the one serialiser for briefing files.

Reading refuses what would hurt the reader or TinyDB later: anything but a regular file
(a FIFO would hang), files over a size cap, invalid UTF-8, NaN/Infinity, duplicate keys
and nesting deeper than TinyDB can read back. Every refusal is a ``BriefingError`` that
names the file and the line and column.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from tui.errors import BriefingError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "read_json_file", "parse_json", "dumps"]

MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64


class _Reject(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Reject(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise _Reject(f"{name} is not allowed in a briefing (JSON has no such number)")


def _line_col(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line} column {col}"


def _too_deep_at(text: str, limit: int) -> int | None:
    """Offset where nesting first exceeds ``limit``, skipping string contents."""
    depth = 0
    in_string = False
    escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return i
        elif ch in "]}":
            depth -= 1
    return None


def _depth_ok(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return False
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return True


def parse_json(text: str, path: object) -> Any:
    """Parse JSON text strictly; errors name ``path`` and the line and column."""
    try:
        value = json.loads(
            text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants
        )
    except json.JSONDecodeError as err:
        raise BriefingError(path, f"not valid JSON: {err.msg}", _line_col(text, err.pos)) from None
    except _Reject as err:
        raise BriefingError(path, f"{err}", _locate_rejection(text, err)) from None
    except RecursionError:
        value = None
    if value is None or not _depth_ok(value, MAX_DEPTH):
        at = _too_deep_at(text, MAX_DEPTH)
        if at is not None:
            raise BriefingError(
                path, f"nested more than {MAX_DEPTH} levels deep", _line_col(text, at)
            ) from None
    return value


def _locate_rejection(text: str, err: _Reject) -> str | None:
    message = str(err)
    if message.startswith("duplicate key"):
        key = json.dumps(message.split("'", 2)[1])
        first = text.find(key + ":")
        first = text.find(key, first) if first >= 0 else text.find(key)
        second = text.find(key, first + 1) if first >= 0 else -1
        return _line_col(text, second) if second >= 0 else None
    for name in ("NaN", "-Infinity", "Infinity"):
        if message.startswith(name):
            at = text.find(name)
            return _line_col(text, at) if at >= 0 else None
    return None


def read_json_file(path: Path, max_bytes: int = MAX_BYTES) -> Any:
    """Read and strictly parse one JSON file that must be a regular file."""
    path = Path(path)
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
        raise BriefingError(path, f"cannot open: {err.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise BriefingError(path, "is a folder, not a briefing file")
        if not stat.S_ISREG(info.st_mode):
            raise BriefingError(path, "not a regular file (a pipe, device or socket)")
        if info.st_size > max_bytes:
            raise BriefingError(
                path, f"too large: {info.st_size} bytes, the limit is {max_bytes}"
            )
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise BriefingError(path, f"too large: over {max_bytes} bytes")
    if not raw.strip():
        raise BriefingError(path, "empty file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start].decode("utf-8", "replace")
        raise BriefingError(
            path, "not valid UTF-8 text", _line_col(before, len(before))
        ) from None
    return parse_json(text, path)


def dumps(data: Any) -> str:
    """Stable, diff-friendly JSON: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
