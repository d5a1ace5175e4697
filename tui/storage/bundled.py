"""Bundled briefings: the files that ship with the program are never edited in place; the
first edit makes a copy in the user's briefings folder, found again after."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui.core.document import briefing_id_of
from tui.core.errors import BriefingError
from tui.storage.paths import briefings_dir, bundled_dir
from tui.storage.store import BriefingStore, read_document

__all__ = ["is_bundled", "editable_path", "existing_copy"]


def is_bundled(path: Path | str) -> bool:
    """True for a briefing that ships with the program (never edited in place)."""
    try:
        return Path(path).resolve().is_relative_to(bundled_dir().resolve())
    except OSError:
        return False


def _candidates(stem: str) -> Iterator[Path]:
    """The names a copy of ``stem`` may have: ``stem.json``, ``stem-2.json``, ..."""
    folder = briefings_dir()
    yield folder / f"{stem}.json"
    n = 2
    while True:
        yield folder / f"{stem}-{n}.json"
        n += 1


def _taken(candidate: Path) -> bool:
    return candidate.exists() or candidate.is_symlink()


def editable_path(path: Path | str) -> Path:
    """Where to edit ``path``: itself for the user's own files; for a bundled briefing, a
    copy in the user's briefings folder, made the first time (and found again after).

    The copy is named like the bundled file (``ankara.json``, or ``ankara-2.json`` and
    so on when a different briefing already has the name). An existing file there is the
    copy when it holds a briefing with the same id. The bundled file is only read.
    """
    path = Path(path)
    if not is_bundled(path):
        return path
    source = path.resolve()
    document = read_document(source)
    wanted = briefing_id_of(document)
    for candidate in _candidates(source.stem):
        if _taken(candidate):
            if _is_copy(candidate, wanted):
                return candidate
            continue
        try:
            BriefingStore.create(candidate, document)
        except BriefingError:
            # Another process made it meanwhile (or the name is taken some other way).
            if _is_copy(candidate, wanted):
                return candidate
            if not _taken(candidate):
                raise
            continue
        return candidate
    raise AssertionError("unreachable: the candidate names never run out")


def existing_copy(path: Path | str) -> Path | None:
    """The user's copy of a bundled briefing, if an earlier edit made one (nothing is made)."""
    path = Path(path)
    if not is_bundled(path) or not _taken(next(_candidates(path.stem))):
        return None  # no copy can exist (the first name is always tried first): read nothing
    try:
        wanted = briefing_id_of(read_document(path.resolve()))
    except BriefingError:
        return None
    for candidate in _candidates(path.stem):
        if not _taken(candidate):
            return None
        if _is_copy(candidate, wanted):
            return candidate
    return None


def _is_copy(candidate: Path, wanted: Any) -> bool:
    if candidate.is_symlink() or not candidate.is_file():
        return False
    try:
        return briefing_id_of(read_document(candidate)) == wanted
    except BriefingError:
        return False
