"""Checked briefings kept in the user's cache folder, so the next open skips parse and checks.

An entry is named by the SHA-256 of the briefing file's bytes, so any change to the file is
a miss. It holds the document as it passed ``check_document`` (in ``marshal`` form, which
loads several times faster than JSON) and which of its sources had an attached article
then: locators were checked against those, so a different set of attachments is a miss.
The cache holds only what the user's own program wrote into the user's own folder; it is
never shared, and anything unreadable in it is simply a miss.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from pathlib import Path
from typing import Any

from tui import __version__
from tui.core.model import SCHEMA_VERSION
from tui.storage.atomic import write_atomic
from tui.storage.paths import cache_dir

__all__ = ["get", "put", "KEEP"]

# The program version is part of every entry: a version whose rules differ never trusts
# what an older one checked.
_MAGIC = f"briefing-load-cache 2 {__version__} schema {SCHEMA_VERSION}\n".encode()
KEEP = 8  # the most recently used briefings kept


def _folder() -> Path:
    return cache_dir() / "loaded"


def _path(digest: str) -> Path:
    return _folder() / f"{digest}.marshal"


def get(digest: str) -> tuple[dict[str, Any], list[str]] | None:
    """(document, attached article hashes) for a file whose bytes hash to ``digest``."""
    path = _path(digest)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if not blob.startswith(_MAGIC):
        return None
    try:
        record = marshal.loads(blob[len(_MAGIC):])
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(record, dict) or record.get("digest") != digest:
        return None
    document, attached = record.get("document"), record.get("attached")
    if not isinstance(document, dict) or not isinstance(attached, list):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used
    return document, attached


def put(digest: str, document: dict[str, Any], attached: list[str]) -> None:
    """Keep a document that passed its checks; old entries beyond ``KEEP`` are dropped."""
    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        record = {"digest": digest, "document": document, "attached": sorted(attached)}
        write_atomic(_path(digest), _MAGIC + marshal.dumps(record), 0o600)
        entries = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass  # a cache that cannot be written only costs time
