"""The benchmarks, small: the generator makes valid, deterministic briefings and the
measuring plumbing measures what it says (no timing is asserted here)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the benchmarks are not installed with the package
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import KIND_SHARES, SEED_ARTICLE, generate, kind_counts, write_document  # noqa: E402
from tui.core.article import LOCATOR_RE, read_article  # noqa: E402
from tui.core.model import ENTRY_KINDS  # noqa: E402
from tui.core.validate import check_document  # noqa: E402

needs_seed = pytest.mark.usefixtures("seed_article")  # fails with one clear message without it
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _entries(doc: dict) -> list[tuple[str, dict]]:
    return [(kind, e) for kind in ENTRY_KINDS for e in doc[kind].values()]


@needs_seed
@pytest.mark.parametrize("n", [6, 250])
def test_generated_briefing_is_valid_has_the_count_and_every_kind(n: int) -> None:
    article = read_article(SEED_ARTICLE)
    doc = generate(n, seed=3)
    source_id = doc["sources"]["1"]["id"]
    problems, briefing = check_document(doc, {source_id: article})  # locators down to the sentence
    assert problems == []
    assert briefing is not None and len(briefing.entries) == n
    kinds = Counter(kind for kind, _ in _entries(doc))
    assert set(kinds) == set(ENTRY_KINDS)
    assert dict(kinds) == kind_counts(n)
    # Every locator lands on a sentence of the seed article.
    for _, entry in _entries(doc):
        assert entry["sources"]
        for loc in entry["sources"]:
            m = LOCATOR_RE.match(loc)
            assert m and m.group("source") == source_id
            assert article.sentence(int(m.group("p")), int(m.group("s"))) is not None


@needs_seed
def test_generated_briefing_is_shaped_like_the_real_one() -> None:
    doc = generate(1000, seed=0)
    entries = _entries(doc)
    counts = Counter(kind for kind, _ in entries)
    for kind, share in KIND_SHARES.items():
        assert abs(counts[kind] / 1000 - share) < 0.01
    actor_ids = {e["id"] for e in doc["actors"].values()}
    assert all(set(m["participants"]) <= actor_ids and m["participants"]
               for m in doc["meetings"].values())
    assert sum(1 for _, e in entries if e.get("links")) > 500
    dates = Counter(len(e["date"]) for _, e in entries if e.get("date"))
    assert set(dates) == {4, 7, 10}  # year, month and day precision
    assert any(e.get("date_text") and not e.get("date") for _, e in entries)  # only the words
    assert any(e.get("date_basis") for _, e in entries)
    assert all(e["summary"] for _, e in entries)


@needs_seed
def test_generator_is_deterministic_for_a_seed() -> None:
    assert generate(120, seed=5) == generate(120, seed=5)
    assert generate(120, seed=5) != generate(120, seed=6)
    assert json.dumps(generate(40, seed=1)) == json.dumps(generate(40, seed=1))


@needs_seed
def test_generate_command_writes_a_briefing_the_store_loads(tmp_path: Path) -> None:
    from tui.storage.store import load_briefing

    out = tmp_path / "synthetic.json"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.generate", "30", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert len(load_briefing(out).entries) == 30


def _probe(*args: str, env: dict | None = None) -> dict:
    """A probe as the runner runs it: a fresh process, one JSON object on stdout."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks.probe", *args], cwd=ROOT,
                          capture_output=True, text=True,
                          env=None if env is None else {**os.environ, **env})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@needs_seed
def test_probes_load_search_and_save(tmp_path: Path) -> None:
    from tui.storage.store import load_briefing

    path = tmp_path / "b.json"
    write_document(generate(80, seed=2), path)
    loaded = _probe("load", str(path), "--profile")
    assert loaded["entries"] == 80 and loaded["load_s"] > 0 and loaded["maxrss_kb"] > 0
    # Named module:function (a built-in by its own name, e.g. ``built-in method gc.freeze``).
    assert loaded["profile"] and all(":" in p["function"] or p["function"].startswith("built-in")
                                     for p in loaded["profile"])
    searched = _probe("search", str(path), "auto")
    assert searched["query"] and len(searched["prefixes"]) == len(searched["query"]) + 1
    assert searched["prefixes"][0]["matches"] == kind_counts(80)["actors"]
    saved = _probe("save", str(path), "--repeat", "2")
    assert len(saved["save_s"]) == 2 and all(t > 0 for t in saved["save_s"])
    assert load_briefing(path).entries[0].data["summary"] == "Edited by the benchmark (1)."
    # Where the time goes is named by module, never by a machine's absolute path.
    functions = [p["function"] for p in loaded["profile"] + saved["profile"]]
    assert functions and not any(f.startswith("/") or str(ROOT) in f for f in functions)


