"""References between entries: the reference fields of each kind, who points at an
entry, and the edits that remove those references when the entry is deleted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tui.authoring.changes import RefEdit
from tui.core.index import BriefingIndex
from tui.core.model import ENTRY_KINDS, Briefing, fields_of

__all__ = ["entries_of", "ref_fields", "references_to", "detaching_edits"]


def entries_of(document: dict[str, Any]) -> Iterable[tuple[str, int, dict[str, Any]]]:
    """(kind, doc id, data) of every well-formed entry of a raw document, in the
    validator's order (kind, then document id)."""
    for kind in ENTRY_KINDS:
        table = document.get(kind)
        if not isinstance(table, dict):
            continue
        rows = []
        for key, value in table.items():
            if isinstance(key, str) and key.isdigit() and isinstance(value, dict):
                rows.append((int(key), value))
        for doc_id, value in sorted(rows, key=lambda r: r[0]):
            yield kind, doc_id, value


def ref_fields(kind: str) -> list[str]:
    """The fields of ``kind`` that hold entry ids."""
    return [f.name for f in fields_of(kind) if f.type == "refs"]


def references_to(
    document_or_index: dict[str, Any] | Briefing | BriefingIndex, entry_id: str
) -> list[tuple[str, str]]:
    """(entry id, field) for every other entry that points at ``entry_id``, once per field.

    Takes a raw document, a ``Briefing`` or a ``BriefingIndex``. The order is the
    briefing's (kind, then document id, then the kind's field order). The entry's own
    references to itself are left out: they go with it.
    """
    out: list[tuple[str, str]] = []
    if isinstance(document_or_index, BriefingIndex):
        document_or_index = document_or_index.briefing
    if isinstance(document_or_index, Briefing):
        for entry in document_or_index.entries:
            if entry.id == entry_id:
                continue
            for name in ref_fields(entry.kind):
                value = entry.get(name)
                if isinstance(value, list) and entry_id in value:
                    out.append((entry.id, name))
        return out
    for kind, _doc_id, data in entries_of(document_or_index):
        if data.get("id") == entry_id or not isinstance(data.get("id"), str):
            continue
        for name in ref_fields(kind):
            value = data.get(name)
            if isinstance(value, list) and entry_id in value:
                out.append((data["id"], name))
    return out



def detaching_edits(document: dict[str, Any], entry_id: str) -> list[RefEdit]:
    """The edits that remove ``entry_id`` from every other entry that points at it (for a
    delete with ``detach``), in ``references_to``'s order."""
    first: dict[str, dict[str, Any]] = {}
    for _kind, _doc_id, data in entries_of(document):
        if isinstance(data.get("id"), str):
            first.setdefault(data["id"], data)
    edits: list[RefEdit] = []
    for other_id, name in references_to(document, entry_id):
        value = first[other_id][name]
        kept = tuple(v for v in value if v != entry_id)
        edits.append(RefEdit(other_id, name, tuple(value), kept))
    return edits
