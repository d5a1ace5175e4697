"""A team's folder: 1,000 briefings of 100 entries each, opened as a folder list.

    python -m benchmarks.folder [--count 1000] [--entries 100] [--repeat 3]
    python -m benchmarks.run --only-folder          # the same, inside the one command

What it measures, side by side with the minimal Textual app in the same tmux pane:

1. *list shown*: the real command on the folder, until the list shows its first file's
   name (the names are listed before any file is read);
2. *first screen whole*: until the first file's row shows its title and counts, with the
   folder index empty (*first open*: every file is read, checked and indexed in a worker)
   and again with the index kept (*reopened*: only each file's ``stat``);
3. ``ctrl+p`` in the list (index kept): from each key of a name typed into the palette
   until the screen stays still (1 s) with a hit for it on top, against the bare Textual
   ``Input`` echoing the same keys (``run.keystrokes_baseline``);
4. in a fresh process, the folder index alone: building it from nothing, bringing it up to
   date when nothing changed, and searching it (``FolderIndex.search``) for each prefix of
   a name from the generator's word lists, as the palette does key by key.

Nothing outside a temporary folder is touched.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["generate_folder", "probe_index", "measure", "render", "main"]

COUNT, ENTRIES = 1000, 100
# Prefixes as typed into the palette, key by key (names and words of the generator's lists).
QUERIES = ("k", "ko", "kov", "kova", "koval", "kovalenko", "olena", "olena shev", "ankara",
           "ankara talks", "zz")


def _name(i: int) -> str:
    return f"b{i:04d}.json"


def _title(i: int) -> str:
    return f"Synthetic briefing {i:04d}"


def generate_folder(out: Path, count: int = COUNT, entries: int = ENTRIES, seed: int = 0) -> float:
    """``count`` briefings of ``entries`` entries (seeds ``seed``, ``seed + 1``...) in ``out``."""
    from benchmarks.generate import generate, seed_article, write_document

    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    article = seed_article()
    for i in range(count):
        document = generate(entries, seed=seed + i, article=article)
        document["briefing"]["1"]["title"] = _title(i)
        write_document(document, out / _name(i))
    return time.perf_counter() - started


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def probe_index(folder: Path, repeat: int = 5) -> dict[str, Any]:
    """The folder index alone, in this (fresh) process: build, refresh, search."""
    from tui.storage.folder_index import FolderIndex, index_path
    from tui.ui.screens.chooser import briefing_files

    files = briefing_files(folder)
    index = FolderIndex(folder)
    started = time.perf_counter()
    index.refresh(files)
    build = time.perf_counter() - started
    refresh = []
    for _ in range(repeat):
        started = time.perf_counter()
        index.refresh(briefing_files(folder))
        refresh.append(time.perf_counter() - started)
    searches: dict[str, Any] = {}
    for query in QUERIES:
        times, hits = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            hits = len(index.search(query))
            times.append(time.perf_counter() - started)
        searches[query] = {"median_ms": _ms(statistics.median(times)), "max_ms": _ms(max(times)),
                           "hits": hits}
    return {"files": len(files), "build_s": round(build, 2),
            "refresh_ms": _ms(statistics.median(refresh)),
            "index_bytes": index_path(folder).stat().st_size, "search": searches}


@dataclass
class _Screen:
    """What to wait for on screen, for ``run.first_frame``."""

    label: str
    argv: list[str]
    pattern: re.Pattern[str]
    kind: str = "folder"


def _first_frames(pane: Any, env: dict[str, str], folder: Path, repeat: int) -> dict[str, Any]:
    from benchmarks.run import BASELINES, clear_cache, first_frame

    app = [sys.executable, "-m", "tui", str(folder)]
    minimal = _Screen("minimal", [sys.executable, str(BASELINES / "minimal_app.py")],
                      re.compile(r"\bReady\b"), "minimal")
    listed = _Screen("listed", app, re.compile(re.escape(_name(0))))
    whole = _Screen("whole", app, re.compile(
        re.escape(_name(0)) + r"\s+" + re.escape(_title(0)) + r"\s+.*\b\d+ actors"))
    out: dict[str, list[float | None]] = {"minimal": [], "listed_first_open": [],
                                           "whole_first_open": [], "listed_reopened": [],
                                           "whole_reopened": []}
    first_frame(pane, minimal, quick=True)  # warm-up: bytecode and page caches
    for _ in range(repeat):
        out["minimal"].append(first_frame(pane, minimal, quick=True)["seconds"])
        for label in ("first_open", "reopened"):
            for shown in (listed, whole):
                if label == "first_open":
                    clear_cache(env)  # the folder index goes with the rest of the cache
                out[f"{shown.label}_{label}"].append(
                    first_frame(pane, shown, quick=True)["seconds"])
    return out


PALETTE_QUERY = "koval"


def _palette(pane: Any, folder: Path, rounds: int) -> dict[str, Any]:
    """Type ``PALETTE_QUERY`` into the folder list's palette, key by key (index kept)."""
    from benchmarks.run import _palette_top, _subsequence, _type_key, keystrokes_baseline

    app = [sys.executable, "-m", "tui", str(folder)]
    pane.idle()
    started = pane.respawn(app)
    from benchmarks.harness import wait_for

    wait_for(pane, started, lambda s: bool(re.search(r"\b\d+ actors", s)), timeout=120)
    time.sleep(0.5)
    keys: list[dict[str, Any]] = []
    for _ in range(rounds):
        _type_key(pane, "C-p", quiet=1.0, poll=0.002, timeout=60)
        for i, char in enumerate(PALETTE_QUERY, 1):
            prefix = PALETTE_QUERY[:i]

            def verify(screen: str, p: str = prefix) -> bool:
                top = _palette_top(screen, p)
                return top is not None and _subsequence(p, top)

            keys.append(_type_key(pane, char, literal=True, quiet=1.0, poll=0.002, timeout=60,
                                  ready=lambda s, p=prefix: f"🔎 {p}" in s or p in s,
                                  verify=verify))
        _type_key(pane, "Escape", quiet=0.6, poll=0.002, timeout=60)
    pane.idle()
    return {"query": PALETTE_QUERY, "keys": keys,
            "baseline": keystrokes_baseline(pane, PALETTE_QUERY, rounds)["typing"]}


