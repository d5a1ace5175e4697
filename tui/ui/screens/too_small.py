"""The notice shown while the terminal is too small to draw the app.

It is a modal screen over everything, dialogs and forms included, so no key can act on what
the reader cannot see: while it shows, only quitting works, and it goes away by itself
when the terminal is big enough again.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["TooSmallScreen", "MIN_WIDTH", "MIN_HEIGHT", "too_small"]

MIN_WIDTH, MIN_HEIGHT = 50, 10
_QUIT_KEYS = frozenset({"q", "ctrl+q", "ctrl+c"})


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen > Static { width: 100%; height: 100%; content-align: center middle;
                              text-align: center; }
    """
    BINDINGS = [Binding("q", "app.quit", "Quit", show=False, tooltip="quit")]

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)
        # A storm of resizes can lose the last signal and leave the notice up after the
        # terminal grew again: twice a second it measures the terminal itself.
        self.set_interval(0.5, self._check_size)

    def _check_size(self) -> None:
        """If the terminal is bigger than the app last heard (a resize signal lost in a
        storm), tell the app its real size; the notice then goes the usual way."""
        measure = getattr(self.app._driver, "_get_terminal_size", None)  # noqa: SLF001
        if measure is None:
            return  # no terminal (a test's headless driver): sizes come only as events
        try:
            width, height = measure()
        except OSError:
            return
        size = Size(width, height)
        if size != self.app.size:
            self.app.post_message(events.Resize(size, size))

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(
            Text(f"Terminal too small ({width}x{height}).\n"
                 f"briefing needs at least {MIN_WIDTH}x{MIN_HEIGHT}; "
                 f"80x24 or more reads best. q quits.", end="")
        )

    def on_key(self, event: events.Key) -> None:
        if event.key not in _QUIT_KEYS:
            event.stop()
            event.prevent_default()
