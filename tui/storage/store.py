"""The only code that reads or writes briefing files.

Reads go through ``read_bytes`` and ``parse_document`` (``jsonio``: strict, capped, regular
files only) and the format's rules (``validate``); ``loader`` builds on them. Writes go
through ``transaction()``: an exclusive lock on a sibling lock file (``locking``) is held
across read-modify-write; the file is re-read inside the lock
(with a fresh TinyDB, so no cached document ids survive); the new state is validated,
written to a temporary file in the same folder, fsynced, renamed over the briefing with
``os.replace`` and the folder fsynced. A crash leaves either the old or the new file, never
a mix; a write that would make the briefing invalid is refused and nothing changes.

See docs/STORE.md for what this promises and what it does not.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, cast

from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Table

from tui.core.article import Article
from tui.core.errors import BriefingError, InvalidBriefing, cause_in_words
from tui.core.model import Briefing
from tui.core.validate import build_briefing, check_document, next_doc_id
from tui.storage.atomic import TEMP_SUFFIX_RE, fsync_dir, replace_atomic, temp_prefix, write_new
from tui.storage.jsonio import (
    MAX_DEPTH,
    TooDeep,
    encode,
    gc_paused,
    parse_json_bytes,
    parse_own_bytes,
    read_file_bytes,
)
from tui.storage.locking import LockWait, lock_path, locked
from tui.storage.rowwise import Encoded, Layout, TooDeepRow, encode_after, prove, prove_file
from tui.storage.savecheck import Verdict, check_change, check_rows, snapshot, untouched

__all__ = ["BriefingStore", "load_briefing", "parse_document", "read_bytes", "read_document"]

def read_bytes(path: Path) -> bytes:
    """The bytes of a briefing file (a regular file within ``jsonio.MAX_BYTES``)."""
    return read_file_bytes(path)


def parse_document(raw: bytes, path: Path) -> Any:
    """A briefing file's bytes, strictly parsed (not yet checked against the format)."""
    return parse_json_bytes(raw, path)


def read_document(path: Path) -> Any:
    """A briefing file, strictly parsed (not yet checked against the format)."""
    return parse_document(read_bytes(path), path)


def _locked(path: Path, wait: LockWait | None = None) -> contextlib.AbstractContextManager[None]:
    """The briefing's lock (see ``locking.locked``), held across read-modify-write."""
    return locked(lock_path(path), label=path, wait=wait)


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


class _RowsCopiedOnUse(dict):  # type: ignore[type-arg]
    """The rows a TinyDB update works on: each is copied, deeply, the first time it is looked
    up, so an update never changes a row that the store keeps in memory (``_Base``) or that
    the screen shows; rows it never looks up stay the very objects they were."""

    def __init__(self, rows: Mapping[Any, Any]) -> None:
        super().__init__(rows)
        self.copied: set[Any] = set()

    def __getitem__(self, key: Any) -> Any:
        row = super().__getitem__(key)
        if key not in self.copied:
            row = copy.deepcopy(row)
            super().__setitem__(key, row)
            self.copied.add(key)
        return row

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.copied.add(key)


class _Table(Table):
    """A TinyDB table whose new document ids never pass ``MAX_DOC_ID`` (TinyDB's own take
    one past the largest, which after an id of 18 nines is one `check` refuses), and whose
    updates change copies of the rows they touch (``_RowsCopiedOnUse``)."""

    def _get_next_id(self) -> int:
        return next_doc_id(int(key) for key in self._read_table())

    def _update_table(self, updater: Callable[[dict[int, Mapping[Any, Any]]], None]) -> None:
        def on_copies(table: dict[int, Mapping[Any, Any]]) -> None:
            rows = _RowsCopiedOnUse(table)
            updater(rows)
            table.clear()
            table.update(dict.items(rows))  # the rows as stored: no lookup copies them again

        super()._update_table(on_copies)


class _TinyDB(TinyDB):
    table_class = _Table


class _Base(NamedTuple):
    """The document the file was last known to hold, kept in memory (see ``rowwise``)."""

    document: dict[str, Any]  # a valid document: checked in full, or by ``savecheck``
    digest: str  # the SHA-256 of the file's bytes that hold it
    layout: Layout | None  # where each row lies in those bytes, once proven
    foreign: bool  # those bytes may be another writer's (vouched for), not this store's


def _refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise BriefingError(
            path,
            "is a symbolic link; open the file it points to instead "
            "(links are not written through)",
        )


