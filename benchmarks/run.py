"""One command that measures the briefing app against plain Textual, side by side, in one run.

    python -m benchmarks.run [--sizes 1000,10000,100000] [--repeat 3] [--quick]

What it measures (see benchmarks/README.md for how, and why this way):

1. first frame: the real ``briefing`` command in a detached tmux pane (120x40, private
   socket), from starting it until the Overview shows the Actors count of the loaded
   briefing (every entry loaded and indexed; a title read ahead of the data does not
   count), against a minimal Textual app showing one word, timed the same way;
2. keystroke to screen, at the largest size: typing into the ``/`` filter and into the
   ``ctrl+p`` palette, against a bare Textual ``Input`` echoing into a ``Static``;
3. open-to-ready (``tui.ui.app.load_index`` in a fresh process) and peak memory (that
   process's ``ru_maxrss`` and the running app's ``VmHWM``) at each size;
4. saving one edited entry at each size: through ``BriefingStore.transaction`` alone, and
   the way the app saves it (``AuthoringController.write``: the write and the reload in a worker,
   "Saved" notified), in the running app under Textual's Pilot, timing the UI's event loop
   (its longest stall) against the same loop left idle;
5. bytes written to the terminal (a pty, 120x40) for one keystroke and a panel switch.

It prints a table and writes it to benchmarks/results/latest.md (and the raw numbers to
latest.json), with the machine it ran on.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.harness import (
    PtyRecorder,
    TmuxError,
    TmuxPane,
    process_alive,
    read_status_kb,
    settle,
    tmux_available,
    wait_cpu_idle,
    wait_for,
)

clock = time.monotonic

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
BASELINES = BENCH / "baselines"
RESULTS = BENCH / "results"
BUNDLED = ROOT / "briefings" / "ankara.json"
COLS, ROWS = 120, 40
FIRST_FRAME_TIMEOUT = 240.0
# What the app's help shows (its title line): the first frame's `?` waits for it.
HELP_MARKER = "Esc closes"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ targets
@dataclass
class Target:
    label: str
    kind: str  # "minimal", "bundled", "synthetic", "peer"
    argv: list[str]
    path: Path | None = None
    entries: int = 0
    actors: int = 0

    @property
    def pattern(self) -> re.Pattern[str]:
        if self.kind == "minimal":
            return re.compile(r"\bReady\b")
        if self.kind == "peer":  # VisiData's status line: every row loaded, no longer reading
            return re.compile(rf"^(?!.*reading).*\b{self.entries} rows\b", re.M)
        # The Overview's count line for Actors, with the loaded briefing's number.
        return re.compile(rf"^\s*1\s+Actors\s+{self.actors}\s*$", re.M)


def _app_argv(path: Path) -> list[str]:
    return [sys.executable, "-m", "tui", str(path)]


def _briefing_target(label: str, kind: str, path: Path, entries: int | None = None) -> Target:
    """A briefing to open; a synthetic one of ``entries`` entries is not read here (the
    runner stays small: a child's ``ru_maxrss`` starts at its parent's)."""
    if entries is not None:
        from benchmarks.generate import kind_counts

        return Target(label, kind, _app_argv(path), path, entries, kind_counts(entries)["actors"])
    doc = json.loads(path.read_text(encoding="utf-8"))
    kinds = ("actors", "meetings", "demands", "corruption", "financing", "events")
    entries = sum(len(doc.get(k) or {}) for k in kinds)
    return Target(label, kind, _app_argv(path), path, entries, len(doc.get("actors") or {}))


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# ------------------------------------------------------------ environment
def make_env(work: Path) -> dict[str, str]:
    """Private data and state folders, with the seed article attached (so locators resolve)."""
    env = {
        "HOME": str(work / "home"),
        "BRIEFING_DATA_DIR": str(work / "data"),
        "BRIEFING_STATE_DIR": str(work / "state"),
        "BRIEFING_CACHE_DIR": str(work / "cache"),
        "XDG_DATA_HOME": str(work / "xdg-data"),
        "XDG_STATE_HOME": str(work / "xdg-state"),
        "XDG_CACHE_HOME": str(work / "xdg-cache"),
        "XDG_CONFIG_HOME": str(work / "xdg-config"),
    }
    for value in env.values():
        Path(value).mkdir(parents=True, exist_ok=True)
    # The app finds an attached article by its hash in the data folder.
    code = (
        "from benchmarks.generate import seed_article\n"
        "from tui.storage.paths import articles_dir\n"
        "a = seed_article()\n"
        "d = articles_dir(); d.mkdir(parents=True, exist_ok=True)\n"
        "(d / f'{a.sha256}.txt').write_text(a.text, encoding='utf-8')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                   env={**os.environ, **env}, capture_output=True)
    return env


def clear_cache(env: dict[str, str]) -> None:
    """Empty the app's load cache (our private one), so the next open is a first open."""
    for key in ("BRIEFING_CACHE_DIR", "XDG_CACHE_HOME"):
        folder = Path(env[key])
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)


