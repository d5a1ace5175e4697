"""The raw briefing document: the TinyDB dict a briefing file holds, and its one vocabulary.

Everything that builds or reads a raw document by hand (a new briefing, the briefing's id,
the document a loaded :class:`~tui.core.model.Briefing` came from) goes through here, so the
layout ``{"briefing": {"1": meta}, "sources": {...}, "<kind>": {...}}`` is spelt once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.core.model import ENTRY_KINDS, SCHEMA_VERSION
from tui.core.text import slug

if TYPE_CHECKING:
    from tui.core.article import Article
    from tui.core.model import Briefing

__all__ = ["new_document", "meta_of", "briefing_id_of", "document_of", "changes_document"]


def new_document(article: Article, title: str, briefing_id: str | None = None, *,
                 source_title: str | None = None, publisher: str | None = None,
                 url: str | None = None, published: str | None = None,
                 fallback_source_title: str = "Article") -> dict[str, Any]:
    """The document of a new, empty briefing around one article."""
    source = {
        "id": f"src-{article.sha256[:8]}",
        "title": source_title or fallback_source_title,
        "publisher": publisher,
        "url": url,
        "published": published,
        "sha256": article.sha256,
        "paragraphs": len(article.paragraphs),
        "sentences": article.sentence_count,
    }
    meta = {
        "schema": SCHEMA_VERSION,
        "id": briefing_id or slug(title, fallback="briefing"),
        "title": title,
        "summary": "",
        "bluf": [],
        "as_of": None,
    }
    document: dict[str, Any] = {"briefing": {"1": meta}, "sources": {"1": source}}
    for kind in ENTRY_KINDS:
        document[kind] = {}
    return document


def meta_of(document: Any) -> dict[str, Any]:
    """The briefing's own row of a raw document, or ``{}`` when it has none."""
    table = document.get("briefing") if isinstance(document, dict) else None
    meta: Any = next(iter(table.values()), {}) if isinstance(table, dict) else {}
    return meta if isinstance(meta, dict) else {}


def briefing_id_of(document: Any) -> str | None:
    """The briefing id a raw document declares, or None when it has no usable one."""
    value = meta_of(document).get("id")
    return value if isinstance(value, str) else None


def document_of(briefing: Briefing) -> dict[str, Any]:
    """The raw document a checked :class:`Briefing` was built from (shared values, no copy)."""
    document: dict[str, Any] = {"briefing": {"1": briefing.meta},
                                "sources": {str(s.doc_id): s.data for s in briefing.sources}}
    for kind in ENTRY_KINDS:
        document[kind] = {}
    for entry in briefing.entries:
        document[entry.kind][str(entry.doc_id)] = entry.data
    document.update(briefing.extra_tables)
    return document


def changes_document(briefing: Briefing) -> dict[str, Any]:
    """Just the parts of a document the change log is read from: its meta and ``changes``."""
    return {"briefing": {"1": briefing.meta},
            "changes": briefing.extra_tables.get("changes") or {}}
