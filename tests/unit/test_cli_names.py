"""A path with a newline in its name is printed whole, on one line, escaped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from seedfile import SEED


def briefing(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.usefixtures("seed_article")
def test_new_and_check_print_a_path_with_a_newline_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "two\nlines.json"
    made = briefing("new", "--from-article", SEED, "--title", "T", "--out", out)
    assert made.returncode == 0 and made.stdout == str(out).replace("\n", "\\n") + "\n"
    checked = briefing("check", out)
    assert checked.returncode == 0 and len(checked.stdout.splitlines()) == 1
    assert checked.stdout.startswith(str(out).replace("\n", "\\n") + ": ok: ")
