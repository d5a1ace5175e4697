"""Entry kinds as typed records, and the field rules of the briefing format in one place.

The briefing file keeps entries as plain dicts (TinyDB documents). ``Entry`` wraps one
with its kind and document id; ``FIELDS`` says, for every kind, which fields exist, what
type each has and what it defaults to. Validation (``validate.py``), the schema
(``schema/briefing.schema.json``), the UI and the docs all read these rules from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SCHEMA_VERSION", "ENTRY_KINDS", "PANEL_KINDS", "KIND_LABELS", "KIND_SINGULAR",
    "Field", "COMMON_FIELDS", "KIND_FIELDS", "ACTOR_REF_FIELDS", "ENUMS",
    "Entry", "Source", "Briefing",
]

SCHEMA_VERSION = 1

# Panels in the design card's order, then the timeline-only kind.
PANEL_KINDS = ("actors", "meetings", "demands", "corruption", "financing")
ENTRY_KINDS = PANEL_KINDS + ("events",)

KIND_LABELS = {
    "actors": "Actors",
    "meetings": "Meetings",
    "demands": "Demands",
    "corruption": "Corruption probe",
    "financing": "Financing",
    "events": "Events",
}
KIND_SINGULAR = {
    "actors": "actor",
    "meetings": "meeting",
    "demands": "demand",
    "corruption": "probe",
    "financing": "financing",
    "events": "event",
}

ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("actors", "kind"): ("person", "organization", "state", "group"),
    ("meetings", "status"): ("planned", "held", "cancelled", "unknown"),
    ("demands", "status"): ("standing", "met", "rejected", "withdrawn", "unknown"),
    ("corruption", "status"): ("open", "closed", "unknown"),
    ("financing", "instrument"): ("loan", "deal", "sanctions", "arms", "aid", "other"),
    ("financing", "status"): (
        "proposed", "agreed", "conditional", "in force", "cancelled", "unknown",
    ),
    # The Admiralty (NATO) grading of a source's reliability: A completely reliable, B usually
    # reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged.
    ("sources", "reliability"): ("A", "B", "C", "D", "E", "F"),
}


@dataclass(frozen=True)
class Field:
    """One attribute of an entry kind.

    ``type`` is one of: ``str`` (text, may be null when ``nullable``), ``text`` (required
    text), ``list`` (list of strings), ``refs`` (list of entry ids), ``date``, ``enum``,
    ``amount`` (``{"value": number, "currency": str}`` or null), ``locators``.
    """

    name: str
    type: str
    label: str
    required: bool = False
    default: Any = None


COMMON_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "Id", required=True),
    Field("summary", "str", "Summary", default=""),
    Field("date", "date", "Date"),
    Field("date_text", "str", "Source's words"),
    Field("date_basis", "str", "Date basis"),
    Field("sources", "locators", "Sources", required=True),
    Field("links", "refs", "Related", default=()),
    Field("tags", "list", "Tags", default=()),
)

KIND_FIELDS: dict[str, tuple[Field, ...]] = {
    "actors": (
        Field("name", "text", "Name", required=True),
        Field("aliases", "list", "Also called", default=()),
        Field("role", "str", "Role"),
        Field("affiliation", "str", "Affiliation"),
        Field("kind", "enum", "Kind", default="person"),
    ),
    "meetings": (
        Field("title", "text", "Title", required=True),
        Field("place", "str", "Place"),
        Field("participants", "refs", "Participants", default=()),
        Field("absent", "refs", "Absent", default=()),
        Field("status", "enum", "Status", default="unknown"),
        Field("topics", "list", "Topics", default=()),
        Field("outcome", "str", "Outcome"),
    ),
    "demands": (
        Field("title", "text", "Title", required=True),
        Field("by", "refs", "Demanded by", default=()),
        Field("of", "refs", "Demanded of", default=()),
        Field("items", "list", "Items", default=()),
        Field("status", "enum", "Status", default="unknown"),
        Field("response", "str", "Response"),
    ),
    "corruption": (
        Field("title", "text", "Title", required=True),
        Field("subjects", "list", "Subjects", default=()),
        Field("status", "enum", "Status", default="unknown"),
        Field("consequences", "list", "Consequences", default=()),
    ),
    "financing": (
        Field("title", "text", "Title", required=True),
        Field("instrument", "enum", "Instrument", default="other"),
        Field("amount", "amount", "Amount"),
        Field("parties", "refs", "Parties", default=()),
        Field("conditions", "list", "Conditions", default=()),
        Field("status", "enum", "Status", default="unknown"),
    ),
    "events": (Field("title", "text", "Title", required=True),),
}

# Reference fields that must point at actors (``links`` may point at any entry).
ACTOR_REF_FIELDS = frozenset({"participants", "absent", "by", "of", "parties"})


def fields_of(kind: str) -> tuple[Field, ...]:
    """Every field of a kind, its own first, then the ones every entry has."""
    return KIND_FIELDS[kind] + COMMON_FIELDS


class _Record:
    """A row of a briefing table: its ``id`` is the document's ``id`` field."""

    __slots__ = ()
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])


@dataclass(slots=True)
class Entry(_Record):
    """One briefing entry: its kind (table), TinyDB document id and document."""

    kind: str
    doc_id: int
    data: dict[str, Any]

    @property
    def title(self) -> str:
        value = self.data.get("name") if self.kind == "actors" else self.data.get("title")
        return str(value if value is not None else self.id)

    def get(self, name: str) -> Any:
        """A field's value, or its default when the file leaves it out."""
        if name in self.data:
            return self.data[name]
        for f in fields_of(self.kind):
            if f.name == name:
                return list(f.default) if isinstance(f.default, tuple) else f.default
        return None

    def references(self) -> list[tuple[str, str]]:
        """(field, target id) for every reference this entry makes, in field order."""
        out: list[tuple[str, str]] = []
        for f in fields_of(self.kind):
            if f.type == "refs":
                out.extend((f.name, str(t)) for t in self.get(f.name) or ())
        return out


@dataclass
class Source(_Record):
    """An article a briefing cites, identified by the hash of its normalised text."""

    doc_id: int
    data: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.data.get("title") or self.id)

    @property
    def sha256(self) -> str:
        return str(self.data.get("sha256") or "")


@dataclass
class Briefing:
    """A whole validated briefing, as read from one file."""

    meta: dict[str, Any]
    sources: list[Source]
    entries: list[Entry]
    path: str | None = None
    extra_tables: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.meta.get("id", ""))

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id or "Untitled briefing")
