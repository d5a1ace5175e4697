"""An entry-level, human-readable diff of two raw briefing documents, and a text form of one.

Pure. Entries are matched by kind and ``id`` (never by document id). A changed field is
shown as ``Label: old -> new`` with the app's field labels (``tui.core.model``); values go
through ``tui.core.text.one_line`` so nothing from a file reaches a terminal raw. Values
that mean the same (a field left out, ``null``, ``""``, ``[]``, or the field's default)
are not reported.
"""

from __future__ import annotations

import json
from typing import Any

from tui.core.accounts import ACCOUNTS
from tui.core.model import ENTRY_KINDS, KIND_LABELS, KIND_SINGULAR, fields_of
from tui.core.text import one_line

__all__ = ["diff_documents", "document_text"]

_MAX = 160
_META_LABELS = {"id": "Id", "title": "Title", "summary": "Summary", "bluf": "Bottom line",
                "bluf_sources": "Bottom line sources", "summary_sources": "Summary sources",
                "as_of": "As of", "as_of_basis": "As-of basis", "schema": "Schema"}
_SOURCE_LABELS = {"id": "Id", "title": "Title", "publisher": "Publisher", "url": "URL",
                  "published": "Published", "sha256": "SHA-256", "paragraphs": "Paragraphs",
                  "sentences": "Sentences"}


def _labels(kind: str) -> dict[str, str]:
    if kind == "briefing":
        return _META_LABELS
    if kind == "sources":
        return _SOURCE_LABELS
    if kind in ENTRY_KINDS:
        return {f.name: f.label for f in fields_of(kind)}
    return {}


def _defaults(kind: str) -> dict[str, Any]:
    if kind not in ENTRY_KINDS:
        return {}
    return {f.name: list(f.default) if isinstance(f.default, tuple) else f.default
            for f in fields_of(kind)}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=True, default=str)


def _same(kind: str, name: str, a: Any, b: Any) -> bool:
    default = _defaults(kind).get(name)
    a = default if _empty(a) else a
    b = default if _empty(b) else b
    if _empty(a) and _empty(b):
        return True
    return _canon(a) == _canon(b)


def show(value: Any) -> str:
    """A value on one display-safe line: lists joined with commas, amounts as ``5 EUR``."""
    if _empty(value):
        text = "(none)"
    elif isinstance(value, list):
        text = ", ".join(show(v) for v in value)
    elif isinstance(value, dict) and set(value) == {"value", "currency"}:
        text = f"{value['value']} {value['currency']}"
    elif isinstance(value, (dict, bool)) or value is None:
        text = _canon(value)
    else:
        text = str(value)
    text = one_line(text)
    return text if len(text) <= _MAX else text[: _MAX - 3] + "..."


def _rows(document: Any, kind: str) -> dict[str, dict[str, Any]]:
    table = document.get(kind) if isinstance(document, dict) else None
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(table, dict):
        return out
    for doc_id in sorted(table, key=lambda k: (len(k), k)):
        row = table[doc_id]
        if isinstance(row, dict):
            key = row.get("id")
            key = key if isinstance(key, str) else f"#{doc_id}"
            out.setdefault(key, row)
    return out


def _title(kind: str, key: str, row: dict[str, Any]) -> str:
    name = row.get("name") if kind == "actors" else row.get("title")
    if isinstance(name, str) and name.strip() and name != key:
        return f"{show(name)} ({show(key)})"
    return show(key)


def _kind_label(kind: str) -> str:
    return {"briefing": "Briefing", "sources": "Sources", "changes": "Change log",
            "conflicts": "Conflicts"}.get(kind) or KIND_LABELS.get(kind) or show(kind)


def _accounts(value: Any) -> str:
    """A dispute's accounts on one line: ``1. 4 percent [src#p2.s1] | 2. ...``."""
    if not isinstance(value, list) or not value:
        return "(none)"
    parts = []
    for n, account in enumerate(value, 1):
        a = account if isinstance(account, dict) else {"value": account}
        note = f" ({a['note']})" if isinstance(a.get("note"), str) else ""
        parts.append(f"{n}. {show(a.get('value'))}{note} [{show(a.get('sources'))}]")
    return " | ".join(parts)  # each part is already shown (one line, cut at _MAX)


def _dispute_lines(kind: str, old: Any, new: Any, added: bool) -> list[str]:
    """One line per disputed field whose accounts changed (``accounts`` in the file)."""
    labels = _labels(kind)
    a = old if isinstance(old, dict) else {}
    b = new if isinstance(new, dict) else {}
    lines = []
    for name in [*(n for n in labels if n in a or n in b),
                 *sorted(n for n in set(a) | set(b) if n not in labels)]:
        if _canon(a.get(name)) != _canon(b.get(name)):
            label = f"  Disputed {labels.get(name) or show(name)}"
            lines.append(f"{label}: {_accounts(b.get(name))}" if added else
                         f"{label}: {_accounts(a.get(name))} -> {_accounts(b.get(name))}")
    return lines


