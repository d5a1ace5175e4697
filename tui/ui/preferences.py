"""The preferences file applied to the app: the theme and the keymap at start, and a theme
chosen in the app (the palette's "Change theme") saved back. See docs/PREFS.md."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import BUILTIN_THEMES, Theme

from tui.core.errors import BriefingError
from tui.storage.prefs import Prefs, PrefsError, prefs_path, read_prefs, save_theme

__all__ = ["Prefs", "PrefsError", "apply_prefs", "binding_ids", "load_prefs", "theme_names"]


def _ids(bindings: Iterable[BindingType]) -> list[str]:
    return [b.id for b in bindings if isinstance(b, Binding) and b.id is not None]


def binding_ids() -> list[str]:
    """Every binding id ``[keys]`` may remap, in the order the app declares them."""
    from tui.ui.app import BriefingApp
    from tui.ui.screens.briefing_screen import BriefingScreen

    return list(dict.fromkeys([*_ids(BriefingScreen.BINDINGS), *_ids(BriefingApp.BINDINGS)]))


def theme_names() -> list[str]:
    """The themes ``theme`` may name: Textual's own (the app registers none of its own)."""
    return sorted(BUILTIN_THEMES)


def load_prefs(path: Path | None = None) -> Prefs:
    """The preferences at ``path`` (default: the config folder's), checked; raises
    :class:`PrefsError` for a bad file."""
    return read_prefs(path or prefs_path(), themes=theme_names(), binding_ids=binding_ids())


def apply_prefs(app: App[Any], prefs: Prefs, path: Path | None = None) -> None:
    """Apply ``prefs`` to a mounted ``app``; from now on a theme chosen in it is saved to
    ``path`` (default: the config folder's ``prefs.toml``)."""
    target = path or prefs_path()
    if prefs.theme is not None:
        app.theme = prefs.theme
    if prefs.keys:
        app.set_keymap(dict(prefs.keys))
    saved = [app.theme]  # what the file says (or the default): not written again

    def on_theme(theme: Theme) -> None:
        if theme.name == saved[0]:
            return
        try:
            save_theme(target, theme.name)
        except (BriefingError, OSError) as err:
            detail = str(err) if isinstance(err, BriefingError) else f"{target}: {err}"
            app.notify(f"The theme is not saved: {detail}", severity="error", timeout=10)
            return
        saved[0] = theme.name

    app.theme_changed_signal.subscribe(app, on_theme)
