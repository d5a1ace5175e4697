"""A folder of small briefings for the folder list and its index: three copies of the
sample briefing, each with its own title, and in the third an actor no other one has."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sample_briefing import sample_document

NAMES = ("first.json", "second.json", "third.json")
TITLES = ("Ankara talks, first look", "Ankara talks, second look", "Ankara talks, third look")
ONLY_IN_THIRD = "Marguerite Quillfeather"  # the name of witkoff, in the third briefing only


def briefing(title: str, **actor_names: str) -> dict[str, Any]:
    """The sample briefing with its own title; ``actor_names`` renames actors by id."""
    document = sample_document()
    document["briefing"]["1"]["title"] = title
    for row in document["actors"].values():
        row["name"] = actor_names.get(row["id"], row["name"])
    return document


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    for name, title in zip(NAMES, TITLES, strict=True):
        names = {"witkoff": ONLY_IN_THIRD} if name == "third.json" else {}
        write(folder / name, briefing(title, **names))
    return folder
