"""Comparing entries: equal as JSON values, a left-out field the same as its default.

``1``, ``1.0`` and ``true`` are three different values. The field order is the model's
(``id`` first), so a written entry and a logged change list fields the way the format does.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

from tui.core.model import fields_of

__all__ = [
    "canonical_json", "same_json", "defaults_of", "normal_entry", "same_entry",
    "field_order", "field_dict", "keep_presence", "changed_fields",
]


def canonical_json(value: Any) -> str:
    """``value`` as JSON text with sorted keys: equal text, equal value."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=True)


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values: ``1``, ``1.0`` and ``True`` are three different values."""
    return canonical_json(a) == canonical_json(b)


def defaults_of(kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields_of(kind):
        if f.required:
            continue
        out[f.name] = list(f.default) if isinstance(f.default, tuple) else f.default
    return out


def normal_entry(kind: str, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The entry with every left-out field at its default (the entry as the format reads it)."""
    if data is None:
        return None
    return {**defaults_of(kind), **data}


def same_entry(kind: str, a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    return same_json(normal_entry(kind, a), normal_entry(kind, b))


def field_order(kind: str, names: Iterable[str]) -> list[str]:
    """``id`` first, then the model's order for the kind, then other fields by name."""
    names = set(names)
    known = ["id"] + [f.name for f in fields_of(kind) if f.name != "id"]
    return [n for n in known if n in names] + sorted(n for n in names if n not in known)


def keep_presence(kind: str, current: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``new`` as it will be written: a field whose presence differs from ``current`` but
    whose value is the default either way keeps ``current``'s form (no noise in the file
    or in the log when a form fills in defaults or leaves them out)."""
    defaults = defaults_of(kind)
    out = copy.deepcopy(new)
    for name, default in defaults.items():
        if name in current and name not in out and same_json(current[name], default):
            out[name] = copy.deepcopy(current[name])
        elif name not in current and name in out and same_json(out[name], default):
            del out[name]
    return out


def changed_fields(
    kind: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[str]:
    before, after = before or {}, after or {}
    names = [
        n for n in set(before) | set(after)
        if (n in before) != (n in after) or (n in before and not same_json(before[n], after[n]))
    ]
    return field_order(kind, names)



def field_dict(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its fields in ``field_order``."""
    return {name: data[name] for name in field_order(kind, data)}
