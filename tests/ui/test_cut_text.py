"""Text cut to fit is always marked with an ellipsis, and a note such as an amount or a
status is kept whole: "€140 billion" never reads as "€14", "cancelled" never as "canc"."""

from __future__ import annotations

from apphelpers import running, screen_of, visible_lines
from rich.text import Text

from tui.ui.widgets.line_list import fit_line


def test_fit_line_cuts_the_name_with_an_ellipsis_and_keeps_the_note_whole() -> None:
    note = "  €140 billion · loan · conditional"
    text = Text("€140 billion loan linked to frozen Russian assets" + note)
    fitted = fit_line(text, 70, len(note))
    assert fitted.cell_len <= 70 and fitted.plain.endswith(note)
    assert "…" in fitted.plain and fitted.plain.startswith("€140 billion loan")
    narrow = fit_line(text, 30, len(note))
    # Narrower: the name keeps half the width; no whole part of the note fits, so it goes.
    assert narrow.plain == "€140 billion loan linked to f…", narrow.plain
    middle = fit_line(text, 36, len(note))
    assert middle.plain == "€140 billion loan l…  €140 billion …", middle.plain
    short = fit_line(Text("abcdefghij"), 5)
    assert short.plain == "abcd…"
    assert fit_line(Text("fits"), 10).plain == "fits"


async def test_money_list_at_80x24_shows_every_amount_and_status_whole() -> None:
    async with running(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = screen_of(pilot)
        listing = screen.query_one("#view-financing").list  # type: ignore[attr-defined]
        lines = [line for line in visible_lines(listing) if line.strip()]
        loan = next(line for line in lines if "billion" in line)
        name, _, note = loan.partition("  ")
        assert name.endswith("…") and note.strip().startswith("€140 billion"), loan
        for line in lines:  # every note part shown is whole: an amount, or a status
            assert "…" in line or line.rstrip().endswith(("agreed", "proposed", "in force")), line
