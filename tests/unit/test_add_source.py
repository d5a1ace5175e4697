"""A briefing that follows a story: ``briefing new`` with no article, then ``add-source``
for each report, every source made as ``new`` makes one and refused when it is a repeat.

The story in ``tests/data/story`` is made up for these tests: a meeting planned, moved and
held; a cost revised; an offer on which the two sides disagree; relative dates in each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tui.core.article import read_article
from tui.core.document import new_document
from tui.storage.attachments import article_path

STORY = Path(__file__).resolve().parents[1] / "data" / "story"
REPORTS = [  # file, title, published
    ("1-planned.txt", "Velmar dock strike: talks set", "2026-03-02"),
    ("2-moved.txt", "Velmar talks moved to Friday", "2026-03-04"),
    ("3-held.txt", "Velmar talks held, offer disputed", "2026-03-07"),
]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)], capture_output=True,
                          text=True, env=os.environ.copy(), timeout=60)


def _story(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "velmar.json"
    made = run("new", "--title", "Velmar dock strike", "--out", path)
    assert made.returncode == 0, made.stderr
    ids = []
    for name, title, published in REPORTS:
        added = run("add-source", path, STORY / name, "--title", title, "--publisher",
                    "Velmar Courier", "--published", published, "--reliability", "B")
        assert added.returncode == 0, added.stderr
        ids.append(added.stdout.strip())
    return path, ids


def test_new_without_an_article_makes_an_empty_valid_briefing(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    made = run("new", "--title", "Velmar dock strike", "--out", path)
    assert made.returncode == 0 and made.stdout.strip() == str(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["sources"] == {} and document["briefing"]["1"]["id"] == "velmar-dock-strike"
    check = run("check", path)
    assert check.returncode == 0 and "0 entries" in check.stdout and "0 source(s)" in check.stdout


def test_add_source_appends_records_made_as_new_makes_them_and_attaches_each(
        tmp_path: Path) -> None:
    path, ids = _story(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    sources = document["sources"]
    assert sorted(sources) == ["1", "2", "3"]
    for doc_id, (name, title, published) in zip(("1", "2", "3"), REPORTS, strict=True):
        article = read_article(STORY / name)
        expected = new_document(article, "x", source_title=title, publisher="Velmar Courier",
                                published=published)["sources"]["1"]
        assert sources[doc_id] == {**expected, "reliability": "B"}
        assert sources[doc_id]["id"] == ids[int(doc_id) - 1] == f"src-{article.sha256[:8]}"
        assert article_path(article.sha256).read_text(encoding="utf-8") == article.text
    check = run("check", path)
    assert check.returncode == 0 and "3 source(s)" in check.stdout


def test_add_source_refuses_a_repeat_a_bad_date_and_a_bad_grade_and_writes_nothing(
        tmp_path: Path) -> None:
    path, _ = _story(tmp_path)
    before = path.read_bytes()
    again = run("add-source", path, STORY / "2-moved.txt")
    assert again.returncode == 1
    assert again.stderr.strip().startswith(f"{path}: not added: this article is already source")
    other = tmp_path / "other.txt"
    other.write_text("Another report on the strike.\n", encoding="utf-8")
    bad_date = run("add-source", path, other, "--published", "2026-02-30")
    assert bad_date.returncode == 1
    assert bad_date.stderr.strip() == (
        f"{path}: sources/4.published: '2026-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    bad_grade = run("add-source", path, other, "--reliability", "G")
    assert bad_grade.returncode == 2 and "invalid choice: 'G'" in bad_grade.stderr
    missing = run("add-source", path, tmp_path / "nope.txt")
    assert missing.returncode == 1 and missing.stderr.strip().endswith("no such article file")
    assert path.read_bytes() == before