@needs_seed
def test_ui_save_probe_saves_through_the_app_and_times_its_loop(tmp_path: Path) -> None:
    from benchmarks.run import make_env
    from tui.storage.store import load_briefing

    path = tmp_path / "b.json"
    write_document(generate(50, seed=7), path)
    before = path.read_bytes()
    # As the runner runs it: a fresh process with the benchmark's own folders.
    result = _probe("ui-save", str(path), "--settle", "0.2", "--tail", "0.1",
                    env=make_env(tmp_path / "env"))
    assert "error" not in result, result.get("error")
    assert result["entries"] == 50 and result["message"].startswith("Saved")
    assert result["saved_s"] > 0 and result["quiet_s"] >= result["saved_s"]
    assert set(result["phases"]) == {"write", "index", "refresh"}
    assert all(v > 0 for v in result["phases"].values())
    for loop in (result["busy"], result["idle"]):
        assert loop["window_s"] > 0 and loop["ticks"] > 0
        assert loop["max_gap_s"] > 0 and loop["p95_gap_s"] > 0 and loop["blocked_s"] >= 0
    assert result["busy"]["blocked_to_saved_s"] <= result["busy"]["blocked_s"]
    assert result["longest_in"] in ("write", "index", "refresh", "after", "other")
    assert result["vmhwm_after_kb"] >= result["vmhwm_before_kb"] > 0
    # The file on disk really changed: the first actor has the new summary.
    assert result["on_disk"] and path.read_bytes() != before
    edited = {e.id: e for e in load_briefing(path).entries}[result["entry"]]
    assert edited.kind == "actors" and edited.data["summary"] == result["summary"]


@needs_seed
@needs_tmux
def test_first_frame_waits_for_the_loaded_counts(tmp_path: Path) -> None:
    from benchmarks.harness import TmuxPane, wait_for
    from benchmarks.run import (
        BASELINES,
        COLS,
        FIRST_FRAME_TIMEOUT,
        ROWS,
        Target,
        _briefing_target,
        first_frame,
    )

    path = tmp_path / "tiny.json"
    write_document(generate(40, seed=4), path)
    target = _briefing_target("tiny", "synthetic", path)
    assert target.actors == kind_counts(40)["actors"]
    with TmuxPane(COLS, ROWS, cwd=ROOT) as pane:
        # Quick: the first frame only (no help asked for, no wait for the CPU to go idle).
        result = first_frame(pane, target, quick=True)
        assert result["seconds"] is not None and result["seconds"] > 0
        # What it saw was the Overview's count line with this briefing's number of actors.
        assert re.fullmatch(rf"1\s+Actors\s+{target.actors}", result["count_line"])
        assert result["vmhwm_kb"] and result["vmhwm_kb"] > 0
        # A count the briefing does not have is never taken for a first frame: waiting for
        # either count, the one that shows is the briefing's own (and the wrong one never).
        wrong = re.compile(rf"^\s*1\s+Actors\s+{target.actors + 1}\s*$", re.M)
        right = re.compile(rf"^\s*1\s+Actors\s+{target.actors}\s*$", re.M)
        pane.idle()
        started = pane.respawn(target.argv)
        shown = wait_for(pane, started, lambda s: bool(wrong.search(s) or right.search(s)),
                         timeout=FIRST_FRAME_TIMEOUT)
        assert shown.elapsed is not None and not wrong.search(shown.screen)
        assert re.search(rf"Actors\s+{target.actors}\b", shown.screen)
        # The minimal app is timed the same way, until its one word shows.
        minimal = Target("minimal", "minimal", [sys.executable, str(BASELINES / "minimal_app.py")])
        assert first_frame(pane, minimal, quick=True)["seconds"] > 0