def run_probe(env: dict[str, str], *args: str, timeout: float = 600) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", *args], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=timeout,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def generate_file(n: int, out: Path, seed: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "benchmarks.generate", str(n), str(out),
                    "--seed", str(seed)],
                   check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


# ------------------------------------------------------------- first frame
def first_frame(pane: TmuxPane, target: Target, keep: bool = False,
                quick: bool = False) -> dict[str, Any]:
    """Start the target in the pane; time until its ready screen shows.

    Then, at once, ``?``: the time until it answers (help shown) says when a person could
    first use it; and the time until the process stops using the CPU, when it has done
    everything it does after its first frame. ``quick`` stops at the first frame (the smoke
    test's mode: on a loaded machine the waits after it can each take minutes).
    """
    pane.idle()
    started = pane.respawn(target.argv)
    pid = pane.pid()
    waited = wait_for(pane, started, lambda s: bool(target.pattern.search(s)),
                      timeout=FIRST_FRAME_TIMEOUT, poll=0.005, pid=pid)
    result: dict[str, Any] = {
        "seconds": waited.elapsed, "first_paint": waited.first_paint,
        "vmhwm_kb": read_status_kb(pid, "VmHWM"), "pid": pid,
        "vmhwm_first_frame_kb": read_status_kb(pid, "VmHWM"),
        "count_line": next((ln.strip() for ln in waited.screen.splitlines()
                            if target.pattern.search(ln)), None),
    }
    if waited.elapsed is None:
        # What the pane showed instead (kept, paths scrubbed, in latest.json).
        shown = [ln.rstrip() for ln in waited.screen.splitlines() if ln.strip()]
        result["failed"] = "ended" if not process_alive(pid) else "timed out"
        result["failed_screen"] = shown[-12:]
        log(f"  {target.label}: no first frame ({result['failed']}): "
            + " | ".join(shown[-3:]))
    elif not quick:
        marker = "Help" if target.kind == "minimal" else HELP_MARKER
        sent = pane.send_keys("?", literal=True)
        answer = wait_for(pane, sent, lambda s: marker in s, timeout=FIRST_FRAME_TIMEOUT,
                          poll=0.005, pid=pid)
        result["answers_key"] = None if answer.elapsed is None else sent - started + answer.elapsed
        idle_at = wait_cpu_idle(pid, timeout=FIRST_FRAME_TIMEOUT)
        result["cpu_idle"] = None if idle_at is None else idle_at - started
        pane.send_keys("Escape")
        wait_for(pane, clock(), lambda s: marker not in s, timeout=30, poll=0.01)
        time.sleep(0.2)
        result["vmhwm_kb"] = read_status_kb(pid, "VmHWM")
    if not keep:
        pane.idle()
    return result


def _peers(work: Path, largest: Target) -> list[Target]:
    """VisiData on the largest briefing's entries as JSON lines, when it is installed."""
    from benchmarks.peer import records_in_child, visidata

    vd = visidata()
    if vd is None or largest.path is None:
        return []
    records = work / f"{largest.path.stem}.jsonl"
    n = records_in_child(largest.path, records)
    # Its own (empty) config folder: no user settings; no saved session to restore.
    argv = [vd, "--config", str(work / "visidatarc"), "--visidata-dir", str(work / "vd"),
            str(records)]
    (work / "visidatarc").write_text("", encoding="utf-8")
    return [Target(f"VisiData, {size_label(n)} records (JSON lines)", "peer", argv, records, n)]


