"""The first frame of one briefing loads only what it shows: the real ``briefing`` command,
run until its Overview is on screen, has not imported the folder list and its SQLite
index, the git set-up, the exporters, the slug maker or the preferences parser (no
preferences file exists), each of which cost milliseconds a reader waits for over SSH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run as the command runs (``tui.cli.main``), under Textual's headless driver, until the
# Overview has been drawn once; then print the Overview's lines and every module loaded.
_DRIVER = """
import sys
import tui.ui.screens.briefing_screen as screens
from tui.ui.widgets.line_list import LineList

shown = []
mount = screens.BriefingScreen.on_mount

def on_mount(self):
    mount(self)
    def drawn():
        shown.extend(self.query_one("#overview", LineList).plain_lines())
        self.app.exit()
    self.call_after_refresh(drawn)

screens.BriefingScreen.on_mount = on_mount
from tui.cli import main
sys.argv = ["briefing", sys.argv[1]]
status = main()
print("\\n".join(shown))
print("MODULES " + " ".join(sorted(sys.modules)))
sys.exit(status)
"""

NOT_AT_START = (
    "sqlite3", "tui.storage.folder_index", "tui.ui.screens.chooser",  # a folder's list
    "tui.storage.gitsetup", "tui.gitcli",  # config-git, merge, diff
    "tui.export", "tui.serve",  # export, serve
    "slugify",  # ids for new briefings and sources
    "tomllib",  # a preferences file, when there is one
    "importlib.resources",  # finding the bundled briefings
)


def test_the_bundled_briefings_first_frame_loads_no_module_it_does_not_show(
        tmp_path: Path) -> None:
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}
    for name in ("DATA", "STATE", "CACHE", "CONFIG"):
        env[f"BRIEFING_{name}_DIR"] = str(tmp_path / name.lower())
    out = subprocess.run([sys.executable, "-c", _DRIVER, str(ROOT / "briefings" / "ankara.json")],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    screen, _, modules = out.stdout.rpartition("MODULES ")
    assert "Ankara" in screen and "Actors" in screen, screen  # the Overview really drew
    loaded = set(modules.split())
    assert "tui.ui.screens.briefing_screen" in loaded  # the list below is of a real start
    early = sorted(m for m in loaded
                   if any(m == name or m.startswith(name + ".") for name in NOT_AT_START))
    assert early == [], f"loaded before the first frame: {early}"
