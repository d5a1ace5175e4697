"""Helpers for driving the app in tests: open it, read what a list shows."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from seedfile import SEED
from textual.pilot import Pilot

from tui.storage.paths import default_briefing
from tui.ui.app import BriefingApp
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.widgets.line_list import LineList


def attach_seed() -> None:
    """Attach the seed article to the bundled briefing (in the test's own data folder)."""
    from tui.storage.attachments import attach
    from tui.storage.store import load_briefing

    attach(load_briefing(default_briefing()), SEED)


@contextlib.asynccontextmanager
async def running(path: Path | None = None, size: tuple[int, int] = (100, 30),
                  read_only: bool = False) -> AsyncIterator[Pilot]:
    app = BriefingApp(path or default_briefing(), read_only=read_only)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        yield pilot


def screen_of(pilot: Pilot) -> BriefingScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BriefingScreen), f"expected the briefing, got {type(screen).__name__}"
    return screen


def visible_lines(widget: LineList) -> list[str]:
    """The text a reader sees in a line list right now."""
    return [
        "".join(seg.text for seg in widget.render_line(y)).rstrip()
        for y in range(widget.scrollable_content_region.height)
    ]


def highlighted_title(screen: BriefingScreen) -> str:
    """The first line of the detail pane of the current view: the entry's name."""
    panel = screen.query_one(f"#view-{screen.view}")
    return panel.detail.rows[0].text.plain  # type: ignore[attr-defined]


async def settle(pilot: Pilot) -> None:
    """Wait for the app's workers (a write, a check), then for what they queued."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def notes(pilot: Pilot) -> list[str]:
    """Every notification the app has shown, oldest first."""
    return [str(n.message) for n in pilot.app._notifications]  # noqa: SLF001