class BriefingStore:
    """A briefing file (or, for tests, an in-memory document) behind TinyDB.

    ``lock_wait`` is how a transaction waits for the lock when another process holds it
    (``locking.LockWait``: how long, who to tell, when to stop); by default as long as it
    takes. It may be replaced between transactions.
    """

    def __init__(self, path: Path | None = None, document: dict[str, Any] | None = None,
                 *, lock_wait: LockWait | None = None) -> None:
        if path is None and document is None:
            raise ValueError("a store needs a path or a document")
        self.path = Path(path) if path is not None else None
        self.lock_wait = lock_wait
        self._memory = MemoryStorage() if path is None else None
        if self._memory is not None:
            self._memory.write(copy.deepcopy(document or {}))
        # (document, SHA-256 of its bytes) as the last transaction wrote them, or None.
        self.last_commit: tuple[dict[str, Any], str] | None = None
        # The SHA-256 of the bytes the last commit wrote.
        self._known: str | None = None
        # SHA-256 of bytes a full check passed when the briefing was opened (``vouch_for``).
        self._vouched: str | None = None
        # The document the file holds, in memory, when known: a save then needs no parse.
        # Set only under ``_proving`` (``prove_ahead`` may be proving it in another thread).
        self._base: _Base | None = None
        self._proving = threading.Lock()

    @classmethod
    def memory(cls, document: dict[str, Any]) -> BriefingStore:
        return cls(document=document)

    def vouch_for(self, digest: str | None, document: dict[str, Any] | None = None,
                  layout: object | None = None) -> None:
        """``digest``: the SHA-256 of bytes of this file that passed the format's full check
        (the loader's, when the app opened it). A transaction that reads exactly those bytes
        starts from a valid document, so it checks what it changed (``savecheck``) instead
        of the whole document; any other bytes are checked in full as before.

        ``document``: what those bytes hold, as the loader checked it (kept, not copied:
        no transaction changes it). A transaction that reads those bytes then parses
        nothing: it proves the bytes are this document as the store writes it, and writes
        the new document a row at a time (``rowwise``); ``prove_ahead`` proves them early.
        ``layout``: where each row lies in those bytes, when the loader proved it as it read
        them (``rowwise.parse_in_rows``); then nothing is left to prove."""
        self._vouched = digest
        with self._proving:
            self._base = None
            if digest is not None and document is not None:
                proven = cast("Layout", layout) if isinstance(layout, dict) else None
                self._base = _Base(document, digest, proven, foreign=True)

    def prove_ahead(self) -> None:
        """Prove now what the first save from the kept document would otherwise prove then:
        where each row lies in the file's bytes (``rowwise.prove_file``, reading the file a
        chunk at a time). For a thread of its own when editing starts, so the save the
        reader makes a moment later does not wait for it (0.3 s at 100,000 entries); a
        transaction that starts meanwhile waits for it and uses what it proved."""
        with self._proving:
            base = self._base
            if base is None or base.layout is not None or self.path is None:
                return
            layout = prove_file(base.document, self.path, base.digest, foreign=base.foreign)
            self._base = base._replace(layout=layout) if layout is not None else None

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "(memory)"

    @property
    def writable(self) -> bool:
        return self._read_only_reason() is None

    def _read_only_reason(self) -> str | None:
        """Why this briefing may not be written, or None."""
        if self.path is None:
            return None
        try:
            info = os.stat(self.path)
        except OSError:
            info = None
        if info is not None:
            # os.access is always true for root; a file nobody may write (chmod a-w) is
            # still meant to be left alone, so the mode bits are checked too.
            if not os.access(self.path, os.W_OK) or not info.st_mode & 0o222:
                return "read-only: you do not have permission to change it"
        # The file is replaced, not rewritten: its folder must be writable too.
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            return "read-only: you may not create files in its folder, so it cannot be saved"
        return None

    def read_document(self) -> dict[str, Any]:
        """The raw, strictly parsed document (not yet checked against the format)."""
        if self._memory is not None:
            return copy.deepcopy(self._memory.read() or {})
        assert self.path is not None
        document: dict[str, Any] = read_document(self.path)
        return document

    def load(self, articles: dict[str, Article] | None = None) -> Briefing:
        """Read and validate the briefing; raises ``BriefingError`` naming file and place."""
        return build_briefing(self.read_document(), self.label, articles)

    def clean_temporaries(self) -> int:
        """Remove temporaries a killed writer left behind; returns how many.

        Runs under the lock (every writer holds it while its temporary exists, so any
        temporary seen here is a leftover). Only names ``atomic`` makes for this
        briefing are touched. A folder we may not write is left alone (returns 0).
        """
        if self.path is None:
            return 0
        folder = self.path.parent
        prefix = temp_prefix(self.path)
        try:
            with _locked(self.path):
                removed = 0
                with os.scandir(folder) as entries:
                    names = [e.name for e in entries]
                for name in names:
                    if not name.startswith(prefix) or not TEMP_SUFFIX_RE.fullmatch(
                        name[len(prefix):]
                    ):
                        continue
                    leftover = folder / name
                    try:
                        if not stat.S_ISREG(os.lstat(leftover).st_mode):
                            continue
                        leftover.unlink()
                    except (FileNotFoundError, PermissionError):
                        continue  # gone already, or not ours to remove (sticky folder)
                    removed += 1
                return removed
        except (PermissionError, FileNotFoundError):
            return 0
        except OSError as err:
            if err.errno == errno.EROFS:
                return 0
            raise

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
        self.last_commit = None
        _refuse_link(self.path)
        if not os.path.lexists(self.path):
            raise BriefingError(self.path, "no such file")
        reason = self._read_only_reason()
        if reason:
            raise BriefingError(self.path, reason)
        with _locked(self.path, self.lock_wait), gc_paused():
            _refuse_link(self.path)  # again: it may have been swapped while we waited
            info = os.stat(self.path)
            raw = read_bytes(self.path)
            digest = hashlib.sha256(raw).hexdigest()
            base = self._proven_base(raw, digest)
            if base is not None:
                # The file is this document: a copy of its table of tables is all the
                # transaction needs (an update copies the rows it changes, ``_Table``).
                document, before, ours = dict(base.document), None, True
            else:
                document, raw, before, ours = self._read_locked(raw, digest)
            buffer = _BufferStorage(document)
            yield self._open(buffer)
            if buffer.dirty:
                encoded = self._rowwise(base, raw, buffer.document) if base else None
                if encoded is not None:
                    data: bytes | bytearray = encoded.data
                else:
                    data = self._whole(before, raw, buffer.document, ours)
                raw = b""  # not needed any more
                self._commit(info, data, buffer.document,
                             encoded.layout if encoded is not None else None)

    def _proven_base(self, raw: bytes, digest: str) -> _Base | None:
        """The kept document when ``raw`` provably holds it (its layout proven), else None."""
        with self._proving:  # waits for ``prove_ahead``, if it is at work
            base = self._base
            if base is None or base.digest != digest:
                return None
            if base.layout is None:
                layout = prove(base.document, raw, foreign=base.foreign)
                if layout is None:  # not the store's form of it: the long way from now on
                    self._base = None
                    return None
                base = self._base = base._replace(layout=layout)
            return base

    def _rowwise(self, base: _Base, raw: bytes, after: dict[str, Any]) -> Encoded | None:
        """The new bytes, a row at a time, checked by what changed; None when ``rowwise``
        cannot show them (then the whole document is checked and written)."""
        assert self.path is not None and base.layout is not None
        try:
            encoded = encode_after(after, base.document, base.layout, raw, MAX_DEPTH)
        except TooDeepRow:
            # Checked first, as the whole-document way checks before it writes: a save
            # that breaks the rules too is refused with every problem named, alike.
            self._validate(after)
            raise _too_deep(self.path, "not saved") from None
        if encoded is None:
            return None  # ``_whole`` checks and writes it all
        self._held_to(check_rows(base.document, after, encoded.changed, encoded.removed),
                      after)
        return encoded

    def _whole(self, before: dict[str, Any] | None, raw: bytes, after: dict[str, Any],
               ours: bool) -> bytes:
        """The new document checked (by what changed where ``savecheck`` can tell) and
        written whole."""
        assert self.path is not None
        changed = self._check_change(before, raw, after)
        if not ours:
            # Bytes another writer made (vouched for): what did not change may be in a form
            # ours would not write (orjson's 0.00001 for 1e-05), so the whole document is
            # looked at as it is written.
            changed = None
        return _serialise(self.path, after, changed=changed)

    def _commit(self, info: os.stat_result, data: bytes | bytearray, document: dict[str, Any],
                layout: Layout | None) -> None:
        """Write ``data`` (``document``'s bytes, laid out as ``layout`` says when known) over
        the file, atomically, with the same mode and owner; then it is what the store keeps."""
        assert self.path is not None
        try:
            replace_atomic(
                self.path, data, stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)
            )
        except OSError as err:
            raise _not_saved(self.path, err) from None
        # What is on disk now, checked: a reader can show it without reading it back.
        digest = hashlib.sha256(data).hexdigest()
        self.last_commit = (document, digest)
        with self._proving:
            self._base = _Base(document, digest, layout, foreign=False)
        self._known = digest
        try:
            fsync_dir(self.path.parent)
        except OSError as err:
            raise BriefingError(
                self.path,
                "saved, but its folder could not be synced to disk "
                f"({cause_in_words(err)}); a power cut now could undo the save",
            ) from None

    def _read_locked(
        self, raw: bytes, digest: str
    ) -> tuple[dict[str, Any], bytes, dict[str, Any] | None, bool]:
        """The file's bytes ``raw`` (SHA-256 ``digest``) parsed: (document, its bytes, a
        snapshot of it, True) when they are provably the last commit's, (document, its
        bytes, a snapshot, False) when they are provably the bytes the store was vouched
        for, else (document, no bytes, None, False).

        Provably: the SHA-256 is the last commit's. Then it is a checked document this
        store wrote, parsed without the strict reader's guards. So are bytes with the
        SHA-256 the store was vouched for (``vouch_for``), when orjson provably reads them
        as the strict reader does (``_read_vouched``). Otherwise the strict reader reads it
        and there is no snapshot (the whole new document will be checked).
        """
        assert self.path is not None
        if digest == self._known:
            document: dict[str, Any] = parse_own_bytes(raw)
            return document, raw, snapshot(document), True
        if digest == self._vouched:
            vouched = _read_vouched(raw)
            if vouched is not None:
                return vouched, raw, snapshot(vouched), False
        parsed = parse_document(raw, self.path)
        if not isinstance(parsed, dict):
            raise BriefingError(
                self.path, "not a briefing: the top level must be an object of tables"
            )
        return parsed, b"", None, False

    def _check_change(
        self, before: dict[str, Any] | None, raw: bytes, after: dict[str, Any]
    ) -> list[Any] | None:
        """The new document checked: by what changed when it started from the last commit
        and the block changed nothing in place beneath the entries (``savecheck``), else
        whole; problems are always worded by the whole check. Returns the changed rows
        when only they can differ from what was read (see ``jsonio.encode``), else None."""
        verdict = check_change(before, raw, after) if before is not None else None
        self._held_to(verdict, after)
        return verdict.rows if verdict is not None else None

    def _held_to(self, verdict: Verdict | None, after: dict[str, Any]) -> None:
        """``after`` checked whole unless ``verdict`` (``savecheck``'s, on what changed)
        found it valid: problems are always worded by the whole check."""
        if verdict is None or verdict.problems:
            self._validate(after)

    def _open(self, buffer: _BufferStorage) -> TinyDB:
        return _TinyDB(storage=lambda: buffer)  # type: ignore[arg-type]

    def _validate(self, document: dict[str, Any]) -> None:
        problems, _ = check_document(document)
        if problems:
            raise InvalidBriefing(self.label, problems)

    @staticmethod
    def create(path: Path, document: dict[str, Any]) -> BriefingStore:
        """Write a new briefing file; refuses to replace an existing one.

        The new file gets the usual permissions for new files (0o666 less the umask).
        """
        path = Path(path)
        problems, _ = check_document(document)
        if problems:
            raise InvalidBriefing(path, problems)
        data = _serialise(path, document, new=True)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(path):
                if os.path.lexists(path):
                    raise BriefingError(path, "already exists; choose another name or --out path")
                write_new(path, data)
        except OSError as err:
            raise _not_saved(path, err, new=True) from None
        return BriefingStore(path)


