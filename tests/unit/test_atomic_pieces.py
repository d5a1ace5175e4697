"""An atomic write fed piece by piece (the load cache writes a large entry so, holding one
piece at a time): the file gets every piece, or stays as it was with no temporary left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.storage.atomic import write_atomic


def test_pieces_are_written_in_order_as_one_file(tmp_path: Path) -> None:
    target = tmp_path / "entry.bin"
    target.write_bytes(b"old")
    write_atomic(target, iter([b"one ", bytearray(b"two "), b"three"]), 0o600)
    assert target.read_bytes() == b"one two three"
    assert (target.stat().st_mode & 0o777) == 0o600


def test_pieces_that_fail_midway_leave_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "entry.bin"
    target.write_bytes(b"old")

    def pieces() -> Iterator[bytes]:
        yield b"half of it"
        raise ValueError("too large to keep")

    with pytest.raises(ValueError, match="too large"):
        write_atomic(target, pieces())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".entry.bin")] == []
