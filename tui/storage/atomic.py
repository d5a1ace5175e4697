"""The one atomic write: a new, fsynced temporary in the same folder, renamed over the
target with ``os.replace``, then the folder fsynced. Readers see the old bytes or the new,
never a mix; a crash leaves at most a temporary (``.NAME.tmp-<12 hex>``) behind.

This takes no lock; briefings are written only through ``BriefingStore``, which holds one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from tui.core.errors import BriefingError

__all__ = [
    "TEMP_SUFFIX_RE", "fsync_dir", "replace_atomic", "temp_prefix", "write_atomic", "write_new",
]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Our temporaries end in 12 hex digits; ``tempfile.mkstemp`` (used before) ended in 8
# characters of [a-z0-9_]. Only names of exactly these shapes are ever cleaned up.
TEMP_SUFFIX_RE = re.compile(r"(?:[0-9a-f]{12}|[a-z0-9_]{8})")


def temp_prefix(path: Path) -> str:
    """How the names of ``path``'s temporaries start."""
    return f".{path.name}.tmp-"


def fsync_dir(folder: Path) -> None:
    """Sync a folder, so a rename in it survives a power cut."""
    fd = os.open(folder, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes | bytearray | Iterator[bytes]) -> None:
    """Write ``data``, or each piece an iterator gives (made as it is written: a large
    file is never held whole in memory)."""
    for piece in (data,) if isinstance(data, (bytes, bytearray)) else data:
        view = memoryview(piece)
        while view:
            written = os.write(fd, view)
            view = view[written:]


def _new_temp(path: Path, mode: int | None) -> tuple[Path, int]:
    folder = path.parent
    prefix = temp_prefix(path)
    for _ in range(100):
        tmp = folder / f"{prefix}{secrets.token_hex(6)}"
        try:
            fd = os.open(
                tmp,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
                0o666 if mode is None else 0o600,
            )
        except FileExistsError:
            continue
        return tmp, fd
    # pragma: no cover - 100 collisions of 48 random bits
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _write_temp(
    path: Path, data: bytes | bytearray | Iterator[bytes], mode: int | None = None,
    owner: tuple[int, int] | None = None,
) -> Path:
    """Write ``data`` to a new, fsynced temporary next to ``path``; returns its path.

    ``mode`` None means a new file's usual permissions (0o666 less the umask); otherwise
    the temporary gets exactly ``mode``. ``owner`` (uid, gid) is applied when allowed.
    """
    tmp, fd = _new_temp(path, mode)
    try:
        try:
            _write_all(fd, data)
            if owner is not None:
                info = os.fstat(fd)
                if (info.st_uid, info.st_gid) != owner:
                    # Best effort: root keeps the owner; others may keep one of their groups.
                    with contextlib.suppress(PermissionError):
                        os.fchown(fd, *owner)
            if mode is not None:
                os.fchmod(fd, mode)  # after fchown, which may clear set-id bits
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def replace_atomic(
    path: Path, data: bytes | bytearray | Iterator[bytes], mode: int | None = None,
    owner: tuple[int, int] | None = None,
) -> None:
    """Replace ``path`` with ``data`` (see the module); the folder is not synced yet:
    ``write_atomic`` does both, and the store reports a failed folder sync on its own."""
    path = Path(path)
    tmp = _write_temp(path, data, mode, owner)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_atomic(
    path: Path, data: bytes | bytearray | Iterator[bytes], mode: int | None = None,
    owner: tuple[int, int] | None = None,
) -> None:
    """Replace ``path`` with ``data`` (bytes, or an iterator of the pieces, written as they
    come) so that readers see the old or the new bytes, never a mix; an iterator that
    raises leaves ``path`` as it was and no temporary."""
    path = Path(path)
    replace_atomic(path, data, mode, owner)
    fsync_dir(path.parent)


def write_new(path: Path, data: bytes | bytearray) -> None:
    """Write a file that must not exist yet, atomically and without ever replacing one."""
    tmp = _write_temp(path, data)
    try:
        try:
            os.link(tmp, path)  # fails if anything (even a dangling link) has the name
        except FileExistsError:
            raise BriefingError(path, "already exists; choose another name or --out path") from None
        except OSError as err:
            if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            # A filesystem without hard links: the lock held by the caller is what keeps
            # other processes from creating the file meanwhile.
            if os.path.lexists(path):
                raise BriefingError(
                    path, "already exists; choose another name or --out path"
                ) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    fsync_dir(path.parent)
