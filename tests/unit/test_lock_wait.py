"""A save that finds the briefing's lock held by another process waits as it is told: it
says so at once, gives up after its time or when asked to stop, with nothing changed, and
goes on as soon as the other process lets go."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_store import actor, base_document, source_id
from lockholder import lock_held_elsewhere

from tui.storage.locking import LockTimeout, LockWait, LockWaitStopped
from tui.storage.store import BriefingStore


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    path = tmp_path / "brief.json"
    BriefingStore.create(path, base_document())
    return path


def _add_actor(store: BriefingStore, entry_id: str) -> None:
    with store.transaction() as db:
        src = source_id(db.storage.read() or {})
        db.table("actors").insert(actor(entry_id, src))


def test_a_held_lock_is_reported_at_once_and_given_up_after_the_timeout(briefing: Path) -> None:
    before = briefing.read_bytes()
    told: list[Path] = []
    store = BriefingStore(briefing, lock_wait=LockWait(timeout=0.3, on_wait=told.append))
    with lock_held_elsewhere(briefing) as holder:
        with pytest.raises(LockTimeout) as caught:
            _add_actor(store, "kept-out")
        assert holder.holding  # it gave up; the other program still has the lock
    assert told == [holder.lock]
    message = str(caught.value)
    assert message.startswith(f"{briefing}: waited 0.3 s for its lock (.brief.json.lock)")
    assert "another program holds" in message and "nothing was changed" in message
    assert briefing.read_bytes() == before


def test_a_wait_asked_to_stop_gives_up_and_changes_nothing(briefing: Path) -> None:
    before = briefing.read_bytes()
    asked: list[bool] = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) >= 3  # the third time it is asked

    store = BriefingStore(briefing, lock_wait=LockWait(timeout=None, stop=stop))
    with lock_held_elsewhere(briefing):
        with pytest.raises(LockWaitStopped, match="stopped waiting for its lock"):
            _add_actor(store, "kept-out")
    assert len(asked) == 3
    assert briefing.read_bytes() == before


def test_a_save_goes_on_as_soon_as_the_other_process_lets_go(briefing: Path) -> None:
    with lock_held_elsewhere(briefing) as holder:
        # The holder lets go when told that the save waits: the save then takes the lock.
        store = BriefingStore(briefing, lock_wait=LockWait(
            timeout=60, on_wait=lambda _lock: holder.release()))
        _add_actor(store, "let-in")
        assert not holder.holding
    assert [a["id"] for a in BriefingStore(briefing).read_document()["actors"].values()] == [
        "let-in"]


def test_a_free_lock_is_taken_without_telling_anyone(briefing: Path) -> None:
    told: list[Path] = []
    store = BriefingStore(briefing, lock_wait=LockWait(timeout=0, on_wait=told.append))
    _add_actor(store, "straight-in")
    assert told == []
    assert "straight-in" in briefing.read_text(encoding="utf-8")
