"""The results of ``benchmarks.run`` as a Markdown report: goals first, then each measure."""

from __future__ import annotations

import statistics
from typing import Any

__all__ = ["render", "summary", "GOALS"]

FULL_FRAME_KB = 15

GOALS: dict[str, Any] = {
    "first_frame_bundled": 1.25,  # x the minimal Textual app
    "first_frame_largest": 2.3,  # x the minimal Textual app, at 100k
    "keystroke_ratio": 1.5,  # x the bare Input
    "keystroke_ms": 50.0,
    "search_ms": 10.0,
    "memory_mb": {"10000": 60.0, "100000": 300.0},
    "save_block_ms": 50.0,
    "keystroke_bytes": FULL_FRAME_KB * 1000,  # ~ one full frame at 120x40
    "linear": 1.15,  # per-1k cost at the largest size / at the size before it
    "peer_ratio": 0.5,  # the app's first open at 100k / VisiData loading the same records
    "save_s": {"10000": 0.1, "100000": 1.0},  # from the save to "Saved", in the app
    "save_memory_ratio": 2.0,  # the app's peak after one save / before it: never doubled
}
KEYSTROKE_BYTES = ("cursor_down", "filter_char")  # keystrokes within a view
SWITCH_BYTES = ("switch_overview_to_actors", "switch_actors_to_meetings",
                "switch_meetings_to_actors")


# ------------------------------------------------------------------- helpers
def _med(values: Any) -> float | None:
    values = [v for v in (values or []) if isinstance(v, (int, float))]
    return statistics.median(values) if values else None


def _max(values: Any) -> float | None:
    values = [v for v in (values or []) if isinstance(v, (int, float))]
    return max(values) if values else None


