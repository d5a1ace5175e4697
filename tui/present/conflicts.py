"""What the merge-conflicts screen shows: each conflict git's merge left, in the app's
words, with the value in the common ancestor and on each side."""

from __future__ import annotations

from rich.text import Text

from tui.core.conflicts import MergeConflict
from tui.core.index import BriefingIndex
from tui.core.model import KIND_SINGULAR, Entry
from tui.core.text import one_line, shown, shown_line
from tui.present.rows import Row, plain
from tui.present.views import _label_of, _shown

__all__ = ["conflict_label", "conflict_rows", "CHOICE_WORDS"]

_MUTED = "dim"

#: Each way of settling a conflict, as the screen's keys and the log say it.
CHOICE_WORDS = {
    "ours": "keep ours, the value the file holds now",
    "theirs": "take theirs",
    "edited": "edit: write a value of your own in the entry's form",
    "keep": "keep the entry, as edited",
    "delete": "delete the entry",
}


def _what(index: BriefingIndex, conflict: MergeConflict) -> tuple[str, Entry | None]:
    if conflict.kind == "briefing":
        return "the briefing's own record", None
    entry = index.get(conflict.entry)
    kind = KIND_SINGULAR.get(conflict.kind, conflict.kind)
    if entry is None:
        return f"{one_line(kind)} {one_line(conflict.entry)}", None
    return f"{kind} “{one_line(entry.title)}”", entry


def conflict_label(index: BriefingIndex, conflict: MergeConflict) -> str:
    """One line: what the conflict is about ("meeting “Talks in Ankara” · Status")."""
    what, entry = _what(index, conflict)
    if conflict.field is None:
        return shown_line(f"{what} · edited on one side, deleted on the other")
    if conflict.dispute is not None:
        return shown_line(f"{what} · the accounts of {_label_of(entry, conflict.dispute)}")
    return shown_line(f"{what} · {_label_of(entry, conflict.field)}")


def _side(conflict: MergeConflict, value: object) -> str:
    """One side's value in words; a dispute's accounts as "value (N sentences) | ..."."""
    if conflict.dispute is not None and isinstance(value, list):
        parts = []
        for account in value:
            if isinstance(account, dict):
                cited = account.get("sources")
                count = len(cited) if isinstance(cited, list) else 0
                parts.append(f"{_shown(account.get('value'))} ({count} sentence(s))")
        return " | ".join(parts) or "(none)"
    return _shown(value)


def _now(entry: Entry | None, conflict: MergeConflict) -> object:
    if entry is None:
        return None
    if conflict.dispute is not None:
        return (entry.data.get("accounts") or {}).get(conflict.dispute)
    return entry.data.get(conflict.field or "")


def conflict_rows(index: BriefingIndex, conflict: MergeConflict) -> list[Row]:
    """The detail: the two sides and the base, and what the file holds now."""
    what, entry = _what(index, conflict)
    rows = [Row(plain(conflict_label(index, conflict), style="bold"))]
    if conflict.field is None:
        side = conflict.deleted_by or "one side"
        rows.append(Row(Text(f"Deleted by {side}, changed by the other. The file keeps the "
                             "edited entry until you choose.", style=_MUTED, end="")))
        return rows
    rows.append(Row(Text("Both sides changed this differently since they parted. The file "
                         "holds ours until you choose.", style=_MUTED, end="")))
    for label, value in (("base", conflict.base), ("ours", conflict.ours),
                         ("theirs", conflict.theirs)):
        text = Text(f"{label + ':':<8}", style=_MUTED, end="")
        rows.append(Row(text + plain(shown(_side(conflict, value))), indent=1, hang=8))
    now = _now(entry, conflict)
    if entry is not None and _side(conflict, now) != _side(conflict, conflict.ours):
        rows.append(Row(Text(f"{'now:':<8}", style=_MUTED, end="")  # edited since the merge
                        + plain(shown(_side(conflict, now))), indent=1, hang=8))
    return rows
