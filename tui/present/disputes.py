"""How a dispute reads in an entry's detail: its accounts side by side when the pane is wide
enough (one column each), one under the other when not (an 80-column terminal), each with
the value, its note and the sources that give it (title, published date, reliability) and,
when the article is attached, the sentences themselves. The held account is marked.
"""

from __future__ import annotations

import textwrap
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from tui.core.accounts import Account, Dispute, disputes_of
from tui.core.amounts import amount_text
from tui.core.dates import format_date
from tui.core.index import BriefingIndex
from tui.core.model import Entry, Field
from tui.core.text import one_line, shown
from tui.present.rows import Row, loc_key, plain

__all__ = ["COLUMN_MIN", "RELIABILITY", "dispute_rows", "value_text", "source_line",
           "held_note"]

COLUMN_MIN = 34  # an account's column is at least this wide, or the accounts are stacked
_GAP = "  "
HELD = "✔ held"
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}


def value_text(index: BriefingIndex, f: Field, value: Any) -> str:
    """A field's value as the detail says it (entry titles for references)."""
    if f.type == "amount":
        return amount_text(value) or "not stated"
    if f.type == "date" and isinstance(value, str) and value:
        return format_date(value)
    if f.type == "refs" and isinstance(value, list):
        named = [index.get(str(t)) for t in value]
        return ", ".join(one_line(e.title if e else t) for e, t in zip(named, value, strict=True))
    if isinstance(value, list):
        return ", ".join(one_line(v) for v in value)
    return one_line(value) if value not in (None, "") else "not stated"


def source_line(index: BriefingIndex, source_id: str) -> str:
    """``title · 7 Mar 2026 · C fairly reliable`` (what the briefing records of a source)."""
    source = index.source(source_id)
    if source is None:
        return one_line(source_id)
    data = source.data
    parts = [one_line(source.title)]
    parts.append(format_date(str(data["published"])) if data.get("published") else "undated")
    grade = data.get("reliability")
    parts.append(f"{grade} {RELIABILITY[grade]}" if grade in RELIABILITY else "not graded")
    return " · ".join(parts)


def held_note(dispute: Dispute) -> str:
    n = len(dispute.accounts)
    return (f"disputed: {n} accounts, below" if dispute.held_has_account
            else f"disputed: {n} accounts, none of them this value")


def _by_source(account: Account) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for loc in account.sources:
        grouped.setdefault(loc.rpartition("#")[0], []).append(loc)
    return grouped


def _account_lines(index: BriefingIndex, dispute: Dispute, n: int, account: Account
                   ) -> list[tuple[str, str, str | None]]:
    """(text, style, locator) lines of one account, before any wrapping."""
    mark = f"  {HELD}" if account.held else ""
    lines: list[tuple[str, str, str | None]] = [
        (f"{n}. {value_text(index, dispute.field, account.value)}{mark}", "bold", None)]
    if account.note:
        lines.append((one_line(account.note), "italic", None))
    for source_id, locators in _by_source(account).items():
        lines.append((source_line(index, source_id), "dim", None))
        for loc in locators:
            citation = index.citation(loc)
            short = citation.short if citation else loc
            said = f"  “{one_line(citation.text)}”" if citation and citation.text else ""
            lines.append((f"{short}{said}", "", loc))
    return lines


def _stacked(index: BriefingIndex, dispute: Dispute) -> list[Row]:
    rows: list[Row] = []
    for n, account in enumerate(dispute.accounts, 1):
        for text, style, loc in _account_lines(index, dispute, n, account):
            indent = 2 if style == "bold" else 5
            rows.append(Row(plain(text, style=style), loc_key(loc) if loc else None,
                            indent=indent, hang=3))
    return rows


def _cell(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, subsequent_indent="  ") or [""]


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def _columns(index: BriefingIndex, dispute: Dispute, width: int) -> list[Row]:
    count = len(dispute.accounts)
    col = (width - 2 - len(_GAP) * (count - 1)) // count
    cells = []
    for n, account in enumerate(dispute.accounts, 1):
        lines = []
        for said, style, _ in _account_lines(index, dispute, n, account):
            lines += [(part, style) for part in _cell(shown(said), col)]  # bounded
        cells.append(lines)
    rows = []
    for i in range(max(len(c) for c in cells)):
        line = Text(end="")
        for j, lines in enumerate(cells):
            part, style = lines[i] if i < len(lines) else ("", "")
            line.append(_GAP if j else "")
            line.append(_pad(part, col) if j < count - 1 else part, style=style)
        rows.append(Row(line, indent=2))
    return rows


def dispute_rows(index: BriefingIndex, entry: Entry, width: int = 0) -> list[Row]:
    """One heading per disputed field, then its accounts: in columns when ``width`` gives
    each at least ``COLUMN_MIN`` cells, else stacked (each sentence a row Enter opens)."""
    rows: list[Row] = []
    for dispute in disputes_of(entry):
        heading = Text(f"Disputed: {dispute.field.label} ({len(dispute.accounts)} accounts)",
                       style="bold", end="")
        rows.append(Row(heading))
        if not dispute.held_has_account:
            rows.append(Row(plain(f"held: {value_text(index, dispute.field, dispute.held)} "
                                  "(no account gives it)", style="dim"), indent=2))
        count = len(dispute.accounts)
        if width - 2 - len(_GAP) * (count - 1) >= COLUMN_MIN * count:
            rows += _columns(index, dispute, width)
        else:
            rows += _stacked(index, dispute)
    return rows
