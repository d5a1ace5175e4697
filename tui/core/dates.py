"""Dates at their true precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

from __future__ import annotations

import calendar
import re

__all__ = ["is_valid_date", "date_sort_key", "format_date", "precision"]

# ASCII digits only (``\d`` would also take other scripts' digits), and no trailing newline.
_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
_MONTHS = [
    "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]


def _parts(value: str) -> tuple[int, int, int] | None:
    m = _DATE_RE.match(value)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else 0
    day = int(m.group(3)) if m.group(3) else 0
    if m.group(2) and not 1 <= month <= 12:
        return None
    if m.group(3) and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return year, month, day


def is_valid_date(value: object) -> bool:
    """True for an ISO 8601 calendar date at year, month or day precision."""
    return isinstance(value, str) and _parts(value) is not None


def precision(value: str) -> str:
    """``year``, ``month`` or ``day``."""
    return ("year", "month", "day")[value.count("-")]


def date_sort_key(value: str) -> tuple[int, int, int]:
    """Orders dates by time; a coarser date sorts before the finer dates inside it."""
    parts = _parts(value)
    if parts is None:
        raise ValueError(f"not a date: {value!r}")
    return parts


def format_date(value: str) -> str:
    """A date for people, at the precision it has: ``2025``, ``Apr 2025``, ``17 Apr 2025``."""
    year, month, day = date_sort_key(value)
    if not month:
        return f"{year}"
    if not day:
        return f"{_MONTHS[month]} {year}"
    return f"{day} {_MONTHS[month]} {year}"
