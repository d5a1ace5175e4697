"""Checking a form: the problems an edit would have, found by the real validator so the
places and messages are exactly ``briefing check``'s."""

from __future__ import annotations

from typing import Any

from tui.core.article import Article
from tui.core.errors import Problem
from tui.core.model import ENTRY_KINDS
from tui.core.validate import check_document
from tui.core.validate import next_doc_id as next_free_id

__all__ = ["check_edit", "check_entry", "is_at", "next_doc_id"]


def next_doc_id(table: Any) -> int:
    """The document id a new row of a raw ``table`` gets."""
    if not isinstance(table, dict):
        return 1
    return next_free_id(int(k) for k in table if isinstance(k, str) and k.isdigit())


def is_at(place: str, at: str) -> bool:
    """True when the problem ``place`` is ``at`` or inside it (``meetings/4.title``)."""
    return place == at or place.startswith(at + ".")


def check_edit(
    document: dict[str, Any], kind: str, data: dict[str, Any], doc_id: int | None = None,
    articles: dict[str, Article] | None = None,
) -> tuple[list[Problem], list[Problem]]:
    """The problems an edit would have: (this entry's, new ones elsewhere it causes).

    The document is checked with ``data`` put in place of ``kind``/``doc_id`` (a new
    entry, at the document id it will get, when ``doc_id`` is None) by the real validator,
    so places and messages are exactly ``briefing check``'s. When another entry already
    uses the id, the validator reports it at whichever comes later in the file; this
    entry's list then also has it, at its own ``.id``. The second list holds problems the
    edit causes elsewhere, such as references a changed id leaves dangling.
    ``articles`` (source id -> attached article) checks locators down to the sentence, as
    ``briefing check`` does when articles are attached.
    """
    if kind not in ENTRY_KINDS:
        raise ValueError(f"not an entry kind: {kind!r}")
    table = document.get(kind)
    if doc_id is None:
        doc_id = next_doc_id(table)
    edited = dict(document)
    new_table = dict(table) if isinstance(table, dict) else {}
    new_table[str(doc_id)] = data
    edited[kind] = new_table
    at = f"{kind}/{doc_id}"
    after, _ = check_document(edited, articles)
    mine = [p for p in after if is_at(p.place, at)]
    suffix = f" is already used by {at}"
    for p in after:
        if p.place.endswith(".id") and p.message.endswith(suffix) and not is_at(p.place, at):
            # The same problem, seen from this entry: same id text, the other's place.
            mine.append(Problem(f"{at}.id", p.message[: -len(at)] + p.place[: -len(".id")]))
    before, _ = check_document(document, articles)
    known = set(before)
    others = [p for p in after if not is_at(p.place, at) and p not in known]
    return mine, others


def check_entry(
    document: dict[str, Any], kind: str, data: dict[str, Any], doc_id: int | None = None,
    articles: dict[str, Article] | None = None,
) -> list[Problem]:
    """The problems with one entry as the form has it, with ``briefing check``'s places
    (``meetings/4.participants[1]``) and messages. See ``check_edit``."""
    return check_edit(document, kind, data, doc_id, articles)[0]

