"""The numbered view bar (lazygit-style): ``0 Overview 1 Actors … 7 Sources``."""

from __future__ import annotations

from rich.text import Text
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.present.views import VIEWS

__all__ = ["TabBar"]


# The tightest labels, for 80 columns.
_TIGHT = {"overview": "Top", "meetings": "Meets", "timeline": "Time"}


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
        """The widest labels that fit: full, short, then tight, so every tab (Changes too)
        keeps its name at 80 columns."""
        width = self.size.width
        for labels, gap in (("label", "  "), ("short", " "), ("tight", " ")):
            text, spans = self._tabs(labels, gap)
            if len(text) <= width or labels == "tight":
                self._spans = spans
                return text
        raise AssertionError("unreachable")

    def _tabs(self, labels: str, gap: str) -> tuple[Text, list[tuple[int, int, str]]]:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans = []
        for view in VIEWS:
            tight = _TIGHT.get(view.name, view.short)
            label = tight if labels == "tight" else getattr(view, labels)
            if view.name == "changes" and self.changes:
                label = f"{label} ({self.changes})"
            text.append(gap)
            start = len(text)
            if view.name == self.active:
                text.append(f"{view.key} {label}", style="bold reverse")
            else:
                text.append(view.key, style="bold")
                text.append(f" {label}")
            spans.append((start, len(text), view.name))
        return text, spans

    def on_click(self, event: Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(name))
                return
