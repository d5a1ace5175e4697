"""The one lock: an exclusive ``flock`` on a lock file beside what it guards.

The lock file is opened with ``O_NOFOLLOW`` (a symbolic link in its place is refused, so
a lock can never be redirected to another file) and is never removed. Briefings are locked
on ``.NAME.lock`` beside them (``lock_path``); the reader's state file the same way.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from tui.core.errors import BriefingError

__all__ = ["lock_path", "locked", "locked_folder"]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

_held = threading.local()


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
def locked(target: Path, *, mode: int = 0o666, label: object = None) -> Iterator[None]:
    """Hold an exclusive inter-process lock on the lock file ``target`` (made with
    ``mode`` less the umask when missing).

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
        fcntl.flock(fd, fcntl.LOCK_EX)
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
