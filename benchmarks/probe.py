"""In-process measurements, each run in a fresh process by ``benchmarks.run``.

    python -m benchmarks.probe load PATH     open-to-ready the way the app loads, and peak RSS
    python -m benchmarks.probe search PATH QUERY [--panel actors]
                                             the ``/`` filter and the palette's matching
    python -m benchmarks.probe save PATH [--repeat N]
                                             one edited entry saved through the store
    python -m benchmarks.probe ui-save PATH  one edited entry saved the way the app saves it,
                                             in the running app, timing its event loop

Each prints one JSON object on stdout. Times are seconds (``time.perf_counter``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import read_status_kb

now = time.perf_counter


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


def _try(fn: Any, *args: Any) -> tuple[float | None, Any]:
    """(seconds, result) of fn(*args), or (None, the error's text) when the API moved."""
    try:
        started = now()
        result = fn(*args)
        return now() - started, result
    except Exception as err:  # noqa: BLE001 - a phase that no longer exists is reported, not fatal
        return None, f"{type(err).__name__}: {err}"


def _materialise(rows: Any) -> int:
    """Build every row of a (possibly lazy) row sequence; returns how many."""
    n = 0
    for _ in rows:
        n += 1
    return n


def probe_load(path: Path, profile: bool = False) -> dict[str, Any]:
    """Open-to-ready the way the app loads (``tui.ui.app.load_index``), and this process's peak.

    Whether the app's load cache (if it has one) is warm is up to the caller: the runner
    empties the cache folder before a "first open".
    """
    import tui.ui.app  # Textual and the app, as the app has them loaded before it loads data

    gc.collect()
    rss_before = read_status_kb(os.getpid(), "VmRSS")
    started = now()
    index = tui.ui.app.load_index(path)
    load_s = now() - started
    out: dict[str, Any] = {
        "entries": len(index.briefing.entries), "counts": index.counts(),
        "articles": len(index.articles), "load_s": load_s,
        "rss_before_kb": rss_before, "rss_after_kb": read_status_kb(os.getpid(), "VmRSS"),
        "maxrss_kb": _maxrss_kb(), "vmhwm_kb": read_status_kb(os.getpid(), "VmHWM"),
    }

    # What the screen makes at mount, on the loaded index (lists may be lazy).
    from tui.present import views

    def mount_rows() -> int:
        n = _materialise(views.overview_rows(index, str(path)))
        for kind in ("actors", "meetings", "demands", "corruption", "financing"):
            n += len(views.list_rows(index.by_kind[kind]))
        n += len(views.timeline_rows(index.timeline))
        n += len(views.sentence_rows(index.sentences()))
        return n

    out["rows_s"], out["rows"] = _try(mount_rows)
    if profile:
        del index
        gc.collect()
        # A load cache of its own (the app's cache folder comes from the environment), so
        # the first profiled load is a first open and the second a reopen.
        import shutil
        import tempfile

        scratch = tempfile.mkdtemp(prefix="briefing-probe-cache-")
        saved = {k: os.environ.get(k) for k in ("BRIEFING_CACHE_DIR", "XDG_CACHE_HOME")}
        os.environ["BRIEFING_CACHE_DIR"] = scratch
        os.environ["XDG_CACHE_HOME"] = scratch
        try:
            out["profile"] = profile_callees(lambda: tui.ui.app.load_index(path), "load_index")
            out["profile_reopen"] = profile_callees(lambda: tui.ui.app.load_index(path),
                                                    "load_index")
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            shutil.rmtree(scratch, ignore_errors=True)
    return out


def profile_callees(fn: Any, function_name: str, top: int = 6) -> list[dict[str, Any]]:
    """Where ``fn``'s time goes: the functions ``function_name`` calls directly, by their
    cumulative time under cProfile (inflated by the profiler; the shares are what count)."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    owners = [k for k in stats if k[2] == function_name]
    total = sum(stats[k][3] for k in owners)
    spent: dict[str, float] = {}
    for func, (_, _, _, _, callers) in stats.items():
        for owner in owners:
            if owner in callers:
                name = _func_name(func)
                spent[name] = spent.get(name, 0.0) + callers[owner][3]
    ranked = sorted(spent.items(), key=lambda kv: kv[1], reverse=True)[:top]
    return [{"function": name, "seconds": secs, "share": secs / total if total else None}
            for name, secs in ranked]


def _func_name(func: tuple[str, int, str]) -> str:
    """``tui/jsonio.py:parse_json`` (never an absolute path)."""
    filename, _, name = func
    if filename == "~":
        return name.strip("<>")
    parts = Path(filename).parts
    for anchor in ("tui", "benchmarks", "textual", "rich", "tinydb"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            return f"{'/'.join(parts[i:])}:{name}"
    return f"{Path(filename).name}:{name}"


def _median_time(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = now()
        fn()
        times.append(now() - started)
    return statistics.median(times)


def probe_search(path: Path, query: str, panel: str = "actors") -> dict[str, Any]:
    from tui.core.text import one_line
    from tui.ui.app import load_index

    index = load_index(path)
    entries = index.by_kind[panel]
    if query == "auto":
        query = choose_query(index, entries)
    out: dict[str, Any] = {"panel": panel, "panel_entries": len(entries), "query": query,
                           "prefixes": []}
    from tui.present import views

    for i in range(len(query) + 1):
        prefix = query[:i]
        found = index.filter(entries, prefix)
        # Each timed call binds this prefix (not the loop's last one).
        filter_s = _median_time(lambda p=prefix: index.filter(entries, p), 5)
        all_s = _median_time(lambda p=prefix: index.filter(index.briefing.entries, p), 3)
        rows_s = _median_time(lambda p=prefix: views.list_rows(index.filter(entries, p)), 3)
        out["prefixes"].append({
            "prefix": prefix, "matches": len(found), "filter_s": filter_s,
            "filter_all_s": all_s, "filter_and_rows_s": rows_s,
            "first": [one_line(e.title) for e in found[:3]],
        })

    # Textual's fuzzy matcher over every entry's name (the palette's matching as Textual's
    # own command providers do it).
    try:
        from textual.fuzzy import Matcher

        titles = [one_line(e.title) for e in index.briefing.entries]
        palette = []
        for i in range(1, len(query) + 1):
            prefix = query[:i]
            matcher = Matcher(prefix)
            started = now()
            scores = [matcher.fuzzy_search.match(prefix, t)[0] for t in titles]
            palette.append({"prefix": prefix, "match_s": now() - started,
                            "matches": sum(1 for s in scores if s > 0)})
        out["palette"] = palette
    except Exception as err:  # noqa: BLE001
        out["palette_error"] = f"{type(err).__name__}: {err}"
    return out


VISIBLE_ROWS = 34  # list rows on screen at 120x40 with the filter open


def choose_query(index: Any, entries: list[Any], length: int = 5) -> str:
    """A name from the generator's word lists whose every typed prefix changes the rows on
    screen, so each keystroke's work shows (a prefix that leaves the screen as it was would
    be measured at its echo alone)."""
    from benchmarks.generate import FIRST, LAST

    cache: dict[str, list[str]] = {}

    def first_ids(prefix: str) -> list[str]:
        """Ids of the first rows on screen for a prefix (scans only as far as it must)."""
        if prefix not in cache:
            found: list[str] = []
            for start in range(0, len(entries), 1000):
                found += [e.id for e in index.filter(entries[start:start + 1000], prefix)]
                if len(found) >= VISIBLE_ROWS:
                    break
            cache[prefix] = found[:VISIBLE_ROWS]
        return cache[prefix]

    candidates = [w.lower() for w in (*LAST, *FIRST) if w.isascii() and len(w) >= length]
    for word in candidates:
        query = word[:length]
        if not first_ids(query):
            continue
        if all(first_ids(query[:i]) != first_ids(query[:i - 1]) for i in range(1, length + 1)):
            return query
    return candidates[0][:length]


def probe_save(path: Path, repeat: int = 3) -> dict[str, Any]:
    """Save one edited entry through ``BriefingStore.transaction``; ``path`` is a scratch copy."""
    from tui.storage.store import BriefingStore

    store = BriefingStore(path)
    times = []
    for i in range(repeat):
        started = now()
        with store.transaction() as db:
            db.table("actors").update({"summary": f"Edited by the benchmark ({i})."}, doc_ids=[1])
        times.append(now() - started)
    out: dict[str, Any] = {"save_s": times, "bytes": path.stat().st_size}

    def one_save() -> None:
        with store.transaction() as db:
            db.table("actors").update({"summary": "Edited by the benchmark (profiled)."},
                                      doc_ids=[1])
        with store.transaction() as db:  # back as the last timed save left it
            db.table("actors").update({"summary": f"Edited by the benchmark ({repeat - 1})."},
                                      doc_ids=[1])

    out["profile"] = profile_callees(one_save, "transaction")
    return out


# ------------------------------------------------------------------ ui-save
TICK = 0.01  # the event loop's probe: a 10 ms Textual interval timer
INDEX_BUILDERS = ("index_after_write", "load_index")  # how the app makes the index after a save


class LoopGaps:
    """A Textual interval timer every ``TICK`` seconds on the app's own event loop; each
    gap between two ticks is how long the loop could not run it. The longest gap minus the
    period is the longest time the UI could not answer (a key, a repaint)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.ticks: list[tuple[float, float]] = []  # (when, gap since the tick before)
        self.timer: Any = None
        self.started = self._last = 0.0

    def _tick(self) -> None:
        t = now()
        self.ticks.append((t, t - self._last))
        self._last = t

    def start(self) -> float:
        self.started = self._last = now()
        self.timer = self.app.set_interval(TICK, self._tick)
        return self.started

    def stop(self, mark: float | None = None) -> dict[str, Any]:
        """The gaps so far; with ``mark`` (a ``now()`` time), also the longest gap that had
        ended by then (``blocked_to_mark_s``)."""
        self.timer.stop()
        end = now()
        window = end - self.started
        # A stall still running when the timer stopped counts too (as an open gap).
        ticks = self.ticks + [(end, end - self._last)]
        gaps = sorted(g for _, g in ticks)
        longest_end, longest = max(ticks, key=lambda tg: tg[1])
        out = {"window_s": window, "ticks": len(self.ticks), "max_gap_s": longest,
               "p95_gap_s": gaps[min(int(len(gaps) * 0.95), len(gaps) - 1)],
               "blocked_s": max(longest - TICK, 0.0),
               "longest_at": (longest_end - longest - self.started, longest_end - self.started)}
        if mark is not None:
            before = [g for t, g in ticks if t <= mark] or [mark - self.started]
            out["blocked_to_mark_s"] = max(max(before) - TICK, 0.0)
        return out


