"""Delivering a one-pager: ``briefing export FILE --format FMT [--out PATH]``, the app's
export into the user's ``exports`` folder, and standard output in UTF-8.

No Textual here: the CLI runs this without loading the UI.
"""

from __future__ import annotations

import datetime
import errno
import os
import stat
import sys
from pathlib import Path

from tui.core.as_of import cut_for, index_as_stood
from tui.core.errors import BriefingError, cause_in_words
from tui.core.index import BriefingIndex
from tui.core.text import slug
from tui.export.formats import EXTENSIONS, export_briefing
from tui.storage.atomic import write_atomic
from tui.storage.leftovers import is_temp_of, remove_leftovers
from tui.storage.loader import load_index
from tui.storage.locking import lock_path, locked_folder
from tui.storage.paths import data_dir

__all__ = ["export_file", "export_to_data_folder", "one_pager", "write_stdout"]


def export_file(path: Path, fmt: str, out: Path | None = None,
                today: datetime.date | None = None, full: bool = False,
                as_of_source: int | None = None, as_of_date: str | None = None) -> str:
    """Export a briefing file; write it to ``out`` atomically, or return it for stdout.
    With ``as_of_source`` (a number from 1) or ``as_of_date``, the briefing as it stood
    then (``tui.core.as_of``).

    Raises ``BriefingError`` (``InvalidBriefing`` with every problem) before anything is
    written when the briefing cannot be read, or there is no such source or date.
    """
    path = Path(path)
    index = load_index(path)
    if as_of_source is not None or as_of_date is not None:
        option = "--as-of-source" if as_of_source is not None else "--as-of"
        try:
            cut = cut_for(index.briefing, as_of_source, as_of_date)
        except ValueError as err:
            raise BriefingError(path, str(err), place=option) from None
        index = index_as_stood(index, cut)
    text = export_briefing(index, fmt, today, full)
    if out is not None:
        _write_out(Path(out), path, text.encode("utf-8"))
    return text


def _write_out(out: Path, briefing: Path, data: bytes) -> None:
    """Write ``--out`` atomically, first removing the temporaries a killed export of the
    same name left (see ``leftovers``); a briefing file's own are left to its store."""
    try:
        _replaceable(out, briefing)  # refused before anything is touched
        with locked_folder(out.parent):
            kept = _replaceable(out, briefing)
            if not os.path.lexists(lock_path(out)):
                remove_leftovers(out.parent, is_temp_of(out))
            write_atomic(out, data, mode=kept[0] if kept else None,
                         owner=kept[1] if kept else None)
    except OSError as err:
        raise BriefingError(out, f"not written: {cause_in_words(err)}") from None


def _replaceable(out: Path, briefing: Path) -> tuple[int, tuple[int, int]] | None:
    """What ``--out`` may write over: nothing yet (None), or a regular file that is neither
    the briefing nor a lock file, whose mode and owner the new file keeps. Anything else (a
    link, a device, a FIFO, a folder) raises ``BriefingError`` and nothing is written."""
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise BriefingError(out, "not written: it is a link; name the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise BriefingError(out, "not written: it is not a regular file (a device, a FIFO "
                                 "or a folder), and --out only replaces regular files")
    if out.name.startswith(".") and out.name.endswith(".lock"):
        raise BriefingError(out, "not written: it is a lock file")
    if out.samefile(briefing):
        raise BriefingError(out, "not written: it is the briefing being exported")
    return stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)


def export_to_data_folder(
    index: BriefingIndex, fmt: str, today: datetime.date | None = None
) -> Path:
    """Write the one-pager into the user's ``exports`` folder (the app's palette command)."""
    name, text = one_pager(index, fmt, today)
    out = data_dir() / "exports" / name
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where the folder goes
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(out.parent)) from None
    with locked_folder(out.parent):
        remove_leftovers(out.parent, is_temp_of(out))
        write_atomic(out, text.encode("utf-8"))
    return out


def one_pager(index: BriefingIndex, fmt: str,
              today: datetime.date | None = None) -> tuple[str, str]:
    """The app's one-pager and the file name it goes by: ``ID-DATE.EXT``. The browser
    download and the exports folder both use this."""
    today = today or datetime.date.today()
    # The id comes from the file: only a slug of it names a file (no folder, no quote).
    name = slug(str(index.briefing.id or index.briefing.title), fallback="briefing")
    text = export_briefing(index, fmt, today, full=False)
    return f"{name}-{today.isoformat()}.{EXTENSIONS[fmt]}", text


def write_stdout(text: str) -> None:
    """Write UTF-8 to standard output whatever the locale (the HTML says it is UTF-8)."""
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``| head``): not an error. Point stdout at /dev/null so
        # the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
