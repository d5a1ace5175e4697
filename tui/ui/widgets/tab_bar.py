"""The numbered view bar (lazygit-style): ``0 Overview 1 Actors … 7 Sources``."""

from __future__ import annotations

from rich.text import Text
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.present.views import VIEWS

__all__ = ["TabBar"]


class TabBar(Widget):
    DEFAULT_CSS = """
    TabBar { height: 1; background: $panel; }
    """

    active: reactive[str] = reactive("overview")
    changes: reactive[int] = reactive(0)  # entries changed since the reader last looked

    class Chosen(Message):
        def __init__(self, view: str) -> None:
            super().__init__()
            self.view = view

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []

    def render(self) -> Text:
        narrow = self.size.width < 110
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        gap = " " if narrow else "  "
        for view in VIEWS:
            if view.name == "changes" and not self.changes and self.active != "changes" and narrow:
                continue  # no room at 80 columns; key 8 still opens it
            label = view.short if narrow else view.label
            if view.name == "changes" and self.changes:
                label = f"{label} ({self.changes})"
            text.append(gap)
            start = len(text)
            if view.name == self.active:
                text.append(f"{view.key} {label}", style="bold reverse")
            else:
                text.append(view.key, style="bold")
                text.append(f" {label}")
            self._spans.append((start, len(text), view.name))
        return text

    def on_click(self, event: Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(name))
                return
