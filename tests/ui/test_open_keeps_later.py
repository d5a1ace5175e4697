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


async def test_a_save_says_saved_before_the_new_file_is_kept_and_the_next_open_is_a_hit(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from apphelpers import notes, running, settle

    path = tmp_path / "b.json"
    path.write_bytes(default_briefing().read_bytes())
    seen_when_kept: list[list[str]] = []
    put = cache.put
    app_pilot = []

    def watched(*args):  # type: ignore[no-untyped-def]
        seen_when_kept.append(list(notes(app_pilot[0])) if app_pilot else [])  # [] at open
        put(*args)

    monkeypatch.setattr(cache, "put", watched)
    async with running(path, size=(100, 30)) as pilot:
        app_pilot.append(pilot)
        await settle(pilot)
        before = len(seen_when_kept)  # the open's own keeping, if any, is done
        await pilot.press("1", "d", "y")  # delete the first actor: one save
        await settle(pilot)
        await settle(pilot)
        assert any(n.startswith("Saved: actor") for n in notes(pilot))
        for thread in threading.enumerate():
            if thread.name == "keep-loaded":
                thread.join(timeout=30)
    assert len(seen_when_kept) == before + 1, seen_when_kept  # kept once, for the save
    assert any(n.startswith("Saved: actor") for n in seen_when_kept[-1])  # after "Saved"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    hit = cache.get(digest)
    assert hit is not None  # the file as saved is kept: its next open is a hit
    document, _ = hit
    names = [row.get("name") for row in document.get("actors", {}).values()]
    assert names and "Steve Witkoff" not in names  # and it is the file after the delete
