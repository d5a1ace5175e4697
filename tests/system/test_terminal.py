"""The real command in a real pseudo-terminal: bytes on the wire, odd terminals, resizes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from apphelpers import attach_seed
from hostile import INVISIBLE, write_hostile
from ptyapp import PtyApp

TITLE = b"Ankara peace talks"


@pytest.fixture
def app_factory():  # type: ignore[no-untyped-def]
    apps: list[PtyApp] = []

    def start(*args: str, **kwargs) -> PtyApp:  # type: ignore[no-untyped-def]
        app = PtyApp(list(args), **kwargs)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.close()


@pytest.mark.usefixtures("seed_article")
def test_hostile_data_writes_no_escape_sequence_to_the_terminal(  # type: ignore[no-untyped-def]
        tmp_path: Path, app_factory) -> None:
    path = write_hostile(tmp_path)
    app = app_factory(str(path), size=(160, 50))
    assert app.wait_for(b"Hostile"), app.output[-2000:]
    for key in "1234567":
        app.send(key)
        app.send("\r")
    app.send("\x10", pause=0.5)  # ctrl+p: names in the palette
    app.send("Actor", pause=0.8)
    app.send("\x1b", pause=0.3)
    assert app.quit() == 0
    out = app.output
    # The data's own sequences never reach the terminal...
    for needle in (b"\x1b[31mREDX", b"\x1b]52", b"pwned-title\x07", b"\x1b]0;pwned",
                   b"\x1b]8;", b"\xc2\x9b", b"\x9b32m", b"\xe2\x80\xae", b"\x00"):
        assert needle not in out, needle
    # ...they are shown as visible codes instead.
    assert b"\\x1b[31mREDX" in out and b"\\x1b]52;c;cHduZWQ=" in out and b"\\u202eevil" in out
    assert b"[link=file:///etc/passwd]L[/link]" in out


@pytest.mark.usefixtures("seed_article")
def test_invisible_characters_reach_the_terminal_only_as_visible_codes(  # type: ignore[no-untyped-def]
        tmp_path: Path, app_factory) -> None:
    """Tag characters, soft hyphen, U+180E, U+2061, U+206A, U+034F, U+3164, ZWSP and an
    isolate, in every field: the raw pty byte log holds none of them, only their codes."""
    path = write_hostile(tmp_path, "X" + "X".join(INVISIBLE) + "X")
    app = app_factory(str(path), size=(160, 50))
    assert app.wait_for(b"Hostile"), app.output[-2000:]
    for key in "1234567":
        app.send(key)
        app.send("\r")
    assert app.quit() == 0
    out = app.output
    for char in "".join(INVISIBLE):
        assert char.encode("utf-8") not in out, f"U+{ord(char):04X} reached the terminal"
    for code in (b"\\U000e0041", b"\\xad", b"\\u180e", b"\\u3164", b"\\u200b"):
        assert code in out, code


@pytest.mark.parametrize("env", [
    {"NO_COLOR": "1"}, {"TERM": "linux"}, {"TERM": "vt100"}, {"TERM": "dumb"},
], ids=["NO_COLOR", "TERM=linux", "TERM=vt100", "TERM=dumb"])
@pytest.mark.usefixtures("seed_article")
def test_odd_terminals_still_work(env: dict[str, str], app_factory) -> None:  # type: ignore[no-untyped-def]
    attach_seed()
    app = app_factory(env=env)
    assert app.wait_for(TITLE), app.output[-2000:]
    mark = len(app.output)
    app.send("2")
    assert app.wait_for(b"Zelensky in Athens", since=mark)
    if "NO_COLOR" in env:
        # no foreground/background colours, only attributes
        colours = re.findall(rb"\x1b\[[0-9;]*[34]8;[25];[0-9;]+m", app.output)
        assert not colours, colours[:3]
    assert app.quit() == 0


def test_tiny_terminal_says_it_is_too_small(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(size=(20, 5))
    assert app.wait_for(b"too small"), app.output[-2000:]
    mark = len(app.output)
    app.resize(100, 30)
    assert app.wait_for(TITLE, since=mark)
    assert app.quit() == 0


def test_resize_storm_leaves_the_app_up_and_answering(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(size=(80, 24))
    assert app.wait_for(TITLE)
    sizes = [(20, 5), (200, 60), (80, 24), (41, 9), (120, 40), (1, 1), (300, 100)]
    for i in range(150):
        app.resize(*sizes[i % len(sizes)])
    app.resize(90, 30)
    # Resizes still queued may show the too-small notice for a moment (keys wait behind
    # it); within a few seconds of the last one the app must answer "?" with the help.
    answered = False
    for _ in range(10):
        mark = len(app.output)
        app.send("?", pause=0)
        if app.wait_for(b"Esc closes", timeout=1.0, since=mark):
            answered = True
            break
    assert answered, app.output[-2000:]
    assert app.proc.poll() is None
    app.send("\x1b")
    assert app.quit() == 0