def secs(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"


def stall(value: float | None) -> str:
    """A stall of the event loop: ms to a tenth under 100 ms, whole ms, then seconds."""
    return ms(value) if value is None or value < 1 else secs(value)


def mb(kb: float | None) -> str:
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def kbytes(n: float | None) -> str:
    return "—" if n is None else (f"{n / 1000:.1f} KB" if n >= 1000 else f"{n:.0f} B")


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def x(r: float | None) -> str:
    return "—" if r is None else f"{r:.2f}x"


def verdict(value: float | None, limit: float, unit: str = "x") -> str:
    """``met`` or the measured value against the goal."""
    if value is None:
        return "not measured"
    if value <= limit:
        return "met"
    if unit == "x":
        return f"✗ {value:.2f}x"
    return f"✗ {value / limit:.1f}x the goal"


def key_goal(value: float | None, base: float | None, goals: dict[str, Any]) -> str:
    """The keystroke goal: at most ``keystroke_ratio`` x the bare Input and ``keystroke_ms``."""
    if value is None:
        return "not measured"
    limit_x, limit_ms = goals.get("keystroke_ratio", 1.5), goals.get("keystroke_ms", 50.0)
    r = ratio(value, base)
    misses = []
    if r is not None and r > limit_x:
        misses.append(f"{r:.2f}x")
    if value * 1000 > limit_ms:
        misses.append(f"{value * 1000:.1f} ms > {limit_ms:.0f} ms")
    return "met" if not misses else "✗ " + "; ".join(misses)


def _per_k(value: float | None, floor: float | None, n: int) -> float | None:
    if value is None or not n:
        return None
    return (value - (floor or 0)) / (n / 1000)


def _size_label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


# ------------------------------------------------------------------ summaries
def summary(results: dict[str, Any]) -> dict[str, Any]:
    """The numbers the goals are judged on (medians over runs; peaks are maxima)."""
    targets = results.get("targets", {})
    minimal_label = next((k for k, v in targets.items() if v["kind"] == "minimal"), None)
    s: dict[str, Any] = {k: {} for k in (
        "first_frame", "reopen", "answers", "cpu_idle", "vmhwm", "load", "load_reopen",
        "load_rss", "save", "ui_save", "ui_blocked", "ui_blocked_to_saved", "ui_idle",
        "ui_worst", "ui_vmhwm")}
    for label in targets:
        cold = (results.get("first_frame") or {}).get(label, [])
        warm = (results.get("first_frame_reopen") or {}).get(label, [])
        s["first_frame"][label] = _med([r.get("seconds") for r in cold])
        s["reopen"][label] = _med([r.get("seconds") for r in warm])
        s["answers"][label] = _med([r.get("answers_key") for r in cold])
        s["cpu_idle"][label] = _med([r.get("cpu_idle") for r in cold])
        s["vmhwm"][label] = _max([r.get("vmhwm_kb") for r in cold + warm])
    for key in ("first_frame", "answers", "vmhwm"):
        s[f"minimal_{key}"] = s[key].get(minimal_label) if minimal_label else None
    s["minimal"] = s["minimal_first_frame"]
    for label, runs in (results.get("load") or {}).items():
        s["load"][label] = _med([r.get("load_s") for r in runs])
        s["load_rss"][label] = _max([r.get("maxrss_kb") for r in runs])
    for label, runs in (results.get("load_reopen") or {}).items():
        s["load_reopen"][label] = _med([r.get("load_s") for r in runs])
        s["load_rss"][label] = _max([s["load_rss"].get(label)] + [r.get("maxrss_kb") for r in runs])
    for label, res in (results.get("save") or {}).items():
        s["save"][label] = _med(res.get("save_s"))
    for label, runs in (results.get("ui_save") or {}).items():
        ok = [r for r in runs if "error" not in r and r.get("busy")]
        if not ok:
            continue
        # The time is a median; a stall is the worst run's (the goal is about any save).
        s["ui_save"][label] = _med([r.get("saved_s") for r in ok])
        worst = max(ok, key=lambda r: r["busy"].get("blocked_s") or 0)
        s["ui_worst"][label] = worst
        s["ui_blocked"][label] = worst["busy"].get("blocked_s")
        s["ui_blocked_to_saved"][label] = _max([r["busy"].get("blocked_to_saved_s") for r in ok])
        s["ui_idle"][label] = _max([(r.get("idle") or {}).get("blocked_s") for r in ok])
        s["ui_vmhwm"][label] = (_max([r.get("vmhwm_before_kb") for r in ok]),
                                _max([r.get("vmhwm_after_kb") for r in ok]))
    keys = results.get("keys") or {}
    base = results.get("keys_baseline") or {}
    s["base_key"] = _med([k["last"] for k in base.get("typing", [])])
    s["filter_key"] = _med([k["last"] for k in keys.get("filter", [])])
    s["palette_key"] = _med([k["last"] for k in keys.get("palette", [])])
    search = results.get("search") or {}
    s["search_max"] = _max([p["filter_s"] for p in search.get("prefixes", []) if p["prefix"]])
    byte_runs = list((results.get("bytes") or {}).values())
    s["bytes_max"] = _max([b.get(k) for b in byte_runs for k in KEYSTROKE_BYTES])
    s["full_repaint"] = _max([b.get("full_repaint") for b in byte_runs])
    return s


def _largest(results: dict[str, Any]) -> tuple[str | None, int]:
    synth = [(v["entries"], k) for k, v in results.get("targets", {}).items()
             if v["kind"] == "synthetic"]
    if not synth:
        return None, 0
    n, label = max(synth)
    return label, n


def _label_for(results: dict[str, Any], n: int) -> str | None:
    return next((k for k, v in results.get("targets", {}).items()
                 if v["kind"] == "synthetic" and v["entries"] == n), None)


def _scaling(results: dict[str, Any], s: dict[str, Any]) -> list[tuple[str, list[str], str]]:
    """Per-1k-entries cost of each measure at each size, and whether it stays flat."""
    sizes = sorted(v["entries"] for v in results.get("targets", {}).values()
                   if v["kind"] == "synthetic")
    measures = [
        ("first frame, first open (over the minimal app)", s["first_frame"], s["minimal"], secs),
        ("first frame, reopened (over the minimal app)", s["reopen"], s["minimal"], secs),
        ("open-to-ready, first open (load_index)", s["load"], 0.0, secs),
        ("open-to-ready, reopened (load_index)", s["load_reopen"], 0.0, secs),
        ("app peak RSS (over the minimal app)", s["vmhwm"], s["minimal_vmhwm"], mb),
        ("save one entry (the store's transaction)", s["save"], 0.0, secs),
        ("save one entry in the app, to \"Saved\" (save + reload)", s["ui_save"], 0.0, secs),
    ]
    out = []
    limit = {**GOALS, **(results.get("goals") or {})}["linear"]
    for name, values, floor, fmt in measures:
        per = [_per_k(values.get(_label_for(results, n)), floor, n) for n in sizes]
        if all(p is None for p in per):
            continue
        cells = [fmt(p) if p is not None else "—" for p in per]
        growth = ratio(per[-1], per[-2]) if len(per) >= 2 else None
        if growth is None:
            word = "needs two sizes"
        elif growth <= limit:
            word = (f"no worse than linear ({_size_label(sizes[-1])}/{_size_label(sizes[-2])}: "
                    f"{growth:.2f})")
        else:
            word = (f"✗ faster than linear: per-1k cost x{growth:.2f} "
                    f"from {_size_label(sizes[-2])} to {_size_label(sizes[-1])}")
        out.append((name, cells, word))
    return out


def _shares(profile: Any) -> str:
    """``parse_json_bytes 52% · build_briefing 31%`` from a probe's profile."""
    if not isinstance(profile, list) or not profile:
        return "—"
    parts = []
    for item in profile[:4]:
        where, _, name = str(item.get("function", "?")).rpartition(":")
        module = where.rsplit("/", 1)[-1].removesuffix(".py")
        name = f"{module}.{name}" if module else name.removeprefix("built-in method ")
        share = item.get("share")
        if share is not None and share >= 0.03:
            parts.append(f"{name} {share * 100:.0f}%")
    return " · ".join(parts) or "—"


_WHERE = {
    "write": "the write (`Editor.update`, worker thread)",
    "index": "the new index (worker thread)",
    "refresh": "the screen's `reload` (UI thread)",
    "after": "after the screen's `reload` (its deferred work, UI thread)",
}


def _save_goal(results: dict[str, Any], s: dict[str, Any],
               goals: dict[str, Any]) -> tuple[str, str]:
    """The save goal's measured cell and verdict: each size's longest stall."""
    limit = goals["save_block_ms"] / 1000
    labels = [k for k in results.get("targets", {}) if k in s["ui_blocked"]]
    if not labels:
        return "not measured", "not measured"
    short = {k: k.removeprefix("synthetic ").split(" (")[0] for k in labels}
    measured = " · ".join(f"{short[k]} {stall(s['ui_blocked'][k])}" for k in labels)
    idle = _max([s["ui_idle"].get(k) for k in labels])
    measured += f" (the idle loop's own longest stall: ≤ {stall(idle)}; see 4)"
    misses = [k for k in labels if (s["ui_blocked"][k] or 0) > limit]
    if not misses:
        return measured, "met"
    return measured, "✗ " + ", ".join(
        f"{short[k]} {s['ui_blocked'][k] / limit:.1f}x the goal" for k in misses)


def _peer_goal(results: dict[str, Any], s: dict[str, Any], goals: dict[str, Any],
               largest: str | None) -> list[list[str]]:
    """The app's first open of the largest briefing against VisiData on the same records."""
    peer = next((k for k, v in results.get("targets", {}).items() if v["kind"] == "peer"), None)
    limit = goals.get("peer_ratio", 0.5)
    name = f"First open, {largest or 'largest'} ≤ {limit}x VisiData loading the same records"
    if largest is None:
        return []
    if peer is None:
        return [[name, results.get("peer_missing") or "not measured", "not measured"]]
    app, theirs = s["first_frame"].get(largest), s["first_frame"].get(peer)
    r = ratio(app, theirs)
    return [[name, f"{x(r)} (app {secs(app)}; {peer}: {secs(theirs)})", verdict(r, limit)]]


def _save_time_goals(results: dict[str, Any], s: dict[str, Any],
                     goals: dict[str, Any]) -> list[list[str]]:
    """From the save to "Saved" in the app, per size; and the app's memory across it."""
    rows = []
    for n, limit in (goals.get("save_s") or {}).items():
        label = _label_for(results, int(n))
        if label is None or label not in s["ui_save"]:
            continue
        took = s["ui_save"][label]
        rows.append([f"A save in the app at {label}, from the save to \"Saved\" ≤ {secs(limit)} "
                     "(median)", secs(took), verdict(took, limit, unit="abs")])
    grown = {k: ratio(after, before) for k, (before, after) in s["ui_vmhwm"].items()}
    grown = {k: g for k, g in grown.items() if g is not None}
    if grown:
        limit = goals.get("save_memory_ratio", 2.0)
        worst = max(grown, key=lambda k: grown[k])
        rows.append([f"A save never doubles the app's memory (peak after one save < {limit:g}x "
                     "the peak before it, at every size)",
                     " · ".join(f"{k.removeprefix('synthetic ').split(' (')[0]} {x(g)}"
                                for k, g in grown.items()),
                     "met" if grown[worst] < limit else f"✗ {worst} {x(grown[worst])}"])
    return rows


def _error_text(error: Any) -> str:
    """A probe's error: its own message, or the last line of a failed process (a list)."""
    return " ".join(map(str, error)) if isinstance(error, list) else str(error)


def _save_in_app(results: dict[str, Any], s: dict[str, Any], goals: dict[str, Any],
                 targets: dict[str, Any], ui_runs: dict[str, Any]) -> list[str]:
    limit = goals["save_block_ms"] / 1000
    n = max((len(r) for r in ui_runs.values()), default=0)
    lines = [
        "**In the app**: the same edit saved the way the app saves it. The app runs in process "
        "under Textual's Pilot (`App.run_test`, 120x40, headless: every frame is composed and "
        "rendered, only not written to a terminal), in a fresh process per run with the "
        "benchmark's own home, data, state and cache folders, on a fresh scratch copy. Once "
        "the briefing is loaded and the app quiet, the editor is made (as opening the Edit "
        "form makes it) and the app left alone as long again (as while the reader types: what "
        "editing starts, proving where the file's rows lie, is not the save's); then, from the "
        "save key, `AuthoringController.write` runs "
        "`Editor.update` on the first actor (a new summary) as the Edit form's save does: the "
        "write, then the new index (`tui.storage.loader.index_after_write` from what the store "
        "wrote, "
        "or `load_index`) in its worker thread, then the screen's `reload` on the UI thread, "
        "which notifies \"Saved: ...\" (the times of these three are medians). *Save + reload*: "
        "from starting the save until that notification (median of runs). *UI blocked*: a "
        "10 ms Textual interval timer runs on the app's own event loop from the start of the "
        "save until what it set off has finished (the screen's deferred work, its workers) "
        "and 0.5 s more; the longest gap between two ticks, less the 10 ms period, is the "
        "longest time the app could not answer a key or repaint (the worst run's). "
        "*Until \"Saved\"*: the same, counting only the gaps that ended before the "
        "notification. *Idle loop*: the same timer with nothing running, for as long, in the "
        "same app just after: the loop's own jitter, the floor for *UI blocked*. "
        "*Where*: which part the longest stall fell in. *App peak RSS*: the process's "
        "`VmHWM` before the save and after it.",
        "",
        "Why in process and not in the tmux pane the other measures use: a save changes one "
        "line of the screen, and a screen capture only sees when something is drawn, not "
        "when the app was unable to draw. The timer on the app's own loop measures that "
        "directly, at 10 ms resolution, with nothing between the app and the clock.",
        "",
    ]
    rows = []
    for label, t in targets.items():
        runs = ui_runs.get(label)
        if not runs:
            continue
        errors = [r["error"] for r in runs if "error" in r]
        worst = s["ui_worst"].get(label)
        if worst is None:
            rows.append([label, f"error: {_error_text(errors[0]) if errors else 'no result'}"]
                        + [""] * 8)
            continue
        ok = [r for r in runs if "error" not in r and r.get("busy")]
        phases = [(r.get("phases") or {}) for r in ok]
        parts = " · ".join(ms(_med([p.get(k) for p in phases]))
                           for k in ("write", "index", "refresh"))
        v = s["ui_save"].get(label)
        blocked = s["ui_blocked"].get(label)
        before, after = s["ui_vmhwm"].get(label) or (None, None)
        goal = verdict(blocked, limit, unit="abs")
        if not all(r.get("on_disk") for r in ok):
            goal += " (the edit was not found on disk!)"
        if errors:
            goal += f" ({len(errors)} of {len(runs)} runs failed)"
        rows.append([
            label, secs(v), secs(_per_k(v, 0, t["entries"])) if t["kind"] == "synthetic" else "—",
            parts, stall(blocked), stall(s["ui_blocked_to_saved"].get(label)),
            _WHERE.get(worst.get("longest_in"), "—"), stall(s["ui_idle"].get(label)),
            f"{mb(before)} → {mb(after)}", goal,
        ])
    lines += _table(["briefing", "save + reload, to \"Saved\"", "per 1k",
                     "write · new index · screen reload",
                     f"UI blocked (longest stall, worst of {n})",
                     "until \"Saved\"", "where the longest stall fell", "idle loop (baseline)",
                     "app peak RSS before → after",
                     f"goal (≤ {goals['save_block_ms']:.0f} ms)"], rows)
    return lines


# --------------------------------------------------------------------- render
def render(results: dict[str, Any]) -> str:
    s = summary(results)
    goals = {**GOALS, **(results.get("goals") or {})}
    targets = results.get("targets", {})
    m = results.get("machine", {})
    largest, largest_n = _largest(results)
    bundled = next((k for k, v in targets.items() if v["kind"] == "bundled"), None)
    lines: list[str] = ["# Benchmarks: latest run", ""]
    lines.append(
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores"
        + (f" ({m['cores_usable']} usable)"
           if m.get("cores_usable") not in (None, m.get("cores")) else "")
        + f", {m.get('ram_gb')} GB RAM; {m.get('os')}; Python {m.get('python')}, "
        f"Textual {m.get('textual')}, Rich {m.get('rich')}, TinyDB {m.get('tinydb')}; "
        f"{m.get('tmux')}."
        + (f" Bytecode: {m['bytecode']} (the warm-up's first starts write it)."
           if m.get("bytecode") else "")
    )
    sizes = ",".join(str(n) for n in results.get("sizes", []))
    lines.append(
        f"Run on {m.get('date')} at commit {m.get('commit') or 'unknown'}: "
        f"`python -m benchmarks.run --sizes {sizes} --repeat {results.get('repeat')}` "
        f"(medians of {results.get('repeat')} runs; terminal {results.get('terminal')}; "
        f"took {results.get('wall_seconds', 0):.0f} s; load average at the start "
        f"{m.get('load_average') or 'unknown'}"
        + (f", at the end {m['load_average_end']}" if m.get("load_average_end") else "")
        + "). Every ratio compares numbers measured in this "
        "one run. *First open*: the app's load cache empty; *reopened*: the same file again, "
        "its load cache warm."
    )
    lines.append("")

    # ----------------------------------------------------------- goals
    lines += ["## Goals", ""]
    rows = []

    def ff_goal(label: str | None, limit: float) -> tuple[str, str]:
        cold, warm = s["first_frame"].get(label), s["reopen"].get(label)
        rc, rw = ratio(cold, s["minimal"]), ratio(warm, s["minimal"])
        measured = (f"first open {x(rc)} ({secs(cold)}); reopened {x(rw)} ({secs(warm)}); "
                    f"minimal app {secs(s['minimal'])}")
        vc, vw = verdict(rc, limit), verdict(rw, limit)
        word = "met" if vc == vw == "met" else "; ".join(
            f"{what} {v}" for what, v in (("first open", vc), ("reopened", vw)))
        return measured, word

    limit_b = goals["first_frame_bundled"]
    rows.append([f"First frame, bundled briefing ≤ {limit_b}x the minimal Textual app",
                 *ff_goal(bundled, limit_b)])
    if largest:
        limit_l = goals["first_frame_largest"]
        note = "" if largest_n == 100_000 else " (the largest size run; the goal is set for 100k)"
        rows.append([f"First frame, {largest}{note} ≤ {limit_l}x the minimal Textual app",
                     *ff_goal(largest, limit_l)])
        for name, key in (("`/` filter", "filter_key"), ("`ctrl+p` jump", "palette_key")):
            rows.append([f"{name} at {largest}: keystroke to screen ≤ {goals['keystroke_ratio']}x "
                         f"the bare Input and ≤ {goals['keystroke_ms']:.0f} ms (median)",
                         f"{x(ratio(s[key], s['base_key']))} ({ms(s[key])} vs {ms(s['base_key'])})",
                         key_goal(s[key], s["base_key"], goals)])
        rows.append([f"The search itself (`index.filter`, Actors panel) at {largest} ≤ "
                     f"{goals['search_ms']:.0f} ms", f"{ms(s['search_max'])} (slowest prefix)",
                     verdict(s["search_max"], goals["search_ms"] / 1000, unit="abs")])
    for n, limit in (goals.get("memory_mb") or {}).items():
        label = _label_for(results, int(n))
        if label is None:
            continue
        kb = s["vmhwm"].get(label)
        after_save = (s["ui_vmhwm"].get(label) or (None, None))[1]
        rows.append([f"Peak memory at {label} ≤ {limit:.0f} MB (the running app's VmHWM)",
                     f"{mb(kb)} (loading alone: {mb(s['load_rss'].get(label))}; "
                     f"minimal Textual app: {mb(s['minimal_vmhwm'])}"
                     + (f"; after saving one entry in the app: {mb(after_save)}, see 4"
                        if after_save else "") + ")",
                     verdict(None if kb is None else kb / 1024, limit, unit="abs")])
    rows += _peer_goal(results, s, goals, largest)
    rows += _save_time_goals(results, s, goals)
    rows.append([f"No save blocks the UI > {goals['save_block_ms']:.0f} ms (the longest stall "
                 "of the app's event loop while one edited entry is saved and the briefing "
                 "reloaded, at every size; worst run)", *_save_goal(results, s, goals)])
    rows.append([f"One keystroke ≤ one full frame of bytes (~{FULL_FRAME_KB} KB at 120x40)",
                 f"{kbytes(s['bytes_max'])} (the larger of `j` and a filter character; "
                 f"a measured full repaint is {kbytes(s['full_repaint'])})",
                 verdict(s["bytes_max"], goals["keystroke_bytes"], unit="abs")])
    scaling = _scaling(results, s)
    bad = [name for name, _, word in scaling if word.startswith("✗")]
    rows.append(["Cost grows no worse than linearly with entries (per-1k cost flat or falling)",
                  "see Scaling" if scaling else "—",
                  ("met" if not bad else "✗ " + "; ".join(bad)) if scaling else "not measured"])
    lines += _table(["goal", "measured", "verdict"], rows)
    lines.append("")

    # ------------------------------------------------------ first frame
    lines += ["## 1. First frame", "",
              "The real `briefing` command (`python -m tui PATH`) in a detached tmux pane "
              f"({results.get('terminal')}), from starting it until the Overview shows the Actors "
              "count line with the loaded briefing's number (so every entry is loaded and "
              "indexed), polled every 5 ms with `capture-pane`. The minimal Textual app is timed "
              "the same way "
              "until its one word shows. *First paint*: when anything at all first showed. "
              "*Answers `?`*: `?` is sent the moment the first frame is seen; when its answer "
              "(the help) shows, the app could first be used. *CPU idle*: when the process "
              "stopped working (under 5% of a CPU for half a second), i.e. finished what it does "
              "after its first frame. These three are for a first open. *App peak RSS*: `VmHWM` "
              "once it is idle.", ""]
    rows = []
    for label, t in targets.items():
        cold, warm = s["first_frame"].get(label), s["reopen"].get(label)
        runs = (results.get("first_frame") or {}).get(label, [])
        minimal = t["kind"] == "minimal"
        goal = "—"
        if t["kind"] == "bundled":
            goal = ff_goal(label, goals["first_frame_bundled"])[1]
        elif label == largest:
            goal = ff_goal(label, goals["first_frame_largest"])[1]
        failed = sum(1 for r in runs if r.get("seconds") is None)
        per = _per_k(cold, s["minimal"], t["entries"]) if t["kind"] == "synthetic" else None
        answers = s["answers"].get(label)
        rows.append([
            label, "—" if minimal else str(t["entries"]), secs(cold), x(ratio(cold, s["minimal"])),
            "—" if minimal else secs(warm), "—" if minimal else x(ratio(warm, s["minimal"])), goal,
            secs(per) if per is not None else "—",
            secs(_med([r.get("first_paint") for r in runs])),
            f"{secs(answers)} ({x(ratio(answers, s['minimal_answers']))})",
            secs(s["cpu_idle"].get(label)),
            mb(s["vmhwm"].get(label)) + (f" ({failed} of {len(runs)} runs showed no first "
                                         "frame; see latest.json)" if failed else ""),
        ])
    lines += _table(["briefing", "entries", "first open", "x minimal", "reopened", "x minimal",
                     "goal", "per 1k entries (first open, over minimal)", "first paint",
                     "answers `?` (x minimal)", "CPU idle", "app peak RSS"], rows)
    lines.append("")

    # -------------------------------------------------------- keystrokes
    keys = results.get("keys") or {}
    base = results.get("keys_baseline") or {}
    lines += [f"## 2. Keystroke to screen at {largest or '—'}", ""]
    if keys or base:
        q = keys.get("query") or (results.get("search") or {}).get("query")
        lines += [
            "Keys sent with `tmux send-keys` into the running app (reopened, idle); the time is "
            "from sending a key to the last change of the screen before it stays unchanged "
            "(0.4 s; 1 s for the palette, whose results arrive in batches), polled every 2 ms. "
            "*Echo* is the first change (usually the typed character). *As expected*: at the end "
            "the filtered list's first row was the expected entry, or the palette's first hit "
            "matched what was typed. "
            f"The query `{q}` is typed one character at a time, {results.get('repeat')} times; it "
            "is chosen so that every keystroke changes the rows on screen. The bare Input types "
            "the same characters.", ""]
        rows = []

        def krow(name: str, runs: list[dict[str, Any]], goal: str = "—",
                 baseline: bool = False) -> None:
            last = _med([k["last"] for k in runs])
            bad = sum(1 for k in runs if not k.get("verified", True) or k.get("timed_out"))
            rows.append([name, str(len(runs)), ms(last), ms(_max([k["last"] for k in runs])),
                         ms(_med([k["first"] for k in runs])),
                         "1.00x" if baseline else x(ratio(last, s["base_key"])), goal,
                         f"{len(runs) - bad} of {len(runs)}"])

        krow("bare `Input` echoing into a `Static` (baseline)", base.get("typing", []),
             baseline=True)
        krow("`/` filter: typing into it", keys.get("filter", []),
             key_goal(s["filter_key"], s["base_key"], goals))
        krow("`ctrl+p` palette: typing into it", keys.get("palette", []),
             key_goal(s["palette_key"], s["base_key"], goals))
        for name, key in (("`1`: Overview to the Actors panel", "switch"),
                          ("`/`: the filter opens", "filter_open"),
                          ("`Esc`: the filter closes (list restored)", "filter_close"),
                          ("`ctrl+p`: the palette opens", "palette_open"),
                          ("`Esc`: the palette closes", "palette_close")):
            if keys.get(key):
                krow(name, keys[key])
        lines += _table(["keystroke", "n", "median", "max", "echo (median)", "x bare Input", "goal",
                         "as expected"], rows)
        if keys.get("palette_note"):
            lines += ["", f"Palette: {keys['palette_note']}."]
        if keys.get("vmhwm_kb_after"):
            peak = mb(keys["vmhwm_kb_after"])
            lines += ["", f"The app's peak RSS after these keystrokes: {peak}."]
    search = results.get("search") or {}
    if search.get("prefixes"):
        lines += ["", f"In process, on the same {largest} briefing ({search.get('panel_entries')} "
                  "entries in the Actors panel): `index.filter` for each prefix (what `/` runs per "
                  "keystroke), the same plus making the panel's rows, the filter over every entry, "
                  "and Textual's fuzzy matcher over every entry's name (the palette's matching as "
                  "Textual's own commands do it; the app's provider may do less).", ""]
        pal = {p["prefix"]: p for p in search.get("palette", [])}
        rows = []
        for p in search["prefixes"]:
            if not p["prefix"]:
                continue
            pp = pal.get(p["prefix"], {})
            rows.append([f"`{p['prefix']}`", str(p["matches"]), ms(p["filter_s"]),
                         ms(p.get("filter_and_rows_s")), ms(p.get("filter_all_s")),
                         str(pp.get("matches", "—")), ms(pp.get("match_s"))])
        lines += _table(["prefix", "matches (Actors)", "index.filter", "filter + rows",
                         "index.filter, all entries", "fuzzy matches", "fuzzy matching"], rows)
    lines.append("")

    # ----------------------------------------------------- open-to-ready
    lines += ["## 3. Open-to-ready and memory", "",
              "*Open-to-ready*: `tui.ui.app.load_index(path)` in a fresh process (read, check and "
              "index, with the seed article attached), on a first open and reopened. *Where the "
              "time goes*: `load_index`'s direct callees under cProfile, as shares of its time. "
              "*Loading peak*: that process's `ru_maxrss` (Textual imported, as in the app). "
              "*App peak*: `VmHWM` of the running app once it is idle after its first frame.", ""]
    rows = []
    for label, t in targets.items():
        if t["kind"] == "minimal":
            continue
        runs = (results.get("load") or {}).get(label, [])
        profiled = next((r for r in runs if r.get("profile")), {})
        cold, warm = s["load"].get(label), s["load_reopen"].get(label)
        goal = "—"
        limit = (goals.get("memory_mb") or {}).get(str(t["entries"]))
        if t["kind"] == "synthetic" and limit:
            kb = s["vmhwm"].get(label)
            goal = (verdict(None if kb is None else kb / 1024, limit, unit="abs")
                    + f" (≤ {limit:.0f} MB)")
        synthetic = t["kind"] == "synthetic"
        rows.append([label, str(t["entries"]), f"{(t.get('bytes') or 0) / 1e6:.1f} MB",
                     secs(cold), secs(_per_k(cold, 0, t["entries"])) if synthetic else "—",
                     secs(warm), secs(_per_k(warm, 0, t["entries"])) if synthetic else "—",
                     _shares(profiled.get("profile")), _shares(profiled.get("profile_reopen")),
                     mb(s["load_rss"].get(label)), mb(s["vmhwm"].get(label)), goal])
    lines += _table(["briefing", "entries", "file", "first open", "per 1k", "reopened", "per 1k",
                     "where the time goes (first open)", "(reopened)", "loading peak", "app peak",
                     "memory goal"], rows)
    lines.append("")

    # --------------------------------------------------------------- save
    lines += ["## 4. Saving one edited entry", "",
              "**The store alone**: one `BriefingStore.transaction` that updates one actor's "
              "summary, on a scratch copy (lock, re-read, check, serialise, write, fsync, "
              "rename), in a fresh process, median of runs; *where the time goes*: the "
              "transaction's direct callees under cProfile.", ""]
    rows = []
    for label, t in targets.items():
        res = (results.get("save") or {}).get(label)
        if not res:
            continue
        v = s["save"].get(label)
        rows.append([label, str(t["entries"]),
                     secs(v) if "error" not in res else f"error: {res['error']}",
                     secs(_per_k(v, 0, t["entries"])) if t["kind"] == "synthetic" else "—",
                     _shares(res.get("profile"))])
    lines += _table(["briefing", "entries", "save", "per 1k", "where the time goes"], rows)
    lines.append("")
    ui_runs = results.get("ui_save") or {}
    if ui_runs:
        lines += _save_in_app(results, s, goals, targets, ui_runs)
        lines.append("")

    # -------------------------------------------------------------- bytes
    lines += ["## 5. Bytes written to the terminal", "",
              "The app in a pseudo-terminal of 120x40 (`TERM=xterm-256color`, with "
              "`COLORTERM=truecolor` or without it: 256 colours); bytes counted from a key until "
              "the output has been quiet for 0.3 s, once the screen was idle. *Full repaint*: "
              "what redrawing the whole Overview costs (the pty shrunk by a row, then measured "
              "growing back). *First frame*: everything up to the idle Overview, terminal set-up "
              "included. The goal is judged on the keystrokes within a view (`j`, a filter "
              f"character) against ~{FULL_FRAME_KB} KB; panel switches are shown against the "
              "measured repaint.", ""]
    rows = []
    for label, b in (results.get("bytes") or {}).items():
        if "error" in b:
            rows.append([label, b["error"]] + [""] * 7)
            continue
        worst = _max([b.get(k) for k in KEYSTROKE_BYTES])
        full = b.get("full_repaint")
        rows.append([label, kbytes(full), kbytes(b.get("first_frame"))]
                    + [kbytes(b.get(k)) for k in KEYSTROKE_BYTES]
                    + [verdict(worst, goals["keystroke_bytes"], unit="abs")]
                    + [f"{kbytes(b.get(k))} ({x(ratio(b.get(k), full))} a repaint)"
                       for k in SWITCH_BYTES])
    lines += _table(["briefing, colours", "full repaint", "first frame", "`j` cursor down",
                     "a filter character", f"goal (keystroke ≤ {FULL_FRAME_KB} KB)",
                     "`1` Overview→Actors", "`2` Actors→Meetings", "`1` Meetings→Actors"], rows)
    lines.append("")

    # ------------------------------------------------------------ scaling
    sizes_n = sorted(v["entries"] for v in targets.values() if v["kind"] == "synthetic")
    lines += ["## Scaling", "",
              "Cost per 1,000 entries at each size (first frames and memory over the minimal "
              "Textual app, so the fixed cost of Python and Textual is left out). Flat or falling "
              "means the cost grows no worse than linearly; the verdict compares the two largest "
              f"sizes (rising more than {goals['linear']}x counts as faster than linear).", ""]
    lines += _table(["measure", *(_size_label(n) for n in sizes_n), "verdict"],
                    [[name, *cells, word] for name, cells, word in scaling])
    lines.append("")
    if results.get("folder"):
        from benchmarks.folder import render as render_folder

        lines += [*render_folder(results["folder"]), ""]
    return "\n".join(lines)
