"""Relative date words resolved from the cited source's publication date, only where exact.

Every case is one sentence and its source's publication date: the dates, words and bases
offered, in the sentence's order. 2026-03-02 is a Monday, 2026-03-04 a Wednesday and
2026-03-07 a Saturday (the three reports of the Velmar story in tests/data/story)."""

from __future__ import annotations

import pytest

from tui.core.dates import DateSuggestion, suggest_dates

MON, WED, SAT = "2026-03-02", "2026-03-04", "2026-03-07"


@pytest.mark.parametrize(("sentence", "published", "expected"), [
    ("The talks are on Tuesday.", MON,
     [("2026-03-03", "on Tuesday", "the Tuesday after publication on 2026-03-02")]),
    ('Talks would take place "this Thursday" at the town hall.', MON,
     [("2026-03-05", "this Thursday", "the Thursday after publication on 2026-03-02")]),
    ("This Monday the union met.", MON,
     [("2026-03-02", "This Monday", "the day of publication, 2026-03-02 (a Monday)")]),
    ("The talks have been moved to Friday, both sides said.", WED,
     [("2026-03-06", "to Friday", "the Friday after publication on 2026-03-04")]),
    ("The regional government named Tomas Eder as mediator on Tuesday.", WED,
     [("2026-03-03", "on Tuesday", "the Tuesday before publication on 2026-03-04")]),
    ("The talks were held on Friday at the town hall.", SAT,
     [("2026-03-06", "on Friday", "the Friday before publication on 2026-03-07")]),
    ("A second round of talks is planned for next Wednesday.", SAT,
     [("2026-03-11", "next Wednesday", "the Wednesday after publication on 2026-03-07")]),
    ("They meet again next Monday.", WED,
     [("2026-03-09", "next Monday", "the Monday after publication on 2026-03-04")]),
    ("They met last Friday.", WED,
     [("2026-02-27", "last Friday", "the Friday before publication on 2026-03-04")]),
    ("The ministry will decide on Monday.", SAT,
     [("2026-03-09", "on Monday", "the Monday after publication on 2026-03-07")]),
    ("Quint said on Monday that talks would take place this Thursday.", MON,
     [("2026-03-02", "on Monday", "the day of publication, 2026-03-02 (a Monday)"),
      ("2026-03-05", "this Thursday", "the Thursday after publication on 2026-03-02")]),
    ("Ships left yesterday; more leave today and tomorrow.", MON,
     [("2026-03-01", "yesterday", "the day before publication on 2026-03-02"),
      ("2026-03-02", "today", "the day of publication, 2026-03-02"),
      ("2026-03-03", "tomorrow", "the day after publication on 2026-03-02")]),
    ("Costs rose last month and will fall next month.", "2026-01-15",
     [("2025-12", "last month", "the month before publication on 2026-01-15"),
      ("2026-02", "next month", "the month after publication on 2026-01-15")]),
    ("The port expects growth this year and next year.", "2026",
     [("2026", "this year", "the year of publication (2026)"),
      ("2027", "next year", "the year after publication on 2026")]),
    ("This month the strike began.", "2026-03",
     [("2026-03", "This month", "the month of publication (2026-03)")]),
])
def test_relative_words_resolve_with_their_basis(
        sentence: str, published: str, expected: list[tuple[str, str, str]]) -> None:
    assert suggest_dates(sentence, published) == [DateSuggestion(*e) for e in expected]


@pytest.mark.parametrize(("sentence", "published"), [
    ("The strike began in early September.", MON),  # no single day
    ("Wages have fallen in recent months.", MON),
    ("Talks failed last week.", WED),  # a week is no date
    ("Ships will leave this week.", WED),
    ("They meet next Friday.", WED),  # this week's Friday or the next one's?
    ("They met last Monday.", WED),  # this week's Monday or the last one's?
    ("This Monday the talks resume.", WED),  # the Monday gone or the one to come?
    ("The talks are on Wednesday.", WED),  # the day itself, or a week later?
    ("The talks are on Tuesday.", "2026-03"),  # a weekday from a month: no day
    ("The talks are tomorrow.", "2026"),
    ("Costs rose last month.", "2026"),  # a month from a year: no month
    ("On Mondays the port is shut.", MON),  # every Monday, not one
    ("The talks are on Tuesday.", None),  # an undated source fixes nothing
    ("The talks are on Tuesday.", "2026-02-30"),
    ("No dates here at all.", MON),
])
def test_words_that_fix_no_date_are_left_alone(sentence: str, published: str | None) -> None:
    assert suggest_dates(sentence, published) == []


def test_a_repeated_phrase_is_offered_once_and_case_is_kept() -> None:
    found = suggest_dates("TOMORROW, they said; tomorrow it is.", MON)
    assert found == [DateSuggestion("2026-03-03", "TOMORROW",
                                    "the day after publication on 2026-03-02")]


def test_the_years_and_months_roll_over() -> None:
    assert [s.date for s in suggest_dates("next month; yesterday", "2026-12-01")] == [
        "2027-01", "2026-11-30"]
    assert [s.date for s in suggest_dates("last month", "2026-01")] == ["2025-12"]
    assert [s.date for s in suggest_dates("tomorrow", "2024-02-28")] == ["2024-02-29"]
