"""A peer a reader might open the same records with: VisiData, side by side in the same run.

VisiData (the ``bench`` extra: ``pip install -e '.[bench]'``) is the terminal tool people
reach for to look through a large file of records. It is given the synthetic briefing's
entries as JSON lines, one object per entry with its kind, and timed in the same tmux pane
as the app: from starting it until its status line shows every row loaded (the count of
entries, and no longer "reading"). It keeps no cache, so every open is a first open.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import orjson

__all__ = ["KINDS", "visidata", "write_records", "records_in_child"]

KINDS = ("actors", "meetings", "demands", "corruption", "financing", "events")


def visidata() -> str | None:
    """The ``vd`` command installed beside this Python, or on the PATH; None without it."""
    here = Path(sys.executable).parent / "vd"
    return str(here) if here.exists() else shutil.which("vd")


def write_records(briefing: Path, out: Path) -> int:
    """The briefing's entries as JSON lines (``{"kind": ..., **fields}``); how many."""
    document = orjson.loads(briefing.read_bytes())
    n = 0
    with out.open("wb") as fh:
        for kind in KINDS:
            for row in (document.get(kind) or {}).values():
                fh.write(orjson.dumps({"kind": kind, **row}) + b"\n")
                n += 1
    return n


def records_in_child(briefing: Path, out: Path) -> int:
    """``write_records`` in a child process: the runner never holds the briefing (every
    process it starts would inherit that peak as its own ``ru_maxrss``)."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.peer", str(briefing), str(out)],
                          check=True, capture_output=True, text=True)
    return int(done.stdout.strip())


if __name__ == "__main__":
    print(write_records(Path(sys.argv[1]), Path(sys.argv[2])))