# ----------------------------------------------------------------- keystrokes
def _first_row_starts(title: str) -> Any:
    head = title[:24]
    return lambda screen: any(line.startswith(head) for line in screen.splitlines())


def _subsequence(needle: str, text: str) -> bool:
    """Every character of ``needle`` in ``text``, in order (case-insensitive): a fuzzy match."""
    it = iter(text.lower())
    return all(ch in it for ch in needle.lower())


def _palette_top(screen: str, prefix: str) -> str | None:
    lines = screen.splitlines()
    for i, line in enumerate(lines):
        if "🔎" in line or line.strip() == prefix:
            for below in lines[i + 1:]:
                if below.strip() and not set(below.strip()) <= set("▁▔"):
                    return below.strip()
            return None
    return None


def _type_key(pane: TmuxPane, key: str, literal: bool = False, **kw: Any) -> dict[str, Any]:
    before = pane.capture()
    sent = pane.send_keys(key, literal=literal)
    s = settle(pane, before, sent, **kw)
    return {"key": key, "first": s.first_change, "last": s.last_change,
            "verified": s.verified, "timed_out": s.timed_out, "changes": s.changes}


class _AppEnded(RuntimeError):
    pass


def keystrokes_app(pane: TmuxPane, pid: int, search: dict[str, Any], rounds: int,
                   palette_budget: float) -> dict[str, Any]:
    """In the running app (process ``pid``): open Actors, type into ``/``, then ``ctrl+p``."""
    out: dict[str, Any] = {}
    try:
        _keystrokes_app(pane, pid, search, rounds, palette_budget, out)
    except _AppEnded:
        out["error"] = "the app ended during the keystrokes"
        log("  the app ended during the keystrokes")
    return out


def _keystrokes_app(pane: TmuxPane, pid: int, search: dict[str, Any], rounds: int,
                    palette_budget: float, out: dict[str, Any]) -> None:
    query = search["query"]
    prefixes = {p["prefix"]: p for p in search["prefixes"]}
    poll = 0.002
    out.update({"query": query, "switch": [], "filter_open": [], "filter": [],
                "filter_close": [], "palette_open": [], "palette": [], "palette_close": []})

    def _type(key: str, literal: bool = False, **kw: Any) -> dict[str, Any]:
        if not process_alive(pid):
            raise _AppEnded
        return _type_key(pane, key, literal, **kw)

    first_actor = (prefixes.get("", {}).get("first") or [""])[0]
    out["switch"].append(_type("1", quiet=0.4, poll=poll, timeout=60,
                               verify=_first_row_starts(first_actor) if first_actor else None))
    for _ in range(rounds):
        out["filter_open"].append(_type("/", literal=True, quiet=0.4, poll=poll, timeout=60))
        for i, char in enumerate(query, 1):
            prefix = query[:i]
            expected = (prefixes.get(prefix, {}).get("first") or [None])[0]
            out["filter"].append(_type(
                char, literal=True, quiet=0.4, poll=poll, timeout=60,
                ready=lambda s, p=prefix: f"  {p} " in s or s.rstrip().endswith(p),
                verify=_first_row_starts(expected) if expected else None,
            ))
        out["filter_close"].append(_type("Escape", quiet=0.5, poll=poll, timeout=60))
    palette_started = time.monotonic()
    for _ in range(rounds):
        if time.monotonic() - palette_started > palette_budget:
            out["palette_note"] = f"rounds stopped after {palette_budget:.0f}s"
            break
        out["palette_open"].append(_type("C-p", quiet=1.0, poll=poll, timeout=180))
        for i, char in enumerate(query, 1):
            prefix = query[:i]

            def verify(screen: str, p: str = prefix) -> bool:
                top = _palette_top(screen, p)
                return top is not None and _subsequence(p, top)

            out["palette"].append(_type(
                char, literal=True, quiet=1.0, poll=poll, timeout=180,
                ready=lambda s, p=prefix: f"🔎 {p}" in s or p in s, verify=verify,
            ))
        out["palette_close"].append(_type("Escape", quiet=0.6, poll=poll, timeout=60))


