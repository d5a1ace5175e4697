"""Another program holding a briefing's lock: a real ``flock`` on ``.NAME.lock``, taken by a
subprocess, held until the test lets go (or ends)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tui.storage.locking import lock_path

# Takes the lock, says so, and holds it until its stdin closes.
_HOLDER = (
    "import fcntl, os, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)\n"
    "fcntl.flock(fd, fcntl.LOCK_EX)\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
)


class LockHolder:
    """A subprocess holding the lock of one briefing."""

    def __init__(self, briefing: Path) -> None:
        self.lock = lock_path(briefing)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(self.lock)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line == "held\n", f"the lock holder did not start: {line!r}"

    @property
    def holding(self) -> bool:
        return self.proc.poll() is None

    def release(self) -> None:
        """Let go of the lock (the holder ends)."""
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@contextlib.contextmanager
def lock_held_elsewhere(briefing: Path) -> Iterator[LockHolder]:
    """The briefing's lock held by another process for the block (or until ``release``)."""
    holder = LockHolder(briefing)
    try:
        yield holder
    finally:
        holder.release()
