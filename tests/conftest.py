"""Shared by every test: keep each test's data, state and home out of the user's own folders.

Attaching an article writes to the data folder and the UI keeps per-reader state; both
go to a fresh folder under the test's ``tmp_path``. Subprocesses inherit the same
environment, so ``python -m tui ...`` run from a test is isolated too.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME with its own data and state folders; returns the HOME."""
    home = tmp_path / "home"
    data = home / ".local" / "share"
    state = home / ".local" / "state"
    cache = home / ".cache"
    for folder in (data, state, cache):
        folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data / "briefing"))
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(state / "briefing"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(cache / "briefing"))
    return home
