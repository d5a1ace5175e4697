"""The Velmar story briefing for the Sources tests: the three made-up reports of
tests/data/story added as sources one by one, as ``briefing new`` and ``add-source`` make
them, and a few entries citing them (what each source added is known: see ``ADDED``).
``story_briefing`` builds the same story through the CLI, with a dispute."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui.authoring.sources import add_source_file
from tui.core.document import new_document
from tui.storage.jsonio import dumps

STORY = Path(__file__).resolve().parent / "data" / "story"
REPORTS = [  # file, title, published
    ("1-planned.txt", "Velmar dock strike: talks set", "2026-03-02"),
    ("2-moved.txt", "Velmar talks moved to Friday", "2026-03-04"),
    ("3-held.txt", "Velmar talks held, offer disputed", "2026-03-07"),
]
#: entry id -> the sentences it cites, as (report number, "pN.sM")
CITES = {
    "mara-quint": [(1, "p2.s1"), (2, "p2.s1")],
    "tomas-eder": [(2, "p2.s2"), (3, "p1.s1")],
    "velmar-talks": [(1, "p2.s1"), (2, "p1.s1"), (3, "p1.s1")],
    "strike-cost": [(2, "p3.s1"), (1, "p3.s2")],
    "second-round": [(3, "p3.s2")],
}
#: report number -> the entries it added (they cite it and no earlier report)
ADDED = {1: ["mara-quint", "velmar-talks", "strike-cost"], 2: ["tomas-eder"],
         3: ["second-round"]}


def build_story(folder: Path, reports: int = 3) -> tuple[Path, list[str]]:
    """The briefing file, with the first ``reports`` reports as sources (and only the entries
    those cite); returns its path and the source ids in publication order."""
    path = folder / "velmar.json"
    path.write_text(dumps(new_document(None, "Velmar dock strike")), encoding="utf-8")
    ids = [add_source_file(path, STORY / name, title=title, publisher="Velmar Courier",
                           published=published, reliability="B")
           for name, title, published in REPORTS[:reports]]
    document = json.loads(path.read_text(encoding="utf-8"))
    for table, rows in _entries(ids).items():
        document[table] = rows
    path.write_text(dumps(document), encoding="utf-8")
    return path, ids


def _entries(ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    def cites(entry_id: str) -> list[str]:
        return [f"{ids[n - 1]}#{loc}" for n, loc in CITES[entry_id] if n <= len(ids)]

    tables: dict[str, dict[str, dict[str, Any]]] = {"actors": {}, "meetings": {},
                                                    "financing": {}, "events": {}}
    made = {
        "mara-quint": ("actors", {"name": "Mara Quint", "kind": "person", "role": "union leader"}),
        "tomas-eder": ("actors", {"name": "Tomas Eder", "kind": "person", "role": "mediator"}),
        "velmar-talks": ("meetings", {"title": "Velmar strike talks", "status": "held",
                                      "place": "town hall", "date": "2026-03-06"}),
        "strike-cost": ("financing", {"title": "Cost of the strike", "status": "unknown",
                                      "instrument": "other"}),
        "second-round": ("events", {"title": "Second round of talks planned"}),
    }
    for entry_id, (table, fields) in made.items():
        sources = cites(entry_id)
        if sources:
            rows = tables[table]
            rows[str(len(rows) + 1)] = {"id": entry_id, "sources": sources, **fields}
    return {k: v for k, v in tables.items() if v}
