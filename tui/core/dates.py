"""Dates at their true precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

__all__ = ["is_valid_date", "date_sort_key", "format_date", "precision", "DateSuggestion",
           "suggest_dates"]

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


# ------------------------------------------------------------------ relative date words
# A sentence's relative date words ("on Tuesday", "this Thursday", "yesterday", "last
# month") resolved against its source's publication date. Only what the words fix exactly
# is resolved: "next Wednesday" in a Monday article could be either of two Wednesdays, and
# "last week" or "early September" name no single day, month or year, so none is offered.

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_RE = re.compile(
    r"\b(?:(?P<lead>this|next|last|on|by|until|to|from)\s+)?(?P<day>" + "|".join(_WEEKDAYS)
    + r")\b|\b(?P<near>today|yesterday|tomorrow)\b|\b(?P<which>this|last|next)\s+"
    r"(?P<unit>month|year)\b",
    re.IGNORECASE,
)
_AFTER_LEADS = frozenset({"by", "until", "to"})  # "moved to Friday": a day still to come
_PAST_WORDS = frozenset({
    "was", "were", "had", "did", "held", "met", "told", "began", "took", "made", "came",
    "went", "spoke", "left", "said", "struck", "won", "lost", "broke", "gave", "sent", "saw",
})
_FUTURE_WORDS = frozenset({
    "will", "would", "shall", "planned", "scheduled", "expected", "due", "set", "plans",
    "plan", "aims", "hopes", "going", "upcoming", "coming", "intends",
})
_TENSE_REACH = 6  # words looked at before the day's name, nearest first


@dataclass(frozen=True)
class DateSuggestion:
    """A date the words of a sentence fix, with the words and how it was worked out."""

    date: str  # at the precision the words give: YYYY-MM-DD, YYYY-MM or YYYY
    words: str  # as the sentence writes them: "this Thursday"
    basis: str  # "the Thursday after publication on 2026-03-02"


def suggest_dates(sentence: str, published: str | None) -> list[DateSuggestion]:
    """Every relative date the sentence's words fix, given its source's publication date
    (in the sentence's order, each once); none when the source is undated or the words
    leave the date open."""
    if not is_valid_date(published):
        return []
    assert published is not None
    out: list[DateSuggestion] = []
    for m in _RELATIVE_RE.finditer(sentence):
        found = _resolve(m, sentence[:m.start()], published)
        if found is not None and all(s.date != found.date or s.words.lower() != found.words.lower()
                                     for s in out):
            out.append(found)
    return out


def _resolve(m: re.Match[str], before: str, published: str) -> DateSuggestion | None:
    words = " ".join(m.group(0).split())
    if m.group("unit"):
        return _month_or_year(m.group("which").lower(), m.group("unit").lower(), words,
                              published)
    if precision(published) != "day":
        return None  # a day is fixed only from a day
    day = _dt.date.fromisoformat(published)
    if m.group("near"):
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("near").lower()]
        when = day + _dt.timedelta(days=shift)
        basis = {0: f"the day of publication, {published}",
                 -1: f"the day before publication on {published}",
                 1: f"the day after publication on {published}"}[shift]
        return DateSuggestion(when.isoformat(), words, basis)
    lead = (m.group("lead") or "").lower()
    target = _WEEKDAYS.index(m.group("day").lower())
    return _weekday(lead, target, _tense(before) if lead in ("", "on", "from") else "",
                    day, words, published)


def _weekday(lead: str, target: int, tense: str, day: _dt.date, words: str,
             published: str) -> DateSuggestion | None:
    """A weekday's name, read from a day's article: the one the words fix, if they fix one."""
    name = _WEEKDAYS[target].capitalize()
    ahead = (target - day.weekday()) % 7  # days to the next such day (0: the same day)
    behind = (day.weekday() - target) % 7
    # Weeks run Monday to Sunday: "this" is the publication's week, "next" and "last" the
    # weeks after and before it; where the words could mean either of two days, none.
    if lead == "this":
        when = day + _dt.timedelta(days=ahead) if target >= day.weekday() else None
    elif lead == "next":
        when = day + _dt.timedelta(days=ahead or 7) if target <= day.weekday() else None
    elif lead == "last":
        when = day - _dt.timedelta(days=behind or 7) if target >= day.weekday() else None
    elif lead in _AFTER_LEADS or tense == "future" or not tense:
        when = day + _dt.timedelta(days=ahead) if ahead else None  # the same day: which week?
    else:  # told in the past tense: the latest such day, up to the day of publication
        when = day - _dt.timedelta(days=behind)
    if when is None:
        return None
    if when == day:
        basis = f"the day of publication, {published} (a {name})"
    elif when > day:
        basis = f"the {name} after publication on {published}"
    else:
        basis = f"the {name} before publication on {published}"
    return DateSuggestion(when.isoformat(), words, basis)


def _tense(before: str) -> str:
    """``past`` or ``future`` as the nearest telling word before the day's name says, or ""."""
    for word in reversed(re.findall(r"[a-z']+", before.lower())[-_TENSE_REACH:]):
        if word in _FUTURE_WORDS or word.endswith("'ll"):
            return "future"
        if word in _PAST_WORDS or word.endswith("ed"):
            return "past"
    return ""


def _month_or_year(which: str, unit: str, words: str, published: str) -> DateSuggestion | None:
    year, month, _ = date_sort_key(published)
    shift = {"this": 0, "last": -1, "next": 1}[which]
    relation = {0: "the {} of publication ({})", -1: "the {} before publication on {}",
                1: "the {} after publication on {}"}[shift]
    if unit == "year":
        return DateSuggestion(f"{year + shift:04d}", words, relation.format("year", published))
    if not month:
        return None  # a month is fixed only from a month or a day
    index = year * 12 + month - 1 + shift
    return DateSuggestion(f"{index // 12:04d}-{index % 12 + 1:02d}", words,
                          relation.format("month", published))
