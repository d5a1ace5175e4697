"""The preferences file is read only as a regular file of at most MAX_PREFS_BYTES, never
through a link nor waited on as a FIFO: anything else stops the command with one message
naming the file (exit status 2) before the screen is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.storage.prefs import MAX_PREFS_BYTES, prefs_path


def _open_app() -> subprocess.CompletedProcess[str]:
    # No terminal here: a good preferences file would end in "not a terminal" (also 2),
    # so each test checks the message too.
    return subprocess.run([sys.executable, "-m", "tui"], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL, env=dict(os.environ))


def _make(kind: str, tmp_path: Path) -> str:
    path = prefs_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "link":
        target = tmp_path / "elsewhere.toml"
        target.write_text('theme = "nord"\n', encoding="utf-8")
        path.symlink_to(target)
        return "symbolic link"
    if kind == "fifo":
        os.mkfifo(path)
        return "not a regular file"
    with open(path, "wb") as fh:
        fh.truncate(MAX_PREFS_BYTES + 1)
    return "too large"


@pytest.mark.parametrize("kind", ["link", "fifo", "too-large"])
def test_a_prefs_file_that_is_a_link_a_fifo_or_too_large_stops_the_app_in_one_line(
    tmp_path: Path, kind: str,
) -> None:
    why = _make(kind, tmp_path)
    done = _open_app()
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{prefs_path()}: ") and why in line
