"""New entries: a blank entry of a kind for the form, and a fresh id from a title."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tui.authoring.compare import field_dict
from tui.core.model import ENTRY_KINDS, KIND_SINGULAR, fields_of
from tui.core.text import slug
from tui.core.validate import ID_RE

__all__ = ["blank_entry", "new_id"]


def blank_entry(kind: str, source_id: str | None = None) -> dict[str, Any]:
    """A new entry of ``kind`` with every field at its default.

    Required text fields (``id``, ``name``/``title``) are ``""`` and ``sources`` is ``[]``:
    the form must fill them in, and ``check_entry`` says so until it does. ``source_id``
    (the source the form should offer sentences of) is accepted but not used: a locator
    needs a paragraph and a sentence, and citing one the reader did not choose would be a
    false citation.
    """
    if kind not in ENTRY_KINDS:
        raise ValueError(f"not an entry kind: {kind!r}")
    out: dict[str, Any] = {}
    for f in fields_of(kind):
        if f.required:
            out[f.name] = [] if f.type == "locators" else ""
        else:
            out[f.name] = list(f.default) if isinstance(f.default, tuple) else f.default
    return field_dict(kind, out)


def new_id(kind: str, title: str, existing_ids: Iterable[str]) -> str:
    """A fresh id for a new entry: the title in lower case ASCII with runs of other
    characters as ``-`` (at most 60 characters; the kind's name if nothing is left),
    then ``-2``, ``-3``... until no entry (or source) has it."""
    base = slug(title, fallback=KIND_SINGULAR.get(kind, "entry"))
    taken = set(existing_ids)
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    assert ID_RE.match(candidate), candidate
    return candidate