def _field_lines(kind: str, old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """``Label: old -> new`` for each changed field; with no ``old``, ``Label: value`` for
    each field that is not empty or its default. Disputes are said field by field."""
    labels = _labels(kind)
    disputes = _dispute_lines(kind, (old or {}).get(ACCOUNTS), new.get(ACCOUNTS), old is None) \
        if kind in ENTRY_KINDS else []
    if old is None:
        return [f"  {labels.get(name) or show(name)}: {show(new[name])}"
                for name in list(labels) + sorted(n for n in new if n not in labels)
                if name in new and not _same(kind, name, None, new[name])
                and not (disputes and name == ACCOUNTS)] + disputes
    order = list(labels) + sorted(n for n in set(old) | set(new) if n not in labels)
    lines = []
    for name in order:
        a, b = old.get(name), new.get(name)
        if name == ACCOUNTS and kind in ENTRY_KINDS:
            continue
        if (name in old or name in new) and not _same(kind, name, a, b):
            lines.append(f"  {labels.get(name) or show(name)}: {show(a)} -> {show(b)}")
    return lines + disputes


def _table_diff(kind: str, old: Any, new: Any) -> list[str]:
    before, after = _rows(old, kind), _rows(new, kind)
    label = _kind_label(kind)
    lines: list[str] = []
    for key, row in before.items():
        if key not in after:
            lines.append(f"{label}: removed {_title(kind, key, row)}")
    for key, row in after.items():
        if key not in before:
            lines.append(f"{label}: added {_title(kind, key, row)}")
            lines += _field_lines(kind, None, row)
        else:
            changed = _field_lines(kind, before[key], row)
            if changed:
                lines.append(f"{label}: changed {_title(kind, key, row)}")
                lines += changed
    return lines


def _meta(document: Any) -> dict[str, Any]:
    table = document.get("briefing") if isinstance(document, dict) else None
    rows = [r for r in table.values() if isinstance(r, dict)] if isinstance(table, dict) else []
    return rows[0] if rows else {}


def _log_lines(kind: str, old: Any, new: Any) -> list[str]:
    """New rows of the change log or of the conflicts table, one line each."""
    def rows(document: Any) -> list[dict[str, Any]]:
        table = document.get(kind) if isinstance(document, dict) else None
        return [r for r in table.values() if isinstance(r, dict)] if isinstance(table, dict) \
            else []

    known = {_canon(r) for r in rows(old)}
    lines = []
    for row in rows(new):
        if _canon(row) in known:
            continue
        if kind == "changes":
            what = (f"{show(row.get('at'))} {show(row.get('by'))} {show(row.get('action'))} "
                    f"{show(KIND_SINGULAR.get(str(row.get('kind')), row.get('kind')))} "
                    f"{show(row.get('entry'))}")
        else:
            what = (f"{show(row.get('kind'))} {show(row.get('entry'))} "
                    f"{show(row.get('field') or 'entry')}: ours {show(row.get('ours'))}, "
                    f"theirs {show(row.get('theirs'))}")
        lines.append(f"{_kind_label(kind)}: new: {what}")
    return lines


def diff_documents(old: Any, new: Any) -> list[str]:
    """The differences from ``old`` to ``new`` as display-safe lines (empty: no difference)."""
    lines: list[str] = []
    changed = _field_lines("briefing", _meta(old), _meta(new))
    if changed:
        lines += ["Briefing: changed"] + changed
    for kind in ("sources", *ENTRY_KINDS):
        lines += _table_diff(kind, old, new)
    for kind in ("changes", "conflicts"):
        lines += _log_lines(kind, old, new)
    return lines


def document_text(document: Any) -> list[str]:
    """A briefing as lines of text, one field a line, for git's ``textconv``: a line diff
    of two such texts reads entry by entry."""
    lines = [f"Briefing: {show(_meta(document).get('title'))}"]
    lines += _field_lines("briefing", None, _meta(document))
    for kind in ("sources", *ENTRY_KINDS):
        for key, row in _rows(document, kind).items():
            lines.append(f"{_kind_label(kind)}: {_title(kind, key, row)}")
            lines += _field_lines(kind, None, row)
    for kind in ("changes", "conflicts"):
        lines += _log_lines(kind, {}, document)
    return lines
