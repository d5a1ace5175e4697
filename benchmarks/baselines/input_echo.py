"""A bare Textual ``Input`` echoing every keystroke into a ``Static``: the keystroke baseline.

Run as a script (``python benchmarks/baselines/input_echo.py``). The screen shows
``echo:`` followed by what has been typed; Escape quits.
"""

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Input, Static


class InputEcho(App[None]):
    BINDINGS = [("escape", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type here", id="field")
        yield Static("echo:", id="echo")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(Content(f"echo:{event.value}"))


if __name__ == "__main__":
    InputEcho().run()
