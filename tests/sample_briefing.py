"""A small, valid briefing around the seed article, with entries of every kind.

Shared by the validator, CLI and bad-file tests; each test gets a fresh copy.
"""

from __future__ import annotations

from typing import Any

from seedfile import SEED

from tui.core.article import read_article
from tui.core.document import new_document

SRC = "src-b3e3d252"  # the seed's source id: "src-" and the first 8 digits of its hash
TITLE = "Test briefing"
SUMMARY_COUNTS = "9 entries (4 actors, 1 meetings, 1 demands, 1 corruption, 1 financing, 1 events)"


def loc(paragraph: int, sentence: int) -> str:
    return f"{SRC}#p{paragraph}.s{sentence}"


def sample_document() -> dict[str, Any]:
    doc = new_document(read_article(SEED), TITLE, source_title="Seed article")
    assert doc["sources"]["1"]["id"] == SRC
    doc["briefing"]["1"].update(
        summary="Talks in Ankara without Russia.",
        bluf=["Witkoff joins Zelensky and Erdogan in Ankara."],
        as_of="2025-11",
        as_of_basis="the article's own dates",
    )
    doc["actors"] = {
        "1": {"id": "zelensky", "name": "Volodymyr Zelensky", "kind": "person",
              "role": "President of Ukraine", "affiliation": "Ukraine", "aliases": ["Zelensky"],
              "sources": [loc(1, 1)], "links": ["ukraine"], "tags": ["ukraine"]},
        "2": {"id": "ukraine", "name": "Ukraine", "kind": "state", "sources": [loc(1, 1)]},
        "3": {"id": "witkoff", "name": "Steve Witkoff", "sources": [loc(1, 1)]},
        "4": {"id": "russia", "name": "Russia", "kind": "state", "role": None,
              "sources": [loc(5, 2)]},
    }
    doc["meetings"] = {
        "1": {"id": "ankara-talks", "title": "Talks in Ankara", "place": "Ankara",
              "participants": ["zelensky", "witkoff"], "absent": ["russia"], "status": "planned",
              "date": None, "date_text": "this Wednesday", "date_basis": None,
              "topics": ["prisoner exchanges"], "outcome": None,
              "sources": [loc(1, 1), loc(2, 1)]},
    }
    doc["demands"] = {
        "1": {"id": "russia-preconditions", "title": "Russia's preconditions for peace",
              "by": ["russia"], "of": ["ukraine"], "items": ["renounce NATO ambitions"],
              "status": "standing", "response": "Zelensky refuses.", "date": "2024",
              "date_basis": "set by Putin in 2024", "sources": [loc(5, 2), loc(5, 3)]},
    }
    doc["corruption"] = {
        "1": {"id": "inner-circle-probe", "title": "Inner-circle corruption investigation",
              "subjects": ["members of the inner circle"], "status": "open",
              "consequences": ["two ministerial resignations"], "sources": [loc(4, 1)]},
    }
    doc["financing"] = {
        "1": {"id": "eu-loan", "title": "EU loan from frozen Russian assets",
              "instrument": "loan", "amount": {"value": 140000000000, "currency": "EUR"},
              "parties": ["ukraine"], "conditions": ["address corruption"],
              "status": "conditional", "links": ["inner-circle-probe"], "sources": [loc(4, 2)]},
    }
    doc["events"] = {
        "1": {"id": "full-scale-invasion", "title": "Russia's full-scale invasion",
              "date": "2022-02", "date_text": "February 2022", "sources": [loc(5, 1)]},
    }
    return doc
