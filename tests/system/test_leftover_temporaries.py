"""A CLI export or attach killed mid-write (SIGKILL at the moment it would rename its
finished temporary into place) leaves a temporary behind; the next run of the same command
removes it, and nothing else; a temporary whose writer still holds the folder's lock is
never removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from seedfile import SEED

from tui.core.article import read_article
from tui.storage.paths import articles_dir, default_briefing

# The command, killed by SIGKILL where its atomic write would rename the temporary.
# (Other renames, such as the load cache's, go ahead.)
KILLED_AT_RENAME = """
import os, signal, sys
from tui import cli
rename = os.replace
def killed(src, dst):
    if os.path.basename(dst) == os.environ["KILL_AT_RENAME_TO"]:
        os.kill(os.getpid(), signal.SIGKILL)
    rename(src, dst)
os.replace = killed
sys.exit(cli.main(sys.argv[1:]))
"""


def briefing(*args: object, killed_at: Path | None = None) -> subprocess.CompletedProcess[str]:
    head = ["-c", KILLED_AT_RENAME] if killed_at else ["-m", "tui"]
    env = {**os.environ, "KILL_AT_RENAME_TO": killed_at.name if killed_at else ""}
    return subprocess.run([sys.executable, *head, *map(str, args)], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL, env=env)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def test_a_killed_export_leaves_a_temporary_that_the_next_export_removes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "one-pager.md"
    decoys = [tmp_path / ".other.md.tmp-0123456789ab", tmp_path / ".one-pager.md.tmp-x"]
    for decoy in decoys:
        decoy.write_text("not this export's\n", encoding="utf-8")
    killed = briefing("export", default_briefing(), "--out", out, killed_at=out)
    assert killed.returncode == -signal.SIGKILL
    left = [n for n in temporaries(tmp_path) if n.startswith(".one-pager.md.tmp-")]
    assert len(left) == 2 and not out.exists()  # the killed export's, and a decoy
    again = briefing("export", default_briefing(), "--out", out)
    assert again.returncode == 0, again.stderr
    assert out.read_text(encoding="utf-8").startswith("# Ankara peace talks")
    assert temporaries(tmp_path) == sorted(d.name for d in decoys)  # only the decoys stay


@pytest.mark.usefixtures("seed_article")
def test_a_killed_attach_leaves_a_temporary_that_the_next_attach_removes(
    tmp_path: Path,
) -> None:
    made = tmp_path / "b.json"
    assert briefing("new", "--from-article", SEED, "--title", "T", "--out", made).returncode == 0
    kept = articles_dir() / f"{read_article(SEED).sha256}.txt"
    kept.unlink()
    killed = briefing("attach", made, SEED, killed_at=kept)
    assert killed.returncode == -signal.SIGKILL
    assert len(temporaries(articles_dir())) == 1 and not kept.exists()
    foreign = articles_dir() / ".notes.txt.tmp-0123456789ab"
    foreign.write_text("someone else's\n", encoding="utf-8")
    again = briefing("attach", made, SEED)
    assert again.returncode == 0, again.stderr
    assert kept.read_text(encoding="utf-8") == read_article(SEED).text
    assert temporaries(articles_dir()) == [foreign.name]


def test_leftovers_are_removed_only_when_they_are_regular_files_of_the_user(
    tmp_path: Path,
) -> None:
    from tui.storage.leftovers import is_temp_of, remove_leftovers

    target = tmp_path / "b[1].md"
    ours = tmp_path / ".b[1].md.tmp-0123456789ab"
    ours.write_text("left\n", encoding="utf-8")
    fifo = tmp_path / ".b[1].md.tmp-aaaaaaaaaaaa"
    os.mkfifo(fifo)
    link = tmp_path / ".b[1].md.tmp-bbbbbbbbbbbb"
    link.symlink_to(ours)
    other = tmp_path / ".b1.md.tmp-0123456789ab"  # another file's: no glob
    other.write_text("b1's\n", encoding="utf-8")
    assert remove_leftovers(tmp_path, is_temp_of(target)) == 1
    assert not ours.exists() and fifo.exists() and link.is_symlink() and other.exists()


def _waits_for_a_lock(process: subprocess.Popen[str]) -> bool:
    """True once ``process`` sleeps in the kernel waiting for a ``flock``."""
    for _ in range(3000):
        if process.poll() is not None:
            return False
        try:
            wchan = Path(f"/proc/{process.pid}/wchan").read_text(encoding="ascii")
        except OSError:
            wchan = ""
        if "lock" in wchan:
            return True
        time.sleep(0.01)
    return False


def test_an_export_never_removes_the_temporary_of_a_writer_still_at_work(
    tmp_path: Path,
) -> None:
    from tui.storage.locking import locked_folder

    out = tmp_path / "one-pager.md"
    live = tmp_path / ".one-pager.md.tmp-0123456789ab"
    with locked_folder(tmp_path):  # this test is the writer, its temporary half written
        live.write_text("half a one-pager", encoding="utf-8")
        export = subprocess.Popen(
            [sys.executable, "-m", "tui", "export", str(default_briefing()), "--out", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        try:
            assert _waits_for_a_lock(export)
            assert live.read_text(encoding="utf-8") == "half a one-pager" and not out.exists()
        except BaseException:
            export.kill()
            raise
    _, err = export.communicate(timeout=60)  # the writer is gone: now it is a leftover
    assert export.returncode == 0, err
    assert out.is_file() and not live.exists()


@pytest.mark.usefixtures("seed_article")
def test_a_new_killed_while_keeping_its_article_leaves_no_briefing_and_runs_again(
    tmp_path: Path,
) -> None:
    out = tmp_path / "b.json"
    kept = articles_dir() / f"{read_article(SEED).sha256}.txt"
    args = ("new", "--from-article", SEED, "--title", "T", "--out", out)
    killed = briefing(*args, killed_at=kept)
    assert killed.returncode == -signal.SIGKILL
    assert not out.exists() and not kept.exists()
    again = briefing(*args)
    assert again.returncode == 0, again.stderr
    assert out.is_file() and kept.is_file() and temporaries(articles_dir()) == []