def keystrokes_baseline(pane: TmuxPane, query: str, rounds: int) -> dict[str, Any]:
    argv = [sys.executable, str(BASELINES / "input_echo.py")]
    pane.idle()
    started = pane.respawn(argv)
    waited = wait_for(pane, started, lambda s: "echo:" in s, timeout=60)
    out: dict[str, Any] = {"start": waited.elapsed, "typing": []}
    time.sleep(0.3)
    poll = 0.002
    for _ in range(rounds):
        for i, char in enumerate(query, 1):
            prefix = query[:i]
            out["typing"].append(_type_key(pane, char, literal=True, quiet=0.4, poll=poll,
                                           timeout=30, ready=lambda s, p=prefix: f"echo:{p}" in s))
        for _ in query:
            _type_key(pane, "BSpace", quiet=0.2, poll=poll, timeout=30)
    pane.idle()
    return out


# ---------------------------------------------------------------------- bytes
def bytes_session(target: Target, env: dict[str, str], filter_char: str,
                  colours: str = "truecolor") -> dict[str, Any]:
    """Bytes the app writes to a 120x40 pty: the first frame, keystrokes, panel switches."""
    out: dict[str, Any] = {"colours": colours}
    colour_env = {"COLORTERM": "truecolor"} if colours == "truecolor" else {"COLORTERM": ""}
    with PtyRecorder(target.argv, COLS, ROWS, env={**env, **colour_env}, cwd=ROOT) as app:
        if not app.wait_for(b"Panels", timeout=FIRST_FRAME_TIMEOUT):
            return {"error": "the Overview never showed"}
        app.wait_idle(quiet=0.6, timeout=60)
        out["first_frame"] = len(app.output)
        # One full repaint of the same screen: shrink by a row, then measure growing back.
        app.bytes_for(None, resize=(COLS, ROWS - 1), quiet=0.5)
        out["full_repaint"] = app.bytes_for(None, resize=(COLS, ROWS), quiet=0.5)
        out["switch_overview_to_actors"] = app.bytes_for(b"1")
        out["cursor_down"] = app.bytes_for(b"j")
        out["switch_actors_to_meetings"] = app.bytes_for(b"2")
        out["switch_meetings_to_actors"] = app.bytes_for(b"1")
        app.bytes_for(b"/")
        out["filter_char"] = app.bytes_for(filter_char.encode())
        app.bytes_for(b"\x1b", quiet=0.5)
    return out


