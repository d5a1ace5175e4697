"""The briefing as it stood at a source or a date: only what the sources known by then
support, so a reader can see what was known when (``export --as-of-source N``, ``--as-of``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from story_briefing import build_story

from tui.core.accounts import disputes_of
from tui.core.as_of import as_stood, cut_at_date, cut_at_source, index_as_stood
from tui.storage.loader import load_index


def _export(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "export", *map(str, args)],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=60)


def test_as_of_source_2_hides_what_only_source_3_supports(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    index = load_index(path)
    cut = cut_at_source(index.briefing, 2)
    assert cut.label == "as of source 2 (4 Mar 2026)"
    then = index_as_stood(index, cut)
    assert then.get("second-round") is None  # the second round is news of source 3
    assert [s.id for s in then.briefing.sources] == ids[:2]
    talks = then.get("velmar-talks")
    assert talks is not None and talks.get("sources") == [f"{ids[0]}#p2.s1", f"{ids[1]}#p1.s1"]
    pay = then.get("pay-raise")
    assert pay is not None and disputes_of(pay) == []  # the union's 4 percent came with 3
    assert all(loc.rpartition("#")[0] in ids[:2] for e in then.briefing.entries
               for loc in e.get("sources"))
    later = index_as_stood(index, cut_at_source(index.briefing, 3))
    assert later.get("second-round") is not None and disputes_of(later.get("pay-raise"))


def test_as_of_a_date_knows_the_sources_published_by_then(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    briefing = load_index(path).briefing
    assert cut_at_date(briefing, "2026-03-05").known == frozenset(ids[:2])
    assert cut_at_date(briefing, "2026-03-01").known == frozenset()
    assert cut_at_date(briefing, "2026-03").known == frozenset()  # 2026-03-02 is later
    with pytest.raises(ValueError, match="'2026-02-30' is not a date"):
        cut_at_date(briefing, "2026-02-30")


def test_a_cut_leaves_the_briefing_it_was_made_from_unchanged(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    briefing = load_index(path).briefing
    before = json.dumps([e.data for e in briefing.entries], sort_keys=True)
    as_stood(briefing, cut_at_source(briefing, 1))
    assert json.dumps([e.data for e in briefing.entries], sort_keys=True) == before


def test_export_as_of_source_2_says_so_and_leaves_out_source_3(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path)
    now = _export(path, "--full")
    assert now.returncode == 0 and "Second round of talks" in now.stdout
    then = _export(path, "--full", "--as-of-source", "2")
    assert then.returncode == 0, then.stderr
    assert "as of source 2 (4 Mar 2026)" in then.stdout
    assert "Second round of talks" not in then.stdout and "Disputed" not in then.stdout
    assert ids[2] not in then.stdout
    by_date = _export(path, "--full", "--as-of", "2026-03-04")
    assert by_date.returncode == 0 and "Second round of talks" not in by_date.stdout


def test_export_as_of_a_source_that_is_not_there_says_so_and_writes_nothing(
        tmp_path: Path) -> None:
    path, _ = build_story(tmp_path)
    out = tmp_path / "out.md"
    result = _export(path, "--as-of-source", "4", "--out", out)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        f"{path}: --as-of-source: there is no source 4 (the briefing's sources: 1 to 3)")
    assert not out.exists()
    bad_date = _export(path, "--as-of", "next week")
    assert bad_date.returncode == 1
    assert bad_date.stderr.strip() == (
        f"{path}: --as-of: 'next week' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def test_the_bottom_line_is_kept_only_when_every_sentence_it_cites_is_known(
        tmp_path: Path) -> None:
    from dataclasses import replace

    path, ids = build_story(tmp_path)
    briefing = load_index(path).briefing
    meta = {**briefing.meta, "bluf": ["Talks held; the offer is disputed."],
            "bluf_sources": [f"{ids[2]}#p1.s1"], "summary": "A nine-day strike.",
            "summary_sources": [f"{ids[0]}#p1.s1"]}
    briefing = replace(briefing, meta=meta)
    then = as_stood(briefing, cut_at_source(briefing, 2)).meta
    assert "bluf" not in then and "bluf_sources" not in then
    assert then["summary"] == "A nine-day strike."
    assert then["as_of"] == "2026-03-04" and then["as_of_basis"].startswith("as of source 2")
    assert as_stood(briefing, cut_at_source(briefing, 3)).meta["bluf"] == meta["bluf"]
