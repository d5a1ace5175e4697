"""orjson fast paths for ``jsonio``: the same bytes out and the same values in, or no answer.

Each function here either gives exactly what the stdlib path in ``jsonio`` would give, or
answers ``None`` so that the caller takes the stdlib path (which then also makes any error
message). Nothing here raises for bad input.

Writing: orjson with ``OPT_INDENT_2 | OPT_SORT_KEYS`` writes the stdlib's bytes except for
floats that Python prints with an exponent (``1e-07``: orjson writes ``1e-7``), NaN and
Infinity (orjson writes ``null``; the stdlib refuses them), integers over 64 bits and keys
that are not strings (orjson refuses both). One walk over the document (``survey``) finds
those; it also measures the nesting, which both paths need anyway.

Reading: orjson is as strict as the stdlib reader on everything but two things. It turns an
integer over 64 bits into a float (found by the walk: such a float is at least 2**63), and
it keeps the last of two equal keys silently. Duplicate keys are ruled out by counting
colons: each key in the text has one colon after it, and the only other colons are inside
strings. So the text's colons are (its keys) + (colons in its strings), and a compact
orjson dump of what was parsed has (the parsed objects' keys) + (the same colons in the
same strings). A repeated key makes the parsed objects hold fewer keys than the text, so
the two counts are equal exactly when no key came twice. (A colon written as the escape
``\\u003a`` is a colon in the string but not in the text: such a file takes the stdlib path.)
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import orjson

__all__ = ["Survey", "survey", "merged", "writes_alike", "dumps_bytes", "loads"]

_WRITE = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
_SCALARS = frozenset({str, int, bool, type(None)})
_INT64 = float(2**63)
_ESCAPED_COLON = (b"\\u003a", b"\\u003A")


class Survey(NamedTuple):
    """What one walk over a parsed or to-be-written value found."""

    too_deep: bool  # a container nested more than the limit
    exotic: bool  # a value of any type but exactly dict, list, str, int, float, bool, None
    floats: list[float]  # every float in it (most briefings have few)


def survey(value: Any, limit: int) -> Survey:
    """Walk ``value`` level by level (no recursion), stopping once it is deeper than ``limit``."""
    floats: list[float] = []
    exotic = False
    kind = type(value)
    level = [value] if kind is dict or kind is list else []
    if kind is float:
        floats.append(value)
    elif not level and kind not in _SCALARS:
        exotic = True
    depth = 1
    while level:
        if depth > limit:
            return Survey(True, exotic, floats)
        below = []
        for item in level:
            for child in item.values() if type(item) is dict else item:
                kind = type(child)
                if kind is dict or kind is list:
                    below.append(child)
                elif kind is float:
                    floats.append(child)
                elif kind not in _SCALARS:
                    exotic = True
        level = below
        depth += 1
    return Survey(False, exotic, floats)


def merged(parts: list[Survey]) -> Survey:
    """One survey of several values."""
    return Survey(
        any(p.too_deep for p in parts), any(p.exotic for p in parts),
        [f for p in parts for f in p.floats],
    )


def _printed_plainly(number: float) -> bool:
    """True when Python's ``repr`` of a finite float has no exponent (orjson agrees on those)."""
    return math.isfinite(number) and (number == 0 or 1e-4 <= abs(number) < 1e16)


def writes_alike(found: Survey) -> bool:
    """True when what ``survey`` found is written by orjson exactly as by the stdlib (short
    of what orjson refuses outright: an integer over 64 bits, a key that is not a string)."""
    return not (found.too_deep or found.exotic or not all(map(_printed_plainly, found.floats)))


def dumps_bytes(data: Any, found: Survey) -> bytes | None:
    """The stdlib writer's bytes (sorted keys, indent 2, UTF-8, final newline) by orjson, or
    None when ``data`` (as ``found`` by ``survey``) holds something orjson writes otherwise."""
    if not writes_alike(found):
        return None
    try:
        return orjson.dumps(data, option=_WRITE)
    except (TypeError, ValueError, orjson.JSONEncodeError):
        return None  # a key that is not a string, an integer over 64 bits, a lone surrogate


def loads(body: bytes, limit: int) -> tuple[Any] | None:
    """``(value,)`` as the strict stdlib reader would parse ``body`` (UTF-8, no BOM), or None
    when orjson cannot show that: the text is invalid, or holds something orjson reads
    differently (see the module's docstring). A value nested deeper than ``limit`` is None."""
    if _ESCAPED_COLON[0] in body or _ESCAPED_COLON[1] in body:
        return None
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    found = survey(value, limit)
    if found.too_deep or any(abs(f) >= _INT64 for f in found.floats):
        return None  # too deep, or perhaps an integer over 64 bits that orjson made a float
    if body.count(b":") != _colons_of(value):
        return None  # a key came twice in one object
    return (value,)


def _colons_of(value: Any) -> int:
    """Colons in the compact JSON of ``value``: one per key, plus those inside its strings.

    The top-level tables are dumped one at a time, so no copy of the whole file is made.
    """
    if type(value) is not dict:
        return orjson.dumps(value).count(b":")
    return len(value) + sum(key.count(":") for key in value) + sum(
        orjson.dumps(table).count(b":") for table in value.values()
    )
