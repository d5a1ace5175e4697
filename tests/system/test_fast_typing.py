"""Keys typed with no pause, in a real terminal, act in the order typed: the form a key
opens gets the text typed after it, Tab moves on before the next letter, and ctrl+s saves
what was typed once its check is done."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from ptyapp import PtyApp
from seedfile import SEED

from tui.storage.attachments import attach
from tui.storage.paths import default_briefing
from tui.storage.store import load_briefing

TITLE = b"Ankara peace talks"


def _actor_named(path: Path, name: str, timeout: float = 15.0) -> dict | None:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        doc = json.loads(path.read_text(encoding="utf-8"))
        found = [a for a in doc["actors"].values() if a["name"] == name]
        if found:
            return found[0]
        time.sleep(0.1)
    return None


@pytest.mark.usefixtures("seed_article")
def test_a_form_typed_into_with_no_pause_saves_each_field_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "ankara.json"
    shutil.copyfile(default_briefing(), path)
    attach(load_briefing(path), SEED)
    app = PtyApp([str(path)], size=(100, 30))
    try:
        assert app.wait_for(TITLE), app.output[-2000:]
        app.send("7", pause=1.0)  # Sources; Enter reads the source, space marks a sentence
        app.send("\r", pause=1.0)
        app.send(" ", pause=0.5)
        # One write: the panel, a new actor, its name, Tab, an alias, save.
        app.send("1aQuick Person\tQuick alias\x13", pause=0)
        actor = _actor_named(path, "Quick Person")
        assert actor is not None, app.output[-3000:]
        assert actor["aliases"] == ["Quick alias"]
        assert actor["id"] == "quick-person"
        assert len(actor["sources"]) == 1
        # On disk before the form closes: q only quits once the briefing is back in front
        # (in the form it is a letter), and the app says "Saved" once it is.
        assert app.wait_for(b"Saved"), app.output[-3000:]
        assert app.quit() == 0
    finally:
        app.close()


def test_a_key_typed_right_after_the_panel_key_acts_on_the_panels_first_entry(
        tmp_path: Path) -> None:
    """Found by hand: "1e" typed at once said "Highlight an entry in a panel to edit it."
    (the panel, made on its first showing, had not placed its cursor yet); the form for
    the first actor opens, as it does with a pause between the keys."""
    path = tmp_path / "ankara.json"
    shutil.copyfile(default_briefing(), path)
    app = PtyApp([str(path)], size=(100, 30))
    try:
        assert app.wait_for(TITLE), app.output[-2000:]
        app.send("1e", pause=0)
        assert app.wait_for(b"Edit actor"), app.output[-3000:]
        assert b"Highlight an entry" not in app.output
        app.send("\x1b", pause=0.5)  # nothing typed: the form closes without asking
        assert app.quit() == 0
    finally:
        app.close()


def test_a_filter_asked_for_right_after_the_panel_key_gets_what_is_typed(
        tmp_path: Path) -> None:
    """Found by hand: "1/" typed at once showed the filter, but the panel, made on its first
    showing, then took the focus back to its list, so the letters typed next moved the
    list's cursor instead of filtering it."""
    path = tmp_path / "ankara.json"
    shutil.copyfile(default_briefing(), path)
    app = PtyApp([str(path)], size=(100, 30))
    try:
        assert app.wait_for(TITLE), app.output[-2000:]
        app.send("1/", pause=1.0)
        since = len(app.output)
        app.send("WIT", pause=0)  # no key of the list: typed into the filter, or nothing
        # The list filtered down to its one match is drawn anew (the keys unfiltered would
        # draw nothing at all).
        assert app.wait_for(b"Steve Witkoff", since=since), app.output[since:][-3000:]
        app.send("\x1b", pause=0.5)  # the filter cleared, the list in front: q quits
        assert app.quit() == 0
    finally:
        app.close()
