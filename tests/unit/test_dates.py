"""Dates at their true precision: YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import pytest

from tui.core.dates import date_sort_key, format_date, is_valid_date, precision


@pytest.mark.parametrize(
    "value",
    ["2025", "2025-04", "2025-04-17", "2024-02-29", "2000-02-29", "1900-02-28", "2025-12-31",
     "2025-01-01", "0001", "9999-12-31"],
)
def test_valid_dates(value: str) -> None:
    assert is_valid_date(value)


@pytest.mark.parametrize(
    "value",
    [
        "2025-02-30",  # no such day
        "2023-02-29",  # not a leap year
        "1900-02-29",  # century, not a leap year
        "2025-04-31",
        "2025-13",
        "2025-00",
        "2025-04-00",
        "2025-4",
        "2025-04-7",
        "25",
        "20250",
        "2025/04/17",
        "2025-04-17T10:00",
        "17 Apr 2025",
        "",
        " 2025",
        "2025 ",
        "2025\n",
        "\uff12\uff10\uff12\uff15",  # full-width digits
        "\u0662\u0660\u0662\u0665",  # Arabic-Indic digits
    ],
)
def test_invalid_date_text(value: str) -> None:
    assert not is_valid_date(value)


@pytest.mark.parametrize("value", [None, 2025, 2025.0, True, ["2025"], {"year": 2025}])
def test_non_text_is_not_a_date(value: object) -> None:
    assert not is_valid_date(value)


@pytest.mark.parametrize(
    ("value", "expected"), [("2025", "year"), ("2025-04", "month"), ("2025-04-17", "day")]
)
def test_precision(value: str, expected: str) -> None:
    assert precision(value) == expected


def test_sort_order_is_by_time_coarser_first() -> None:
    dates = ["2025-04-17", "2025", "2024-12", "2025-04", "2025-04-01", "2024-12-31", "2026"]
    assert sorted(dates, key=date_sort_key) == [
        "2024-12", "2024-12-31", "2025", "2025-04", "2025-04-01", "2025-04-17", "2026",
    ]


def test_sort_key_refuses_what_is_not_a_date() -> None:
    with pytest.raises(ValueError, match="not a date"):
        date_sort_key("2025-02-30")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2025", "2025"),
        ("2025-04", "Apr 2025"),
        ("2025-04-17", "17 Apr 2025"),
        ("2025-04-07", "7 Apr 2025"),
        ("2024-02-29", "29 Feb 2024"),
    ],
)
def test_format_keeps_the_precision(value: str, shown: str) -> None:
    assert format_date(value) == shown


def test_format_names_every_month() -> None:
    names = [format_date(f"2025-{m:02d}").split()[0] for m in range(1, 13)]
    assert names == "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
