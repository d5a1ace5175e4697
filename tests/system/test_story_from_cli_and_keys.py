"""The Velmar story built as a person would: ``briefing new`` and ``add-source`` twice from
the command line, then, in the app, the third report added from the Sources view and an
event citing one of its sentences, all from the keyboard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from apphelpers import running, screen_of, settle
from story_sources import REPORTS, STORY

from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.entry_form import EntryForm
from tui.ui.screens.source_form import SourceForm


def _cli(*args: str | Path) -> str:
    done = subprocess.run([sys.executable, "-m", "tui", *map(str, args)], capture_output=True,
                          text=True, env=os.environ.copy(), timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


async def test_new_add_source_twice_then_the_third_source_and_an_entry_from_the_keys(
        tmp_path: Path) -> None:
    path = tmp_path / "velmar.json"
    _cli("new", "--title", "Velmar dock strike", "--out", path)
    for name, title, published in REPORTS[:2]:
        _cli("add-source", path, STORY / name, "--title", title, "--published", published)
    async with running(path, size=(80, 24)) as pilot:
        await pilot.press("7", "a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SourceForm)
        await pilot.press(*str(STORY / REPORTS[2][0]), "tab", *REPORTS[2][1], "tab", "tab",
                          "tab", *REPORTS[2][2], "ctrl+s")
        await settle(pilot)
        screen = screen_of(pilot)
        third = json.loads(path.read_text(encoding="utf-8"))["sources"]["3"]
        assert (third["title"], third["published"]) == REPORTS[2][1:]
        await pilot.press("enter", "down", "down", "down", "down", "space")  # p3.s2
        await settle(pilot)
        assert screen.marked == [f"{third['id']}#p3.s2"]
        await pilot.press("6", "a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, EntryForm)
        await pilot.press(*"Second round of talks", "ctrl+g", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    events = json.loads(path.read_text(encoding="utf-8"))["events"]
    (event,) = events.values()
    assert (event["title"], event["sources"], event["date"], event["date_text"]) == (
        "Second round of talks", [f"{third['id']}#p3.s2"], "2026-03-11", "next Wednesday")
    check = subprocess.run([sys.executable, "-m", "tui", "check", str(path)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and "1 entries (1 events), 3 source(s)" in check.stdout
