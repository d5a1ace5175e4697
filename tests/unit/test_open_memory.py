"""A reopened briefing keeps one copy of what repeats, and nothing of the file's bytes."""

from __future__ import annotations

import json
from pathlib import Path

from tui.storage import cache
from tui.storage.loader import load_index
from tui.storage.paths import default_briefing
from tui.storage.safe_read import read_own_file


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "b.json"
    path.write_bytes(default_briefing().read_bytes())
    return path


def test_reopened_briefing_shares_repeated_references_and_keeps_every_value(
        tmp_path: Path) -> None:
    path = _copy(tmp_path)
    fresh = [(e.kind, e.doc_id, e.data) for e in load_index(path, use_cache=False).briefing.entries]
    load_index(path)  # first open: checked, then kept
    reopened = load_index(path)
    assert [(e.kind, e.doc_id, e.data) for e in reopened.briefing.entries] == fresh
    # Every actor a meeting names is one object in memory, however many meetings name it.
    names: dict[str, int] = {}
    shared = 0
    for meeting in reopened.by_kind["meetings"]:
        for actor in meeting.data.get("participants") or ():
            if actor in names:
                shared += names[actor] == id(actor)
            names.setdefault(actor, id(actor))
    assert shared > 0


def test_sharing_strings_leaves_long_text_and_other_values_as_they_were() -> None:
    long_text = "a summary " * 10
    document = {"actors": {"1": {"id": "x", "summary": long_text, "n": 3, "tags": ["t", 1]},
                           "2": {"id": "y", "tags": ["t"]}}, "briefing": {"1": {"title": "T"}}}
    before = json.dumps(document, sort_keys=True)
    cache.share_strings(document)
    assert json.dumps(document, sort_keys=True) == before
    assert document["actors"]["1"]["tags"][0] is document["actors"]["2"]["tags"][0]
    assert document["actors"]["1"]["summary"] is long_text


def test_a_large_file_is_read_whole_and_exactly(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    data = bytes(range(256)) * (3 * 4096 + 7)  # over 3 MiB, not a multiple of a read
    path.write_bytes(data)
    assert read_own_file(path, len(data)) == data
