"""Three processes editing one briefing at the same time lose nothing and corrupt nothing.

Each worker makes ``EDITS`` transactions: it inserts an entry with its own id, every other
edit also increments one shared counter in place, and every tenth edit is invalid (a
dangling link) and must be refused. Every edit a worker saw succeed must be in the file,
with the doc id the worker was given; no doc id is handed out twice; the counter equals
the number of successful increments; the file is valid.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from pathlib import Path

import pytest

# tests/, for helpers_store in any import mode (the forkserver's children import it by name)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers_store  # noqa: E402
from helpers_store import COUNTER_ID, counter_document  # noqa: E402

from tui.cli import main as briefing_main  # noqa: E402
from tui.storage.store import BriefingStore  # noqa: E402

pytestmark = pytest.mark.usefixtures("seed_article")  # every test here reads it

WORKERS = 3
EDITS = 150


@pytest.fixture(scope="module")
def ctx() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["helpers_store", "tui.storage.store", "tinydb"])
    return context


def test_three_processes_edit_one_briefing(
    ctx: multiprocessing.context.BaseContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "shared.json"
    BriefingStore.create(path, counter_document())

    start = ctx.Event()
    logs = [folder / f"worker-{w}.log" for w in range(WORKERS)]
    workers = [
        ctx.Process(
            target=helpers_store.edit_worker, args=(str(path), w, EDITS, str(logs[w]), start)
        )
        for w in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    begun = time.perf_counter()
    start.set()
    for worker in workers:
        worker.join(120)
    elapsed = time.perf_counter() - begun
    exits = [w.exitcode for w in workers]
    assert exits == [0] * WORKERS, "a worker failed (see its traceback above)"

    records = [json.loads(line) for log in logs for line in log.read_text().splitlines()]
    assert len(records) == WORKERS * EDITS
    succeeded = {r["id"]: r for r in records if not r.get("refused")}
    refused = {r["id"] for r in records if r.get("refused")}
    assert len(refused) == WORKERS * (EDITS // 10)  # exactly the invalid edits were refused
    assert all(entry_id.split("-")[1][-1] == "9" for entry_id in refused)
    bumps = sum(1 for r in succeeded.values() if r["bump"])

    # The file is valid (as the store and as `briefing check` see it).
    briefing = BriefingStore(path).load()
    assert briefing_main(["check", str(path)]) == 0
    assert ": ok: " in capsys.readouterr().out

    actors = {e.id: e.doc_id for e in briefing.entries if e.kind == "actors"}
    assert set(actors) == set(succeeded)  # every success is there; nothing refused is
    assert {entry_id: r["doc_id"] for entry_id, r in succeeded.items()} == actors
    doc_ids = sorted(actors.values())
    assert doc_ids == list(range(1, len(succeeded) + 1))  # none reused, none skipped

    counter = next(e for e in briefing.entries if e.id == COUNTER_ID)
    assert counter.data["summary"] == f"count={bumps}"

    # The workers really ran at the same time: their edits interleave in the file.
    order = [entry_id.split("-")[0] for entry_id, _ in sorted(actors.items(), key=lambda kv: kv[1])]
    switches = sum(1 for a, b in zip(order, order[1:], strict=False) if a != b)
    print(
        f"\nconcurrency: {WORKERS} workers x {EDITS} edits in {elapsed:.1f}s: "
        f"{len(succeeded)} saved, {len(refused)} refused as invalid, counter={bumps}, "
        f"{switches} switches between workers in doc-id order"
    )
    assert switches >= WORKERS * 5
    assert BriefingStore(path).clean_temporaries() == 0
