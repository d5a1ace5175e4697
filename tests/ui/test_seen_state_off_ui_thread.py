"""A state file too large to use is never read on the UI thread: the briefing shows, and a
notice names the file."""

from __future__ import annotations

import threading

import pytest
from apphelpers import running, screen_of

from tui.authoring import seen
from tui.authoring.seen import state_file


async def test_a_huge_state_file_is_read_off_the_ui_thread_and_named_in_a_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state_file().parent.mkdir(parents=True, exist_ok=True)
    with open(state_file(), "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # 100 MiB (sparse)
    read_on: list[str] = []
    parse = seen._parse_state

    def watched():  # type: ignore[no-untyped-def]
        read_on.append(threading.current_thread().name)
        return parse()

    monkeypatch.setattr(seen, "_parse_state", watched)
    async with running() as pilot:
        screen_of(pilot)  # the briefing shows
        notes = [str(n.message) for n in pilot.app._notifications]  # noqa: SLF001
        assert any(str(state_file()) in n and "too large" in n for n in notes), notes
    assert read_on and threading.main_thread().name not in read_on
