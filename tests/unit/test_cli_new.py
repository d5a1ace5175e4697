"""``briefing new`` and ``briefing attach`` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from apphelpers import SEED

from tui.storage.paths import articles_dir, briefings_dir, default_briefing


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          env=os.environ.copy())


@pytest.mark.usefixtures("seed_article")
def test_bundled_source_record_is_what_new_makes_for_the_seed(tmp_path: Path) -> None:
    bundled = json.loads(default_briefing().read_text(encoding="utf-8"))
    source = bundled["sources"]["1"]
    out = tmp_path / "new.json"
    result = run("new", "--from-article", str(SEED), "--title", bundled["briefing"]["1"]["title"],
                 "--source-title", source["title"], "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    made = json.loads(out.read_text(encoding="utf-8"))
    assert made["sources"]["1"] == source
    assert made["briefing"]["1"]["id"] == bundled["briefing"]["1"]["id"]
    # the new briefing is valid, empty, and its article is attached
    check = run("check", str(out))
    assert check.returncode == 0 and "0 entries" in check.stdout
    assert (articles_dir() / f"{source['sha256']}.txt").is_file()


@pytest.mark.usefixtures("seed_article")
def test_new_goes_to_the_briefings_folder_and_never_overwrites() -> None:
    first = run("new", "--from-article", str(SEED), "--title", "Talks in Ankara")
    assert first.returncode == 0, first.stderr
    path = Path(first.stdout.strip())
    assert path == briefings_dir() / "talks-in-ankara.json" and path.is_file()
    before = path.read_bytes()
    again = run("new", "--from-article", str(SEED), "--title", "Talks in Ankara")
    assert again.returncode == 1
    assert again.stderr.strip() == f"{path}: already exists; choose another name or --out path"
    assert path.read_bytes() == before


def test_new_from_an_empty_or_missing_article_fails_clearly(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    result = run("new", "--from-article", str(empty), "--title", "x",
                 "--out", str(tmp_path / "x.json"))
    assert result.returncode == 1 and result.stderr.strip() == f"{empty}: has no text to brief"
    missing = tmp_path / "missing.txt"
    result = run("new", "--from-article", str(missing), "--title", "x")
    assert result.returncode == 1 and result.stderr.strip() == f"{missing}: no such article file"
    assert not (tmp_path / "x.json").exists()


@pytest.mark.usefixtures("seed_article")
def test_attach_keeps_the_article_by_hash_and_refuses_a_stranger(tmp_path: Path) -> None:
    result = run("attach", str(default_briefing()), str(SEED))
    assert result.returncode == 0, result.stderr
    kept = list(articles_dir().glob("*.txt"))
    assert len(kept) == 1 and kept[0].stem == json.loads(
        default_briefing().read_text(encoding="utf-8"))["sources"]["1"]["sha256"]
    other = tmp_path / "other.txt"
    other.write_text("A different story. Nothing to see.\n", encoding="utf-8")
    result = run("attach", str(default_briefing()), str(other))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{other}: is not a source of this briefing")
    assert len(list(articles_dir().glob("*.txt"))) == 1


@pytest.mark.usefixtures("seed_article")
def test_check_uses_the_attached_article_to_check_every_locator(tmp_path: Path) -> None:
    doc = json.loads(default_briefing().read_text(encoding="utf-8"))
    # p3.s4 is within the source's counts (8 paragraphs, 18 sentences) but paragraph 3
    # has only three sentences: only the attached article can tell.
    doc["actors"]["1"]["sources"] = ["src-b3e3d252#p3.s4"]
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert run("check", str(path)).returncode == 0
    assert run("attach", str(path), str(SEED)).returncode == 0
    result = run("check", str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{path}: actors/1.sources[0]: 'src-b3e3d252#p3.s4' is past the end of the attached article"
    )


def test_help_lists_every_command_and_version_prints() -> None:
    import argparse

    from tui import __version__
    from tui.cli import _parser

    # Every command the parser has, so a new one cannot be left out of the help.
    (sub,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    commands = list(sub.choices)
    assert {"open", "check", "new", "attach", "export"} <= set(commands)
    help_text = run("--help").stdout
    for command in commands:
        assert f"    {command}" in help_text, help_text
    assert run("--version").stdout.strip() == f"briefing {__version__}"


@pytest.mark.usefixtures("seed_article")
def test_attach_repairs_a_damaged_kept_article() -> None:
    assert run("attach", str(default_briefing()), str(SEED)).returncode == 0
    (kept,) = list(articles_dir().glob("*.txt"))
    good = kept.read_bytes()
    kept.write_bytes(good[: len(good) // 2])
    assert run("attach", str(default_briefing()), str(SEED)).returncode == 0
    assert kept.read_bytes() == good


def test_a_malformed_change_log_is_reported_by_check(tmp_path: Path) -> None:
    doc = json.loads(default_briefing().read_text(encoding="utf-8"))
    doc["changes"] = {"1": 5}
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{path}: changes/1: document must be an object, not a number"


def test_new_refuses_an_id_that_is_not_an_id_and_writes_nothing() -> None:
    before = sorted(p.name for p in briefings_dir().glob("*")) if briefings_dir().is_dir() else []
    for bad in ("../../../../../x", "a\x1bb", "a/b", ".hidden", "x" * 129):
        result = run("new", "--from-article", str(SEED), "--title", "T", "--id", bad)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("--id: ") and "is not an id" in lines[0]
        assert "\x1b" not in result.stderr
    after = sorted(p.name for p in briefings_dir().glob("*")) if briefings_dir().is_dir() else []
    assert after == before


def test_help_of_each_command_describes_its_arguments() -> None:
    top = run("--help").stdout
    assert "briefing [PATH] [--read-only]" in top
    check = " ".join(run("check", "--help").stdout.split())
    assert check.startswith("usage: briefing check [-h] FILE [FILE ...]")
    assert "FILE: place: what is wrong" in check
    attach = " ".join(run("attach", "--help").stdout.split())
    assert "the briefing file that cites the article" in attach
    assert "the article's text file" in attach
