"""What a disputed entry's detail looks like: the Velmar story's pay demand, whose sources
disagree on the association's offer, at the smallest supported size (accounts one under
the other) and a large one (side by side); and the story's Overview, which lists it."""

from __future__ import annotations

from pathlib import Path

import pytest
from story_briefing import build_story

from tui.ui.app import BriefingApp


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 40)], ids=["80x24", "160x40"])
def test_disputed_detail_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int],  # type: ignore[no-untyped-def]
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    build_story(tmp_path)
    monkeypatch.chdir(tmp_path)  # a relative name: no machine path on screen
    app = BriefingApp(Path("velmar.json"))
    assert snap_compare(app, press=["3", "enter", "tab", "tab"], terminal_size=size,
                        run_before=_loaded)


def test_story_overview_snapshot(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    build_story(tmp_path)
    monkeypatch.chdir(tmp_path)
    app = BriefingApp(Path("velmar.json"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)
