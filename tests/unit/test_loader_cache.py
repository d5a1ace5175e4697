"""Opening a briefing twice: the second open comes from the load cache, and is the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apphelpers import SEED

from tui.core.errors import InvalidBriefing
from tui.storage import cache
from tui.storage.attachments import attach
from tui.storage.loader import load_index
from tui.storage.paths import cache_dir, default_briefing
from tui.storage.store import load_briefing


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "b.json"
    path.write_bytes(default_briefing().read_bytes())
    return path


def _entries(path: Path, use_cache: bool = True) -> list[tuple[str, int, dict]]:
    index = load_index(path, use_cache=use_cache)
    return [(e.kind, e.doc_id, e.data) for e in index.briefing.entries]


def _cached_files() -> list[Path]:
    return sorted((cache_dir() / "loaded").glob("*.marshal"))


def test_second_open_is_a_hit_and_gives_the_same_briefing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _copy(tmp_path)
    fresh = _entries(path, use_cache=False)
    counts = load_index(path, use_cache=False).counts()
    assert _cached_files() == []
    assert _entries(path) == fresh  # miss: checked, then kept
    assert len(_cached_files()) == 1
    # A hit must not parse or check again.
    import tui.storage.loader as loader

    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("parsed again on a cache hit")

    monkeypatch.setattr(loader, "parse_document", fail)
    monkeypatch.setattr(loader, "build_briefing", fail)
    index = load_index(path)
    assert [(e.kind, e.doc_id, e.data) for e in index.briefing.entries] == fresh
    assert index.counts() == counts


def test_any_change_to_the_file_is_checked_again(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    load_index(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["meetings"]["1"]["participants"].append("nobody-by-this-id")
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InvalidBriefing, match="no entry has the id 'nobody-by-this-id'"):
        load_index(path)


@pytest.mark.usefixtures("seed_article")
def test_attaching_an_article_is_a_miss_so_locators_are_checked_again(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["actors"]["1"]["sources"] = ["src-b3e3d252#p3.s4"]  # within the counts, past p3's end
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_index(path).articles == {}  # valid without the article, and now cached
    attach(load_briefing(path), SEED)
    with pytest.raises(InvalidBriefing, match="past the end of the attached article"):
        load_index(path)


def test_a_corrupt_or_foreign_cache_entry_is_a_miss(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    expected = _entries(path)
    (entry,) = _cached_files()
    entry.write_bytes(cache._MAGIC + b"\x00garbage")
    assert _entries(path) == expected
    (entry,) = _cached_files()
    entry.write_bytes(b"something else entirely")
    assert _entries(path) == expected


def test_the_cache_keeps_only_the_most_recent(tmp_path: Path) -> None:
    doc = json.loads(default_briefing().read_text(encoding="utf-8"))
    for n in range(cache.KEEP + 3):
        doc["briefing"]["1"]["title"] = f"Copy {n}"
        path = tmp_path / f"b{n}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        load_index(path)
    assert len(_cached_files()) == cache.KEEP


def test_the_index_after_a_write_is_what_reading_the_file_gives(tmp_path: Path) -> None:
    from tui.storage.loader import index_after_write
    from tui.storage.store import BriefingStore

    path = _copy(tmp_path)
    store = BriefingStore(path)
    with store.transaction() as db:
        db.table("actors").update({"role": "edited"}, doc_ids=[1])
    assert store.last_commit is not None
    document, digest = store.last_commit
    index = index_after_write(path, document, digest, {})
    entries = [(e.kind, e.doc_id, e.data) for e in index.briefing.entries]
    assert entries == _entries(path, use_cache=False)
    assert index.get(index.by_kind["actors"][0].id).data["role"] == "edited"
    # and the next open of the file is a hit that needs no parsing
    assert len(_cached_files()) == 1 and _cached_files()[0].stem == digest


def test_a_first_open_can_leave_keeping_the_briefing_for_later(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    fresh = _entries(path, use_cache=False)
    later: list = []  # type: ignore[type-arg]
    index = load_index(path, keep_later=later)
    assert [(e.kind, e.doc_id, e.data) for e in index.briefing.entries] == fresh
    assert _cached_files() == [] and len(later) == 1  # nothing written yet: left for later
    later[0]()
    assert len(_cached_files()) == 1
    assert _entries(path) == fresh  # and the next open is a hit, with the same entries
    load_index(path, keep_later=later)
    assert len(later) == 1  # a hit leaves nothing to keep


def test_a_cut_off_cache_write_is_cleared_once_stale_and_a_fresh_one_is_left(
        tmp_path: Path) -> None:
    import os
    import time

    path = _copy(tmp_path)
    load_index(path)  # makes the cache folder
    folder = cache_dir() / "loaded"
    stale = folder / f".{'a' * 64}.marshal.tmp-0123456789ab"
    fresh = folder / f".{'b' * 64}.marshal.tmp-0123456789ab"
    other = folder / ".somebody-elses.tmp-0123456789ab"
    for item in (stale, fresh, other):
        item.write_bytes(b"half an entry")
    old = time.time() - cache.STALE_SECONDS - 60
    for item in (stale, other):
        os.utime(item, (old, old))
    copy = tmp_path / "b2.json"
    copy.write_text(path.read_text(encoding="utf-8").replace('"title"', '"title" ', 1),
                    encoding="utf-8")
    load_index(copy)  # another entry written: the folder is tidied
    assert not stale.exists()
    assert fresh.exists() and other.exists()  # a write maybe still going on; not ours


def test_an_entry_kept_a_few_rows_a_part_reopens_as_the_same_briefing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large briefing is kept in parts (no one ``marshal.dumps`` of it all holds the
    interpreter while the screen waits); parts of two rows make every table of the bundled
    briefing span several, and the reopen must give back every entry as it was."""
    monkeypatch.setattr(cache, "PART_ROWS", 2)
    path = _copy(tmp_path)
    fresh = _entries(path, use_cache=False)
    assert _entries(path) == fresh  # a miss: checked, then kept in parts
    kept = _cached_files()[0].stat().st_size
    hit = cache.get(_cached_files()[0].stem)
    assert hit is not None and hit[0] == json.loads(path.read_text(encoding="utf-8"))
    assert _entries(path) == fresh  # a hit, from the parts
    monkeypatch.setattr(cache, "PART_ROWS", 10**6)
    _cached_files()[0].unlink()
    _entries(path)
    assert _cached_files()[0].stat().st_size < kept  # one part a table: fewer heads
