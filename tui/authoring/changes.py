"""Change records: one row of a briefing's ``changes`` table, what undo needs to revert
it, and the conflict raised when the entry on disk is not what an edit was based on.

See docs/FORMAT.md, "The changes table".
"""

from __future__ import annotations

import copy
import getpass
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tui.core.errors import BriefingError

__all__ = [
    "CHANGES_TABLE", "Change", "EditConflict", "Effect", "RefEdit", "reader_name", "utc_now",
]

CHANGES_TABLE = "changes"


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 to the second: ``2025-11-19T08:30:05Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reader_name() -> str:
    """Who is reading: ``$BRIEFING_READER`` when set, else the login name, else \"unknown\"."""
    chosen = " ".join(os.environ.get("BRIEFING_READER", "").split())
    if chosen and chosen.isprintable():
        return chosen
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no USER/LOGNAME and no passwd entry (some containers)
        return "unknown"


class EditConflict(BriefingError):
    """The entry on disk is not what the edit was based on: someone else changed it.

    ``theirs`` is the entry as it is on disk now (None when it was deleted); ``mine`` is
    what this edit wanted to write (None for a delete). Nothing was written.
    """

    def __init__(
        self, path: object, entry_id: str, theirs: dict[str, Any] | None,
        mine: dict[str, Any] | None, message: str | None = None,
    ) -> None:
        self.entry_id = entry_id
        self.theirs = copy.deepcopy(theirs)
        self.mine = copy.deepcopy(mine)
        if message is None:
            what = "was deleted" if theirs is None else "was changed"
            message = f"{entry_id!r} {what} by someone else since you opened it"
        super().__init__(path, message)


@dataclass(frozen=True)
class RefEdit:
    """One reference list of another entry, before and after (detaching or re-attaching)."""

    entry: str
    field: str
    before: tuple[Any, ...]
    after: tuple[Any, ...]

    def inverse(self) -> RefEdit:
        return RefEdit(self.entry, self.field, self.after, self.before)


@dataclass(frozen=True)
class Effect:
    """What a change does: one entry from ``before`` to ``after`` (None = absent), plus the
    reference lists of other entries it edits. Undo applies the inverse."""

    kind: str
    doc_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    refs: tuple[RefEdit, ...] = ()

    def inverse(self) -> Effect:
        return Effect(
            self.kind, self.doc_id, self.after, self.before,
            tuple(r.inverse() for r in self.refs),
        )

    @property
    def action(self) -> str:
        if self.before is None:
            return "add"
        if self.after is None:
            return "delete"
        return "update"

    @property
    def entry_id(self) -> Any:
        data = self.after if self.after is not None else self.before
        return (data or {}).get("id")


@dataclass(frozen=True)
class Change:
    """One logged change: a row of the ``changes`` table, plus what undo needs.

    A field named in ``fields`` but missing from ``old`` (or ``new``) was absent from the
    entry before (or after) the change, so it had its default. ``doc_id`` is the entry's
    TinyDB document id after the change (before it, for a delete). ``written`` is what
    the save put on disk, as (document, SHA-256 of its bytes), so a reader can show it
    without reading the file back (None when nothing was written to a file).
    """

    id: int
    at: str
    by: str
    action: str
    kind: str
    entry: str
    fields: tuple[str, ...]
    old: dict[str, Any]
    new: dict[str, Any]
    detached: tuple[tuple[str, str], ...] = ()
    attached: tuple[tuple[str, str], ...] = ()
    undoes: int | None = None
    redoes: int | None = None
    doc_id: int | None = None
    effect: Effect | None = field(default=None, repr=False, compare=False)
    written: tuple[dict[str, Any], str] | None = field(default=None, repr=False, compare=False)

    def row(self) -> dict[str, Any]:
        """The row as stored in the ``changes`` table."""
        row: dict[str, Any] = {
            "id": self.id, "at": self.at, "by": self.by, "action": self.action,
            "kind": self.kind, "entry": self.entry, "fields": list(self.fields),
            "old": copy.deepcopy(self.old), "new": copy.deepcopy(self.new),
            "detached": [list(p) for p in self.detached],
        }
        if self.attached:
            row["attached"] = [list(p) for p in self.attached]
        if self.undoes is not None:
            row["undoes"] = self.undoes
        if self.redoes is not None:
            row["redoes"] = self.redoes
        return row

