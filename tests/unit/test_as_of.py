"""The briefing's as-of date is said honestly: its own, else its newest source's, labelled."""

from __future__ import annotations

from benchmarks.generate import generate
from tui.core.validate import build_briefing
from tui.present.views import as_of_text


def _briefing(as_of: str | None, published: list[str | None]):  # type: ignore[no-untyped-def]
    document = generate(5, seed=1)
    document["briefing"]["1"]["as_of"] = as_of
    base = document["sources"]["1"]
    document["sources"] = {str(i + 1): {**base, "id": base["id"] if i == 0 else f"src-{i}",
                                        "published": p}
                           for i, p in enumerate(published)}
    return build_briefing(document, "b.json", {})


def test_own_as_of_date_wins() -> None:
    briefing = _briefing("2026-03", ["2026-03-07"])
    assert as_of_text(briefing) == "as of Mar 2026"
    assert as_of_text(briefing, long=True) == "Mar 2026"


def test_without_one_the_newest_source_date_is_used_and_labelled() -> None:
    briefing = _briefing(None, ["2026-03-02", None, "2026-03-07", "2026-03-04"])
    assert as_of_text(briefing) == "as of 7 Mar 2026 (newest source)"
    assert as_of_text(briefing, long=True).startswith(
        "7 Mar 2026, the newest source's publication date")


def test_with_no_date_anywhere_it_says_so() -> None:
    briefing = _briefing(None, [None])
    assert as_of_text(briefing) == "no as-of date"
    assert "not given" in as_of_text(briefing, long=True)
