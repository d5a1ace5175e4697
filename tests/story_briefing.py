"""The Velmar dock-strike story of ``tests/data/story`` as a briefing, built as a person
would: ``briefing new`` with no article, ``briefing add-source`` three times, then entries
through the Editor that cite all three reports, and one dispute (what the shipping
association now offers: the union says 4 percent, the association 3).

``only_third`` names the entries that rest on the third report alone.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from tui.authoring.editor import Editor
from tui.cli import main

STORY = Path(__file__).resolve().parent / "data" / "story"
REPORTS = [  # file, title, published, reliability
    ("1-planned.txt", "Velmar dock strike: talks set", "2026-03-02", "B"),
    ("2-moved.txt", "Velmar talks moved to Friday", "2026-03-04", "B"),
    ("3-held.txt", "Velmar talks held, offer disputed", "2026-03-07", "C"),
]
only_third = ("second-round",)


def _cli(*args: str | Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([str(a) for a in args])
    assert code == 0, f"briefing {' '.join(map(str, args))} failed"
    return out.getvalue().strip()


def offer_accounts(s1: str, s2: str, s3: str) -> list[dict[str, Any]]:
    return [
        {"value": "Offer raised to 4 percent", "sources": [f"{s3}#p2.s1"],
         "note": "the union's account"},
        {"value": "3 percent, unchanged", "sources": [f"{s1}#p3.s1", f"{s2}#p3.s2", f"{s3}#p2.s2"],
         "note": "Ivo Brandt, for the association"},
    ]


def _entries(s1: str, s2: str, s3: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("actors", {"id": "union", "name": "Velmar dock workers' union", "kind": "organization",
                    "sources": [f"{s1}#p2.s1"]}),
        ("actors", {"id": "association", "name": "Shipping association", "kind": "organization",
                    "sources": [f"{s1}#p3.s1"]}),
        ("actors", {"id": "eder", "name": "Tomas Eder", "role": "Mediator",
                    "sources": [f"{s2}#p2.s2", f"{s3}#p1.s1"]}),
        ("meetings", {"id": "velmar-talks", "title": "Union and association talks",
                      "place": "Velmar town hall", "participants": ["union", "association"],
                      "status": "held", "date": "2026-03-06", "date_text": "on Friday",
                      "sources": [f"{s1}#p2.s1", f"{s2}#p1.s1", f"{s3}#p1.s1"]}),
        ("demands", {"id": "pay-raise", "title": "A 6 percent raise", "by": ["union"],
                     "of": ["association"], "status": "standing",
                     "response": "3 percent, unchanged",
                     "sources": [f"{s1}#p2.s2", f"{s1}#p3.s1", f"{s3}#p2.s1", f"{s3}#p2.s2"]}),
        ("financing", {"id": "strike-cost", "title": "Cost of the strike to the port",
                       "amount": {"value": 9000000, "currency": "EUR"},
                       "sources": [f"{s1}#p3.s2", f"{s2}#p3.s1"]}),
        ("events", {"id": "second-round", "title": "Second round of talks",
                    "date_text": "next Wednesday", "sources": [f"{s3}#p3.s2"]}),
    ]


def build_story(folder: Path) -> tuple[Path, list[str]]:
    """The story's briefing in ``folder``; returns its path and the three source ids."""
    path = folder / "velmar.json"
    _cli("new", "--title", "Velmar dock strike", "--out", path)
    ids = [_cli("add-source", path, STORY / name, "--title", title, "--publisher",
                "Velmar Courier", "--published", published, "--reliability", grade)
           for name, title, published, grade in REPORTS]
    editor = Editor(path, by="tester")
    for kind, data in _entries(*ids):
        editor.add(kind, data)
    base = next(row for row in editor.document()["demands"].values() if row["id"] == "pay-raise")
    editor.set_dispute("pay-raise", "response", offer_accounts(*ids), base)
    return path, ids
