"""A derived index of a folder of briefings, kept in the cache folder (SQLite, FTS5).

The folder list shows each briefing's title, as-of date and counts, and ``ctrl+p`` there
finds entries across every briefing in the folder; both read this index, never the files
one by one. The files stay the only truth:

- every file is known by its path and its ``(size, mtime_ns, inode, ctime_ns)``; when those
  differ from what was indexed, the file is read again and its SHA-256 compared; only new
  bytes are parsed, checked and indexed again (a file that is gone leaves the index);
- a search names only entries of files whose key still matches what was indexed (each
  file of the hits is looked at again), so it never offers an entry the files lack;
- an index that cannot be read (not a database, damaged, another version's) is deleted
  and built again from the files: never trusted, never an error.

Each batch of files is written in one SQLite transaction (WAL mode: readers never wait
for the writer). Call ``refresh`` and ``search`` off the UI thread; every call opens its own
connection, so any thread may call them.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui import __version__
from tui.core.document import meta_of
from tui.core.errors import BriefingError, InvalidBriefing
from tui.core.model import ENTRY_KINDS, SCHEMA_VERSION, Entry
from tui.core.validate import check_document
from tui.storage.attachments import article_path, attached_articles, sources_of
from tui.storage.paths import cache_dir
from tui.storage.safe_read import UnsafeFile, own_folder
from tui.storage.store import parse_document, read_bytes

__all__ = ["EntryHit", "FileSummary", "FolderIndex", "index_path", "fts_query"]

# A different program or format version never trusts what an older one indexed.
INDEX_VERSION = f"briefing-folder-index 3 {__version__} schema {SCHEMA_VERSION}"
FIRST_BATCH, BATCH = 40, 50  # files per transaction and update of the list (first: a screen)
_BUSY_TIMEOUT = 10.0  # seconds another process's write may hold us up

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY, stat TEXT NOT NULL, digest TEXT NOT NULL, title TEXT,
    as_of TEXT, newest_source TEXT, counts TEXT NOT NULL, problem TEXT,
    sources TEXT NOT NULL, attached TEXT NOT NULL);
CREATE TABLE entry_rows (
    rowid INTEGER PRIMARY KEY, path TEXT NOT NULL, entry_id TEXT NOT NULL,
    kind TEXT NOT NULL, title TEXT NOT NULL);
CREATE INDEX entry_rows_path ON entry_rows (path);
CREATE VIRTUAL TABLE entry_text USING fts5 (
    title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
"""


@dataclass(frozen=True)
class FileSummary:
    """What the folder list shows of one file."""

    path: Path
    title: str | None = None
    as_of: str | None = None  # the briefing's own as-of date, at its precision
    newest_source: str | None = None  # the newest publication date among its sources
    counts: dict[str, int] = field(default_factory=dict)  # entries per kind
    problem: str | None = None  # what stops it opening ("place: what is wrong")


@dataclass(frozen=True)
class EntryHit:
    """One entry a search found: where it lives and what it is called."""

    path: Path
    entry_id: str
    kind: str
    title: str
    briefing_title: str | None


def index_path(folder: Path) -> Path:
    """The index of ``folder`` in the cache folder, named by the folder's real path."""
    name = hashlib.sha256(os.path.realpath(folder).encode("utf-8", "surrogateescape"))
    return cache_dir() / "folders" / f"{name.hexdigest()[:32]}.sqlite"


def fts_query(query: str) -> list[str]:
    """A typed query as FTS5 expressions, best tier first: names that start with the first
    word and hold every word, then names that hold every word, then entries whose name or
    text do ("holds" a word: a word of it starts with the word typed). A single letter
    searches names only. Each tier is read unranked up to the hits still wanted, so an
    answer costs about the same whether one entry matches or a hundred thousand do."""
    words = [f'"{w}"*' for w in re.findall(r"\w+", query)]
    if not words:
        return []
    rest = "".join(f" AND title : {w}" for w in words[1:])
    tiers = [f"title : ^{words[0]}{rest}", f"title : ({' '.join(words)})"]
    if len(query.strip()) > 1:
        tiers.append(" ".join(words))
    return tiers


def _stat_key(path: Path) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ino} {st.st_ctime_ns}"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _body(entry: Entry) -> str:
    """Every text of an entry but its name and its locators, for the full-text search."""
    return " ".join(s for name, value in entry.data.items() if name != "sources"
                    for s in _strings(value))


@dataclass
class _Read:
    """One file read and checked: its summary and, when it opens, its entries."""

    summary: FileSummary
    stat: str
    digest: str
    entries: list[Entry] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the articles of its sources (hashes)
    attached: list[str] = field(default_factory=list)  # those attached when it was checked


def _problem_of(err: BriefingError) -> str:
    return f"{err.place}: {err.message}" if err.place else err.message


