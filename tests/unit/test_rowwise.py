"""A save that starts from the document the store keeps in memory: it parses nothing, writes
the very bytes the whole-document writer would, and never takes a file it cannot prove."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers_store import small_document, whole_checks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import Query

from tui.core.errors import BriefingError, InvalidBriefing
from tui.storage import store as store_module
from tui.storage.jsonio import MAX_DEPTH, TooDeep, dumps, dumps_stdlib, encode
from tui.storage.rowwise import TooDeepRow, encode_after, prove
from tui.storage.store import BriefingStore

_ORJSON_FORM = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


# ------------------------------------------------------------------ the encoder alone
def test_prove_finds_every_row_of_our_own_bytes() -> None:
    document = small_document()
    raw = encode(document)
    layout = prove(document, raw, foreign=False)
    assert layout is not None
    for name, (keys, spans) in layout.items():
        assert keys == sorted(document[name])
        for i, key in enumerate(keys):
            assert orjson.loads(raw[spans[2 * i]:spans[2 * i + 1]]) == document[name][key]


@pytest.mark.parametrize("other", [
    pytest.param(lambda raw: raw.replace(b"\n", b"\r\n"), id="other line ends"),
    pytest.param(lambda raw: raw + b"\n", id="one more byte"),
    pytest.param(lambda raw: raw.replace(b'"role": "President"', b'"role": "Premier"', 1),
                 id="one value otherwise"),
    pytest.param(lambda raw: orjson.dumps(orjson.loads(raw)), id="compact"),
])
def test_prove_refuses_bytes_that_are_not_the_document_as_we_write_it(other: Any) -> None:
    document = small_document()
    document["actors"]["1"]["role"] = "President"
    raw = other(encode(document))
    assert raw != encode(document)
    assert prove(document, raw, foreign=False) is None
    assert prove(document, raw, foreign=True) is None


@pytest.mark.parametrize("number", [1e-05, 1e-07, 2.5e-06])
def test_prove_refuses_another_writers_form_of_a_small_float(number: float) -> None:
    """orjson writes 1e-05 as 0.00001 and 1e-07 as 1e-7; ours writes 1e-05 and 1e-07. Bytes
    another writer made in orjson's form are not taken as ours, though orjson would write
    the document as exactly those bytes."""
    document = small_document()
    document["financing"]["1"]["amount"] = {"value": number, "currency": "EUR"}
    theirs = orjson.dumps(document, option=_ORJSON_FORM)
    assert theirs != encode(document)
    assert prove(document, theirs, foreign=True) is None
    assert prove(document, encode(document), foreign=True) is None  # orjson rows differ


def _edited(document: dict[str, Any], edits: list[tuple[str, str, str, Any]]) -> dict[str, Any]:
    """``document`` edited as a store transaction edits it: a new table of tables, each
    changed row a copy, every other row the very object ``document`` holds."""
    after = dict(document)
    for table, key, field, value in edits:
        rows = after[table] = dict(after.get(table) or {})
        if value is _REMOVE:
            rows.pop(key, None)
            continue
        row = copy.deepcopy(rows.get(key, {"id": f"new-{key}"}))
        row[field] = value
        rows[key] = row
    return after


_REMOVE = object()
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True), st.just(_REMOVE),
    st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=3),
    st.recursive(st.just([]), lambda inner: st.lists(inner, min_size=1, max_size=1),
                 max_leaves=MAX_DEPTH + 2),
)
_EDITS = st.lists(
    st.tuples(st.sampled_from(["actors", "meetings", "changes", "briefing", "extra"]),
              st.sampled_from(["1", "2", "10", "9"]),
              st.sampled_from(["id", "summary", "links", "\u00e9t\u00e9"]), _VALUES),
    max_size=4,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_rows_written_against_a_proven_document_are_the_whole_writers_bytes(
        edits: list[tuple[str, str, str, Any]]) -> None:
    document = small_document()
    raw = encode(document)
    layout = prove(document, raw, foreign=False)
    assert layout is not None
    after = _edited(document, edits)
    try:
        expected: bytes | None = encode(after)
    except (TooDeep, ValueError, TypeError):
        expected = None
    try:
        encoded = encode_after(after, document, layout, raw, MAX_DEPTH)
    except TooDeepRow:
        with pytest.raises(TooDeep):
            encode(after)
        return
    if encoded is None:
        return  # the caller writes it whole: the same bytes, or the same refusal
    assert bytes(encoded.data) == expected
    touched = {(t, k) for t, k, _f, v in edits if v is not _REMOVE and k in after.get(t, {})}
    assert set(encoded.changed) == touched
    assert prove(after, bytes(encoded.data), foreign=False) == encoded.layout


# ------------------------------------------------------------------ the store
def _kept(tmp_path: Path, text: str | None = None) -> tuple[BriefingStore, dict[str, Any]]:
    """A store vouched for a file with the document its bytes hold (as the app does with
    what its loader checked and shows)."""
    path = tmp_path / "brief.json"
    path.write_text(text if text is not None else dumps(small_document()), encoding="utf-8")
    raw = path.read_bytes()
    document = orjson.loads(raw)
    store = BriefingStore(path)
    store.vouch_for(hashlib.sha256(raw).hexdigest(), document)
    return store, document


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any) -> Any:
        raise AssertionError("the save parsed the file")

    for name in ("parse_document", "parse_own_bytes", "_read_vouched"):
        monkeypatch.setattr(store_module, name, refuse)


def test_saves_of_the_file_as_kept_parse_nothing_and_write_what_the_whole_writer_would(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = _kept(tmp_path)
    assert store.path is not None
    _no_parsing(monkeypatch)
    whole = whole_checks(monkeypatch)
    for summary in ("Leads the delegation.", "Hosts the talks."):
        with store.transaction() as db:
            db.table("actors").update({"summary": summary}, Query().id == "ukraine")
    assert whole == []
    monkeypatch.undo()
    saved = store.read_document()
    assert saved["actors"]["2"]["summary"] == "Hosts the talks."
    assert store.path.read_text(encoding="utf-8") == dumps_stdlib(saved)
    assert store.last_commit is not None and store.last_commit[0] == saved


def test_an_update_changes_copies_never_the_document_the_screen_shows(tmp_path: Path) -> None:
    """The kept document's rows are the screen's entries: an update that changes a row in
    place, even a list inside it, changes a copy, and a refused save leaves them as shown."""
    store, shown = _kept(tmp_path)
    as_shown = copy.deepcopy(shown)

    def add_nobody(row: dict[str, Any]) -> None:
        row["participants"].append("nobody")

    with pytest.raises(InvalidBriefing, match="nobody"), store.transaction() as db:
        db.table("meetings").update(add_nobody, Query().id == "ankara-talks")
    with store.transaction() as db:
        db.table("meetings").update(lambda row: row["participants"].append("zelensky"),
                                    Query().id == "ankara-talks")
    assert shown == as_shown
    assert store.read_document()["meetings"]["1"]["participants"][-1] == "zelensky"


def test_a_file_another_writer_changed_is_read_from_disk_not_taken_from_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = _kept(tmp_path)
    assert store.path is not None
    with store.transaction() as db:
        db.table("actors").update({"summary": "Ours."}, Query().id == "ukraine")
    theirs = store.read_document()
    theirs["actors"]["1"]["summary"] = "Theirs."
    store.path.write_text(dumps(theirs), encoding="utf-8")
    whole = whole_checks(monkeypatch)
    with store.transaction() as db:
        db.table("events").update({"summary": "Ours again."}, doc_ids=[1])
    saved = store.read_document()
    assert whole == [1]  # not the kept document: read and checked in full
    assert saved["actors"]["1"]["summary"] == "Theirs."
    assert saved["actors"]["2"]["summary"] == "Ours."
    assert saved["events"]["1"]["summary"] == "Ours again."


def test_a_kept_document_the_file_does_not_hold_in_our_form_is_saved_the_long_way(
        tmp_path: Path) -> None:
    document = small_document()
    document["financing"]["1"]["amount"] = {"value": 1e-05, "currency": "EUR"}
    text = orjson.dumps(document, option=_ORJSON_FORM).decode("utf-8")
    store, _ = _kept(tmp_path, text)
    assert store.path is not None
    with store.transaction() as db:
        db.table("actors").update({"summary": "Leads the delegation."}, Query().id == "ukraine")
    written = store.path.read_text(encoding="utf-8")
    assert written == dumps_stdlib(store.read_document())
    assert '"value": 1e-05' in written


def test_a_kept_store_refuses_what_the_whole_check_refuses_and_writes_nothing(
        tmp_path: Path) -> None:
    store, _ = _kept(tmp_path)
    assert store.path is not None
    before = store.path.read_bytes()
    with pytest.raises(InvalidBriefing, match="already used by"), store.transaction() as db:
        db.table("actors").update({"name": "x", "id": "zelensky"}, doc_ids=[2])
    with pytest.raises(InvalidBriefing, match="no entry has the id"), store.transaction() as db:
        db.table("actors").remove(Query().id == "ukraine")
    with pytest.raises(InvalidBriefing, match="must be text"), store.transaction() as db:
        deep: Any = []
        for _ in range(MAX_DEPTH):
            deep = [deep]
        db.table("actors").update({"tags": deep}, doc_ids=[2])  # checked before written
    assert store.path.read_bytes() == before


# ------------------------------------------------------------------ proving a file
@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_a_file_proven_a_chunk_at_a_time_gives_the_layout_of_its_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    from tui.storage import rowwise

    monkeypatch.setattr(rowwise, "_CHUNK", chunk)  # 7 bytes: every row spans chunks
    document = small_document()
    path = tmp_path / "brief.json"
    path.write_bytes(encode(document))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert rowwise.prove_file(document, path, digest) == prove(
        document, path.read_bytes(), foreign=True)
    assert rowwise.prove_file(document, path, "0" * 64) is None  # not those bytes
    other = copy.deepcopy(document)
    other["actors"]["1"]["name"] = "Someone else"
    assert rowwise.prove_file(other, path, digest) is None  # not that document


def test_a_file_in_another_writers_form_or_not_a_file_is_not_proven(tmp_path: Path) -> None:
    import os

    from tui.storage.rowwise import prove_file

    document = small_document()
    document["financing"]["1"]["amount"] = {"value": 1e-05, "currency": "EUR"}
    theirs = orjson.dumps(document, option=_ORJSON_FORM)
    path = tmp_path / "brief.json"
    path.write_bytes(theirs)
    assert prove_file(document, path, hashlib.sha256(theirs).hexdigest()) is None
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert prove_file(small_document(), fifo, "0" * 64) is None  # no wait for a writer
    assert prove_file(small_document(), tmp_path / "gone.json", "0" * 64) is None


def test_a_store_that_proved_ahead_proves_nothing_at_its_first_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = _kept(tmp_path)
    assert store.path is not None
    store.prove_ahead()
    _no_parsing(monkeypatch)
    monkeypatch.setattr(store_module, "prove", lambda *_a, **_k: pytest.fail("proved again"))
    with store.transaction() as db:
        db.table("actors").update({"summary": "Leads the delegation."}, Query().id == "ukraine")
    monkeypatch.undo()
    assert store.path.read_text(encoding="utf-8") == dumps_stdlib(store.read_document())


def test_proving_ahead_a_file_changed_since_it_was_opened_keeps_nothing_wrong(
        tmp_path: Path) -> None:
    store, _ = _kept(tmp_path)
    assert store.path is not None
    theirs = small_document()
    theirs["actors"]["1"]["summary"] = "Theirs."
    store.path.write_text(dumps(theirs), encoding="utf-8")
    store.prove_ahead()  # not the bytes it was vouched for: nothing is kept
    with store.transaction() as db:
        db.table("actors").update({"summary": "Ours."}, Query().id == "ukraine")
    saved = store.read_document()
    assert saved["actors"]["1"]["summary"] == "Theirs."
    assert saved["actors"]["2"]["summary"] == "Ours."


# ------------------------------------------------------------------ reading in rows
def test_our_bytes_read_in_rows_are_what_the_strict_reader_reads(tmp_path: Path) -> None:
    from tui.storage.jsonio import MAX_DEPTH, parse_json_bytes_strict
    from tui.storage.rowwise import parse_in_rows

    document = small_document()
    document["empty"] = {}
    document["financing"]["1"]["amount"] = {"value": 2.5, "currency": "EUR"}
    raw = encode(document)
    read = parse_in_rows(raw, MAX_DEPTH)
    assert read is not None
    assert read[0] == parse_json_bytes_strict(raw, "b.json") == document
    assert read[1] == prove(document, raw, foreign=True)


@pytest.mark.parametrize("bytes_of", [
    pytest.param(lambda d, raw: raw.replace(b'"id": "zelensky"', b'"id": "zelensky",\n'
                                            b'      "id": "twice"', 1), id="a key twice in a row"),
    pytest.param(lambda d, raw: raw.replace(b'    "2": {', b'    "1": {', 1),
                 id="a row key twice"),
    pytest.param(lambda d, raw: raw.replace(b'"zelensky"', b'"zel\\u0065nsky"', 1),
                 id="an escape we would not write"),
    pytest.param(lambda d, raw: raw.replace(b'"kind": "person"', b'"kind": 1180591620717411303425',
                                            1), id="an integer over 64 bits"),
    pytest.param(lambda d, raw: orjson.dumps(d, option=_ORJSON_FORM), id="another writer"),
    pytest.param(lambda d, raw: json_indent_4(d), id="indented by four"),
    pytest.param(lambda d, raw: b"\xef\xbb\xbf" + raw, id="a byte-order mark"),
    pytest.param(lambda d, raw: raw.replace(b"Zelensky", b"Zel\xffnsky", 1), id="not UTF-8"),
])
def test_other_bytes_are_left_to_the_strict_reader(bytes_of: Any) -> None:
    from tui.storage.jsonio import MAX_DEPTH
    from tui.storage.rowwise import parse_in_rows

    document = small_document()
    document["financing"]["1"]["amount"] = {"value": 1e-05, "currency": "EUR"}
    raw = bytes_of(document, encode(document))
    assert raw != encode(document)
    assert parse_in_rows(raw, MAX_DEPTH) is None


def json_indent_4(document: dict[str, Any]) -> bytes:
    import json

    return (json.dumps(document, indent=4, sort_keys=True, ensure_ascii=False) + "\n").encode()


def test_bytes_nested_near_the_limit_are_left_to_the_strict_reader() -> None:
    from tui.storage.rowwise import parse_in_rows

    document = small_document()
    deep: Any = ["bottom"]
    for _ in range(8):
        deep = [deep]
    document["actors"]["1"]["tags"] = deep
    raw = encode(document)
    assert parse_in_rows(raw, 40) is not None
    assert parse_in_rows(raw, 7) is None  # the strict reader decides, and names the place


def test_a_briefing_read_in_rows_needs_no_proof_at_its_first_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.storage.loader import load_index

    path = tmp_path / "brief.json"
    path.write_text(dumps(small_document()), encoding="utf-8")
    index = load_index(path, use_cache=False)
    assert index.source_layout is not None
    store = BriefingStore(path)
    store.vouch_for(index.source_digest, index.source_document, index.source_layout)
    _no_parsing(monkeypatch)
    monkeypatch.setattr(store_module, "prove", lambda *_a, **_k: pytest.fail("proved again"))
    monkeypatch.setattr(store_module, "prove_file", lambda *_a, **_k: pytest.fail("proved"))
    store.prove_ahead()  # nothing left to prove
    with store.transaction() as db:
        db.table("actors").update({"summary": "Leads the delegation."}, Query().id == "ukraine")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == dumps_stdlib(store.read_document())


def test_a_too_deep_save_that_also_breaks_the_rules_is_refused_as_the_long_way_refuses_it(
        tmp_path: Path) -> None:
    """Found in review: the row-by-row write met the too-deep row before any check ran,
    so the same save was refused as "nested too deep" from the kept document and with
    every problem named (InvalidBriefing) by a fresh store."""
    deep: Any = 1
    for _ in range(MAX_DEPTH + 6):
        deep = [deep]
    refusals = []
    for kept in (True, False):
        path = tmp_path / f"{kept}.json"
        path.write_bytes(encode(small_document()))
        store = BriefingStore(path)
        if kept:
            raw = path.read_bytes()
            store.vouch_for(hashlib.sha256(raw).hexdigest(), orjson.loads(raw))
        with pytest.raises(BriefingError) as caught, store.transaction() as db:
            db.table("actors").update({"links": ["nobody"], "tags": deep}, doc_ids=[1])
        refusals.append((type(caught.value), str(caught.value).replace(str(path), "F")))
        assert path.read_bytes() == encode(small_document())
    assert refusals[0] == refusals[1]
    assert refusals[0][0] is InvalidBriefing