def _too_deep(path: Path, what: str) -> BriefingError:
    return BriefingError(
        path, f"{what}: nested more than {MAX_DEPTH} levels deep (it could not be read back)"
    )


def _serialise(
    path: Path, document: dict[str, Any], *, new: bool = False, changed: list[Any] | None = None
) -> bytes:
    """The file's bytes; a value JSON or UTF-8 cannot hold (NaN, a lone surrogate), or
    nesting the reader would refuse, is refused before anything is written. ``changed``:
    see ``jsonio.encode``."""
    what = "not created" if new else "not saved"
    try:
        return encode(document, MAX_DEPTH, changed)
    except TooDeep:
        raise _too_deep(path, what) from None
    except (ValueError, TypeError) as err:  # UnicodeEncodeError is a ValueError
        raise BriefingError(
            path, f"{what}: the briefing holds a value JSON cannot store ({err})"
        ) from None


def _read_vouched(raw: bytes) -> dict[str, Any] | None:
    """The very bytes a full check passed (``vouch_for``), read by orjson when that is
    provably the strict reader's reading: orjson writes what it read as exactly these bytes
    (``savecheck.untouched``), which anything it reads otherwise would not give (an integer
    over 64 bits read as a float, a repeated key, an escape it writes differently). Else
    None: the strict reader reads them."""
    try:
        document = parse_own_bytes(raw)
    except ValueError:  # orjson.JSONDecodeError is one
        return None
    return document if type(document) is dict and untouched(document, raw) else None


def _not_saved(path: Path, err: OSError, *, new: bool = False) -> BriefingError:
    what, kept = (
        ("not created", "nothing was written") if new else ("not saved", "the file is unchanged")
    )
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return BriefingError(path, f"{what}: the disk is full ({kept})")
    return BriefingError(path, f"{what}: {cause_in_words(err)} ({kept})")


def load_briefing(path: Path, articles: dict[str, Article] | None = None) -> Briefing:
    """Read one briefing file (see ``BriefingStore.load``)."""
    return BriefingStore(Path(path)).load(articles)