def _read_file(path: Path, stat: str, known: sqlite3.Row | None = None) -> _Read:
    """Read, parse and check one file (as opening it would); never raises for its content.
    The same bytes as ``known`` was made from, checked against the same attached articles,
    are not parsed again: only their key is new."""
    try:
        raw = read_bytes(path)
    except BriefingError as err:
        return _Read(FileSummary(path, problem=_problem_of(err)), stat, "")
    digest = hashlib.sha256(raw).hexdigest()
    if known is not None and (known["digest"], known["attached"]) == (digest,
                                                                      _attached_now(known)):
        return _Read(_summary_of(known, path), stat, "same:" + digest)
    try:
        document = parse_document(raw, path)
        meta = meta_of(document)
        sources = sources_of(document)
        articles = attached_articles(sources)
        problems, briefing = check_document(document, articles)
    except BriefingError as err:
        return _Read(FileSummary(path, problem=_problem_of(err)), stat, digest)
    except Exception as err:  # noqa: BLE001 - one odd file must not stop the index
        return _Read(FileSummary(path, problem=repr(err)), stat, digest)
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    shas = sorted({sha for _, sha in sources})
    attached = sorted({article.sha256 for article in articles.values()})
    if briefing is None:
        problem = _problem_of(InvalidBriefing(path, problems))
        return _Read(FileSummary(path, title or None, problem=problem), stat, digest, [], shas,
                     attached)
    as_of = meta.get("as_of") if isinstance(meta.get("as_of"), str) else None
    published = [s.data["published"] for s in briefing.sources
                 if isinstance(s.data.get("published"), str)]
    counts = {kind: 0 for kind in ENTRY_KINDS}
    for entry in briefing.entries:
        counts[entry.kind] += 1
    summary = FileSummary(path, title or None, as_of or None, max(published, default=None), counts)
    return _Read(summary, stat, digest, list(briefing.entries), shas, attached)


def _attached_now(row: sqlite3.Row, known: dict[str, bool] | None = None) -> str:
    """Which of the articles of a file's sources are attached now (as the index keeps it):
    locators were checked against the attached ones, so another set means check again.
    ``known`` keeps the answers for a hash already asked about."""
    known = {} if known is None else known
    shas = json.loads(row["sources"])
    for sha in shas:
        if sha not in known:
            known[sha] = article_path(sha).is_file()
    return json.dumps([sha for sha in shas if known[sha]])


def _summary_of(row: sqlite3.Row, path: Path) -> FileSummary:
    counts = json.loads(row["counts"])
    return FileSummary(path, row["title"], row["as_of"], row["newest_source"],
                       counts if isinstance(counts, dict) else {}, row["problem"])


