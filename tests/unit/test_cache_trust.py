"""The load cache trusts nothing it did not make: a changed, broken, fuzzed or strange entry,
or a cache folder that is not the program's own, is a miss (the file is read in full), never
an error, a hang, wrong data or a file deleted elsewhere."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.export.delivery import export_file
from tui.storage import cache
from tui.storage.loader import load_index
from tui.storage.paths import cache_dir, default_briefing

TITLE = b"Ankara peace talks"


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "b.json"
    path.write_bytes(default_briefing().read_bytes())
    return path


def _shown(path: Path, use_cache: bool = True) -> tuple[str, list[tuple[str, int, dict]]]:
    index = load_index(path, use_cache=use_cache)
    return index.briefing.title, [(e.kind, e.doc_id, e.data) for e in index.briefing.entries]


def _entry() -> Path:
    (entry,) = sorted((cache_dir() / "loaded").glob("*.marshal"))
    return entry


def test_an_entry_edited_behind_the_same_header_never_shows_a_title_not_in_the_file(
    tmp_path: Path,
) -> None:
    path = _copy(tmp_path)
    expected = _shown(path)
    entry = _entry()
    blob = entry.read_bytes()
    assert TITLE in blob
    entry.write_bytes(blob.replace(TITLE, b"Moscow peace deals"))  # same length, same header
    assert _shown(path) == expected
    assert expected[0] == TITLE.decode()


def test_a_bad_date_edited_into_an_entry_is_a_miss_and_the_files_dates_show(
    tmp_path: Path,
) -> None:
    path = _copy(tmp_path)
    expected = _shown(path)
    entry = _entry()
    blob = entry.read_bytes()
    assert b"2025-04" in blob
    entry.write_bytes(blob.replace(b"2025-04", b"2025-13"))
    assert _shown(path) == expected
    fresh = export_file(path, "markdown", today=datetime.date(2026, 1, 1))
    assert "2025-13" not in fresh and fresh == export_file(
        path, "markdown", today=datetime.date(2026, 1, 1))


_MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.integers(0, 255)),
)


def _mutate(blob: bytes, steps: list[tuple[str, int, int]]) -> bytes:
    data = bytearray(blob)
    for kind, where, value in steps:
        at = where % (len(data) + 1)
        if kind == "flip" and at < len(data):
            data[at] ^= value
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = bytes([value])
    return bytes(data)


def test_fuzzed_entries_give_the_files_own_briefing_or_a_miss_and_never_raise(
    tmp_path: Path,
) -> None:
    path = _copy(tmp_path)
    load_index(path)
    entry = _entry()
    digest, blob = entry.stem, entry.read_bytes()
    original = cache.get(digest)
    assert original is not None

    @settings(max_examples=2000, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(_MUTATION, min_size=1, max_size=4))
    def check(steps: list[tuple[str, int, int]]) -> None:
        mutated = _mutate(blob, steps)
        entry.write_bytes(mutated)
        got = cache.get(digest)
        assert got is None or (mutated == blob and got == original)

    check()


def _load_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """Open the briefing in a child process with 1 GiB of memory at most and a minute to do
    it: a load that hangs or balloons fails the test instead of the machine."""
    code = ("import sys; from tui.storage.loader import load_index; "
            "print(load_index(sys.argv[1]).briefing.title)")

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=60, preexec_fn=limit, env=dict(os.environ))


def test_a_fifo_in_place_of_an_entry_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    load_index(path)
    entry = _entry()
    entry.unlink()
    os.mkfifo(entry)
    done = _load_in_child(path)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, TITLE.decode(), "")


def test_an_entry_linked_to_dev_zero_is_a_miss_and_reads_nothing(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    load_index(path)
    entry = _entry()
    entry.unlink()
    entry.symlink_to("/dev/zero")
    done = _load_in_child(path)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, TITLE.decode(), "")
    # The link was replaced (not written through) by a good entry: the next open is a hit.
    assert not entry.is_symlink() and cache.get(entry.stem) is not None


def test_a_cache_folder_that_is_a_link_is_not_used_and_its_targets_files_stay(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    theirs = []
    for n in range(cache.KEEP + 4):
        file = other / f"{n:064x}.marshal"
        file.write_bytes(b"someone else's file")
        os.utime(file, (1_000_000 + n, 1_000_000 + n))
        theirs.append(file)
    before = sorted(other.iterdir())
    cache_dir().mkdir(parents=True, exist_ok=True)
    (cache_dir() / "loaded").symlink_to(other)
    path = _copy(tmp_path)
    assert _shown(path) == _shown(path, use_cache=False)
    assert _shown(path)[0] == TITLE.decode()
    assert sorted(other.iterdir()) == before
    assert all(f.read_bytes() == b"someone else's file" for f in theirs)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_folder_owned_by_another_user_is_not_used_or_written(tmp_path: Path) -> None:
    folder = cache_dir() / "loaded"
    folder.mkdir(parents=True)
    os.chown(folder, 54321, 54321)
    path = _copy(tmp_path)
    assert _shown(path) == _shown(path, use_cache=False)
    assert list(folder.iterdir()) == []


def test_a_damaged_key_is_replaced_and_the_next_open_is_a_hit_again(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    load_index(path)
    key = cache_dir() / "loaded" / ".key"
    key.unlink()
    key.symlink_to("/dev/zero")
    assert _shown(path) == _shown(path, use_cache=False)  # a miss, read in full, kept again
    assert not key.is_symlink() and len(key.read_bytes()) == 32
    assert cache.get(_entry().stem) is not None
