"""A save from the store's own last commit checks what changed, and refuses what a whole
check refuses; a file it cannot vouch for is read and checked in full, as before."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
from helpers_store import small_document, whole_checks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import Query

from tui.core.errors import BriefingError, InvalidBriefing
from tui.core.validate import check_document
from tui.storage.jsonio import MAX_DEPTH, dumps, dumps_stdlib, encode
from tui.storage.savecheck import check_change, snapshot
from tui.storage.store import BriefingStore


@pytest.fixture
def saved(tmp_path: Path) -> BriefingStore:
    """A store whose last commit left the file: the next save may check only its change."""
    path = tmp_path / "brief.json"
    path.write_text(dumps(small_document()), encoding="utf-8")
    store = BriefingStore(path)
    with store.transaction() as db:
        db.table("actors").update({"role": "President"}, Query().id == "zelensky")
    return store


def test_a_save_after_the_stores_own_commit_checks_only_the_change(
    saved: BriefingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = whole_checks(monkeypatch)
    with saved.transaction() as db:
        db.table("actors").update({"summary": "Leads the delegation."}, Query().id == "ukraine")
    assert whole == []
    assert saved.path is not None
    assert saved.path.read_text(encoding="utf-8") == dumps_stdlib(saved.read_document())
    assert saved.read_document()["actors"]["2"]["summary"] == "Leads the delegation."


def test_a_bad_reference_made_by_a_change_is_refused_with_the_whole_checks_words(
    saved: BriefingStore,
) -> None:
    assert saved.path is not None
    before = saved.path.read_bytes()
    with pytest.raises(InvalidBriefing) as caught, saved.transaction() as db:
        db.table("meetings").update({"participants": ["nobody"]}, Query().id == "ankara-talks")
    problems, _ = check_document(
        {**saved.read_document(), "meetings": {"1": {
            **saved.read_document()["meetings"]["1"], "participants": ["nobody"]}}}
    )
    assert str(caught.value) == str(InvalidBriefing(saved.label, problems))
    assert saved.path.read_bytes() == before


def test_a_new_entry_reusing_an_id_is_refused(saved: BriefingStore) -> None:
    assert saved.path is not None
    before = saved.path.read_bytes()
    event = saved.read_document()["events"]["1"] | {"id": "zelensky"}
    with pytest.raises(InvalidBriefing, match="already used by"), saved.transaction() as db:
        db.table("events").insert(event)
    assert saved.path.read_bytes() == before


def test_a_change_made_in_place_inside_an_entry_is_checked_in_full(
    saved: BriefingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = whole_checks(monkeypatch)
    assert saved.path is not None
    before = saved.path.read_bytes()

    def add_nobody(doc: dict[str, Any]) -> None:
        doc["participants"].append("nobody")  # the list the snapshot shares

    with pytest.raises(InvalidBriefing, match="no entry has the id"), saved.transaction() as db:
        db.table("meetings").update(add_nobody, Query().id == "ankara-talks")
    assert whole == [1]
    assert saved.path.read_bytes() == before


def test_removing_an_entry_still_named_is_checked_in_full_and_refused(
    saved: BriefingStore,
) -> None:
    assert saved.path is not None
    before = saved.path.read_bytes()
    with pytest.raises(InvalidBriefing, match="no entry has the id"), saved.transaction() as db:
        db.table("actors").remove(Query().id == "ukraine")
    assert saved.path.read_bytes() == before


def test_a_file_changed_behind_the_store_keeping_size_and_mtime_is_read_strictly(
    saved: BriefingStore,
) -> None:
    assert saved.path is not None
    info = os.stat(saved.path)
    text = saved.path.read_text(encoding="utf-8")
    doubled = text.replace('"role": "President"', '"role":0,"role":"P"', 1)  # as long
    assert len(doubled) == len(text)
    with open(saved.path, "r+", encoding="utf-8") as fh:  # in place: the same inode
        fh.write(doubled)
    os.utime(saved.path, ns=(info.st_atime_ns, info.st_mtime_ns))
    now = os.stat(saved.path)
    assert (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
        info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    with pytest.raises(BriefingError, match="duplicate key 'role'"), saved.transaction() as db:
        db.table("actors").update({"summary": "x"}, Query().id == "ukraine")
    assert saved.path.read_text(encoding="utf-8") == doubled


_IDS = st.sampled_from(["zelensky", "ukraine", "ankara-talks", "probe", "nobody", "new-one", ""])
_VALUES = st.one_of(
    st.lists(_IDS, max_size=3), _IDS, st.none(), st.integers(), st.sampled_from(["2024-13", "x"]),
    st.sampled_from([1e-07, 2**70, float("nan"), [[[]]], {"deep": [{"x": 1.5}]}, ("a",)]),
)
_FIELDS = st.sampled_from(
    ["id", "name", "kind", "links", "participants", "absent", "by", "of", "parties", "title",
     "status", "date", "sources", "summary"]
)
_EDITS = st.lists(
    st.tuples(st.sampled_from(["actors", "meetings", "demands", "events"]),
              st.sampled_from(["1", "2", "9"]), _FIELDS, _VALUES),
    min_size=1, max_size=3,
)


def _written(write: Any) -> Any:
    try:
        return write()
    except (ValueError, TypeError) as err:
        return type(err)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_checking_the_change_agrees_with_checking_the_whole_and_writes_the_same_bytes(
    edits: list[Any],
) -> None:
    document = small_document()
    raw = encode(document)
    before = snapshot(document)
    after = copy.deepcopy(document)
    for table, key, name, value in edits:
        row = after[table].get(key)
        if row is None:  # a new entry, like a copy of the first with the field set
            row = after[table][key] = copy.deepcopy(after[table]["1"]) | {"id": "new-one"}
        row[name] = value
    judged = check_change(before, raw, after)
    whole, _ = check_document(after)
    if judged is not None:
        assert (judged.problems == []) == (whole == [])
        assert _written(lambda: encode(after, MAX_DEPTH, judged.rows)) == _written(
            lambda: dumps_stdlib(after).encode("utf-8")
        )


def _vouched(tmp_path: Path) -> BriefingStore:
    """A fresh store for a file our writer wrote, vouched for by the SHA-256 of its bytes
    (as the app does with the bytes its loader checked in full)."""
    import hashlib

    path = tmp_path / "brief.json"
    path.write_text(dumps(small_document()), encoding="utf-8")
    store = BriefingStore(path)
    store.vouch_for(hashlib.sha256(path.read_bytes()).hexdigest())
    return store


def test_a_first_save_of_the_bytes_the_store_was_vouched_for_checks_only_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _vouched(tmp_path)
    whole = whole_checks(monkeypatch)
    with store.transaction() as db:
        db.table("actors").update({"summary": "Leads the delegation."}, Query().id == "ukraine")
    assert whole == []
    assert store.path is not None
    assert store.path.read_text(encoding="utf-8") == dumps_stdlib(store.read_document())
    assert store.read_document()["actors"]["2"]["summary"] == "Leads the delegation."


def test_a_vouched_store_still_refuses_a_bad_reference_and_writes_nothing(
        tmp_path: Path) -> None:
    store = _vouched(tmp_path)
    assert store.path is not None
    before = store.path.read_bytes()
    with pytest.raises(InvalidBriefing, match="nobody"), store.transaction() as db:
        db.table("meetings").update({"participants": ["nobody"]}, Query().id == "ankara-talks")
    assert store.path.read_bytes() == before


def test_bytes_other_than_those_vouched_for_are_checked_in_full_and_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program rewrote the file after it was opened, leaving two actors with one id:
    the save's change is valid on its own, but the file is not what was vouched for."""
    store = _vouched(tmp_path)
    assert store.path is not None
    document = small_document()
    document["actors"]["2"]["id"] = document["actors"]["1"]["id"]
    store.path.write_text(dumps(document), encoding="utf-8")
    before = store.path.read_bytes()
    whole = whole_checks(monkeypatch)
    with pytest.raises(InvalidBriefing, match="already used by"), store.transaction() as db:
        db.table("events").update({"summary": "A new summary."}, doc_ids=[1])
    assert whole == [1] and store.path.read_bytes() == before


