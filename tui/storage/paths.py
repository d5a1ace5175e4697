"""Where things live: the bundled briefings and the user's data and state folders (XDG)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "bundled_dir", "default_briefing", "data_dir", "articles_dir", "briefings_dir", "state_dir",
    "cache_dir", "config_dir",
]

DEFAULT_BRIEFING = "ankara.json"


def bundled_dir() -> Path:
    """The folder of bundled briefings: installed as ``tui.briefings``, or the checkout's.

    Looked for on disk first (``tui/briefings`` beside this package when installed, the
    checkout's ``briefings`` in an editable install): ``importlib.resources`` costs more
    at start-up (about 20 ms) than the whole first frame can spare, so it is the fallback.
    """
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "briefings", package.parent / "briefings"):
        if (folder / DEFAULT_BRIEFING).is_file():
            return folder
    try:
        from importlib.resources import files

        folder = Path(str(files("tui.briefings")))
        if folder.is_dir():
            return folder
    except (ModuleNotFoundError, TypeError):
        pass
    return package.parent / "briefings"


def default_briefing() -> Path:
    """The briefing ``briefing`` opens with no arguments: the Ankara talks."""
    return bundled_dir() / DEFAULT_BRIEFING


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    base = Path(value) if value and os.path.isabs(value) else Path.home() / fallback
    return base / "briefing"


def data_dir() -> Path:
    """The user's data folder (``$BRIEFING_DATA_DIR``, else ``$XDG_DATA_HOME/briefing``)."""
    override = os.environ.get("BRIEFING_DATA_DIR")
    return Path(override) if override else _xdg("XDG_DATA_HOME", ".local/share")


def articles_dir() -> Path:
    """Attached articles, one file per article named by the hash of its normalised text."""
    return data_dir() / "articles"


def briefings_dir() -> Path:
    """Briefings the user made (``briefing new``) or copied to edit."""
    return data_dir() / "briefings"


def cache_dir() -> Path:
    """What can be rebuilt at any time (``$BRIEFING_CACHE_DIR``, else ``$XDG_CACHE_HOME``)."""
    override = os.environ.get("BRIEFING_CACHE_DIR")
    return Path(override) if override else _xdg("XDG_CACHE_HOME", ".cache")


def config_dir() -> Path:
    """The user's settings (``$BRIEFING_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/briefing``)."""
    override = os.environ.get("BRIEFING_CONFIG_DIR")
    return Path(override) if override else _xdg("XDG_CONFIG_HOME", ".config")


def state_dir() -> Path:
    """Per-reader state that does not belong in a briefing."""
    override = os.environ.get("BRIEFING_STATE_DIR")
    return Path(override) if override else _xdg("XDG_STATE_HOME", ".local/state")
