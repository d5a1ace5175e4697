"""The records ``briefing merge`` leaves in a briefing's ``conflicts`` table, read as
conflicts a reader can settle (docs/FORMAT.md, "The conflicts table"). Pure: rows in,
``MergeConflict`` values out; settling them is ``tui.authoring.resolve``."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tui.core.model import ENTRY_KINDS

__all__ = ["CONFLICTS_TABLE", "MergeConflict", "merge_conflicts"]

CONFLICTS_TABLE = "conflicts"
_FIELD_CHOICES = ("ours", "theirs", "edited")
_DELETE_CHOICES = ("keep", "delete")
ACCOUNTS_PREFIX = "accounts."  # how the merge names a conflict over one field's accounts


@dataclass(frozen=True)
class MergeConflict:
    """One record of the ``conflicts`` table, as the reader is shown it."""

    doc_id: int
    kind: str
    entry: str
    field: str | None  # None: edited on one side, deleted on the other
    base: Any
    ours: Any
    theirs: Any
    deleted_by: str | None
    row: dict[str, Any]  # the record as read, to know it is unchanged when resolving

    @property
    def dispute(self) -> str | None:
        """The field whose accounts both sides changed (``accounts.FIELD``), if that is it."""
        if self.field is not None and self.field.startswith(ACCOUNTS_PREFIX):
            return self.field[len(ACCOUNTS_PREFIX):]
        return None

    @property
    def choices(self) -> tuple[str, ...]:
        if self.field is None:
            return _DELETE_CHOICES
        if self.kind not in ENTRY_KINDS or self.dispute is not None:
            return _FIELD_CHOICES[:2]  # no form edits a record or a dispute's accounts here
        return _FIELD_CHOICES


def merge_conflicts(table: Any) -> list[MergeConflict]:
    """The well-formed records of a ``conflicts`` table ({doc id: row}), in document-id
    order. A malformed record is left for ``briefing check`` to report."""
    if not isinstance(table, Mapping):
        return []
    out = []
    for key, row in table.items():
        conflict = _conflict_of(key, row)
        if conflict is not None:
            out.append(conflict)
    return sorted(out, key=lambda c: c.doc_id)


def _conflict_of(key: Any, row: Any) -> MergeConflict | None:
    try:
        doc_id = int(key)
    except (TypeError, ValueError):
        return None
    if not isinstance(row, Mapping) or not all(n in row for n in ("ours", "theirs")):
        return None
    kind, entry, field = row.get("kind"), row.get("entry"), row.get("field")
    deleted_by = row.get("deleted_by")
    if not isinstance(kind, str) or not isinstance(entry, str | int) or isinstance(entry, bool):
        return None
    if field is not None and not isinstance(field, str):
        return None
    return MergeConflict(doc_id, kind, str(entry), field, row.get("base"), row["ours"],
                         row["theirs"], deleted_by if isinstance(deleted_by, str) else None,
                         copy.deepcopy(dict(row)))