# --------------------------------------------------------------------- machine
def use_bytecode() -> str:
    """Let what the benchmark runs keep Python's bytecode caches, as on a user's machine.

    pip compiles an installed package's bytecode, and an editable install writes it at its
    first start; an environment with PYTHONDONTWRITEBYTECODE set (some CI and sandboxes)
    makes every start compile every module of the app from source instead, which is not
    what a reader waits for. The warm-up's first starts write the caches. Returns how the
    environment was, for the report."""
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        return "PYTHONDONTWRITEBYTECODE was set and is unset for this run"
    return "Python's default (bytecode cached)"


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        info["cpu"] = m.group(1).strip() if m else platform.processor() or "unknown"
    except OSError:
        info["cpu"] = platform.processor() or "unknown"
    info["cores"] = os.cpu_count()
    try:
        info["cores_usable"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    try:
        meminfo = Path("/proc/meminfo").read_text()
        m = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.M)
        info["ram_gb"] = round(int(m.group(1)) / 1024 / 1024, 1) if m else None
    except OSError:
        info["ram_gb"] = None
    info["os"] = f"{platform.system()} {platform.release()}"
    info["python"] = platform.python_version()
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("textual", "rich", "tinydb"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            info[pkg] = None
    try:
        info["tmux"] = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    except OSError:
        info["tmux"] = None
    try:
        info["load_average"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        info["load_average"] = None
    info["date"] = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
        ).stdout.strip() or None
        # The results this run replaces do not make the measured code "uncommitted".
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--",
                                ".", ":(exclude)benchmarks/results"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        if info["commit"] and dirty:
            info["commit"] += " + uncommitted changes"
    except OSError:
        info["commit"] = None
    return info


# ------------------------------------------------------------------------ main
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="entries per synthetic briefing, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (medians)")
    parser.add_argument("--quick", action="store_true", help="1k entries only, one run each")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md",
                        help="where to write the table (default: benchmarks/results/latest.md)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--no-folder", action="store_true",
                        help="leave out the team's folder (1,000 briefings of 100 entries)")
    parser.add_argument("--only-folder", action="store_true",
                        help="measure only the team's folder; print it, write nothing")
    parser.add_argument("--palette-budget", type=float, default=150.0,
                        help="seconds of ctrl+p typing rounds before further rounds are skipped")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "1000", 1
    args.size_list = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not tmux_available():
        log("tmux is needed (apt-get install tmux)")
        return 2
    from benchmarks.report import GOALS, render

    bytecode = use_bytecode()
    if args.only_folder:
        return _only_folder(args)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    results: dict[str, Any] = {"machine": {**machine(), "bytecode": bytecode},
                               "sizes": args.size_list,
                               "repeat": args.repeat, "seed": args.seed,
                               "terminal": f"{COLS}x{ROWS}", "goals": GOALS}
    try:
        env = make_env(work)
        targets = [Target("minimal Textual app", "minimal",
                          [sys.executable, str(BASELINES / "minimal_app.py")])]
        targets.append(_briefing_target("bundled (ankara.json)", "bundled", BUNDLED))
        generated: dict[str, Any] = {}
        for n in args.size_list:
            path = work / f"synthetic-{n}.json"
            log(f"generating {n} entries ...")
            secs = generate_file(n, path, args.seed)
            generated[str(n)] = {"seconds": secs, "bytes": path.stat().st_size}
            targets.append(_briefing_target(f"synthetic {size_label(n)}", "synthetic", path, n))
        results["generated"] = generated
        largest = targets[-1]

        log(f"choosing the typing query at {largest.label} ...")
        search = run_probe(env, "search", str(largest.path), "auto")
        results["search"] = search
        query = search.get("query") or "kowal"

        results["first_frame"] = {t.label: [] for t in targets}
        results["first_frame_reopen"] = {t.label: [] for t in targets[1:]}
        peers = _peers(work, largest)
        results["first_frame"].update({p.label: [] for p in peers})
        results["targets"] = {t.label: {"kind": t.kind, "entries": t.entries, "actors": t.actors,
                                        "bytes": t.path.stat().st_size if t.path else None}
                              for t in targets + peers}
        if not peers:
            results["peer_missing"] = "VisiData is not installed (pip install -e '.[bench]')"
        with TmuxPane(COLS, ROWS, env=env, cwd=ROOT) as pane:
            # Warm-up (bytecode caches, page cache): the minimal app and the bundled briefing.
            for t in targets[:2]:
                first_frame(pane, t)
            for r in range(args.repeat):
                for t in targets:
                    log(f"first frame: {t.label} (run {r + 1}/{args.repeat}) ...")
                    if t.kind == "minimal":
                        results["first_frame"][t.label].append(first_frame(pane, t))
                        for peer in peers:  # beside it, in the same round
                            log(f"first frame: {peer.label} (run {r + 1}/{args.repeat}) ...")
                            results["first_frame"][peer.label].append(
                                first_frame(pane, peer, quick=True))
                        continue
                    # A first open (the app's load cache emptied), then a reopen.
                    clear_cache(env)
                    results["first_frame"][t.label].append(first_frame(pane, t))
                    last = r == args.repeat - 1 and t is largest
                    res = first_frame(pane, t, keep=last)
                    results["first_frame_reopen"][t.label].append(res)
                    if last:
                        log(f"keystrokes in the app at {t.label} (query {query!r}) ...")
                        if res["seconds"] is not None:
                            keys = keystrokes_app(pane, res["pid"], search, args.repeat,
                                                  args.palette_budget)
                            keys["vmhwm_kb_after"] = read_status_kb(res["pid"], "VmHWM")
                            results["keys"] = keys
                        pane.idle()
            log("keystrokes in the bare Input ...")
            results["keys_baseline"] = keystrokes_baseline(pane, query, args.repeat)

        results["load"], results["load_reopen"] = {}, {}
        for t in targets[1:]:
            cold, warm = [], []
            for r in range(args.repeat):
                log(f"open-to-ready: {t.label} (run {r + 1}/{args.repeat}) ...")
                clear_cache(env)
                cold.append(run_probe(env, "load", str(t.path), *(["--profile"] if r == 0 else [])))
                warm.append(run_probe(env, "load", str(t.path)))
            results["load"][t.label], results["load_reopen"][t.label] = cold, warm
        clear_cache(env)

        results["save"] = {}
        for t in targets[1:]:
            log(f"save one entry: {t.label} ...")
            scratch = work / "save" / (t.path.name if t.path else "x.json")
            scratch.parent.mkdir(exist_ok=True)
            shutil.copyfile(t.path, scratch)
            results["save"][t.label] = run_probe(env, "save", str(scratch),
                                                 "--repeat", str(args.repeat))
            scratch.unlink()

        # The same edit saved the way the app saves it, in the running app (Pilot), each run
        # in a fresh process on a fresh scratch copy; the UI's event loop timed throughout.
        results["ui_save"] = {}
        for t in targets[1:]:
            runs = []
            for r in range(args.repeat):
                log(f"save one entry in the app: {t.label} (run {r + 1}/{args.repeat}) ...")
                scratch = work / "save" / (t.path.name if t.path else "x.json")
                shutil.copyfile(t.path, scratch)
                runs.append(run_probe(env, "ui-save", str(scratch)))
                scratch.unlink()
            results["ui_save"][t.label] = runs

        results["bytes"] = {}
        for t in targets[1:3]:
            for colours in ("truecolor", "256 colours") if t.kind == "bundled" else ("truecolor",):
                log(f"bytes to the terminal: {t.label}, {colours} ...")
                label = f"{t.label}, {colours}"
                results["bytes"][label] = bytes_session(t, env, query[:1], colours)
        if not args.no_folder:
            from benchmarks.folder import measure as measure_folder

            count = 100 if args.quick else 1000
            results["folder"] = measure_folder(work / "folder", env, args.repeat, count)
    except TmuxError as err:
        log(f"tmux: {err}")
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["wall_seconds"] = time.monotonic() - started
    try:  # with the one at the start: was the machine busy with other work meanwhile?
        results["machine"]["load_average_end"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        pass

    markdown = _scrub(render(results), work)
    print(markdown)
    if not args.no_write:
        out = args.out
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(markdown, encoding="utf-8")
        tmp.replace(out)
        raw = out.with_suffix(".json")
        tmp = raw.with_name(raw.name + ".tmp")
        text = json.dumps(_portable(results, work), indent=1, sort_keys=True) + "\n"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(raw)
        log(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} "
            f"in {results['wall_seconds']:.0f}s")
    return 0


def _only_folder(args: argparse.Namespace) -> int:
    """``--only-folder``: the team's folder alone, printed (the report file is left as is)."""
    from benchmarks.folder import measure as measure_folder
    from benchmarks.folder import render as render_folder

    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        (work / "folder").mkdir()
        results = measure_folder(work / "folder", make_env(work), args.repeat,
                                 100 if args.quick else 1000)
    except TmuxError as err:
        log(f"tmux: {err}")
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(_scrub("\n".join(render_folder(results)), work))
    return 0


def _scrub(text: str, work: Path) -> str:
    """No machine-specific paths in what is written: the work folder, checkout and home go."""
    for path, name in ((work, "<tmp>"), (ROOT, "."), (Path(sys.prefix), "<venv>"),
                       (Path.home(), "~")):
        text = text.replace(str(path), name)
    return text


def _portable(results: dict[str, Any], work: Path) -> dict[str, Any]:
    """The raw results without pids, screens or machine-specific paths."""
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("pid", "screen")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, str):
            return _scrub(value, work)
        return value
    return clean(results)


if __name__ == "__main__":
    raise SystemExit(main())