class FolderIndex:
    """The index of one folder of briefings (``db``: where it is kept)."""

    def __init__(self, folder: Path, db: Path | None = None) -> None:
        self.folder = folder
        self.db = db if db is not None else index_path(folder)

    # ------------------------------------------------------------ the database
    def _open(self) -> sqlite3.Connection:
        # The program's own folder, or no index at all (never made or pruned through a
        # link to someone else's folder): the callers then read the files directly.
        try:
            own_folder(self.db.parent, below=cache_dir(), mode=0o700)
        except UnsafeFile as err:
            raise PermissionError(errno.EPERM, err.message, err.path) from None
        if not self.db.exists():
            os.close(os.open(self.db, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(self.db, timeout=_BUSY_TIMEOUT, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            # A derived index need not survive a power cut (it is rebuilt), only be whole.
            conn.execute("PRAGMA synchronous = NORMAL")
            found = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if found is None or found[0] != INDEX_VERSION:
                raise sqlite3.DatabaseError("another version's index")
        except sqlite3.OperationalError as err:
            if "no such table" not in str(err):
                conn.close()
                raise
            self._create(conn)  # a new, empty file
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
        conn.execute("COMMIT")

    def _remove(self) -> None:
        """Delete a broken index (and its journal files): it is rebuilt from the files."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.db}{suffix}").unlink()

    def _with_db(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``work`` on a connection; a broken index is deleted and ``work`` run afresh."""
        for attempt in (1, 2):
            try:
                conn = self._open()
            except sqlite3.DatabaseError as err:
                if attempt == 2 or _busy(err):
                    raise
                self._remove()
                continue
            try:
                return work(conn)
            except sqlite3.DatabaseError as err:
                if attempt == 2 or _busy(err):
                    raise
                conn.close()
                self._remove()
            finally:
                conn.close()
        raise AssertionError("unreachable")

    # ---------------------------------------------------------------- reading
    def refresh(self, files: Sequence[Path],
                on_batch: Callable[[list[FileSummary]], None] | None = None,
                before_reading: Callable[[], None] | None = None) -> list[FileSummary]:
        """Bring the index up to date with ``files`` (the folder's briefings) and return
        their summaries in that order. ``on_batch`` gets the summaries as they are known:
        first the files the index already has right (the first screenful, then the rest),
        then each batch read afresh; ``before_reading`` is called once before the first
        file is read."""
        try:
            result: list[FileSummary] = self._with_db(
                lambda conn: self._refresh(conn, files, on_batch, before_reading))
        except (sqlite3.Error, OSError):  # no usable index (busy, no cache folder): read all
            result = [_read_file(p, "").summary for p in files]
            if on_batch is not None:
                on_batch(result)
        return result

    def _refresh(self, conn: sqlite3.Connection, files: Sequence[Path],
                 on_batch: Callable[[list[FileSummary]], None] | None,
                 before_reading: Callable[[], None] | None) -> list[FileSummary]:
        known = {row["path"]: row for row in conn.execute("SELECT * FROM files")}
        listed = {str(p) for p in files}
        done: dict[Path, FileSummary] = {}
        stale: list[tuple[Path, str]] = []
        attached: dict[str, bool] = {}  # article hash -> attached, asked once per refresh
        sent = 0
        for at, path in enumerate(files):
            stat, row = _stat_key(path), known.get(str(path))
            if (row is not None and stat is not None and row["stat"] == stat
                    and row["attached"] == _attached_now(row, attached)):
                done[path] = _summary_of(row, path)
            else:
                stale.append((path, stat or ""))
            if on_batch is not None and at + 1 == FIRST_BATCH and done:
                on_batch(list(done.values()))  # the first screenful before the rest
                sent = len(done)
        if on_batch is not None and len(done) > sent:
            on_batch(list(done.values())[sent:])
        gone = [p for p in known if p not in listed]
        if gone:
            with _transaction(conn):
                for path_text in gone:
                    _forget(conn, path_text)
        if stale and before_reading is not None:
            before_reading()
        bounds = [0, *range(FIRST_BATCH, len(stale), BATCH), len(stale)] if stale else [0]
        for start, end in zip(bounds, bounds[1:], strict=False):
            chunk = stale[start:end]
            fresh = [_read_file(p, stat, known.get(str(p))) for p, stat in chunk]
            with _transaction(conn):
                for read in fresh:
                    _store(conn, read)
            done.update((read.summary.path, read.summary) for read in fresh)
            if on_batch is not None:
                on_batch([read.summary for read in fresh])
        return [done[p] for p in files]

    def search(self, query: str, limit: int = 50) -> list[EntryHit]:
        """The best entries for ``query`` across the folder (every word must start a word of
        the entry's name or text; see ``fts_query`` for the order), from files unchanged
        since they were indexed."""
        tiers = fts_query(query)
        if not tiers:
            return []
        try:
            hits: list[EntryHit] = self._with_db(lambda conn: _search(conn, tiers, limit))
        except (sqlite3.Error, OSError):
            return []  # no usable index: no hits, never an error
        return hits


def _busy(err: sqlite3.DatabaseError) -> bool:
    """Another connection holds the index too long: not a broken index, so not deleted."""
    text = str(err)
    return isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _forget(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("DELETE FROM entry_text WHERE rowid IN "
                 "(SELECT rowid FROM entry_rows WHERE path = ?)", (path,))
    conn.execute("DELETE FROM entry_rows WHERE path = ?", (path,))
    conn.execute("DELETE FROM files WHERE path = ?", (path,))


def _store(conn: sqlite3.Connection, read: _Read) -> None:
    path, s = str(read.summary.path), read.summary
    if read.digest.startswith("same:"):
        conn.execute("UPDATE files SET stat = ? WHERE path = ?", (read.stat, path))
        return
    _forget(conn, path)
    conn.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (path, read.stat, read.digest, s.title, s.as_of, s.newest_source,
                  json.dumps(s.counts), s.problem, json.dumps(read.sources),
                  json.dumps(read.attached)))
    for entry in read.entries:
        cursor = conn.execute("INSERT INTO entry_rows (path, entry_id, kind, title) "
                              "VALUES (?, ?, ?, ?)", (path, entry.id, entry.kind, entry.title))
        conn.execute("INSERT INTO entry_text (rowid, title, body) VALUES (?, ?, ?)",
                     (cursor.lastrowid, entry.title, _body(entry)))


def _search(conn: sqlite3.Connection, tiers: list[str], limit: int) -> list[EntryHit]:
    rows: dict[int, sqlite3.Row] = {}
    for expression in tiers:
        if len(rows) >= limit:
            break
        found = conn.execute(
            "SELECT r.rowid, r.path, r.entry_id, r.kind, r.title, f.title AS briefing, f.stat "
            "FROM (SELECT rowid FROM entry_text WHERE entry_text MATCH ? LIMIT ?) AS t "
            "JOIN entry_rows AS r ON r.rowid = t.rowid JOIN files AS f ON f.path = r.path",
            (expression, limit + len(rows))).fetchall()
        tier = [row for row in found if row["rowid"] not in rows]
        tier.sort(key=lambda row: (len(row["title"]), row["rowid"]))  # the closest names first
        rows.update((row["rowid"], row) for row in tier[:limit - len(rows)])
    still: dict[str, bool] = {}
    hits = []
    for row in rows.values():
        path = row["path"]
        if path not in still:
            still[path] = _stat_key(Path(path)) == row["stat"]
        if still[path]:
            hits.append(EntryHit(Path(path), row["entry_id"], row["kind"], row["title"],
                                 row["briefing"]))
    return hits
