"""The "since you last looked" state file is read only as a regular file of at most
MAX_STATE_BYTES: a larger file, a link or a FIFO counts as no state, is named once in a
notice, and is never read (nor waited on)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui.authoring import seen
from tui.authoring.seen import MAX_STATE_BYTES, last_seen, state_file, state_notice


def _state_with(key: str, padding: int = 0) -> bytes:
    readers = {seen._reader(None): {key: {"last": 3, "at": None}}}
    if padding:
        readers["someone else"] = {"x": {"last": 1, "at": "p" * padding}}
    return json.dumps({"version": 1, "readers": readers}).encode()


def test_a_state_file_over_the_cap_counts_as_no_state_and_is_named_once() -> None:
    state_file().parent.mkdir(parents=True, exist_ok=True)
    state_file().write_bytes(_state_with("k", padding=MAX_STATE_BYTES))
    assert state_file().stat().st_size > MAX_STATE_BYTES
    assert last_seen("k") is None
    notice = state_notice()
    assert notice is not None
    assert str(state_file()) in notice and "too large" in notice
    assert state_notice() is None  # said once


def test_a_state_file_just_under_the_cap_is_used() -> None:
    state_file().parent.mkdir(parents=True, exist_ok=True)
    data = _state_with("k", padding=MAX_STATE_BYTES - 200)
    assert len(data) <= MAX_STATE_BYTES
    state_file().write_bytes(data)
    assert last_seen("k") == {"last": 3, "at": None}
    assert state_notice() is None


def test_a_state_file_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(_state_with("k"))
    state_file().parent.mkdir(parents=True, exist_ok=True)
    state_file().symlink_to(elsewhere)
    assert last_seen("k") is None
    notice = state_notice()
    assert notice is not None and "symbolic link" in notice


def test_a_state_file_that_is_a_fifo_is_not_waited_on() -> None:
    state_file().parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(state_file())
    assert last_seen("k") is None
    notice = state_notice()
    assert notice is not None and "not a regular file" in notice


def test_a_state_folder_that_is_a_link_is_not_written_into(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    state_file().parent.parent.mkdir(parents=True, exist_ok=True)
    state_file().parent.symlink_to(elsewhere)
    assert seen.mark_seen("k", 2) is False
    assert list(elsewhere.iterdir()) == []


def test_a_state_file_it_cannot_read_is_set_aside_not_written_over() -> None:
    """A newer version's state (or one too large) may hold other readers' records: the next
    mark keeps it, under a new name, before it writes a fresh state."""
    from tui.authoring.seen import mark_seen, state_file

    newer = b'{"version": 99, "readers": {"alice": {"k": {"last": 7, "at": null}}}}'
    state_file().parent.mkdir(parents=True, exist_ok=True)
    state_file().write_bytes(newer)
    assert mark_seen("k", 1) is True
    kept = sorted(state_file().parent.glob("seen.json.refused-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == newer
    assert b'"alice"' not in state_file().read_bytes()
