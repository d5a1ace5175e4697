"""What each view looks like, at the smallest supported size and a common large one.

Review changed snapshots with ``pytest --snapshot-update`` only after looking at the
report: they are the record of what a reader sees.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from apphelpers import SEED, attach_seed

from tui.storage.attachments import attach
from tui.storage.paths import default_briefing
from tui.storage.store import load_briefing
from tui.ui.app import BriefingApp

VIEW_KEYS = {
    "overview": [],
    "actors": ["1"],
    "meetings": ["2"],
    "demands": ["3"],
    "corruption": ["4"],
    "financing": ["5", "down", "down", "down"],
    "timeline": ["6", "down"],
    "sources": ["7"],
    "source-sentences": ["7", "enter"],
    "meeting-detail": ["2", "enter"],
    "help": ["question_mark"],
}


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("view", list(VIEW_KEYS))
def test_view_snapshot(snap_compare, view: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    attach_seed()
    app = BriefingApp(default_briefing())
    assert snap_compare(app, press=VIEW_KEYS[view], terminal_size=size, run_before=_loaded)


# --- forms, dialogs and the screens around a briefing ------------------------------------


def _own_copy(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user-owned copy of the bundled briefing, with the article, by a relative name.

    Editing the bundled briefing itself makes a copy under the test's own folder and says
    where, which would put a machine's path in the snapshot."""
    shutil.copyfile(default_briefing(), folder / "ankara.json")
    attach(load_briefing(folder / "ankara.json"), SEED)
    monkeypatch.chdir(folder)
    return Path("ankara.json")


@pytest.mark.usefixtures("seed_article")
def test_entry_form_snapshot(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The form that adds an actor, empty, as ``a`` in the Actors view opens it."""
    app = BriefingApp(_own_copy(tmp_path, monkeypatch))
    assert snap_compare(app, press=["1", "a"], terminal_size=(100, 30), run_before=_loaded)


@pytest.mark.usefixtures("seed_article")
def test_delete_confirmation_snapshot(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``d`` on the first actor asks before it deletes, naming what points at it."""
    app = BriefingApp(_own_copy(tmp_path, monkeypatch))
    assert snap_compare(app, press=["1", "d"], terminal_size=(100, 30), run_before=_loaded)


def test_error_screen_snapshot(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A briefing that cannot be opened: the app shows why instead of a briefing."""
    monkeypatch.chdir(tmp_path)  # a relative name, so the screen shows no machine's path
    Path("broken.json").write_text('{"briefing": {"1": {"title": 5}}', encoding="utf-8")
    app = BriefingApp(Path("broken.json"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)


def test_folder_chooser_snapshot(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder opens a chooser: two briefings to pick from and one file that cannot open."""
    folder = tmp_path / "briefings"
    folder.mkdir()
    bundled = json.loads(default_briefing().read_text(encoding="utf-8"))
    (folder / "ankara.json").write_text(json.dumps(bundled), encoding="utf-8")
    bundled["briefing"]["1"]["title"] = "A second briefing"
    (folder / "second.json").write_text(json.dumps(bundled), encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = BriefingApp(Path("briefings"))
    assert snap_compare(app, terminal_size=(100, 24), run_before=_loaded)


def test_too_small_notice_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Below the smallest supported size the app says so instead of drawing a cramped view."""
    app = BriefingApp(default_briefing())
    assert snap_compare(app, terminal_size=(40, 12), run_before=_loaded)


@pytest.mark.usefixtures("seed_article")
def test_discard_question_snapshot(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Esc in a form with something typed asks before dropping it; keeping is the default."""
    app = BriefingApp(_own_copy(tmp_path, monkeypatch))

    async def typed_then_esc(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("2", "e", "end", *" (typed)")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=typed_then_esc)
