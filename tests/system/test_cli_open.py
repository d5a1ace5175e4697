"""Opening a briefing that cannot be opened is a bad argument like any other: one line on
stderr naming the file, exit status 1, and the full-screen app never starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.generate import generate, write_document

ALT_SCREEN = b"\x1b[?1049h"  # what Textual sends first when it takes over the terminal


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes, str]:
    """Run ``briefing ARGS`` with stdin and stdout on a pseudo-terminal; stderr piped."""
    leader, follower = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tui", *args], stdin=follower, stdout=follower,
            stderr=subprocess.PIPE, cwd=cwd, timeout=60, env={**os.environ, "TERM": "xterm"},
        )
        os.close(follower)
        follower = -1
        screen = b""
        os.set_blocking(leader, False)
        try:
            while chunk := os.read(leader, 65536):
                screen += chunk
        except (BlockingIOError, OSError):
            pass
        return proc.returncode, screen, proc.stderr.decode()
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)


@pytest.mark.parametrize("make, says", [
    (lambda d: d / "nonexistent.json", "no such file or folder"),
    (lambda d: (d / "broken.json").write_text("{", encoding="utf-8") and d / "broken.json",
     "line 1 column 2: not valid JSON"),
    (lambda d: (d / "other.json").write_text('{"a": 1}', encoding="utf-8") and d / "other.json",
     "a briefing needs a 'briefing' table"),
])
def test_a_file_that_cannot_be_opened_is_one_stderr_line_and_exit_1_without_the_app(
        tmp_path: Path, make, says: str) -> None:
    path = make(tmp_path)
    code, screen, err = _run_on_a_terminal([str(path)], tmp_path)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: ") and says in lines[0], err
    assert ALT_SCREEN not in screen and b"Press q" not in screen


def test_without_a_terminal_the_app_says_so_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_document(generate(20, seed=1), path)
    proc = subprocess.run([sys.executable, "-m", "tui", str(path)], stdin=subprocess.DEVNULL,
                          capture_output=True, cwd=tmp_path, timeout=60,
                          env={k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"})
    assert proc.returncode == 2
    assert proc.stdout == b"", "nothing is drawn where there is no terminal"
    assert b"not a terminal" in proc.stderr and proc.stderr.count(b"\n") == 1


@pytest.mark.parametrize("text, place", [
    ('theme = "nord\n', "line 1 column 14: not valid TOML"),
    ('theme = "no-such-theme"\n', "line 1, theme: unknown theme 'no-such-theme'"),
    ('[keys]\nfly = "f"\n', "line 2, keys.fly: unknown binding id 'fly'"),
    ("[keys]\nadd = 1\n", "line 2, keys.add: the keys are a string in quotes"),
])
def test_a_bad_prefs_file_is_one_stderr_line_and_exit_2_without_the_app(
        tmp_path: Path, text: str, place: str) -> None:
    from tui.storage.prefs import prefs_path

    prefs = prefs_path()
    prefs.parent.mkdir(parents=True, exist_ok=True)
    prefs.write_text(text, encoding="utf-8")
    before = sorted(p.name for p in prefs.parent.iterdir())
    briefing = tmp_path / "b.json"
    write_document(generate(5, seed=1), briefing)
    code, screen, err = _run_on_a_terminal([str(briefing)], tmp_path)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{prefs}: {place}"), err
    assert ALT_SCREEN not in screen
    assert prefs.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in prefs.parent.iterdir()) == before
