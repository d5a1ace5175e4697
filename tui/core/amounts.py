"""Amounts as a reader says them: "€140 billion", never a number cut into another."""

from __future__ import annotations

from tui.core.text import clean

__all__ = ["amount_text"]


def amount_text(amount: object) -> str:
    """An amount field (``{"value": ..., "currency": ...}``) as text; "" if it is not one."""
    if not isinstance(amount, dict):
        return ""
    value = amount.get("value")
    currency = clean(amount.get("currency"))
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    number = _amount_number(value)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def _amount_number(value: int | float) -> str:
    """140000000000 -> '140 billion'; exact below a million; never rounds away a digit
    that matters (up to 12 significant), and never fails on a huge number."""
    try:
        for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
            if value >= size:
                return f"{value / size:.12g} {word}"
        return f"{value:,}" if isinstance(value, int) else f"{value:,.12g}"
    except OverflowError:
        digits = str(value)
        return f"{digits[:12]}… ({len(digits)} digits)"
