"""Sources in the app: what each source is (title, publisher, date, address) above its
sentences and under a cited sentence; o opens its address, c copies the sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import running, screen_of
from helpers_store import small_document
from seedfile import SEED
from textual.pilot import Pilot

from tui.storage.attachments import attach
from tui.storage.jsonio import dumps
from tui.storage.store import load_briefing

pytestmark = pytest.mark.usefixtures("seed_article")


def _briefing(tmp_path: Path, url: str) -> Path:
    doc = small_document()
    doc["sources"]["1"].update(title="Talks in Ankara", publisher="Example Wire",
                               published="2025-11-30", url=url)
    path = tmp_path / "b.json"
    path.write_text(dumps(doc), encoding="utf-8")
    attach(load_briefing(path), SEED)
    return path


async def _sources(pilot: Pilot) -> None:
    """Sources (7), then Enter: the one source, sentence by sentence."""
    await pilot.press("7")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_sources_say_what_each_source_is(tmp_path: Path) -> None:
    async with running(_briefing(tmp_path, "https://example.org/ankara"), size=(160, 40)) as pilot:
        await _sources(pilot)
        panel = screen_of(pilot).query_one("#view-sources")
        lines = panel.list.plain_lines()  # type: ignore[attr-defined]
        assert lines[0] == ("Talks in Ankara  Example Wire · 30 Nov 2025  "
                            "https://example.org/ankara")
        assert lines[1].startswith("p1.s1")
        detail = [r.text.plain for r in panel.detail.rows]  # type: ignore[attr-defined]
        assert any("Example Wire · 30 Nov 2025" in line for line in detail), detail
        assert "o opens the source · c copies the sentence" in detail


async def test_o_opens_the_address_and_c_copies_the_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    async with running(_briefing(tmp_path, "https://example.org/ankara")) as pilot:
        # The browser is the reader's, not the test's: record what the app asks it to open.
        monkeypatch.setattr(pilot.app, "open_url", lambda url, **_: opened.append(url))
        await _sources(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert opened == ["https://example.org/ankara"]
        await pilot.press("c")
        await pilot.pause()
        screen = screen_of(pilot)
        sentence = screen.index.citation(f"{screen.index.briefing.sources[0].id}#p1.s1")
        assert sentence is not None
        assert pilot.app.clipboard == f"“{sentence.text}” ({sentence.source_id}#p1.s1)"


async def test_an_address_that_is_not_a_web_page_is_never_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    async with running(_briefing(tmp_path, "javascript:alert(1)")) as pilot:
        monkeypatch.setattr(pilot.app, "open_url", lambda url, **_: opened.append(url))
        await _sources(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert opened == []
        notes = [str(n.message) for n in pilot.app._notifications]  # noqa: SLF001
        assert notes[-1] == "This source has no web address to open."
