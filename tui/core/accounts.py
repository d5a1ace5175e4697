"""Disputes: where an entry's sources disagree on a field, the accounts each gives.

An entry may hold ``accounts``: an object from a field's name to a list of two or more
accounts, each ``{"value": V, "sources": [locators], "note": text or null}``. The value the
briefing's author holds stays in the field itself; an account whose value equals it is the
held one. Pure: dicts in, plain records out (docs/FORMAT.md, "Disputes").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tui.core.model import Entry, Field, fields_of

__all__ = ["ACCOUNTS", "UNDISPUTABLE", "Account", "Dispute", "disputable_fields", "disputes_of",
           "is_empty_value", "is_disputed"]

ACCOUNTS = "accounts"
# The entry's id and its citations are the author's bookkeeping, not a claim of a source.
UNDISPUTABLE = frozenset({"id", "sources"})


@dataclass(frozen=True)
class Account:
    """What one or more sources say a field's value is."""

    value: Any
    sources: tuple[str, ...]
    note: str | None
    held: bool  # the value the briefing's author holds in the field


@dataclass(frozen=True)
class Dispute:
    """A field of an entry on which the sources disagree."""

    field: Field
    held: Any
    accounts: tuple[Account, ...]

    @property
    def held_has_account(self) -> bool:
        return any(a.held for a in self.accounts)


def disputable_fields(kind: str) -> tuple[Field, ...]:
    """The fields a dispute may be recorded on, in the model's order."""
    return tuple(f for f in fields_of(kind) if f.name not in UNDISPUTABLE)


def is_empty_value(value: Any) -> bool:
    """No value at all: null, blank text, an empty list."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def is_disputed(entry: Entry) -> bool:
    return bool(disputes_of(entry))


def disputes_of(entry: Entry) -> list[Dispute]:
    """The entry's disputes in the model's field order (of a checked entry: every field is
    a field of the kind and every list has two or more accounts)."""
    table = entry.data.get(ACCOUNTS)
    if not isinstance(table, dict):
        return []
    out: list[Dispute] = []
    for f in disputable_fields(entry.kind):
        raw = table.get(f.name)
        if not isinstance(raw, list):
            continue
        held = entry.get(f.name)
        accounts = tuple(
            Account(a.get("value"), tuple(str(s) for s in a.get("sources") or ()),
                    a.get("note") if isinstance(a.get("note"), str) else None,
                    _same(a.get("value"), held))
            for a in raw if isinstance(a, dict))
        out.append(Dispute(f, held, accounts))
    return out