def measure(work: Path, env: dict[str, str], repeat: int = 3, count: int = COUNT,
            entries: int = ENTRIES) -> dict[str, Any]:
    """Generate the folder in ``work`` and measure it (see the module's docstring)."""
    import os

    from benchmarks.harness import TmuxPane
    from benchmarks.run import COLS, ROWS, clear_cache, log

    folder = work / "team-folder"
    log(f"folder: generating {count} briefings of {entries} entries ...")
    generated = generate_folder(folder, count, entries)
    clear_cache(env)
    log("folder: the index alone, in a fresh process ...")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.folder", "probe", str(folder)],
                          cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=1800)
    probe = (json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0
             else {"error": proc.stderr.strip().splitlines()[-1:]})
    log("folder: the list in the app ...")
    with TmuxPane(COLS, ROWS, env=env, cwd=ROOT) as own:
        frames = _first_frames(own, env, folder, repeat)
        log("folder: ctrl+p in the list ...")
        palette = _palette(own, folder, repeat)
    return {"count": count, "entries": entries, "generate_s": round(generated, 1),
            "bytes": sum(p.stat().st_size for p in folder.iterdir()), "index": probe,
            "first_frame": frames, "palette": palette}


def _median(values: list[float | None]) -> float | None:
    done = [v for v in values if v is not None]
    return statistics.median(done) if done else None


def _row(label: str, value: float | None, base: float | None, goal: str) -> str:
    if value is None:
        return f"| {label} | did not show | | {goal} |"
    ratio = f"{value / base:.2f}x" if base else "?"
    return f"| {label} | {value * 1000:.0f} ms | {ratio} | {goal} |"


def _palette_lines(palette: dict[str, Any] | None) -> list[str]:
    if not palette:
        return []
    keys = [k["last"] for k in palette["keys"] if k.get("verified")]
    base = _median([k["last"] for k in palette["baseline"]])
    app = _median(keys)
    worst = max(keys, default=None)
    shown = (f"{app * 1000:.0f} ms median, {worst * 1000:.0f} ms worst" if app is not None
             and worst is not None else "no verified answer")
    ratio = f"{app / base:.2f}x" if app is not None and base else "?"
    return ["", f"`ctrl+p` in the list, typing `{palette['query']}` key by key (index kept): "
            f"each key to the screen settled with a matching hit on top, {shown} "
            f"({len(keys)} of {len(palette['keys'])} keys verified); {ratio} the bare "
            f"`Input` ({base * 1000 if base else 0:.0f} ms)."]


def render(results: dict[str, Any]) -> list[str]:
    """The folder section of the report, as Markdown lines."""
    frames, probe = results["first_frame"], results["index"]
    base = _median(frames["minimal"])
    lines = [f"## A team's folder: {results['count']:,} briefings of {results['entries']} "
             f"entries ({results['bytes'] / 1e6:.0f} MB)", "",
             "| measure (medians) | time | vs minimal app | goal |", "|---|---|---|---|"]
    lines.append(_row("minimal Textual app, first frame", base, base, ""))
    lines.append(_row("list shown (first open)", _median(frames["listed_first_open"]), base,
                      "<= 2x"))
    lines.append(_row("list shown (reopened)", _median(frames["listed_reopened"]), base,
                      "<= 2x"))
    lines.append(_row("first screen with titles and counts (first open)",
                      _median(frames["whole_first_open"]), base, ""))
    lines.append(_row("first screen with titles and counts (reopened)",
                      _median(frames["whole_reopened"]), base, "<= 2x"))
    lines += _palette_lines(results.get("palette"))
    if "error" in probe:
        return [*lines, "", f"The index probe failed: {probe['error']}"]
    lines += ["", f"The folder index ({probe['files']} files, {probe['index_bytes'] / 1e6:.0f} "
              f"MB): built from nothing in {probe['build_s']} s (in a worker; the list shows "
              f"meanwhile), brought up to date with nothing changed in "
              f"{probe['refresh_ms']:.0f} ms.", "",
              "| search (FolderIndex.search) | median | max | hits | goal |",
              "|---|---|---|---|---|"]
    for query, s in probe["search"].items():
        mark = "met" if s["max_ms"] <= 100 else "missed"
        lines.append(f"| `{query}` | {s['median_ms']:.1f} ms | {s['max_ms']:.1f} ms | "
                     f"{s['hits']} | <= 100 ms ({mark}) |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.folder", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("probe", help="the index alone (a fresh process per run)")
    p.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--entries", type=int, default=ENTRIES)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.command == "probe":
        print(json.dumps(probe_index(args.folder)))
        return 0
    from benchmarks.run import make_env

    with tempfile.TemporaryDirectory(prefix="briefing-folder-bench-") as tmp:
        work = Path(tmp)
        results = measure(work, make_env(work), args.repeat, args.count, args.entries)
    print("\n".join(render(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
