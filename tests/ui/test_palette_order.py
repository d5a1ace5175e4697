"""The palette's hits in the order the reader sees them: entries and commands on one scale."""

from __future__ import annotations

import pytest
from apphelpers import attach_seed, running
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tui.ui.commands import command_score, rank


async def palette_hits(pilot: Pilot, query: str) -> list[str]:
    """Open the palette, type ``query`` and return the hits' names, top first."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.6)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    shown = palette.query_one(CommandList)
    return [str(shown.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(shown.option_count)]


@pytest.mark.usefixtures("seed_article")
async def test_erdo_puts_an_erdogan_entry_first_and_offers_no_export_command() -> None:
    attach_seed()
    async with running() as pilot:
        hits = await palette_hits(pilot, "erdo")
    assert hits and "Erdogan" in hits[0], hits
    assert not any(h.startswith("Export") for h in hits), hits


@pytest.mark.usefixtures("seed_article")
async def test_a_single_letter_ranks_entries_above_every_export_command() -> None:
    attach_seed()
    async with running() as pilot:
        hits = await palette_hits(pilot, "e")
    exports = [i for i, h in enumerate(hits) if h.startswith("Export one-pager")]
    entries_starting_with_e = [i for i, h in enumerate(hits)
                               if h.lower().startswith("e") and not h.startswith("Export")]
    assert entries_starting_with_e, hits
    assert all(e < x for e in entries_starting_with_e for x in exports), hits


@pytest.mark.usefixtures("seed_article")
async def test_a_single_letter_ranks_matching_entries_above_textuals_own_commands() -> None:
    attach_seed()
    async with running() as pilot:
        hits = await palette_hits(pilot, "t")
    system = [i for i, h in enumerate(hits) if h in ("Theme", "Keys", "Quit", "Screenshot")]
    entries = [i for i, h in enumerate(hits) if h.lower().startswith("t") and h != "Theme"]
    assert entries and system, hits
    assert max(entries) < min(system), hits


@pytest.mark.usefixtures("seed_article")
async def test_typing_theme_still_offers_the_theme_command_first() -> None:
    attach_seed()
    async with running() as pilot:
        hits = await palette_hits(pilot, "theme")
    assert hits[0] == "Theme", hits


@pytest.mark.usefixtures("seed_article")
async def test_typing_export_markdown_puts_that_export_command_first() -> None:
    attach_seed()
    async with running() as pilot:
        hits = await palette_hits(pilot, "export markdown")
    assert hits[0] == "Export one-pager as Markdown", hits


# --------------------------------------------------------------------------- the scale


def test_command_score_is_zero_unless_every_typed_word_starts_a_title_word() -> None:
    assert command_score("Export one-pager as Markdown", "erdo") == 0
    assert command_score("Export one-pager as Markdown", "port") == 0
    assert command_score("Export one-pager as Markdown", "export html") == 0


def test_command_score_is_one_when_the_first_title_word_is_typed_in_full() -> None:
    assert command_score("Export one-pager as Markdown", "export") == 1.0
    assert command_score("Export one-pager as Markdown", "EXPORT markdown") == 1.0


def test_command_score_grows_with_the_share_of_its_words_typed() -> None:
    title = "Export one-pager as Markdown"
    scores = [command_score(title, q) for q in ("e", "ex", "exp", "expo", "export")]
    assert scores == sorted(scores) and len(set(scores)) == 5
    assert scores[0] == pytest.approx(1 / 6)
    assert command_score(title, "markdown") == pytest.approx(0.8)


def test_any_entry_match_outranks_a_command_named_by_one_letter() -> None:
    names = ["erdogan", "recep tayyip erdogan", "the eu"]
    worst_entry = min(score for score, _, _ in rank(names, "e"))
    assert worst_entry > command_score("Export one-pager as Markdown", "e")
    assert worst_entry > command_score("Go to Events", "e")


def test_an_entry_at_a_word_start_outranks_a_command_word_typed_in_part() -> None:
    [(entry, _, _)] = rank(["recep tayyip erdogan"], "erd")
    assert entry == 0.8
    assert entry > command_score("Export one-pager as Markdown", "mark")
