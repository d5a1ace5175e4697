"""Shared by every test: keep each test's data, state and home out of the user's own folders.

Attaching an article writes to the data folder and the UI keeps per-reader state; both
go to a fresh folder under the test's ``tmp_path``. Subprocesses inherit the same
environment, so ``python -m tui ...`` run from a test is isolated too.

The tests live in three layers, each marked by its folder (see tests/README.md):
``unit`` (the data layer, no app), ``ui`` (the app under Pilot, snapshots) and ``system``
(real terminals, SSH, subprocesses, crashes, packaging, benchmarks). The helpers they
share (apphelpers, helpers_store, hostile, ptyapp, sample_briefing, data/, golden/) stay
here in tests/, which is put on ``sys.path`` so every layer imports them by name.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # the shared helpers, for every layer and any import mode
    sys.path.insert(0, str(TESTS))

LAYERS = ("unit", "ui", "system")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with the layer its folder names: ``pytest -m unit`` is the quick loop."""
    for item in items:
        try:
            layer = Path(item.path).resolve().relative_to(TESTS).parts[0]
        except ValueError:
            continue
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME with its own data, state, cache and config folders; returns the HOME."""
    home = tmp_path / "home"
    data = home / ".local" / "share"
    state = home / ".local" / "state"
    cache = home / ".cache"
    config = home / ".config"
    for folder in (data, state, cache, config):
        folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data / "briefing"))
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(state / "briefing"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(cache / "briefing"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config / "briefing"))
    return home


@pytest.fixture(scope="session")
def seed_article() -> Path:
    """The seed article, for the tests that need it; fails with one clear message without it."""
    from seedfile import SEED

    if not SEED.is_file():
        pytest.fail(
            f"the seed article is missing: {SEED}\n"
            "This test builds on it: put the seed article in ../shared/seed/ beside the "
            "project and run again. The tests that do not need it run without it.",
            pytrace=False,
        )
    return SEED


@pytest.fixture
def ankara_copy(tmp_path: Path) -> Path:
    """A user-owned copy of the bundled Ankara briefing (editable, unlike the bundled file)."""
    import shutil

    from tui.storage.paths import default_briefing

    path = tmp_path / "ankara.json"
    shutil.copyfile(default_briefing(), path)
    return path
