"""The one lock: an exclusive ``flock`` on a lock file beside what it guards.

The lock file is opened with ``O_NOFOLLOW`` (a symbolic link in its place is refused, so
a lock can never be redirected to another file) and is never removed. Briefings are locked
on ``.NAME.lock`` beside them (``lock_path``); the reader's state file the same way.

A lock another process holds is waited for as ``LockWait`` says: at most ``timeout``
seconds (``LockTimeout`` then), told at once through ``on_wait``, and given up as soon as
``stop`` says so (``LockWaitStopped``). Without one, the wait is as long as it takes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import BriefingError

__all__ = ["LockTimeout", "LockWait", "LockWaitStopped", "lock_path", "locked", "locked_folder"]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

_held = threading.local()


@dataclass(frozen=True)
class LockWait:
    """How a writer waits for a lock another process holds."""

    timeout: float | None = None  # seconds; None: as long as it takes
    on_wait: Callable[[Path], None] | None = None  # told once, at once, that it waits
    stop: Callable[[], bool] | None = None  # asked between tries: True gives up now
    poll: float = 0.05  # seconds between tries (flock has no timed wait)


class LockTimeout(BriefingError):
    """The lock stayed held by another process for the whole of ``LockWait.timeout``."""


class LockWaitStopped(BriefingError):
    """The wait for a lock was given up because ``LockWait.stop`` said so."""


def lock_path(path: Path) -> Path:
    """The sibling lock file of ``path``: ``.NAME.lock``."""
    return path.with_name(f".{path.name}.lock")


def _open_lock_file(target: Path, mode: int) -> int:
    try:
        return os.open(target, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, mode)
    except PermissionError:
        # A lock file made by another user: flock needs no write permission.
        try:
            return os.open(target, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
        except FileNotFoundError:
            raise PermissionError(
                errno.EACCES, "cannot create the lock file", str(target)
            ) from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise BriefingError(target, "the lock file is a symbolic link; remove it") from None
        raise


@contextlib.contextmanager
def locked(target: Path, *, mode: int = 0o666, label: object = None,
           wait: LockWait | None = None) -> Iterator[None]:
    """Hold an exclusive inter-process lock on the lock file ``target`` (made with
    ``mode`` less the umask when missing), waiting for it as ``wait`` says.

    ``flock`` locks belong to an open file description, so a second lock taken by the
    same thread would wait for itself forever; that is refused with ``RuntimeError``
    (naming ``label``, default the lock file). Threads of one process exclude each other
    like processes do.
    """
    fd = _open_lock_file(target, mode)
    try:
        info = os.fstat(fd)
        key = (info.st_dev, info.st_ino)
        held: set[tuple[int, int]] = getattr(_held, "keys", None) or set()
        _held.keys = held
        if key in held:
            what = target if label is None else label
            raise RuntimeError(f"{what}: already locked by this thread (nested transaction)")
        _acquire(fd, target, label, wait or LockWait())
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on a folder itself (no lock file is made, so a full disk
    or a read-only folder changes nothing). Export and attach hold it on the folder they
    write into while they write there or remove their own leftover temporaries."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, target: Path, label: object, wait: LockWait) -> None:
    """Take the lock on ``fd``: at once if it is free, else as ``wait`` says."""
    if _try_lock(fd):
        return
    if wait.on_wait is not None:
        wait.on_wait(target)
    if wait.timeout is None and wait.stop is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    what = target if label is None else label
    deadline = None if wait.timeout is None else time.monotonic() + wait.timeout
    while not _try_lock(fd):
        if wait.stop is not None and wait.stop():
            raise LockWaitStopped(what, f"stopped waiting for its lock ({target.name}); "
                                  "nothing was changed")
        if deadline is not None and time.monotonic() >= deadline:
            raise LockTimeout(what, f"waited {wait.timeout:g} s for its lock ({target.name}), "
                              "which another program holds; nothing was changed")
        time.sleep(wait.poll)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
