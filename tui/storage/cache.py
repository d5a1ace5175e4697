"""Checked briefings kept in the user's cache folder, so the next open skips parse and checks.

An entry is named by the SHA-256 of the briefing file's bytes, so any change to the file is
a miss. It holds the document as it passed ``check_document`` (in ``marshal`` form, which
loads several times faster than JSON) and which of its sources had an attached article
then: locators were checked against those, so a different set of attachments is a miss.
The document is marshalled a part at a time (parts of at most ``PART_ROWS`` rows, then a
head naming each table and the sizes of its parts, then the head's length), because one
``marshal.dumps`` holds the interpreter throughout: of a 100,000-entry briefing, 160 ms in
which the screen could not draw, while the entry is written off the UI thread after a save
or a first open. Each part is written as it is made, so writing an entry holds one part in
memory, not the entry; the tag comes last.

Nothing in an entry is trusted until it proves this program made it: every entry carries
an HMAC-SHA256, under a random key kept (0600) in the cache folder, over the program
version, the briefing's digest and the entry's bytes. An entry without a valid tag, or one
that is a link, a FIFO, a device, too large, or that does not load as what ``put`` wrote,
is a miss, never an error. The cache folder must be the user's own real folder (not a
link, owned by the user); otherwise the cache is not used at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import re
import secrets
import stat
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui import __version__
from tui.core.errors import BriefingError
from tui.core.model import SCHEMA_VERSION
from tui.storage.atomic import TEMP_SUFFIX_RE, write_atomic
from tui.storage.jsonio import MAX_BYTES
from tui.storage.paths import cache_dir
from tui.storage.safe_read import is_own_folder, own_folder, read_own_file

__all__ = ["has", "get", "put", "KEEP", "MAX_ENTRY_BYTES"]

# The program version is part of every entry: a version whose rules differ never trusts
# what an older one checked.
_MAGIC = f"briefing-load-cache 5 {__version__} schema {SCHEMA_VERSION}\n".encode()
KEEP = 8  # the most recently used briefings kept
MAX_ENTRY_BYTES = MAX_BYTES  # an entry is never larger than the biggest briefing's JSON
_KEY_NAME = ".key"
_KEY_BYTES = 32
_TAG_BYTES = hashlib.sha256().digest_size
_ENTRY = re.compile(r"^[0-9a-f]{64}\.marshal$")
# The temporaries ``atomic`` makes for an entry (``temp_prefix`` of its name, then
# ``atomic``'s own suffix).
_TEMP = re.compile(r"\.[0-9a-f]{64}\.marshal\.tmp-" + f"(?:{TEMP_SUFFIX_RE.pattern})")
STALE_SECONDS = 600  # far longer than any write of an entry takes
PART_ROWS = 4000  # rows marshalled at a time: a few milliseconds each at most
_HEAD_SIZE = struct.Struct("<Q")  # the length of the head, after it


def _folder() -> Path:
    return cache_dir() / "loaded"


def _path(digest: str) -> Path:
    return _folder() / f"{digest}.marshal"


def _usable() -> bool:
    """The cache folder and the folder above it are the user's own, real folders."""
    return is_own_folder(cache_dir()) and is_own_folder(_folder())


def _read_key() -> bytes | None:
    try:
        key = read_own_file(_folder() / _KEY_NAME, 64)
    except (OSError, BriefingError):
        return None
    return key if len(key) == _KEY_BYTES else None


