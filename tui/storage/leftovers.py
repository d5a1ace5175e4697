"""Removing the temporaries a killed export or attach left behind.

An atomic write (``atomic``) leaves ``.NAME.tmp-<suffix>`` behind when it is killed before
its rename. Export and attach call ``remove_leftovers`` before they write, holding
``locking.locked_folder`` on the folder (every writer of their temporaries holds it while
one exists, so any one seen then is a leftover, never a live writer's). Only names of
exactly the shape ``atomic`` makes for the given targets are touched, and only regular
files the user owns.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from tui.storage.atomic import TEMP_SUFFIX_RE, temp_prefix

__all__ = ["is_temp_of", "remove_leftovers"]


def is_temp_of(target: Path) -> Callable[[str], bool]:
    """A test for names of ``target``'s temporaries (no glob: ``b[1].md`` is not ``b1.md``)."""
    prefix = temp_prefix(target)
    return lambda name: name.startswith(prefix) and bool(
        TEMP_SUFFIX_RE.fullmatch(name[len(prefix):]))


def remove_leftovers(folder: Path, is_ours: Callable[[str], bool]) -> int:
    """Remove the regular files in ``folder`` the user owns whose names ``is_ours`` accepts;
    returns how many. The caller holds ``locked_folder(folder)``. A folder that cannot be
    listed or written is left alone."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if is_ours(e.name)]
    except OSError:
        return 0
    removed = 0
    for name in names:
        leftover = folder / name
        try:
            info = os.lstat(leftover)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
            leftover.unlink()
        except OSError as err:
            if err.errno in (errno.ENOENT, errno.EACCES, errno.EPERM, errno.EROFS):
                continue  # gone already, or not ours to remove
            raise
        removed += 1
    return removed
