"""``briefing attach`` and ``briefing new`` when the disk says no: a full disk, a read-only
articles folder, an articles path that is a file. Each ends in one plain message and exit
status 1, and nothing on disk changes; ``new`` is all or nothing."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from seedfile import SEED

from tui.core.article import read_article
from tui.storage.paths import articles_dir, data_dir


def briefing(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` and its bytes (None for a folder)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def made_briefing(tmp_path: Path) -> Path:
    out = tmp_path / "b.json"
    result = briefing("new", "--from-article", SEED, "--title", "T", "--out", out)
    assert result.returncode == 0, result.stderr
    shutil.rmtree(articles_dir())  # attach has to keep it again
    return out


def one_plain_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    for word in words:
        assert word in result.stderr, result.stderr


@contextlib.contextmanager
def full_tmpfs(where: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs at ``where``, filled to the last block."""
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs",
                              str(where)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        (where / "briefing" / "articles").mkdir(parents=True)
        fd = os.open(where / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"x" * 512)
        os.close(fd)
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


@pytest.mark.usefixtures("seed_article")
def test_attach_and_new_on_a_full_disk_say_the_disk_is_full_and_change_nothing(
    tmp_path: Path,
) -> None:
    made = made_briefing(tmp_path)
    with full_tmpfs(tmp_path / "full") as disk:
        env = {"BRIEFING_DATA_DIR": str(disk / "briefing")}
        before = snapshot(disk)
        attached = briefing("attach", made, SEED, env=env)
        one_plain_line(attached, "the disk is full", "not kept")
        new = briefing("new", "--from-article", SEED, "--title", "T", "--out",
                       disk / "new.json", env=env)
        one_plain_line(new, "the disk is full")
        assert snapshot(disk) == before


@pytest.mark.usefixtures("seed_article")
def test_attach_and_new_refuse_a_read_only_articles_folder_and_change_nothing(
    tmp_path: Path,
) -> None:
    made = made_briefing(tmp_path)
    folder = articles_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    try:
        attached = briefing("attach", made, SEED)
        one_plain_line(attached, str(folder), "read-only")
        out = tmp_path / "new.json"
        new = briefing("new", "--from-article", SEED, "--title", "T", "--out", out)
        one_plain_line(new, str(folder), "read-only")
        assert list(folder.iterdir()) == [] and not out.exists()
    finally:
        folder.chmod(0o755)


@pytest.mark.usefixtures("seed_article")
def test_attach_and_new_refuse_an_articles_path_that_is_a_file(tmp_path: Path) -> None:
    made = made_briefing(tmp_path)
    articles_dir().write_text("not a folder\n", encoding="utf-8")
    before = snapshot(data_dir())
    attached = briefing("attach", made, SEED)
    one_plain_line(attached, str(articles_dir()), "is a file, not a folder")
    out = tmp_path / "new.json"
    new = briefing("new", "--from-article", SEED, "--title", "T", "--out", out)
    one_plain_line(new, str(articles_dir()), "is a file, not a folder")
    assert not out.exists() and snapshot(data_dir()) == before


@pytest.mark.usefixtures("seed_article")
def test_new_keeps_the_article_before_it_writes_the_briefing_so_a_rerun_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Killed or failing between its two writes, ``new`` leaves at most a kept article
    (found by its hash, harmless), never a briefing without its article."""
    from tui import cli
    from tui.storage import attachments, store

    writes: list[str] = []
    keep, create = attachments.keep_article, store.BriefingStore.create

    def failing_create(path: Path, document: dict) -> None:
        writes.append("briefing")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(attachments, "keep_article",
                        lambda article: writes.append("article") or keep(article))
    monkeypatch.setattr(store.BriefingStore, "create", staticmethod(failing_create))
    out = tmp_path / "new.json"
    args = ["new", "--from-article", str(SEED), "--title", "T", "--out", str(out)]
    assert cli.main(args) == 1
    assert writes == ["article", "briefing"] and not out.exists()
    assert (articles_dir() / f"{read_article(SEED).sha256}.txt").is_file()
    monkeypatch.setattr(store.BriefingStore, "create", staticmethod(create))
    assert cli.main(args) == 0 and out.is_file()



@pytest.mark.usefixtures("seed_article")
def test_attach_of_an_article_kept_already_works_in_a_read_only_folder(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    assert briefing("new", "--from-article", SEED, "--title", "T", "--out", out).returncode == 0
    folder = articles_dir()
    before = snapshot(folder)
    folder.chmod(0o555)
    try:
        attached = briefing("attach", out, SEED)
        assert (attached.returncode, attached.stderr) == (0, "")
        assert snapshot(folder) == before
    finally:
        folder.chmod(0o755)


@pytest.mark.usefixtures("seed_article")
def test_add_source_that_cannot_keep_its_article_adds_nothing_and_runs_again(
        tmp_path: Path) -> None:
    """The source is written only once its article is kept: a failure leaves the briefing as
    it was, so running it again (once the folder is fixed) adds the source, not "already"."""
    made = tmp_path / "b.json"
    assert briefing("new", "--title", "T", "--out", made).returncode == 0
    story = Path(__file__).resolve().parents[1] / "data" / "story" / "1-planned.txt"
    shutil.rmtree(articles_dir(), ignore_errors=True)
    articles_dir().parent.mkdir(parents=True, exist_ok=True)
    articles_dir().write_text("not a folder\n", encoding="utf-8")
    before = made.read_bytes()
    added = briefing("add-source", made, story)
    one_plain_line(added, str(articles_dir()), "is a file, not a folder")
    assert made.read_bytes() == before
    articles_dir().unlink()
    again = briefing("add-source", made, story)
    assert again.returncode == 0, again.stderr
    assert (articles_dir()).is_dir() and any(articles_dir().iterdir())
