"""A writer killed with SIGKILL at any moment leaves the old briefing or the new one.

A child process toggles a large briefing (a few thousand entries, so one save takes tens
of milliseconds) between two known states, A and B, through ``BriefingStore.transaction``.
The parent kills it after a random delay spread over one save (read, validate,
serialise, write, fsync, rename), half the kills aimed at the save's end, hundreds of
times; after every kill the file must parse and be exactly A or B, and
``clean_temporaries()`` must leave no temporary behind.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

# tests/, for helpers_store in any import mode (the forkserver's children import it by name)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers_store  # noqa: E402
from helpers_store import crash_states, toggle  # noqa: E402

from tui.storage.jsonio import read_json_file  # noqa: E402
from tui.storage.store import BriefingStore  # noqa: E402

pytestmark = pytest.mark.usefixtures("seed_article")  # every test here reads it

KILLS = int(os.environ.get("BRIEFING_CRASH_KILLS", "300"))
SEED = int(os.environ.get("BRIEFING_CRASH_SEED", "20240611"))


@pytest.fixture(scope="module")
def ctx() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["helpers_store", "tui.storage.store", "tinydb"])
    return context


def temporaries(path: Path) -> list[str]:
    return [p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.tmp-")]


def test_sigkill_during_saves_leaves_state_a_or_b(
    ctx: multiprocessing.context.BaseContext, tmp_path: Path
) -> None:
    folder = tmp_path / "crash"
    folder.mkdir()
    path = folder / "large.json"
    state_a, state_b = crash_states()
    store = BriefingStore.create(path, state_a)

    # How long one save takes here, so the kills can be spread over it: the first save of
    # a fresh store, as the child's is (a store's later saves start from the document it
    # keeps, and are far shorter: timed so, the kills all landed before the child's first).
    started = time.perf_counter()
    for _ in range(4):
        toggle(BriefingStore(path))
    save = (time.perf_counter() - started) / 4
    assert read_json_file(path) == state_a

    rng = random.Random(SEED)
    seen: Counter[str] = Counter()
    mid_write = 0  # kills that left a temporary: the child died between write and rename
    begun = time.perf_counter()
    for _ in range(KILLS):
        ready_recv, ready_send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=helpers_store.crash_child, args=(str(path), ready_send))
        child.start()
        ready_send.close()
        assert ready_recv.poll(30), "the child did not start"
        ready_recv.recv_bytes()
        ready_recv.close()
        # Half the kills anywhere in the first save (and a little past it), half aimed
        # at its end, where the temporary is written, fsynced and renamed (a few per
        # cent of a save, so a uniform spread alone would hit it only a handful of times).
        if rng.random() < 0.5:
            delay = rng.uniform(0.0, 1.15 * save)
        else:
            delay = rng.uniform(0.85 * save, 1.05 * save)
        time.sleep(delay)
        child.kill()
        child.join(30)
        assert child.exitcode == -9, f"the child ended on its own: {child.exitcode}"

        document = read_json_file(path)  # parses (raises BriefingError if it does not)
        if document == state_a:
            seen["A"] += 1
        elif document == state_b:
            seen["B"] += 1
        else:  # pragma: no cover - the failure this test exists to catch
            pytest.fail("after a kill the briefing is neither state A nor state B")
        if temporaries(path):
            mid_write += 1
        store.clean_temporaries()
        assert temporaries(path) == []
    elapsed = time.perf_counter() - begun

    print(
        f"\ncrash: {KILLS} kills over {elapsed:.1f}s, one save {save * 1000:.0f} ms, "
        f"states seen A={seen['A']} B={seen['B']}, kills that left a temporary={mid_write}"
    )
    assert seen["A"] + seen["B"] == KILLS
    # The kills really landed at different points: both states survive some of them,
    # and some kills hit a save after its temporary was created, before the rename.
    assert seen["A"] > 0 and seen["B"] > 0
    assert mid_write > 0
    assert store.load().title in ("State A", "State B")
    assert sorted(p.name for p in folder.iterdir()) == [".large.json.lock", "large.json"]