def _overlap(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    if not a or not b:
        return 0.0
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def probe_ui_save(path: Path, settle: float = 1.5, tail: float = 0.5,
                  limit: float = 120.0) -> dict[str, Any]:
    """Save one edited actor the way the app does, in the running app (Textual's Pilot,
    ``run_test``, 120x40), and time the UI's own event loop while it runs.

    ``path`` is a scratch copy: it is changed. Once the app has loaded it and gone quiet,
    the editor is made (as opening the edit form makes it) and the app left alone as long
    again (as while the reader types); then ``AuthoringController.write`` runs
    ``Editor.update`` for the first actor (a new summary) in its worker thread; the app then
    makes the new index in the worker (``tui.storage.loader``'s ``index_after_write`` from
    what the store wrote, or ``load_index``), refreshes the screen and notifies "Saved:
    ...". Measured: from starting the save until that notification (*save + reload*), and a
    10 ms timer's ticks on the app's loop from the start until what the save set off has
    finished (the screen's deferred work after the refresh, its workers) and ``tail``
    seconds more; then the same timer with nothing running for as long (*idle*): the loop's
    own jitter. Also when each part ran (``spans``: the write and the new index in the
    worker, the screen's ``reload`` on the UI thread, and after it) and which of them the
    longest stall fell in.
    """
    import asyncio

    import tui.storage.loader
    from tui.ui.app import BriefingApp

    out: dict[str, Any] = {}

    async def run() -> None:
        app = BriefingApp(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await asyncio.sleep(settle)
            screen = app.screen
            index = getattr(screen, "index", None)
            if index is None or not hasattr(screen, "authoring"):
                out["error"] = f"the briefing screen did not open ({type(screen).__name__})"
                return
            entry = index.by_kind["actors"][0]
            editor = screen.authoring.editor()
            if editor is None:
                out["error"] = "the app gave no editor for this briefing"
                return
            # Made as opening the edit form makes it; then the app is left alone for as
            # long as the settling above, as while the reader types: what the editor
            # starts then (proving the rows ahead of the first save) is not the save's.
            await asyncio.sleep(settle)
            out["entries"] = len(index.briefing.entries)
            out["vmhwm_before_kb"] = read_status_kb(os.getpid(), "VmHWM")
            base = dict(entry.data)
            new = dict(base)
            new["summary"] = f"Edited in the app by the benchmark at {time.time():.6f}."
            out["entry"], out["summary"] = entry.id, new["summary"]

            # When each part runs: the write and the load in the worker thread, the
            # screen's reload on the UI thread.
            spans: dict[str, tuple[float, float]] = {}

            def timed(name: str, fn: Any) -> Any:
                def wrapper(*args: Any, **kwargs: Any) -> Any:
                    started = now()
                    try:
                        return fn(*args, **kwargs)
                    finally:
                        spans[name] = (started, now())
                return wrapper

            # The new index, however the app makes it (from what the store wrote, or read
            # back): what _after_write imports from tui.storage.loader when it runs.
            real = {name: getattr(tui.storage.loader, name) for name in INDEX_BUILDERS
                    if hasattr(tui.storage.loader, name)}
            for name, fn in real.items():
                setattr(tui.storage.loader, name, timed("index", fn))
            screen.reload = timed("refresh", screen.reload)  # looked up when it is called
            write = timed("write", lambda force=False: editor.update(entry.id, new, base,
                                                                     force=force))
            shown_before = {n.identity for n in app._notifications}
            loop = LoopGaps(app)
            try:
                started = loop.start()
                screen.authoring.write(write)
                message, severity = None, None
                while now() - started < limit:
                    done = [n for n in app._notifications if n.identity not in shown_before
                            and (str(n.message).startswith("Saved") or n.severity == "error")]
                    if done:
                        message, severity = str(done[0].message), done[0].severity
                        break
                    await asyncio.sleep(0.005)
                saved_at = now()
                out["saved_s"] = saved_at - started
                # Then what the save set off (the screen's deferred work, its workers),
                # and ``tail`` seconds more: a stall after "Saved" is the save's too.
                await app.workers.wait_for_complete()
                await pilot.pause()
                out["quiet_s"] = now() - started
                await asyncio.sleep(tail)
                busy = loop.stop(mark=saved_at)
                busy["blocked_to_saved_s"] = busy.pop("blocked_to_mark_s")
            finally:
                for name, fn in real.items():
                    setattr(tui.storage.loader, name, fn)
                del screen.reload
            out["message"] = message
            if message is None or severity == "error":
                out["error"] = message or f"no \"Saved\" in {limit:.0f} s"
                return
            rel = {k: (a - started, b - started) for k, (a, b) in spans.items()}
            out["phases"] = {k: b - a for k, (a, b) in rel.items()}
            out["spans"] = rel
            longest = busy.pop("longest_at")
            out["busy"] = busy
            # Where the longest stall fell: the part it overlaps most (after the screen's
            # refresh: its deferred work, and the index warming in a worker).
            if "refresh" in rel:
                rel["after"] = (rel["refresh"][1], busy["window_s"])
            where = max(rel, key=lambda k: _overlap(longest, rel[k]), default=None)
            out["longest_in"] = where if where and _overlap(longest, rel[where]) > 0 else "other"
            out["longest_at"] = longest
            out["vmhwm_after_kb"] = read_status_kb(os.getpid(), "VmHWM")

            # The idle baseline: nothing running, for as long.
            await app.workers.wait_for_complete()
            await pilot.pause()
            await asyncio.sleep(settle)
            idle = LoopGaps(app)
            idle.start()
            await asyncio.sleep(busy["window_s"])
            out["idle"] = idle.stop()
            out["idle"].pop("longest_at")

    asyncio.run(run())
    if "error" not in out:
        # The edit is on disk (the summary as JSON writes it).
        out["on_disk"] = json.dumps(out["summary"]) in path.read_text(encoding="utf-8")
    out["maxrss_kb"] = _maxrss_kb()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("load")
    p.add_argument("path", type=Path)
    p.add_argument("--profile", action="store_true", help="also where load_index's time goes")
    p = sub.add_parser("search")
    p.add_argument("path", type=Path)
    p.add_argument("query")
    p.add_argument("--panel", default="actors")
    p = sub.add_parser("save")
    p.add_argument("path", type=Path)
    p.add_argument("--repeat", type=int, default=3)
    p = sub.add_parser("ui-save")
    p.add_argument("path", type=Path)
    p.add_argument("--settle", type=float, default=1.5,
                   help="seconds to let the app go quiet after loading, before each measure")
    p.add_argument("--tail", type=float, default=0.5,
                   help="seconds the loop is still timed after \"Saved\" shows")
    args = parser.parse_args(argv)
    if args.what == "load":
        result = probe_load(args.path, args.profile)
    elif args.what == "search":
        result = probe_search(args.path, args.query, args.panel)
    elif args.what == "save":
        result = probe_save(args.path, args.repeat)
    else:
        result = probe_ui_save(args.path, args.settle, args.tail)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