@needs_tmux
def test_keystroke_measurement_waits_for_the_echo() -> None:
    from benchmarks.harness import TmuxPane
    from benchmarks.run import COLS, ROWS, keystrokes_baseline

    with TmuxPane(COLS, ROWS, cwd=ROOT) as pane:
        result = keystrokes_baseline(pane, "ab", rounds=1)
    typed = result["typing"]
    assert [k["key"] for k in typed] == ["a", "b"]
    assert all(k["last"] is not None and k["last"] > 0 and not k["timed_out"] for k in typed)


def test_report_renders_every_section_from_partial_results() -> None:
    from benchmarks.report import render

    results = {
        "machine": {"cpu": "test cpu", "cores": 2, "ram_gb": 4.0, "python": "3.11",
                    "textual": "8.2.8"},
        "sizes": [1000], "repeat": 1, "terminal": "120x40", "goals": {},
        "targets": {"minimal Textual app": {"kind": "minimal", "entries": 0, "actors": 0,
                                            "bytes": None},
                    "synthetic 1k": {"kind": "synthetic", "entries": 1000, "actors": 450,
                                     "bytes": 1}},
        "first_frame": {"minimal Textual app": [{"seconds": 0.2}],
                        "synthetic 1k": [{"seconds": 0.3}]},
        "save": {"synthetic 1k": {"save_s": [0.04]}},
        "ui_save": {"synthetic 1k": [
            {"saved_s": 0.1, "phases": {"write": 0.05, "index": 0.04, "refresh": 0.002},
             "busy": {"blocked_s": 0.08, "blocked_to_saved_s": 0.02, "window_s": 0.6},
             "idle": {"blocked_s": 0.001}, "longest_in": "after", "on_disk": True,
             "vmhwm_before_kb": 40000, "vmhwm_after_kb": 50000},
            {"error": ["a run that failed"]}]},
    }
    text = render(results)
    for heading in ("## Goals", "## 1. First frame", "## 3. Open-to-ready", "## 4. Saving",
                    "## 5. Bytes", "## Scaling"):
        assert heading in text
    assert "1.50x" in text  # 0.3 s against 0.2 s
    # The save goal is judged on the longest stall in the app (80 ms against 50 ms).
    save_goal = next(line for line in text.splitlines() if line.startswith("| No save blocks"))
    assert "1k 80.0 ms" in save_goal and "✗ 1k 1.6x the goal" in save_goal
    assert "1 of 2 runs failed" in text
    assert "no save in the UI yet" not in text


@needs_seed
def test_the_folder_benchmark_makes_valid_briefings_and_its_probe_asks_every_query(
        tmp_path: Path) -> None:
    from benchmarks.folder import QUERIES, generate_folder, probe_index, render
    from tui.storage.store import read_document

    folder = tmp_path / "team"
    generate_folder(folder, count=3, entries=12)
    assert sorted(p.name for p in folder.iterdir()) == ["b0000.json", "b0001.json", "b0002.json"]
    article = read_article(SEED_ARTICLE)
    for i, path in enumerate(sorted(folder.iterdir())):
        doc = read_document(path)
        problems, briefing = check_document(doc, {doc["sources"]["1"]["id"]: article})
        assert problems == [] and briefing is not None and len(briefing.entries) == 12
        assert briefing.title == f"Synthetic briefing {i:04d}"
    probe = probe_index(folder, repeat=1)
    assert probe["files"] == 3 and probe["index_bytes"] > 0
    assert list(probe["search"]) == list(QUERIES)
    assert probe["search"]["zz"]["hits"] == 0  # no generated word starts with "zz"
    frames = {k: [1.0] for k in ("minimal", "listed_first_open", "whole_first_open",
                                 "listed_reopened", "whole_reopened")}
    report = "\n".join(render({"count": 3, "entries": 12, "bytes": 1, "index": probe,
                               "first_frame": frames}))
    assert "3 briefings of 12 entries" in report and "| `koval` |" in report


async def test_the_first_frames_help_marker_is_on_the_apps_help_screen() -> None:
    # The benchmark times `?` until this text shows; a marker the help no longer shows made
    # every first-frame run wait out its timeout.
    from apphelpers import attach_seed, running
    from textual.widgets import Static

    from benchmarks.run import HELP_MARKER

    attach_seed()
    async with running() as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = " ".join(str(w.render()) for w in pilot.app.screen.query(Static))
        assert HELP_MARKER in shown
