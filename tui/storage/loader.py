"""Opening a briefing for reading: file -> checked document -> ``Briefing`` -> index; also
checking a file (``briefing check``) and peeking at its title (the folder chooser).

The one path the app takes to read a briefing (no Textual here); the bytes come from
``store.read_bytes``. A file whose bytes were
checked before comes from the load cache (``tui.storage.cache``); anything else is parsed and
checked in full, and kept for next time.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from functools import partial
from pathlib import Path

from tui.core.document import meta_of
from tui.core.errors import BriefingError, Problem
from tui.core.index import BriefingIndex
from tui.core.model import Briefing
from tui.core.validate import assemble_checked, build_briefing, check_conflicts, check_document
from tui.storage import cache
from tui.storage.attachments import attached_articles, sources_of
from tui.storage.jsonio import MAX_DEPTH, gc_paused
from tui.storage.rowwise import parse_in_rows
from tui.storage.store import parse_document, read_bytes, read_document

__all__ = ["load_index", "index_after_write", "check_file", "peek"]


def load_index(path: Path, use_cache: bool = True,
               keep_later: list[Callable[[], None]] | None = None) -> BriefingIndex:
    """Read, check and index a briefing, with its attached articles (garbage collector
    paused while it is built, see ``jsonio.gc_paused``).

    A briefing checked in full is kept in the load cache before this returns; given
    ``keep_later``, that write is appended to it instead, for the caller to run once the
    briefing shows (off the UI thread: it takes about as long as the index at 100k)."""
    with gc_paused():
        index = _load(path, use_cache, keep_later)
        # What was loaded lives as long as the app: out of every later collection, and
        # frozen before the collector is back on (else its first run scans all of it).
        gc.freeze()
    return index


def _load(path: Path, use_cache: bool,
          keep_later: list[Callable[[], None]] | None) -> BriefingIndex:
    raw = read_bytes(path)
    digest = hashlib.sha256(raw).hexdigest()
    if use_cache and cache.has(digest):
        # Only the digest is needed now: let the bytes go before the kept document loads,
        # so the two are never in memory together.
        del raw
        hit = _from_cache(path, digest)
        if hit is not None:
            return hit
        raw = read_bytes(path)  # a miss after all: the file again, checked in full
        digest = hashlib.sha256(raw).hexdigest()
    # Bytes exactly as this program writes them are read a thousand rows at a time (the
    # strict reader's answer, with far less memory: 100k entries peaked at 494 MB, now
    # about 320), and where each row lies comes with them; any other bytes, strictly.
    fast = parse_in_rows(raw, MAX_DEPTH)
    document, layout = fast if fast is not None else (parse_document(raw, path), None)
    del raw, fast
    articles = attached_articles(sources_of(document))
    briefing = build_briefing(document, path, articles)
    index = BriefingIndex(briefing, articles, digest, document)
    index.source_layout = layout
    if use_cache:
        keep = partial(cache.put, digest, document, articles_sha(articles))
        if keep_later is None:
            keep()
        else:
            keep_later.append(keep)
    return index


def _from_cache(path: Path, digest: str) -> BriefingIndex | None:
    """The index from an intact cache entry for these bytes and the same attached
    articles, or None: any doubt is a miss, and the file is parsed and checked in full."""
    hit = cache.get(digest)
    if hit is None:
        return None
    document, attached_then = hit
    sources = sources_of(document)
    articles = attached_articles(sources)
    if sorted(articles_sha(articles)) != sorted(attached_then):
        return None
    try:
        # Kept only after the full check passed: those bytes are vouched for.
        return BriefingIndex(assemble_checked(document, path), articles, digest, document)
    except Exception:  # an entry this program wrote never fails here; if one does, a miss
        return None


def articles_sha(articles: dict) -> list[str]:  # type: ignore[type-arg]
    return [article.sha256 for article in articles.values()]


def warm_index(index: BriefingIndex) -> None:
    """``index.warm()`` with the collector paused (call off the UI thread): its backlinks
    and search texts are some 400,000 new objects at 100,000 entries, none in a cycle, and
    the collector's passes over them doubled the time (0.85 s -> 0.41 s for backlinks)."""
    with gc_paused():
        index.warm()
        gc.freeze()  # they live as long as the index: out of every later collection


def index_after_write(path: Path, document: dict, digest: str, articles: dict,  # type: ignore[type-arg]
                      keep_later: list[Callable[[], None]] | None = None,
                      previous: BriefingIndex | None = None) -> BriefingIndex:
    """The index of a document a store transaction has just checked and written.

    No re-read: the store checked it (locators against ``articles`` were checked by the
    editor) and hands over what it wrote, with the hash of the bytes; the load cache gets
    it too, so the next open of this file is a hit. With ``keep_later``, that write is
    appended to it, for the caller to run once the new index shows (it is not what a
    reader waits for: 0.3 s at 100,000 entries). With ``previous`` (the index the screen
    shows, which this one replaces), what it built for the entries the save did not touch
    is kept (``BriefingIndex.carry_over``).
    """
    keep = partial(cache.put, digest, document, articles_sha(articles))
    with gc_paused():
        briefing = assemble_checked(document, path, previous.briefing if previous else None)
        index = BriefingIndex(briefing, articles, digest, document)
        if previous is not None:
            index.carry_over(previous)
        if keep_later is None:
            keep()
        else:
            keep_later.append(keep)
        gc.freeze()
    return index


def check_file(path: Path) -> tuple[list[Problem], Briefing | None]:
    """``briefing check`` of one file: its problems, or none and the ``Briefing``. With an
    attached article, locators are checked down to the sentence. A file that cannot be
    read or parsed raises ``BriefingError``."""
    document = read_document(path)
    unusable: list[Problem] = []  # kept articles that are links, FIFOs, too large...
    articles = attached_articles(sources_of(document), unusable)
    problems, briefing = check_document(document, articles)
    # The records ``briefing merge`` left are problems for ``check`` (exit 1), though the
    # briefing still opens and can be edited.
    return unusable + problems + check_conflicts(document), briefing


def peek(path: Path) -> tuple[str | None, str | None]:
    """(title, problem) of a briefing file, read but not checked: the title is None when
    it has none; the problem is None unless the file cannot be read or parsed."""
    try:
        document = read_document(path)
    except BriefingError as err:
        return None, err.message
    title = meta_of(document).get("title")
    return (title if isinstance(title, str) and title else None), None
