"""A briefing written by an attacker: every string field carries markup and escape sequences."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from seedfile import SEED

from tui.core.article import read_article
from tui.core.document import new_document
from tui.storage.jsonio import dumps

# What must show literally: markup, actions and links are text, not instructions.
MARKUP = ("[bold]B[/bold]", "[/]", "[link=file:///etc/passwd]L[/link]", "[@click=app.quit]C[/]")
# What must never reach the terminal: raw escape sequences (each with a unique marker).
SEQUENCES = (
    "\x1b[31mREDX\x1b[0m",                             # CSI colour
    "\x1b]52;c;cHduZWQ=\x07",                          # OSC 52: write the clipboard
    "\x1b]0;pwned-title\x07",                          # OSC 0: retitle the window
    "\x1b]8;;file:///etc/passwd\x1b\\LINKX\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b32mC1X",                                      # C1 CSI
    "\u202eevil\u202c",                                # bidi override
    "\x00\x7f\x85",                                    # NUL, DEL, C1 NEL
)
PAYLOAD = " ".join(MARKUP + SEQUENCES)
# Invisible and format characters (finding 9 of the untrusted-disk issue): each must show as
# a visible code, never reach the terminal as itself.
INVISIBLE = ("\U000e0041\U000e0042", "\u00ad", "\u180e", "\u2061", "\u206a", "\u034f",
             "\u3164", "\u200b", "\u2066")


def hostile_document() -> dict[str, Any]:
    article = read_article(SEED)
    doc = new_document(article, "Hostile " + PAYLOAD, source_title=PAYLOAD, publisher=PAYLOAD)
    meta = doc["briefing"]["1"]
    meta["summary"] = PAYLOAD
    meta["bluf"] = [PAYLOAD]
    meta["as_of_basis"] = PAYLOAD
    sid = doc["sources"]["1"]["id"]
    common = {
        "summary": PAYLOAD, "date": None, "date_text": PAYLOAD, "date_basis": PAYLOAD,
        "sources": [f"{sid}#p1.s1"], "links": [], "tags": [PAYLOAD],
    }
    doc["actors"] = {
        "1": {**common, "id": "a1", "name": "Actor " + PAYLOAD, "aliases": [PAYLOAD],
              "role": PAYLOAD, "affiliation": PAYLOAD, "kind": "person"},
    }
    doc["meetings"] = {
        "1": {**common, "id": "m1", "title": "Meeting " + PAYLOAD, "place": PAYLOAD,
              "participants": ["a1"], "absent": [], "status": "planned", "topics": [PAYLOAD],
              "outcome": PAYLOAD, "date": "2025-04"},
    }
    doc["demands"] = {
        "1": {**common, "id": "d1", "title": "Demand " + PAYLOAD, "by": ["a1"], "of": ["a1"],
              "items": [PAYLOAD], "status": "standing", "response": PAYLOAD},
    }
    doc["corruption"] = {
        "1": {**common, "id": "c1", "title": "Probe " + PAYLOAD, "subjects": [PAYLOAD],
              "status": "open", "consequences": [PAYLOAD]},
    }
    doc["financing"] = {
        "1": {**common, "id": "f1", "title": "Money " + PAYLOAD, "instrument": "loan",
              "amount": {"value": 1, "currency": "EUR"}, "parties": ["a1"],
              "conditions": [PAYLOAD], "status": "proposed", "links": ["m1"]},
    }
    doc["events"] = {
        "1": {**common, "id": "e1", "title": "Event " + PAYLOAD, "date": "2024"},
    }
    return doc


def _swapped(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_swapped(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _swapped(v, old, new) for k, v in value.items()}
    return value


def write_hostile(folder: Path, payload: str = PAYLOAD) -> Path:
    """The hostile briefing; with ``payload``, that text in every field instead."""
    path = folder / "hostile.json"
    path.write_text(dumps(_swapped(hostile_document(), PAYLOAD, payload)), encoding="utf-8")
    return path