def _make_key() -> bytes | None:
    """The folder's key, made when missing: written whole to a temporary, then linked into
    place (a link fails if another process made the key first; then that key is used). A
    key that cannot be used is replaced: the entries made under it become misses."""
    key = _read_key()
    if key is not None:
        return key
    folder = _folder()
    tmp = folder / f".key.tmp-{secrets.token_hex(6)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        try:
            os.write(fd, secrets.token_bytes(_KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, folder / _KEY_NAME)
        except FileExistsError:
            if _read_key() is None:  # a damaged key (or a link, a FIFO): put a good one there
                os.replace(tmp, folder / _KEY_NAME)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return _read_key()


def _mac(key: bytes, digest: str) -> hmac.HMAC:
    """The HMAC an entry's tag is made with, before its payload."""
    return hmac.new(key, _MAGIC + digest.encode("ascii") + b"\n", "sha256")


def _tag(key: bytes, digest: str, payload: bytes | memoryview) -> bytes:
    mac = _mac(key, digest)
    mac.update(payload)  # the same tag as over the joined bytes, without joining them
    return mac.digest()


def _payload(digest: str, blob: bytes, key: bytes) -> memoryview | None:
    """The entry's marshalled bytes (a view into ``blob``, not a copy), when its header
    and tag (its last bytes) are right."""
    if len(blob) <= len(_MAGIC) + _TAG_BYTES or not blob.startswith(_MAGIC):
        return None
    payload = memoryview(blob)[len(_MAGIC):-_TAG_BYTES]
    if not hmac.compare_digest(blob[-_TAG_BYTES:], _tag(key, digest, payload)):
        return None
    return payload


def _record(payload: bytes | memoryview, digest: str) -> tuple[dict[str, Any], list[str]] | None:
    try:
        return _unpack(memoryview(payload), digest)
    except Exception:  # marshal raises SystemError, ValueError, EOFError, TypeError...
        return None


def _unpack(payload: memoryview, digest: str) -> tuple[dict[str, Any], list[str]] | None:
    """(document, attached) from a payload ``_pack`` made, or None for anything else."""
    (size,) = _HEAD_SIZE.unpack_from(payload, len(payload) - _HEAD_SIZE.size)
    parts_end = len(payload) - _HEAD_SIZE.size - size
    if parts_end < 0:
        return None
    head = marshal.loads(payload[parts_end:len(payload) - _HEAD_SIZE.size])
    if not isinstance(head, dict) or head.get("digest") != digest:
        return None
    attached, tables = head.get("attached"), head.get("tables")
    if not isinstance(attached, list) or not isinstance(tables, list):
        return None
    if not all(isinstance(sha, str) for sha in attached):
        return None
    document: dict[str, Any] = {}
    at = 0
    for name, sizes in tables:
        if type(name) is not str:
            return None
        table: dict[str, Any] = {}
        for part_size in sizes:
            part = marshal.loads(payload[at:at + part_size])
            if not isinstance(part, dict):
                return None
            table.update(part)
            at += part_size
        document[name] = table
    return (document, attached) if at == parts_end else None


def _pack(digest: str, document: dict[str, Any], attached: list[str]) -> Iterator[bytes]:
    """The payload a piece at a time, each made only when the one before is written: the
    parts, the head, the head's length. A document that is not an object of objects (a
    checked briefing always is) raises ``ValueError``."""
    tables: list[tuple[str, list[int]]] = []
    for name, table in document.items():
        if type(name) is not str or type(table) is not dict:
            raise ValueError("not an object of tables")
        keys = list(table)
        sizes = []
        for start in range(0, len(keys), PART_ROWS):
            part = marshal.dumps({key: table[key] for key in keys[start:start + PART_ROWS]})
            sizes.append(len(part))
            yield part
        tables.append((name, sizes))
    head = marshal.dumps({"digest": digest, "attached": sorted(attached), "tables": tables})
    yield head
    yield _HEAD_SIZE.pack(len(head))


def _signed(key: bytes, digest: str, pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The entry's bytes as they are written: the header, the payload's pieces, then the
    tag over them all (``_tag``); ``ValueError`` once it would pass ``MAX_ENTRY_BYTES``
    (the temporary is then removed: it would never be read back)."""
    mac = _mac(key, digest)
    size = len(_MAGIC) + _TAG_BYTES
    yield _MAGIC
    for piece in pieces:
        size += len(piece)
        if size > MAX_ENTRY_BYTES:
            raise ValueError("too large to keep")
        mac.update(piece)
        yield piece
    yield mac.digest()


def has(digest: str) -> bool:
    """Whether an entry for ``digest`` is there to try (a regular file under its name);
    cheap, and proves nothing: only ``get`` trusts an entry."""
    try:
        info = os.lstat(_path(digest))
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode)


def get(digest: str) -> tuple[dict[str, Any], list[str]] | None:
    """(document, attached article hashes) for a file whose bytes hash to ``digest``, or
    None (a miss) for anything but an intact entry this program made for those bytes."""
    if not _usable():
        return None
    key = _read_key()
    if key is None:
        return None
    path = _path(digest)
    try:
        blob = read_own_file(path, MAX_ENTRY_BYTES)
    except (OSError, BriefingError):
        return None
    payload = _payload(digest, blob, key)
    hit = _record(payload, digest) if payload is not None else None
    if hit is not None:
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(path, follow_symlinks=False)  # most recently used
    return hit


_SHARED_MAX = 40  # strings up to this long are shared: ids, dates, locators, tags, kinds


def share_strings(document: dict[str, Any]) -> None:
    """Make equal short strings in the document's rows one object each, in place.

    Ids, references, locators, tags and dates recur across thousands of entries; as one
    object each they take a fraction of the memory, and ``marshal`` writes the repeats as
    back-references, so a kept entry is smaller and loads faster. Only equal strings are
    swapped for one another: nothing a reader sees changes."""
    memo: dict[str, str] = {}
    one = memo.setdefault
    for table in document.values():
        if not isinstance(table, dict):
            continue
        for row in table.values():
            if not isinstance(row, dict):
                continue
            for name, value in row.items():
                if type(value) is str:
                    if len(value) <= _SHARED_MAX:
                        row[name] = one(value, value)
                elif type(value) is list:
                    for i, item in enumerate(value):
                        if type(item) is str and len(item) <= _SHARED_MAX:
                            value[i] = one(item, item)


def put(digest: str, document: dict[str, Any], attached: list[str]) -> None:
    """Keep a document that passed its checks; old entries beyond ``KEEP`` are dropped.
    Its repeated strings are shared first (``share_strings``, in place).

    Quietly does nothing when the cache folder is not the user's own (a cache that cannot
    be written only costs time)."""
    try:
        folder = own_folder(_folder(), below=cache_dir(), mode=0o700)
        key = _make_key()
        if key is None:
            return
        share_strings(document)
        write_atomic(_path(digest), _signed(key, digest, _pack(digest, document, attached)),
                     0o600)
        _prune(folder)
    except (OSError, ValueError, BriefingError):
        pass


def _prune(folder: Path) -> None:
    """Drop all but the ``KEEP`` most recently used entries, and the temporaries of writes
    cut off (the app killed while it kept a briefing) once they are ``STALE_SECONDS`` old:
    only regular files with the names this module and ``atomic`` give, never a link or
    anything else in the folder."""
    entries = []
    stale_before = time.time() - STALE_SECONDS
    with os.scandir(folder) as scan:
        for item in scan:
            entry = bool(_ENTRY.match(item.name))
            if not (entry or _TEMP.fullmatch(item.name)):
                continue  # not a name this module or ``atomic`` gives: never even looked at
            if not item.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                mtime = item.stat(follow_symlinks=False).st_mtime
                if entry:
                    entries.append((mtime, item.path))
                elif mtime < stale_before:
                    os.unlink(item.path)
    entries.sort(reverse=True)
    for _, old in entries[KEEP:]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(old)
