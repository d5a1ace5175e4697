"""Whatever a file holds, loading it either works or fails with a BriefingError.

``parse_json`` + ``check_document`` must never raise anything else, every message must
stay on one line (``briefing check`` prints one problem per line), and whatever loads
must be writable again (``dumps`` + UTF-8) and read back the same.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_briefing import sample_document

from tui.core.errors import BriefingError
from tui.core.model import ENTRY_KINDS, fields_of
from tui.core.validate import _META_FIELDS, _SOURCE_FIELDS, check_document
from tui.storage.jsonio import dumps, parse_json

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_NAMES = sorted(
    {"briefing", "sources", *ENTRY_KINDS, "1", "2", "0", "x", "value", "currency"}
    | {f.name for kind in ENTRY_KINDS for f in fields_of(kind)}
    | {f.name for f in (*_META_FIELDS, *_SOURCE_FIELDS)}
)
_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
_TEXT = st.text(alphabet=st.one_of(st.characters(), _SURROGATES), max_size=12) | st.sampled_from(
    ["src-b3e3d252#p1.s1", "src-b3e3d252#p9.s1", "zelensky", "ankara-talks", "2025-02-30",
     "2024-02-29", "EUR", "person", "", " "]
)
_KEYS = st.sampled_from(_NAMES) | st.text(max_size=6)
_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats() | _TEXT
)
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=25,
)


def _load(text: str) -> Any:
    """Parse and check; returns the parsed value, or None when it was refused."""
    try:
        value = parse_json(text, "fuzz.json")
    except BriefingError as err:
        assert str(err).startswith("fuzz.json: ")
        _assert_one_line(str(err))
        return None
    _check(value)
    # What loads can be written back and reads back the same.
    written = dumps(value)
    written.encode("utf-8")
    assert parse_json(written, "again.json") == value
    return value


def _check(value: Any) -> None:
    problems, briefing = check_document(value)
    assert (briefing is None) == bool(problems)
    for problem in problems:
        assert isinstance(problem.place, str) and problem.place
        assert isinstance(problem.message, str) and problem.message
        _assert_one_line(problem.format("fuzz.json"))
    if briefing is not None:
        dumps(value).encode("utf-8")


def _assert_one_line(line: str) -> None:
    assert not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in line), line


@FUZZ
@given(JSON_VALUES)
def test_any_json_value(value: Any) -> None:
    _load(json.dumps(value))  # NaN/Infinity and lone surrogates come out as JSON text


@FUZZ
@given(st.text())
def test_any_text(text: str) -> None:
    _load(text)


@functools.cache
def _paths() -> list[tuple[str, str, str]]:
    """Every (table, doc id, field) of the sample briefing."""
    return [
        (table, doc_id, name)
        for table, docs in sample_document().items()
        for doc_id, doc in docs.items()
        for name in doc
    ]


# Deferred: the sample briefing is built when a test draws, not when the module is collected.
_PATH = st.deferred(lambda: st.sampled_from(_paths()))


@pytest.mark.usefixtures("seed_article")
@FUZZ
@given(st.lists(st.tuples(_PATH, JSON_VALUES), min_size=1, max_size=4))
def test_briefing_with_fields_replaced(changes: list[tuple[tuple[str, str, str], Any]]) -> None:
    doc = sample_document()
    for (table, doc_id, name), value in changes:
        doc[table][doc_id][name] = value
    _check(doc)
    _load(json.dumps(doc))


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["briefing", "sources", *ENTRY_KINDS, "extra"]),
        st.dictionaries(st.sampled_from(["1", "2", "0", "01", "x"]),
                        st.dictionaries(_KEYS, JSON_VALUES, max_size=6) | JSON_VALUES, max_size=3),
        max_size=8,
    )
)
def test_briefing_shaped_documents(doc: dict[str, Any]) -> None:
    _check(doc)
    _load(json.dumps(doc))


@functools.cache
def _valid_text() -> str:
    return dumps(sample_document())


@pytest.mark.usefixtures("seed_article")
@FUZZ
@given(
    st.lists(
        # Where to edit, as a share of the text's length: the text is read only when it runs.
        st.tuples(st.floats(0, 1), st.integers(0, 8),
                  st.text(alphabet='{}[]",:0123456789eE.-+ \\nutrfalsNIy', max_size=4)),
        min_size=1, max_size=3,
    )
)
def test_damaged_briefing_text(edits: list[tuple[float, int, str]]) -> None:
    text = _valid_text()
    for share, cut, insert in edits:
        at = round(share * len(text))
        text = text[:at] + insert + text[at + cut :]
    _load(text)


# --- where parse_json points ----------------------------------------------------------------

NO_SUCH_NUMBER = "is not allowed in a briefing (JSON has no such number)"
HALF_PAIR = "is half of a UTF-16 surrogate pair, not a character"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the repeat inside its own object, not an earlier use of the same key elsewhere
        ('{"id": 1, "x": {"id": 1, "id": 2}}', "line 1 column 26: duplicate key 'id'"),
        ('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}', "line 1 column 24: duplicate key 'c'"),
        ('{"it\'s": 1,\n "it\'s": 2}', "line 2 column 2: duplicate key \"it's\""),
        ('{"\u00e9": 1, "\\u00e9": 2}', "line 1 column 10: duplicate key '\u00e9'"),
        ('{"k" : 1, "k"\n  : 2}', "line 1 column 11: duplicate key 'k'"),
        # the bare constant, not the same word inside a string
        ('["NaN", NaN]', f"line 1 column 9: NaN {NO_SUCH_NUMBER}"),
        ('{"x": "-Infinity",\n "y": -Infinity}',
         f"line 2 column 7: -Infinity {NO_SUCH_NUMBER}"),
        ('{"t": "1e400", "n": 1e400}', "line 1 column 21: the number 1e400 is too large"),
        ("[" + "1" * 5000 + "]",
         "line 1 column 2: the number 11111111111111111111... has too many digits"),
        ('["ok", "\\udc00"]', f"line 1 column 9: \\udc00 {HALF_PAIR}"),
        ('["\\uD83D x"]', f"line 1 column 3: \\uD83D {HALF_PAIR}"),
        ("[" * 100000 + "]" * 100000, "line 1 column 65: nested more than 64 levels deep"),
        # 65 levels: the object, then 64 lists; the 64th list opens at column 70
        ('{"a": [' + "[" * 63 + "]" * 63 + "]}",
         "line 1 column 70: nested more than 64 levels deep"),
    ],
)
def test_parse_json_points_at_the_problem(text: str, expected: str) -> None:
    with pytest.raises(BriefingError) as info:
        parse_json(text, "f.json")
    assert str(info.value) == f"f.json: {expected}"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('["\\ud83d\\ude00"]', ["\U0001f600"]),  # a proper pair is one character
        ('["\\\\ud800"]', ["\\ud800"]),  # an escaped backslash, not an escape
        # 64 levels: the object, then 63 lists
        ('{"a": [' + "[" * 62 + "]" * 62 + "]}", {"a": json.loads("[" * 63 + "]" * 63)}),
        ("[1.5, -0, 2e5, 1e-400]", [1.5, 0, 200000.0, 0.0]),
        ("null", None),
    ],
)
def test_parse_json_accepts(text: str, value: Any) -> None:
    assert parse_json(text, "f.json") == value
