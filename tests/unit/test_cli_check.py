"""`briefing check`, `new` and `attach` run as the user runs them: as a separate process."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sample_briefing import SEED, SRC, SUMMARY_COUNTS, TITLE, loc, sample_document

from tui.core.article import read_article
from tui.core.document import new_document
from tui.storage.jsonio import dumps
from tui.storage.paths import data_dir


@functools.cache
def seed_sha() -> str:
    return read_article(SEED).sha256


def briefing(cmd: str, *args: object, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", cmd, *map(str, args)],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )


def write(path: Path, doc: dict) -> Path:
    path.write_text(dumps(doc), encoding="utf-8")
    return path


def ok_line(path: Path, title: str = TITLE, counts: str = SUMMARY_COUNTS) -> str:
    return f"{path}: ok: {title!r}: {counts}, 1 source(s)\n"


@pytest.mark.usefixtures("seed_article")
def test_a_valid_file_prints_one_summary_line(tmp_path: Path) -> None:
    path = write(tmp_path / "good.json", sample_document())
    result = briefing("check", path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ok_line(path)


@pytest.mark.usefixtures("seed_article")
def test_problems_go_to_stderr_one_per_line(tmp_path: Path) -> None:
    doc = sample_document()
    doc["actors"]["1"]["kind"] = "alien"
    doc["events"]["1"]["date"] = "2025-02-30"
    doc["demands"]["1"]["by"] = ["ankara-talks"]
    path = write(tmp_path / "bad.json", doc)
    result = briefing("check", path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"{path}: actors/1.kind: 'alien' is not one of: person, organization, state, group\n"
        f"{path}: events/1.date: '2025-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n"
        f"{path}: demands/1.by[0]: 'ankara-talks' is a meeting entry, not an actor\n"
    )


@pytest.mark.usefixtures("seed_article")
def test_several_files_each_get_their_say(tmp_path: Path) -> None:
    bad_doc = sample_document()
    bad_doc["briefing"]["1"]["schema"] = 2
    good = write(tmp_path / "good.json", sample_document())
    bad = write(tmp_path / "bad.json", bad_doc)
    missing = tmp_path / "missing.json"
    result = briefing("check", bad, good, missing)
    assert result.returncode == 1
    assert result.stdout == ok_line(good)
    assert result.stderr == (
        f"{bad}: briefing/1.schema: this program reads schema 1, not 2\n"
        f"{missing}: no such file\n"
    )


@pytest.mark.usefixtures("seed_article")
def test_check_uses_an_attached_article(tmp_path: Path) -> None:
    doc = sample_document()
    doc["events"]["1"]["sources"] = [loc(1, 4)]  # paragraph 1 has only 3 sentences
    path = write(tmp_path / "b.json", doc)
    assert briefing("check", path).returncode == 0  # the counts alone allow it

    attached = briefing("attach", path, SEED)
    kept = data_dir() / "articles" / f"{seed_sha()}.txt"
    assert (attached.returncode, attached.stderr) == (0, "")
    assert attached.stdout == f"attached {SEED} to {path} as source {SRC} (kept at {kept})\n"
    assert kept.read_text(encoding="utf-8") == read_article(SEED).text

    result = briefing("check", path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"{path}: events/1.sources[0]: '{loc(1, 4)}' is past the end of the attached article\n"
    )


@pytest.mark.usefixtures("seed_article")
def test_attach_refuses_an_article_that_is_not_a_source(tmp_path: Path) -> None:
    path = write(tmp_path / "b.json", sample_document())
    other = tmp_path / "other.txt"
    other.write_text("A different article.\n", encoding="utf-8")
    other_sha = read_article(other).sha256
    result = briefing("attach", path, other)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"{other}: is not a source of this briefing: its text hashes to {other_sha[:12]}, "
        f"the briefing's sources are {SRC} ({seed_sha()[:12]})\n"
    )
    assert not (data_dir() / "articles").exists()


@pytest.mark.usefixtures("seed_article")
def test_new_writes_a_stable_valid_file(tmp_path: Path) -> None:
    out = tmp_path / "made" / "ankara.json"
    result = briefing("new", "--from-article", SEED, "--title", "Ankara talks",
                      "--source-title", "Witkoff to join talks", "--out", out)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"{out}\n"

    text = out.read_text(encoding="utf-8")
    expected = new_document(
        read_article(SEED), "Ankara talks", source_title="Witkoff to join talks"
    )
    assert text == dumps(expected)
    # Stable writes: sorted keys, two-space indent, UTF-8, one final newline.
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert json.loads(text)["sources"]["1"]["sha256"] == seed_sha()
    assert (data_dir() / "articles" / f"{seed_sha()}.txt").is_file()

    check = briefing("check", out)
    assert check.returncode == 0
    assert check.stdout == f"{out}: ok: 'Ankara talks': 0 entries (no entries), 1 source(s)\n"

    again = briefing("new", "--from-article", SEED, "--title", "Ankara talks", "--out", out)
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == f"{out}: already exists; choose another name or --out path\n"
    assert out.read_text(encoding="utf-8") == text


@pytest.mark.usefixtures("seed_article")
def test_new_defaults_to_the_briefings_folder(tmp_path: Path) -> None:
    result = briefing("new", "--from-article", SEED, "--title", "Talks in Ankara!")
    out = data_dir() / "briefings" / "talks-in-ankara.json"
    assert (result.returncode, result.stdout) == (0, f"{out}\n")
    source = json.loads(out.read_text(encoding="utf-8"))["sources"]["1"]
    assert source["title"] == SEED.stem  # no --source-title: the file's name


def test_new_refuses_an_empty_article(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    out = tmp_path / "x.json"
    result = briefing("new", "--from-article", empty, "--title", "T", "--out", out)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"{empty}: has no text to brief\n"
    assert not out.exists()
