"""The smallest Textual app: one word on the screen. The first-frame baseline.

Run as a script (``python benchmarks/baselines/minimal_app.py``); it shows ``Ready``. Like
the briefing app it answers ``?`` (here by showing ``Help``; Escape hides it again), so
"answers a key" is measured the same way for both. ``q`` quits.
"""

from textual.app import App, ComposeResult
from textual.widgets import Static


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit"), ("question_mark", "help", "Help"),
                ("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield Static("Ready", id="word")

    def action_help(self) -> None:
        self.query_one("#word", Static).update("Ready Help")

    def action_back(self) -> None:
        self.query_one("#word", Static).update("Ready")


if __name__ == "__main__":
    MinimalApp().run()
