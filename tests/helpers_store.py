"""Shared builders for the store tests, and the bodies of their child processes.

Child processes are started with multiprocessing's "forkserver" method (this module and
``tui.storage.store`` are preloaded in the server, so a child starts in a few milliseconds and
never inherits pytest's threads), so everything a child runs lives here, importable by
name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seedfile import SEED
from tinydb import Query

from tui.core.article import read_article
from tui.core.document import new_document
from tui.core.errors import InvalidBriefing
from tui.storage.store import BriefingStore


def base_document(title: str = "Store test") -> dict[str, Any]:
    """A new, empty, valid briefing around the seed article."""
    return new_document(read_article(SEED), title)


def small_document() -> dict[str, Any]:
    """A small valid briefing around the seed article: one or two entries of every kind,
    with references between them (the editing and merge tests start from it)."""
    doc = new_document(read_article(SEED), "T")
    src = doc["sources"]["1"]["id"]

    def loc(p: int, s: int) -> list[str]:
        return [f"{src}#p{p}.s{s}"]

    doc["actors"] = {
        "1": {"id": "zelensky", "name": "Volodymyr Zelensky", "kind": "person",
              "sources": loc(1, 1), "links": ["ukraine"]},
        "2": {"id": "ukraine", "name": "Ukraine", "kind": "state", "sources": loc(1, 1)},
    }
    doc["meetings"] = {
        "1": {"id": "ankara-talks", "title": "Talks in Ankara", "participants": ["zelensky"],
              "absent": [], "status": "planned", "sources": loc(1, 1)},
    }
    doc["demands"] = {
        "1": {"id": "preconditions", "title": "Preconditions", "by": ["ukraine"],
              "of": ["zelensky", "ukraine"], "sources": loc(5, 2)},
    }
    doc["corruption"] = {
        "1": {"id": "probe", "title": "Inner-circle probe", "status": "open",
              "sources": loc(4, 1), "links": ["zelensky"]},
    }
    doc["financing"] = {
        "1": {"id": "eu-loan", "title": "EU loan", "instrument": "loan",
              "parties": ["ukraine"], "sources": loc(4, 2)},
    }
    doc["events"] = {
        "1": {"id": "invasion", "title": "Full-scale invasion", "date": "2022-02",
              "sources": loc(5, 1)},
    }
    return doc


def source_id(document: dict[str, Any]) -> str:
    return str(document["sources"]["1"]["id"])


def actor(entry_id: str, src: str, **extra: Any) -> dict[str, Any]:
    """A valid actor entry citing the first sentence of the source."""
    entry: dict[str, Any] = {
        "id": entry_id,
        "name": f"Actor {entry_id}",
        "kind": "person",
        "summary": "",
        "sources": [f"{src}#p1.s1"],
    }
    entry.update(extra)
    return entry


def event(entry_id: str, src: str, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": entry_id, "title": f"Event {entry_id}", "sources": [f"{src}#p2.s1"],
    }
    entry.update(extra)
    return entry


# --- the crash test: two states of one large briefing -------------------------------

CRASH_ENTRIES = 3000
EXTRA_ID = "extra-entry"


def crash_states(n: int = CRASH_ENTRIES) -> tuple[dict[str, Any], dict[str, Any]]:
    """States A and B of a large briefing. B differs from A in every actor's summary,
    in the title, and by one entry fewer (A's last actor, doc id n + 1)."""
    a = base_document("State A")
    src = source_id(a)
    a["actors"] = {
        str(i): actor(f"a{i}", src, summary=f"state A, actor {i}", tags=["crash", f"t{i % 7}"])
        for i in range(1, n + 1)
    }
    a["actors"][str(n + 1)] = actor(EXTRA_ID, src, summary="only in state A")
    b = json.loads(json.dumps(a))
    b["briefing"]["1"]["title"] = "State B"
    del b["actors"][str(n + 1)]
    for doc in b["actors"].values():
        doc["summary"] = doc["summary"].replace("state A", "state B")
    return a, b


def toggle(store: BriefingStore) -> str:
    """One transaction turning A into B or B into A; returns the state it wrote."""
    with store.transaction() as db:
        meta = db.table("briefing")
        to_b = meta.get(doc_id=1)["title"] == "State A"  # type: ignore[index]
        old, new = ("state A", "state B") if to_b else ("state B", "state A")
        meta.update({"title": "State B" if to_b else "State A"}, doc_ids=[1])
        actors = db.table("actors")
        if to_b:
            actors.remove(Query().id == EXTRA_ID)
        actors.update(
            lambda doc: doc.__setitem__("summary", doc["summary"].replace(old, new)),
            Query().summary.search(old),
        )
        if not to_b:
            src = db.table("sources").get(doc_id=1)["id"]  # type: ignore[index]
            doc_id = actors.insert(actor(EXTRA_ID, src, summary="only in state A"))
            assert doc_id == CRASH_ENTRIES + 1, doc_id
    return "B" if to_b else "A"


def crash_child(path: str, ready: Any = None) -> None:
    """Toggle the briefing between A and B until killed; ``ready`` (a Connection) is told
    when the loop starts."""
    store = BriefingStore(Path(path))
    if ready is not None:
        ready.send_bytes(b"x")
        ready.close()
    while True:
        toggle(store)


# --- the concurrency test -------------------------------------------------------------

COUNTER_ID = "counter"


def counter_document() -> dict[str, Any]:
    doc = base_document("Concurrency")
    src = source_id(doc)
    # The shared counter lives in place in one entry: its summary is "count=N".
    doc["events"] = {"1": event(COUNTER_ID, src, summary="count=0")}
    return doc


def _bump(doc: dict[str, Any]) -> None:
    doc["summary"] = f"count={int(doc['summary'].split('=')[1]) + 1}"


def edit_worker(path: str, worker: int, edits: int, log: str, start: Any = None) -> None:
    """Make ``edits`` transactions; log every one that reported success (one JSON line each).

    Edit i inserts actor ``w{worker}-{i}``; every other edit also increments the counter in
    the same transaction; every tenth edit instead tries an invalid insert (a dangling
    link) and bumps the counter, which must be refused and leave no trace.
    """
    if start is not None:  # an Event: wait until every worker is ready, then go together
        start.wait(60)
    store = BriefingStore(Path(path))
    src = source_id(store.read_document())
    with open(log, "w", encoding="utf-8") as out:
        for i in range(edits):
            entry_id = f"w{worker}-{i}"
            invalid = i % 10 == 9
            bump = invalid or i % 2 == 0
            extra = {"links": ["no-such-entry"]} if invalid else {}
            record: dict[str, Any] = {"id": entry_id, "bump": bump}
            try:
                with store.transaction() as db:
                    doc_id = db.table("actors").insert(actor(entry_id, src, **extra))
                    if bump:
                        db.table("events").update(_bump, Query().id == COUNTER_ID)
            except InvalidBriefing:
                record["refused"] = True
            else:
                record["doc_id"] = doc_id
            out.write(json.dumps(record) + "\n")
            out.flush()


def insert_child(path: str, entry_id: str) -> int:
    """Insert one actor through a fresh store (used as a separate process)."""
    store = BriefingStore(Path(path))
    src = source_id(store.read_document())
    with store.transaction() as db:
        return int(db.table("actors").insert(actor(entry_id, src)))


def whole_checks(monkeypatch: Any) -> list[int]:
    """Count the store's whole-document checks (``BriefingStore._validate``) from now on."""
    calls: list[int] = []
    real = BriefingStore._validate

    def counted(self: BriefingStore, document: dict[str, Any]) -> None:
        calls.append(1)
        real(self, document)

    monkeypatch.setattr(BriefingStore, "_validate", counted)
    return calls
