"""Bad briefing files: each gives one exact message and is never changed by being read.

The files live in tests/data/bad/; those that cannot be kept in a repository (a huge
file, a FIFO, a symbolic link, a folder) are made at run time. Each file is checked from a
copy in the test's own folder, so nothing a check might leave behind lands in the
repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sample_briefing import sample_document

import tui.storage.jsonio
from tui.cli import main
from tui.core.errors import BriefingError, InvalidBriefing
from tui.storage.jsonio import dumps
from tui.storage.store import BriefingStore

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"

NOT_UTF8 = "line 19 column 21: not valid UTF-8 text"

# file -> what `briefing check FILE` prints, each line without the leading "FILE: ".
EXPECTED: dict[str, list[str]] = {
    "malformed.json": [
        "line 3 column 58: not valid JSON: Expecting property name enclosed in double quotes"
    ],
    "truncated.json": ["line 19 column 16: not valid JSON: Unterminated string starting at"],
    "empty.json": ["empty file"],
    "blank.json": ["empty file"],
    "invalid-utf8.json": [NOT_UTF8],
    "bom-invalid-utf8.json": [NOT_UTF8],  # the BOM does not shift the column
    "top-level-list.json": ["(top level): must be an object of tables, not a list"],
    "wrong-types.json": [
        "sources/1.paragraphs: must be a whole number of zero or more",
        "actors/1.name: must be text, not a number",
        "actors/1.kind: 'alien' is not one of: person, organization, state, group",
        "actors/1.tags: must be a list, not text",
    ],
    "missing-fields.json": [
        "briefing/1.title: missing",
        "actors/1.name: missing",
        "events/1.sources: missing",
    ],
    "dangling-refs.json": [
        "actors/1.sources[0]: 'elsewhere#p1.s1' names no source of this briefing",
        "events/1.links[1]: no entry has the id 'ghost'",
    ],
    "duplicate-ids.json": ["events/1.id: 'ankara-talks' is already used by actors/2"],
    "wrong-schema.json": ["briefing/1.schema: this program reads schema 1, not 2"],
    "duplicate-keys.json": ["line 5 column 7: duplicate key 'id'"],
    "nan.json": ["line 41 column 18: NaN is not allowed in a briefing (JSON has no such number)"],
    "big-number.json": ["line 41 column 18: the number 1e400 is too large"],
    "lone-surrogate.json": [
        "line 34 column 33: \\ud83d is half of a UTF-16 surrogate pair, not a character"
    ],
    "deep.json": ["line 2 column 74: nested more than 64 levels deep"],
}
# Loads fine: a byte-order mark is allowed.
GOOD = {"bom.json": "ok: 'Bad files': 2 entries (1 actors, 1 events), 1 source(s)"}


def run_check(*paths: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "check", *map(str, paths)],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )


def fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    """The file's bytes and mtime, and what its folder holds (no lock or temp left behind)."""
    return path.read_bytes(), os.stat(path).st_mtime_ns, sorted(os.listdir(path.parent))


def copy_bad(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir(exist_ok=True)
    target = folder / name
    shutil.copy2(BAD / name, target)
    return target


def error_lines(err: BriefingError) -> list[str]:
    return err.lines() if isinstance(err, InvalidBriefing) else [str(err)]


def test_every_bad_file_is_in_the_table() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted([*EXPECTED, *GOOD])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_reports_the_bad_file(name: str, tmp_path: Path) -> None:
    path = copy_bad(name, tmp_path)
    before = fingerprint(path)
    result = run_check(path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{path}: {line}" for line in EXPECTED[name]]
    assert fingerprint(path) == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loading_the_bad_file_raises_the_same_message(name: str, tmp_path: Path) -> None:
    path = copy_bad(name, tmp_path)
    before = fingerprint(path)
    with pytest.raises(BriefingError) as info:
        BriefingStore(path).load()
    assert error_lines(info.value) == [f"{path}: {line}" for line in EXPECTED[name]]
    assert fingerprint(path) == before


@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_bom_prefixed_file_loads(name: str, tmp_path: Path) -> None:
    path = copy_bad(name, tmp_path)
    before = fingerprint(path)
    result = run_check(path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"{path}: {GOOD[name]}\n"
    assert BriefingStore(path).load().title == "Bad files"
    assert fingerprint(path) == before


def test_check_goes_on_past_bad_files(tmp_path: Path) -> None:
    names = sorted([*EXPECTED, *GOOD])
    paths = [copy_bad(name, tmp_path) for name in names]
    result = run_check(*paths)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{path}: {line}" for path in paths for line in EXPECTED.get(path.name, [])
    ]
    assert result.stdout.splitlines() == [f"{path}: {GOOD[path.name]}" for path in paths
                                          if path.name in GOOD]


# --- files made at run time ------------------------------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_a_file_over_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.json"
    text = dumps(sample_document())
    path.write_text(text + " " * (4000 - len(text.encode("utf-8"))), encoding="utf-8")
    assert path.stat().st_size == 4000
    # Valid under the real cap; the test lowers the cap rather than writing 256 MB.
    assert BriefingStore(path).load().title == "Test briefing"
    monkeypatch.setattr(tui.storage.jsonio, "MAX_BYTES", 3900)
    before = fingerprint(path)
    message = f"{path}: too large: 4000 bytes, the limit is 3900"

    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", message + "\n")

    with pytest.raises(BriefingError) as info:
        BriefingStore(path).load()
    assert str(info.value) == message
    assert fingerprint(path) == before

    with pytest.raises(BriefingError) as info:
        with BriefingStore(path).transaction():
            pass
    assert str(info.value) == message
    # A transaction may leave its lock file; the briefing itself is untouched.
    assert fingerprint(path)[:2] == before[:2]
    assert not [name for name in os.listdir(tmp_path) if ".tmp" in name]


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = run_check(fifo, timeout=10)  # a reader blocked on the FIFO would time out
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"{fifo}: not a regular file (a pipe, device or socket)\n"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    result = run_check(folder)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"{folder}: is a folder, not a briefing file\n"


def test_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = run_check(missing)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"{missing}: no such file\n"
    assert not missing.exists()


@pytest.mark.usefixtures("seed_article")
def test_a_symbolic_link_is_read_but_never_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text(dumps(sample_document()), encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    before = fingerprint(target)

    result = run_check(link)  # reading follows the link
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{link}: ok: 'Test briefing': ")

    with pytest.raises(BriefingError) as info:
        with BriefingStore(link).transaction() as db:
            db.table("events").update({"title": "Changed"})
    message = str(info.value)
    assert message.startswith(f"{link}: ")
    assert "symbolic link" in message
    assert fingerprint(target)[:2] == before[:2]
    assert not [name for name in os.listdir(tmp_path) if ".tmp" in name]
    assert link.is_symlink() and link.resolve() == target.resolve()
