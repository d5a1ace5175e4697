"""Reading the program's own files (cache entries, kept articles, the seen state, the
preferences) and checking the folders it writes into.

Such a file is opened without following a symbolic link (``O_NOFOLLOW``), with
``O_NONBLOCK`` so that a FIFO in its place never makes the reader wait, and only a regular
file of at most the cap for its kind is read (the size is checked on the open descriptor
before reading, and the read itself stops one byte past the cap in case the file grows).
Anything else raises ``UnsafeFile``, a ``BriefingError`` naming the file and what is wrong.

A folder the program writes into must be a real folder (not a link to one) owned by the
user running it; ``own_folder`` makes it when missing and raises ``UnsafeFile`` otherwise.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from tui.core.errors import BriefingError, cause_in_words

__all__ = ["UnsafeFile", "read_own_file", "own_folder", "is_own_folder"]

_FLAGS = (os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
          | getattr(os, "O_CLOEXEC", 0))


class UnsafeFile(BriefingError):
    """A file or folder of the program's own that is not what the program makes."""


def _open(path: Path, follow: bool) -> int:
    flags = _FLAGS if not follow else _FLAGS & ~getattr(os, "O_NOFOLLOW", 0)
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UnsafeFile(path, "is a symbolic link, not a regular file") from None
        if err.errno == errno.EISDIR:
            raise UnsafeFile(path, "is a folder, not a regular file") from None
        raise UnsafeFile(path, f"cannot be read: {cause_in_words(err)}") from None


def read_own_file(path: Path, cap: int, *, follow: bool = False) -> bytes:
    """The bytes of the regular file ``path``, at most ``cap`` of them.

    ``FileNotFoundError`` when nothing has the name; ``UnsafeFile`` for a link (unless
    ``follow``), a folder, FIFO, device or socket, a file over ``cap`` bytes, or a read
    error. Never waits on a FIFO and never reads more than ``cap + 1`` bytes.
    """
    path = Path(path)
    fd = _open(path, follow)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnsafeFile(path, "is a folder, not a regular file")
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(path, "is not a regular file (a FIFO, device or socket)")
        if info.st_size > cap:
            raise UnsafeFile(path, f"is too large: {info.st_size} bytes, the limit is {cap}")
        chunks: list[bytes] = []
        left = cap + 1
        # The whole file in one read when it is as large as it said: one buffer, no join.
        step = max(info.st_size + 1, 1 << 20)
        while left > 0:
            chunk = os.read(fd, min(left, step))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as err:
        raise UnsafeFile(path, f"cannot be read: {cause_in_words(err)}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > cap:
        raise UnsafeFile(path, f"is too large: over {cap} bytes")
    return data


def _why_not_own(folder: Path) -> str | None:
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return "does not exist"
    except OSError as err:
        return f"cannot be examined: {cause_in_words(err)}"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; the program writes only into a folder of its own"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    if info.st_uid != os.geteuid():
        return "belongs to another user; the program writes only into a folder of your own"
    return None


def is_own_folder(folder: Path) -> bool:
    """True when ``folder`` is a real folder (not a link) owned by this user."""
    return _why_not_own(Path(folder)) is None


def own_folder(folder: Path, *, below: Path | None = None, mode: int = 0o777) -> Path:
    """Make ``folder`` (and the folders up to it) when missing and check it is the user's own.

    Every folder from ``below`` (default: ``folder`` alone) down to ``folder`` is checked:
    not a symbolic link, a folder, owned by this user. Raises ``UnsafeFile`` naming the
    first that is not.
    """
    folder = Path(folder)
    top = Path(below) if below is not None else folder
    chain = [folder, *[p for p in folder.parents if p == top or top in p.parents]]
    try:
        top.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UnsafeFile(top.parent, f"cannot be made: {cause_in_words(err)}") from None
    for step in reversed(chain):
        try:
            os.mkdir(step, mode)
        except FileExistsError:
            pass
        except OSError as err:
            raise UnsafeFile(step, f"cannot be made: {cause_in_words(err)}") from None
        problem = _why_not_own(step)
        if problem is not None:
            raise UnsafeFile(step, problem)
    return folder
