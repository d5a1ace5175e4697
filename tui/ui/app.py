"""The App: thin. Loads a briefing off the UI thread, then shows the right screen."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import Future
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Static

from tui.authoring.seen import state_notice
from tui.core.errors import BriefingError, InvalidBriefing
from tui.core.index import BriefingIndex
from tui.storage.loader import load_index
from tui.ui.commands import AppCommandsProvider, AsOfProvider, EntryProvider, ExportProvider
from tui.ui.preferences import Prefs, apply_prefs, load_prefs

__all__ = ["BriefingApp", "load_index"]


class BriefingApp(App[int]):
    """A briefing browser. ``path`` is a briefing file or a folder of them."""

    TITLE = "briefing"
    CSS_PATH = "app.tcss"
    # Textual's system commands, rescored (AppCommandsProvider), beside the entries.
    COMMANDS = {AppCommandsProvider, AsOfProvider, EntryProvider, ExportProvider}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="quit"),
        Binding("question_mark", "help", "Keys", key_display="?", id="help",
                tooltip="every key (this list)"),
    ]

    def __init__(self, path: Path, read_only: bool = False,
                 preload: Future[BriefingIndex] | None = None, note: str | None = None,
                 prefs: Prefs | None = None,
                 keep_later: list[Callable[[], None]] | None = None) -> None:
        super().__init__()
        # Work the preload left for after the first frame (the load cache's write).
        self._keep_later = keep_later if keep_later is not None else []
        # The reader's preferences (docs/PREFS.md): a bad file raises PrefsError here.
        self._prefs = load_prefs() if prefs is None else prefs
        self._note = note  # said once the briefing shows
        self.path = Path(path)
        self._preload = preload  # the briefing at ``path``, already loading
        self.force_read_only = read_only
        self.index: BriefingIndex | None = None
        self._open_at: str | None = None  # the entry to open once the briefing shows
        self.failed = False  # a briefing could not be opened: the command exits 1
        self._small = False  # the terminal is below the minimum size (the notice shows)
        if self.no_color:
            # Textual's NO_COLOR keeps shades of grey; a reader who sets it asked for none.
            from textual.filter import Monochrome, NoColor

            self._filters = [NoColor() if isinstance(f, Monochrome) else f for f in self._filters]

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._on_screen_change)
        apply_prefs(self, self._prefs)
        if self.path.is_dir():
            from tui.ui.screens.chooser import ChooserScreen

            self.push_screen(ChooserScreen(self.path))
        elif self._preload is not None and self._preload.done():
            self._load(self.path, in_thread=False)  # loaded while Textual started: show it now
        else:
            self.open_briefing(self.path)

    def compose(self):  # the default screen, shown while a briefing loads
        yield Static("Loading…", id="loading")

    def open_briefing(self, path: Path, entry_id: str | None = None) -> None:
        """Open a briefing (off the UI thread); with ``entry_id``, at that entry."""
        self.path = path
        self._open_at = entry_id
        self.run_worker(lambda: self._load(path), thread=True, exclusive=True, group="load")

    def _load(self, path: Path, in_thread: bool = True) -> None:
        preload, self._preload = self._preload, None
        call = self.call_from_thread if in_thread else (lambda f, *a: f(*a))
        try:
            if preload is not None and path == self.path:
                index = preload.result()
            else:
                index = load_index(path)
        except InvalidBriefing as err:
            call(self._show_error, err.lines())
            return
        except BriefingError as err:
            call(self._show_error, [str(err)])
            return
        # "Since you last looked" reads its state file here, off the UI thread (when the
        # briefing was preloaded, the preload read it): the screen then only looks it up.
        notice = state_notice()
        call(self._show_briefing, index, path)
        if notice:
            call(partial(self.notify, notice, severity="warning", timeout=8))

    def _show_briefing(self, index: BriefingIndex, path: Path) -> None:
        import os

        from tui.ui.screens.briefing_screen import BriefingScreen

        self.index = index
        from tui.storage.bundled import is_bundled

        # A bundled briefing is edited through a copy, so its own permissions do not matter.
        read_only = self.force_read_only or (not is_bundled(path) and not os.access(path, os.W_OK))
        screen = BriefingScreen(index, str(path), read_only)
        mounted = self._place(screen)
        entry_id, self._open_at = self._open_at, None
        if entry_id is not None:
            async def open_at_entry() -> None:
                await mounted
                if index.get(entry_id) is None:
                    self.notify(f"That entry is no longer in {path.name}: the file changed.",
                                severity="warning", timeout=5)
                else:
                    screen.open_entry(entry_id)

            self.call_later(open_at_entry)
        if self._keep_later:
            self.call_after_refresh(self._keep_in_background)
        if self._note:
            self.notify(self._note, timeout=8)
            self._note = None

    def keep_after_refresh(self, jobs: list[Callable[[], None]]) -> None:
        """Run ``jobs`` (the load cache's write) in the background once the screen has
        repainted, so they never compete with the repaint a reader is waiting for."""
        if jobs:
            self._keep_later.extend(jobs)
            self.call_after_refresh(self._keep_in_background)

    def _keep_in_background(self) -> None:
        """Run what the preload left for after the first frame, in a thread of its own (not
        a daemon: quitting waits for it, so a cache write is never cut off)."""
        import threading

        jobs, self._keep_later = self._keep_later, []
        threading.Thread(target=lambda: [job() for job in jobs], name="keep-loaded").start()

    def _show_error(self, lines: list[str]) -> None:
        from tui.ui.screens.error import ErrorScreen

        from_list = self._from_list()
        self.failed = not from_list  # from a folder list, the list stays and Esc goes back
        self._place(ErrorScreen(lines, from_list=from_list))

    def _from_list(self) -> bool:
        # Not imported means no folder list was ever shown (and a single briefing's first
        # frame never pays for the list's module and its SQLite index).
        chooser = sys.modules.get("tui.ui.screens.chooser")
        return chooser is not None and isinstance(self.screen, chooser.ChooserScreen)

    def _place(self, screen: Screen) -> Awaitable[object]:
        """Show a briefing or an error: over the folder list (Esc comes back to it), else in
        place of the loading screen or of the briefing shown before (awaitable: mounted)."""
        if self._from_list() or len(self.screen_stack) <= 1:
            return self.push_screen(screen)
        return self.switch_screen(screen)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification is plain text: messages quote names and paths from files."""
        from tui.core.text import clean

        super().notify(clean(message), title=clean(title), severity=severity,
                       timeout=timeout, markup=False)

    def on_resize(self, event: events.Resize) -> None:
        self._guard_size(event.size.width, event.size.height)

    def _on_screen_change(self, screen: object) -> None:  # pushed, switched to, returned to
        from tui.ui.screens.too_small import TooSmallScreen

        if self._small and not isinstance(screen, TooSmallScreen):
            self.call_later(self._guard_size)  # a screen came up while small: cover it too

    def _guard_size(self, width: int | None = None, height: int | None = None) -> None:
        """Below the minimum size the too-small notice covers every screen (see ``on_event``
        for the keys); it goes when the terminal is big enough again."""
        from tui.ui.screens.too_small import TooSmallScreen, too_small

        if width is None or height is None:
            width, height = self.size
        self._small = too_small(width, height)
        if self._small:
            if isinstance(self.screen, TooSmallScreen):
                self.screen.show_size(width, height)
            else:
                self.push_screen(TooSmallScreen())
        else:
            while isinstance(self.screen, TooSmallScreen):
                self.pop_screen()

    async def on_event(self, event: events.Event) -> None:
        """While the terminal is too small no key or click reaches anything but quit."""
        if self._small and isinstance(event, (events.Key, events.MouseEvent)):
            if not (isinstance(event, events.Key) and event.key in ("q", "ctrl+q", "ctrl+c")):
                event.stop()
                return
        if isinstance(event, events.Key) and self.focused is None:
            await self._wait_for_first_field()
        await super().on_event(event)

    async def _wait_for_first_field(self) -> None:
        """Keys typed while a form opens wait for its first field, in the order typed (else
        they reach the unfocused form and are lost: ``a`` then "abc" with no pause)."""
        import asyncio

        ready = getattr(self.screen, "ready", None)
        if isinstance(ready, asyncio.Event) and not ready.is_set():
            try:
                await asyncio.wait_for(ready.wait(), timeout=2)
            except TimeoutError:
                pass  # never hold keys for long; the form shows what it got

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from tui.ui.screens.too_small import TooSmallScreen

        if isinstance(self.screen, TooSmallScreen) and action != "quit":
            return False  # nothing acts behind the notice
        return super().check_action(action, parameters)

    async def action_quit(self) -> None:
        """q, ctrl+q: quit at once, never waiting for a save; with typed work in a form, ask
        first (keeping it is the default). Behind the too-small notice, q simply quits."""
        if self._small:
            self.exit()
            return
        from tui.ui.screens.form_base import quit_or_ask

        quit_or_ask(self)

    def action_help_quit(self) -> None:
        """ctrl+c: say how to quit, in plain words (Textual's own message is markup, and every
        notification here is shown as plain text)."""
        keys = sorted({key for key, active in self.active_bindings.items()
                       if active.binding.action in ("quit", "app.quit")} | {"ctrl+q"})
        self.notify(f"Press {' or '.join(keys)} to quit.", title="Do you want to quit?")

    def get_system_commands(self, screen: Screen) -> Iterator[SystemCommand]:
        """The palette's own commands, with its "Keys" opening this app's one help (Textual's
        key panel is a second, different list that Esc does not close)."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand("Keys", "Every key, in one list (also ?)", self.action_help)
            else:
                yield command

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
