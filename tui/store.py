"""The only code that reads or writes briefing files.

Reads go through ``jsonio.read_json_file`` (strict, capped, regular files only) and the
format's rules (``validate``). Writes go through ``transaction()``: an exclusive lock on a
sibling lock file is held across read-modify-write; the file is re-read inside the lock
(with a fresh TinyDB, so no cached document ids survive); the new state is validated,
written to a temporary file in the same folder, fsynced, renamed over the briefing with
``os.replace`` and the folder fsynced. A crash leaves either the old or the new file, never
a mix; a write that would make the briefing invalid is refused and nothing changes.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage

from tui.article import Article
from tui.errors import BriefingError, InvalidBriefing
from tui.jsonio import dumps, read_json_file
from tui.model import Briefing
from tui.validate import build_briefing, check_document

__all__ = ["BriefingStore", "write_atomic", "load_briefing", "lock_path"]


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new bytes, never a mix."""
    path = Path(path)
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive inter-process lock on the briefing's sibling lock file."""
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class _BufferStorage(Storage):
    """TinyDB storage over one in-memory document; the store decides when it hits disk."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return self.document

    def write(self, data: dict[str, Any]) -> None:
        self.document = data
        self.dirty = True


def _refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise BriefingError(
            path, "is a symbolic link; open the file it points to instead (links are not written through)"
        )


class BriefingStore:
    """A briefing file (or, for tests, an in-memory document) behind TinyDB."""

    def __init__(self, path: Path | None = None, document: dict[str, Any] | None = None) -> None:
        if path is None and document is None:
            raise ValueError("a store needs a path or a document")
        self.path = Path(path) if path is not None else None
        self._memory = MemoryStorage() if path is None else None
        if self._memory is not None:
            self._memory.write(copy.deepcopy(document or {}))

    @classmethod
    def memory(cls, document: dict[str, Any]) -> BriefingStore:
        return cls(document=document)

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "(memory)"

    @property
    def writable(self) -> bool:
        if self.path is None:
            return True
        return os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)

    def read_document(self) -> dict[str, Any]:
        """The raw, strictly parsed document (not yet checked against the format)."""
        if self._memory is not None:
            return copy.deepcopy(self._memory.read() or {})
        assert self.path is not None
        return read_json_file(self.path)

    def load(self, articles: dict[str, Article] | None = None) -> Briefing:
        """Read and validate the briefing; raises ``BriefingError`` naming file and place."""
        return build_briefing(self.read_document(), self.label, articles)

    def clean_temporaries(self) -> int:
        """Remove temporaries a killed writer left behind; returns how many."""
        if self.path is None:
            return 0
        removed = 0
        with _locked(self.path):
            prefix = _temp_prefix(self.path)
            for leftover in self.path.parent.glob(prefix + "*"):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
                    removed += 1
        return removed

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Read-modify-write under the lock; commits once, atomically, if the body succeeds.

        The yielded TinyDB is fresh (its id cache is built from the file as read inside
        the lock). On leaving, the new document is checked with the format's rules; an
        invalid result raises ``InvalidBriefing`` and nothing is written.
        """
        if self._memory is not None:
            buffer = _BufferStorage(copy.deepcopy(self._memory.read() or {}))
            yield self._open(buffer)
            if buffer.dirty:
                self._validate(buffer.document)
                self._memory.write(buffer.document)
            return
        assert self.path is not None
        _refuse_link(self.path)
        if self.path.exists() and not self.writable:
            raise BriefingError(self.path, "read-only: you do not have permission to change it")
        with _locked(self.path):
            document = read_json_file(self.path)
            buffer = _BufferStorage(document)
            yield self._open(buffer)
            if buffer.dirty:
                self._validate(buffer.document)
                mode = os.stat(self.path).st_mode & 0o7777
                try:
                    write_atomic(self.path, dumps(buffer.document).encode("utf-8"), mode)
                except OSError as err:
                    if err.errno in (errno.ENOSPC, errno.EDQUOT):
                        raise BriefingError(self.path, "not saved: the disk is full") from None
                    raise BriefingError(self.path, f"not saved: {err.strerror}") from None

    def _open(self, buffer: _BufferStorage) -> TinyDB:
        return TinyDB(storage=lambda: buffer)  # type: ignore[arg-type]

    def _validate(self, document: dict[str, Any]) -> None:
        problems, _ = check_document(document)
        if problems:
            raise InvalidBriefing(self.label, problems)

    @staticmethod
    def create(path: Path, document: dict[str, Any]) -> BriefingStore:
        """Write a new briefing file; refuses to replace an existing one."""
        path = Path(path)
        problems, _ = check_document(document)
        if problems:
            raise InvalidBriefing(path, problems)
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path):
            if path.exists() or path.is_symlink():
                raise BriefingError(path, "already exists; choose another name or --out path")
            write_atomic(path, dumps(document).encode("utf-8"), 0o644)
        return BriefingStore(path)


def load_briefing(path: Path, articles: dict[str, Article] | None = None) -> Briefing:
    """Read one briefing file (see ``BriefingStore.load``)."""
    return BriefingStore(Path(path)).load(articles)
