"""In-process measurements, each run in a fresh process by ``benchmarks.run``.

    python -m benchmarks.probe load PATH     open-to-ready the way the app loads, and peak RSS
    python -m benchmarks.probe search PATH QUERY [--panel actors]
                                             the ``/`` filter and the palette's matching
    python -m benchmarks.probe save PATH [--repeat N]
                                             one edited entry saved through the store

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
    """Open-to-ready the way the app loads (``tui.app.load_index``), and this process's peak.

    Whether the app's load cache (if it has one) is warm is up to the caller: the runner
    empties the cache folder before a "first open".
    """
    import tui.app  # Textual and the app, as the app has them loaded before it loads data

    gc.collect()
    rss_before = read_status_kb(os.getpid(), "VmRSS")
    started = now()
    index = tui.app.load_index(path)
    load_s = now() - started
    out: dict[str, Any] = {
        "entries": len(index.briefing.entries), "counts": index.counts(),
        "articles": len(index.articles), "load_s": load_s,
        "rss_before_kb": rss_before, "rss_after_kb": read_status_kb(os.getpid(), "VmRSS"),
        "maxrss_kb": _maxrss_kb(), "vmhwm_kb": read_status_kb(os.getpid(), "VmHWM"),
    }

    # What the screen makes at mount, on the loaded index (lists may be lazy).
    from tui import views

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
            out["profile"] = profile_callees(lambda: tui.app.load_index(path), "load_index")
            out["profile_reopen"] = profile_callees(lambda: tui.app.load_index(path), "load_index")
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
    from tui.app import load_index
    from tui.text import one_line

    index = load_index(path)
    entries = index.by_kind[panel]
    if query == "auto":
        query = choose_query(index, entries)
    out: dict[str, Any] = {"panel": panel, "panel_entries": len(entries), "query": query,
                           "prefixes": []}
    from tui import views

    for i in range(len(query) + 1):
        prefix = query[:i]
        found = index.filter(entries, prefix)
        filter_s = _median_time(lambda: index.filter(entries, prefix), 5)
        all_s = _median_time(lambda: index.filter(index.briefing.entries, prefix), 3)
        rows_s = _median_time(lambda: views.list_rows(index.filter(entries, prefix)), 3)
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
    from tui.store import BriefingStore

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
    args = parser.parse_args(argv)
    if args.what == "load":
        result = probe_load(args.path, args.profile)
    elif args.what == "search":
        result = probe_search(args.path, args.query, args.panel)
    else:
        result = probe_save(args.path, args.repeat)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
