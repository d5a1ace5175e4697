"""The orjson writer and reader give exactly what the stdlib ones give.

The writer (``dumps``, ``encode``) must write the stdlib writer's bytes for every document,
and refuse what it refuses; the reader (``parse_json_bytes``) must read every valid file as
the strict stdlib reader does (the same values, of the same types, in the same order), and
refuse duplicate keys and every bad file with the same message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui.core.errors import BriefingError
from tui.storage.jsonio import (
    MAX_DEPTH,
    TooDeep,
    dumps,
    dumps_stdlib,
    encode,
    parse_json_bytes,
    parse_json_bytes_strict,
)

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BAD = Path(__file__).resolve().parents[1] / "data" / "bad"

_EDGE_FLOATS = st.sampled_from(
    [1e-07, 1e-05, 0.0001, 1e15, 1e16, 1e22, -0.0, 5e-324, 1.7976931348623157e308, 0.1,
     123456789012345678.0, 9.223372036854776e18, -9.3e18]
)
_EDGE_INTS = st.sampled_from(
    [2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**30, -(10**30)]
)
_TEXT = st.text(max_size=10) | st.sampled_from(["a:b", "::", '"', "\\", "\u2028", "\x00", "é"])
_SCALARS = (
    st.none() | st.booleans() | st.integers() | _EDGE_INTS
    | st.floats(allow_nan=False, allow_infinity=False) | _EDGE_FLOATS | _TEXT
)
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=30,
)
# What only a written document can hold: values JSON has no form for, keys that are not
# text, lone surrogates, tuples.
_ODD = st.sampled_from(
    [float("nan"), float("inf"), -float("inf"), "\ud800", "a\udfff", (1, 2), {1: "a"},
     {None: 1, "b": 2}, {True: 1}, {1.5: 2}, {"a": 1, 2: "b"}, b"bytes", {1, 2}]
)
_WRITABLE = st.recursive(
    _SCALARS | _ODD,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=30,
)


def _outcome(write: Any, data: Any) -> tuple[str, Any]:
    try:
        return "wrote", write(data)
    except (ValueError, TypeError) as err:
        return "refused", type(err)


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"k": [value]}
    return value


@FUZZ
@given(_WRITABLE)
@example(1e-07)
@example({"amount": 1e-07, "big": 2**70, "neg": -(2**64)})
@example([float("nan")])
@example({"a": float("inf")})
@example({1: "a", "b": 2})
@example({"a": 1, 2: "b"})
@example("\ud800")
@example(_nested(20))
def test_writer_writes_the_stdlib_bytes_or_refuses_as_it_does(data: Any) -> None:
    assert _outcome(dumps, data) == _outcome(dumps_stdlib, data)
    assert _outcome(lambda d: encode(d, MAX_DEPTH), data) == _outcome(
        lambda d: dumps_stdlib(d).encode("utf-8"), data
    )


def test_writer_refuses_nesting_deeper_than_the_reader_reads() -> None:
    with pytest.raises(TooDeep):
        encode(_nested(MAX_DEPTH), MAX_DEPTH)
    assert encode(_nested(MAX_DEPTH // 2 - 1), MAX_DEPTH).endswith(b"\n")


def _typed(value: Any) -> Any:
    """``value`` with every type and order kept (``1``, ``1.0`` and ``True`` differ)."""
    if type(value) is dict:
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if type(value) is list:
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _text_of(data: Any, style: int) -> bytes:
    """``data`` as a file could hold it: compact, indented, ASCII-escaped, colons escaped."""
    if style == 0:
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if style == 1:
        return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
    if style == 2:
        return b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=True, indent="\t").encode("ascii")
    escaped = json.dumps(data, ensure_ascii=False, separators=(" , ", " : "))
    return escaped.replace(":\\", "\\u003a\\").encode("utf-8")


def _reading(read: Any, raw: bytes) -> tuple[str, Any]:
    try:
        return "read", _typed(read(raw, "f.json"))
    except BriefingError as err:
        return "refused", str(err)


@FUZZ
@given(_DOCS, st.integers(min_value=0, max_value=3))
@example({"a:b": "c:d", "e": [1, 2.5, None]}, 0)
@example({"n": 2**64, "m": -(2**63) - 1, "f": 9.3e18}, 1)
@example({"deep": _nested(30)}, 0)
def test_fast_reader_reads_valid_files_as_the_strict_reader(data: Any, style: int) -> None:
    raw = _text_of(data, style)
    strict = _reading(parse_json_bytes_strict, raw)
    assert strict[0] == "read"
    assert _reading(parse_json_bytes, raw) == strict


_PAIRS = st.lists(st.tuples(st.sampled_from(["a", "b", "a:b", ":"]), _DOCS), min_size=2, max_size=5)


@FUZZ
@given(_PAIRS, st.integers(min_value=0, max_value=3), st.booleans())
def test_both_readers_refuse_a_duplicate_key_with_the_same_message(
    pairs: list[tuple[str, Any]], where: int, wrapped: bool
) -> None:
    key = pairs[0][0]
    pairs.insert(min(where, len(pairs)), (key, "again"))
    body = ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in pairs)
    text = "{" + body + "}"
    if wrapped:
        text = '{"outer": [1, ' + text + ', {"x": ":"}]}'
    raw = text.encode("utf-8")
    strict = _reading(parse_json_bytes_strict, raw)
    assert strict[0] == "refused" and "duplicate key" in strict[1]
    assert _reading(parse_json_bytes, raw) == strict


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
def test_both_readers_answer_every_bad_file_alike(name: str) -> None:
    raw = (BAD / name).read_bytes()
    assert _reading(parse_json_bytes, raw) == _reading(parse_json_bytes_strict, raw)


_TOKENS = st.sampled_from(
    ['{', '}', '[', ']', ',', ':', '"a"', '"a"', '"\\u003a"', '"\\ud800"', '"\\udc00"', "1",
     "-0", "1e400", "1.5", "NaN", "-Infinity", "18446744073709551616", "true", "null", " ",
     "\t", "\x0c", "\x00", '"\x01"', "01", "1.", "\xed\xa0\x80", "\ufeff", "é", '"é"']
)


@FUZZ
@given(st.lists(_TOKENS, max_size=14))
@example(['{', '"a"', ':', '1', ',', '"a"', ':', '"\\u003a"', '}'])
@example(['[', '18446744073709551616', ']'])
def test_fast_reader_answers_any_text_as_the_strict_reader(tokens: list[str]) -> None:
    raw = "".join(tokens).encode("utf-8", "surrogatepass")
    assert _reading(parse_json_bytes, raw) == _reading(parse_json_bytes_strict, raw)


def test_a_briefing_is_written_and_read_by_orjson_itself() -> None:
    from sample_briefing import sample_document

    from tui.storage import jsonfast

    document = sample_document()
    written = jsonfast.dumps_bytes(document, jsonfast.survey(document, MAX_DEPTH))
    assert written == dumps_stdlib(document).encode("utf-8")
    assert jsonfast.loads(written, MAX_DEPTH) == (document,)
    doubled = written.replace(b'{\n', b'{\n  "again": 1,\n  "again": 2,\n', 1)
    assert jsonfast.loads(doubled, MAX_DEPTH) is None
