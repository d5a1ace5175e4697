"""Undo and redo say what they did, in the reader's words."""

from __future__ import annotations

import shutil
from pathlib import Path

from apphelpers import running

from tui.storage.paths import default_briefing


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _last_message(pilot) -> str:  # type: ignore[no-untyped-def]
    return [n.message for n in pilot.app._notifications][-1]  # noqa: SLF001


async def test_undo_of_a_delete_says_the_delete_was_undone_and_redo_says_it_again(
        tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    shutil.copy(default_briefing(), path)
    async with running(path, size=(100, 30)) as pilot:
        await pilot.press("1", "d", "y")
        await _settle(pilot)
        assert _last_message(pilot) == "Saved: actor “Steve Witkoff” deleted."
        await pilot.press("u")
        await _settle(pilot)
        assert _last_message(pilot) == "Undone: the delete of actor “Steve Witkoff”."
        await pilot.press("ctrl+r")
        await _settle(pilot)
        assert _last_message(pilot) == "Redone: actor “Steve Witkoff” deleted again."
