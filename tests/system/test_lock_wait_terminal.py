"""The real command in a real terminal, saving while another program holds the briefing's
lock: the wait shows on screen at once, and ctrl+q (asking first, for the typed work) quits
the app while the other program still holds the lock."""

from __future__ import annotations

import subprocess
from pathlib import Path

from lockholder import lock_held_elsewhere
from ptyapp import PtyApp


def test_ctrl_q_quits_a_real_terminal_app_whose_save_waits_for_a_lock(ankara_copy: Path) -> None:
    before = ankara_copy.read_bytes()
    with lock_held_elsewhere(ankara_copy) as holder:
        app = PtyApp([str(ankara_copy)], size=(100, 30))
        try:
            assert app.wait_for(b"Ankara peace talks"), app.output[-2000:]
            app.send("0", pause=0.5)
            app.send("e", pause=0)
            assert app.wait_for(b"The briefing: title"), app.output[-3000:]
            app.send(" typed", pause=1.0)  # then its check runs
            mark = len(app.output)
            app.send("\x13", pause=0)  # ctrl+s
            assert app.wait_for(b"Waiting for", since=mark), app.output[-3000:]
            mark = len(app.output)
            app.send("\x11", pause=0)  # ctrl+q: the form holds typed work, so it asks
            assert app.wait_for(b"Quit and drop what you typed", since=mark), app.output[-3000:]
            app.send("y", pause=0)
            try:
                code = app.proc.wait(20)  # a hang fails here instead of blocking the run
            except subprocess.TimeoutExpired:
                raise AssertionError("the app did not quit while its save waited") from None
            assert code == 0
            assert holder.holding  # it quit without waiting for the other program
        finally:
            app.close()
    assert ankara_copy.read_bytes() == before
