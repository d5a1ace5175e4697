"""The one-pager as JSON: the export model itself, keys sorted."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["render_json"]


def render_json(model: dict[str, Any]) -> str:
    """The model as indented JSON, keys sorted, non-ASCII kept."""
    return json.dumps(model, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
