"""Kept articles and articles to attach are read only as regular files of at most 16 MiB:
a link to a huge sparse file, a FIFO or /dev/zero gives one message (or is replaced by the
real article), and never a hang or a process that balloons. Each command runs in a child
process with 1 GiB of memory at most and a minute to finish, so a failure here fails the
test and not the machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from seedfile import SEED

from tui.storage.attachments import attached_articles
from tui.storage.paths import articles_dir, data_dir, default_briefing
from tui.storage.store import load_briefing


def _briefing(args: list[str]) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=60, preexec_fn=limit, env=dict(os.environ))


def _kept_path() -> Path:
    articles_dir().mkdir(parents=True, exist_ok=True)
    return articles_dir() / f"{load_briefing(default_briefing()).sources[0].sha256}.txt"


def _sparse(tmp_path: Path) -> Path:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(1 << 30)  # 1 GiB, no blocks on disk
    return big


def test_check_names_a_kept_article_linked_to_a_huge_sparse_file_and_reads_none_of_it(
    tmp_path: Path,
) -> None:
    kept = _kept_path()
    kept.symlink_to(_sparse(tmp_path))
    done = _briefing(["check", str(default_briefing())])
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert str(kept) in line and "symbolic link" in line


def test_check_names_a_kept_article_that_is_a_fifo_and_does_not_wait_on_it() -> None:
    kept = _kept_path()
    os.mkfifo(kept)
    done = _briefing(["check", str(default_briefing())])
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert str(kept) in line and "not a regular file" in line


def test_export_leaves_out_a_kept_article_linked_to_a_huge_sparse_file_without_reading_it(
    tmp_path: Path,
) -> None:
    _kept_path().symlink_to(_sparse(tmp_path))
    done = _briefing(["export", str(default_briefing())])
    plain = subprocess.run([sys.executable, "-m", "tui", "export", str(default_briefing())],
                           capture_output=True, text=True, timeout=60,
                           env={**os.environ, "BRIEFING_DATA_DIR": str(tmp_path / "empty")})
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == plain.stdout  # exactly the export with no article attached


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link", "sparse-link"])
def test_attach_replaces_a_kept_article_that_is_a_fifo_or_a_link_with_the_real_text(
    tmp_path: Path, kind: str,
) -> None:
    kept = _kept_path()
    big = _sparse(tmp_path) if kind == "sparse-link" else None
    if kind == "fifo":
        os.mkfifo(kept)
    else:
        kept.symlink_to(big or "/dev/zero")
    done = _briefing(["attach", str(default_briefing()), str(SEED)])
    assert (done.returncode, done.stderr) == (0, "")
    assert kept.is_file() and not kept.is_symlink()
    briefing = load_briefing(default_briefing())
    assert set(attached_articles(briefing)) == {briefing.sources[0].id}  # the intact text
    if big is not None:
        assert big.stat().st_size == 1 << 30 and big.stat().st_blocks == 0  # not written


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link", "sparse-link"])
def test_attach_refuses_an_article_to_attach_that_is_a_fifo_dev_zero_or_huge_in_one_line(
    tmp_path: Path, kind: str,
) -> None:
    given = tmp_path / "article.txt"
    if kind == "fifo":
        os.mkfifo(given)
        why = "not a regular file"
    elif kind == "dev-zero-link":
        given.symlink_to("/dev/zero")
        why = "not a regular file"
    else:
        given.symlink_to(_sparse(tmp_path))
        why = "too large"
    done = _briefing(["attach", str(default_briefing()), str(given)])
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{given}: ") and why in line
    assert not articles_dir().exists() or list(articles_dir().iterdir()) == []


@pytest.mark.usefixtures("seed_article")
def test_attach_refuses_an_articles_folder_that_is_a_link_and_writes_nothing_there(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_dir().mkdir(parents=True, exist_ok=True)
    articles_dir().symlink_to(elsewhere)
    done = _briefing(["attach", str(default_briefing()), str(SEED)])
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{articles_dir()}: ") and "symbolic link" in line
    assert list(elsewhere.iterdir()) == []
