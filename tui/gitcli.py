"""The git commands of ``briefing`` (``merge``, ``diff``, ``config-git``), beside ``tui.cli``.

Like the rest of the command line, these never import Textual. They read files with the
project's strict reader and write only through ``BriefingStore`` (one locked, validated,
atomic write in the store's own format).

Exit statuses: ``merge`` 0 clean, 1 with conflicts (one line per conflict on stderr; git
then marks the file conflicted), 2 on a bad input (one ``FILE: problem`` line, nothing
written). ``diff`` with two files: 0, or 2 on a bad input; as git's driver or textconv it
always shows something (the raw text when a side is not a briefing) and exits 0.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

from tui.core.diff import diff_documents, document_text
from tui.core.errors import BriefingError, InvalidBriefing
from tui.core.merge import merge_documents
from tui.core.text import clean, one_line
from tui.core.validate import check_document
from tui.storage.jsonio import read_json_file
from tui.storage.locking import lock_path
from tui.storage.store import BriefingStore

__all__ = ["merge", "diff", "config", "conflict_line"]

_NULL = "/dev/null"


def _err(line: str) -> None:
    sys.stderr.write(clean(line) + "\n")


def _read_briefing(path: Path) -> dict[str, Any]:
    document = read_json_file(path)
    if not isinstance(document, dict) or not isinstance(document.get("briefing"), dict):
        raise BriefingError(path, "not a briefing: the top level must be an object of tables "
                                  "with a 'briefing' table")
    return document


def conflict_line(path: object, record: dict[str, Any]) -> str:
    """One conflict as one display-safe line."""
    from tui.core.diff import show

    where = f"{record.get('kind')} {record.get('entry')}"
    if record.get("field") is None:
        return one_line(f"{path}: conflict: {where}: deleted by {record.get('deleted_by')}, "
                        "changed by the other side (the changed entry was kept)")
    return one_line(f"{path}: conflict: {where}.{record.get('field')}: ours "
                    f"{show(record.get('ours'))}, theirs {show(record.get('theirs'))} "
                    "(ours kept)")


def merge(base: Path, ours: Path, theirs: Path, out: Path | None) -> int:
    try:
        documents = [_read_briefing(p) for p in (base, ours, theirs)]
    except BriefingError as err:
        _err(str(err))
        return 2
    target = out or ours
    result = merge_documents(*documents)
    problems, _ = check_document(result.document)
    if problems:  # e.g. one id given to an actor on one side and a meeting on the other
        for problem in problems:
            _err(problem.format(target))
        _err(f"{target}: not merged: the result would not be a valid briefing; "
             "nothing was written")
        return 1
    try:
        _write(target, result.document)
    except InvalidBriefing as err:
        for line in err.lines():
            _err(line)
        return 2
    except BriefingError as err:
        _err(str(err))
        return 2
    for record in result.conflicts:
        _err(conflict_line(target, record))
    return 1 if result.conflicts else 0


_GIT_TEMPORARY = ".merge_file_"  # how git names the files it hands a merge driver


def _write(target: Path, document: dict[str, Any]) -> None:
    """Write the merge. As git's driver, ``target`` is git's own temporary copy (%A, named
    ``.merge_file_*``): the lock made for it is removed after, or every merge would leave a
    ``..merge_file_*.lock`` in the work tree. Nothing else waits on git's temporary file."""
    lock = lock_path(target)
    made_lock = target.name.startswith(_GIT_TEMPORARY) and not lock.exists()
    try:
        if not target.exists():
            BriefingStore.create(target, document)
            return
        with BriefingStore(target).transaction() as db:
            db.storage.write(document)
    finally:
        if made_lock:
            lock.unlink(missing_ok=True)


def _load(path: str) -> dict[str, Any]:
    return {} if path == _NULL else _read_briefing(Path(path))


def diff(files: list[str]) -> int:
    if len(files) == 1:
        return _textconv(files[0])
    if len(files) == 2:
        try:
            old, new = _load(files[0]), _load(files[1])
        except BriefingError as err:
            _err(str(err))
            return 2
        _print(diff_documents(old, new))
        return 0
    if len(files) in (7, 9):  # git's external diff: path old hex mode new hex mode [...]
        return _git_diff(files[0], files[1], files[4])
    _err(f"briefing diff: expected OLD NEW (or one FILE, or git's seven arguments), "
         f"not {len(files)} argument(s)")
    return 2


def _print(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


def _textconv(path: str) -> int:
    try:
        _print(document_text(_load(path)))
    except BriefingError:  # not a briefing: git shows it as it is
        sys.stdout.write(_raw(path))
    return 0


def _raw(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _git_diff(name: str, old_path: str, new_path: str) -> int:
    shown = clean(name)
    try:
        lines = diff_documents(_load(old_path), _load(new_path))
    except BriefingError:
        old = [] if old_path == _NULL else _raw(old_path).splitlines(keepends=True)
        new = [] if new_path == _NULL else _raw(new_path).splitlines(keepends=True)
        sys.stdout.write(clean("".join(difflib.unified_diff(
            old, new, f"a/{name}", f"b/{name}"))))
        return 0
    if lines:
        _print([f"briefing diff a/{shown} b/{shown}", *lines])
    return 0


def config(pattern: str, global_: bool) -> int:
    from tui.storage.gitsetup import config_git

    try:
        done = config_git(pattern, global_=global_)
    except BriefingError as err:
        _err(str(err))
        return 2
    for line in done or ["git is already set up for briefings; nothing changed"]:
        sys.stdout.write(clean(line) + "\n")
    return 0
