"""A briefing opened from the command shows before it is kept in the load cache; it is kept
just after, off the UI thread, so the next open is a hit."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

from apphelpers import screen_of

from tui.cli import _preload
from tui.storage import cache
from tui.storage.paths import cache_dir, default_briefing
from tui.ui.app import BriefingApp


def _kept() -> list[Path]:
    return sorted((cache_dir() / "loaded").glob("*.marshal"))


async def test_the_briefing_shows_first_and_is_kept_off_the_ui_thread_just_after(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b.json"
    path.write_bytes(default_briefing().read_bytes())
    kept_on: list[str] = []
    put = cache.put

    def watched(*args):  # type: ignore[no-untyped-def]
        kept_on.append(threading.current_thread().name)
        put(*args)

    monkeypatch.setattr(cache, "put", watched)
    later: list = []  # type: ignore[type-arg]
    preload: Future = Future()  # type: ignore[type-arg]
    preload.set_result(_preload(path, later))
    assert _kept() == [] and len(later) == 1  # loaded, not yet kept
    app = BriefingApp(path, preload=preload, keep_later=later)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen_of(pilot)  # the briefing shows
        for thread in threading.enumerate():
            if thread.name == "keep-loaded":
                thread.join(timeout=30)
    assert kept_on == ["keep-loaded"]
    assert len(_kept()) == 1