@pytest.mark.parametrize("writer", ["ours", "stdlib"])
def test_vouched_bytes_orjson_would_misread_are_read_strictly_and_kept_exact(
        tmp_path: Path, writer: str) -> None:
    """A 70-bit integer (orjson reads it as a float) in a file vouched for: the save must
    not take orjson's reading; the number is written back digit for digit."""
    import hashlib

    big = 2**70 + 1
    document = small_document()
    document["financing"]["1"]["amount"] = {"value": big, "currency": "EUR"}
    path = tmp_path / "brief.json"
    text = dumps(document) if writer == "ours" else dumps_stdlib(document)
    path.write_text(text, encoding="utf-8")
    assert str(big) in path.read_text(encoding="utf-8")
    store = BriefingStore(path)
    store.vouch_for(hashlib.sha256(path.read_bytes()).hexdigest())
    with store.transaction() as db:
        db.table("actors").update({"summary": "Leads the delegation."}, Query().id == "ukraine")
    saved = store.read_document()
    assert saved["financing"]["1"]["amount"]["value"] == big
    assert type(saved["financing"]["1"]["amount"]["value"]) is int
    assert f'"value": {big}' in path.read_text(encoding="utf-8")
    assert saved["actors"]["2"]["summary"] == "Leads the delegation."


def test_a_locator_past_its_sources_counts_is_refused_at_open_even_with_the_article(
        tmp_path: Path) -> None:
    """Found in review: with the article attached, a locator was checked only against the
    article, so a file whose source counts were edited below what entries cite opened
    (and was vouched for) though no save of it could pass the store's check. Now the open
    refuses it, naming the locator, as ``briefing check`` without the article does."""
    from seedfile import SEED

    from tui.core.article import read_article
    from tui.storage.attachments import keep_article
    from tui.storage.loader import load_index

    keep_article(read_article(SEED))
    document = small_document()
    document["sources"]["1"]["paragraphs"] = 1  # entries cite paragraphs 2 to 5
    path = tmp_path / "brief.json"
    path.write_text(dumps_stdlib(document), encoding="utf-8")
    with pytest.raises(BriefingError, match="the source has only 1 paragraphs"):
        load_index(path, use_cache=False)


def test_a_vouched_file_another_writer_formatted_is_saved_in_our_own_form(
        tmp_path: Path) -> None:
    """Found in review: orjson writes 1e-05 as 0.00001 where ours writes 1e-05; a file in
    that form, vouched for, must be saved as a full-path save writes it, every row alike."""
    import hashlib

    import orjson

    document = small_document()
    document["financing"]["1"]["amount"] = {"value": 1e-05, "currency": "EUR"}
    path = tmp_path / "brief.json"
    raw = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
                       | orjson.OPT_APPEND_NEWLINE)
    assert b"0.00001" in raw
    path.write_bytes(raw)
    store = BriefingStore(path)
    store.vouch_for(hashlib.sha256(raw).hexdigest())
    with store.transaction() as db:
        db.table("actors").update({"summary": "Leads the delegation."}, Query().id == "ukraine")
    assert path.read_text(encoding="utf-8") == dumps_stdlib(store.read_document())
    assert '"value": 1e-05' in path.read_text(encoding="utf-8")
