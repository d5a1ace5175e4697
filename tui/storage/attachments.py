"""Articles attached to briefings: kept in the user's data folder, named by their hash.

A briefing stores only a source's SHA-256 and counts. ``attach`` checks that an article is
one of the briefing's sources and keeps its normalised text; ``attached_articles`` finds
the kept text for each source of a briefing and verifies its hash again.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tui.core.article import Article, parse_article
from tui.core.errors import BriefingError, Problem, cause_in_words, os_error
from tui.core.model import Briefing
from tui.storage.atomic import TEMP_SUFFIX_RE, write_atomic
from tui.storage.leftovers import remove_leftovers
from tui.storage.locking import locked_folder
from tui.storage.paths import articles_dir, data_dir
from tui.storage.safe_read import is_own_folder, own_folder, read_own_file

__all__ = ["attach", "attached_articles", "article_path", "keep_article", "read_article_file",
           "sources_of"]

_SHA = re.compile(r"^[0-9a-f]{64}$")

# An article is text: 16 MiB is some three thousand pages. Articles to attach and kept
# articles alike are read only up to this size (see docs/STORE.md).
_MAX_ARTICLE_BYTES = 16 * 1024 * 1024
# The temporaries ``write_atomic`` makes for a kept article (see ``leftovers``).
_ARTICLE_TEMP = re.compile(r"\.[0-9a-f]{64}\.txt\.tmp-" + TEMP_SUFFIX_RE.pattern)


def article_path(sha256: str) -> Path:
    return articles_dir() / f"{sha256}.txt"


def _text(data: bytes, encoding: str) -> str:
    """Decoded as a text-mode read would: universal newlines."""
    return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")


def _read(path: Path) -> Article:
    """The article in the file the user names (a link to it is followed): a regular file of
    UTF-8 text (a BOM is allowed) of at most 16 MiB; never waits on a FIFO."""
    path = Path(path)
    try:
        data = read_own_file(path, _MAX_ARTICLE_BYTES, follow=True)
    except FileNotFoundError:
        raise BriefingError(path, "no such article file") from None
    try:
        return parse_article(_text(data, "utf-8-sig"))
    except UnicodeDecodeError:
        raise BriefingError(path, "not valid UTF-8 text") from None


def _articles_folder(folder: Path) -> None:
    """Make the articles folder, or say in words why there is none."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise BriefingError(folder, "not kept: it is a file, not a folder") from None
    except OSError as err:
        raise os_error(err, "not kept", folder) from None
    if not folder.is_dir():
        raise BriefingError(folder, "not kept: it is a file, not a folder")


def _read_only(folder: Path) -> bool:
    """A folder without any write permission bits (``chmod a-w``) is left alone even by
    root, as the store does for a read-only briefing."""
    return not os.stat(folder).st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK)


def keep_article(article: Article) -> Path:
    """Keep an article's normalised text in the data folder; returns where.

    Raises ``BriefingError`` with the cause in words (a full disk, a read-only folder, an
    articles path that is a file) and leaves the folder as it was."""
    target = article_path(article.sha256)
    _articles_folder(target.parent)
    own_folder(target.parent, below=data_dir())  # not a link, the user's own: or one message
    data = article.text.encode("utf-8")
    try:
        with locked_folder(target.parent):
            read_only = _read_only(target.parent)
            if not read_only:
                remove_leftovers(target.parent, lambda name: bool(_ARTICLE_TEMP.fullmatch(name)))
            try:
                intact = read_own_file(target, _MAX_ARTICLE_BYTES) == data
            except (OSError, BriefingError):  # missing, a link, a FIFO, too large: replaced
                intact = False
            if not intact and read_only:
                raise BriefingError(target.parent, "not kept: the folder is read-only "
                                                   "(permission denied)")
            if not intact:  # missing, or damaged since: (re)write it
                write_atomic(target, data, 0o644)
    except OSError as err:
        raise BriefingError(target, f"not kept: {cause_in_words(err)}") from None
    return target


def read_article_file(path: Path) -> Article:
    """An article to attach or add, read as ``attach`` reads it (a regular file of at most
    16 MiB, UTF-8 text), or ``BriefingError`` naming the file."""
    return _read(path)


def attach(briefing: Briefing, article_file: Path) -> tuple[str, Path]:
    """Attach an article to the briefing's source with the same hash; returns (source id, path)."""
    article = _read(article_file)
    for source in briefing.sources:
        if source.sha256 == article.sha256:
            return source.id, keep_article(article)
    known = ", ".join(f"{s.id} ({s.sha256[:12]})" for s in briefing.sources) or "none"
    raise BriefingError(
        article_file,
        f"is not a source of this briefing: its text hashes to {article.sha256[:12]}, "
        f"the briefing's sources are {known}",
    )


def sources_of(document: object) -> list[tuple[str, str]]:
    """(source id, sha256) of every well-formed source record in a raw document."""
    table = document.get("sources") if isinstance(document, dict) else None
    out = []
    for record in (table or {}).values() if isinstance(table, dict) else ():
        if isinstance(record, dict):
            sid, sha = record.get("id"), record.get("sha256")
            if isinstance(sid, str) and isinstance(sha, str) and _SHA.match(sha):
                out.append((sid, sha))
    return out


def _kept(sha256: str) -> Article | None:
    """The kept article with this hash; None when there is none. ``BriefingError`` when
    what has its name is not a regular file of at most 16 MiB (a link, a FIFO, a device)
    or is not the article (other bytes, not UTF-8)."""
    path = article_path(sha256)
    try:
        data = read_own_file(path, _MAX_ARTICLE_BYTES)
    except FileNotFoundError:
        return None
    try:
        article = parse_article(_text(data, "utf-8"))
    except UnicodeDecodeError:
        raise BriefingError(path, "is not UTF-8 text") from None
    if article.sha256 != sha256:
        raise BriefingError(path, "has changed since it was kept (its text has another hash)")
    return article


def attached_articles(sources: Briefing | list[tuple[str, str]],
                      problems: list[Problem] | None = None) -> dict[str, Article]:
    """Source id -> attached article, for every source whose article is kept and intact.

    A kept article that cannot be used (see ``_kept``), or an articles folder that is a
    link or another user's, counts as not attached; each is added to ``problems`` (when
    given) as one problem naming the file.
    """
    if isinstance(sources, Briefing):
        sources = [(s.id, s.sha256) for s in sources.sources]
    found: dict[str, Article] = {}
    folder = articles_dir()
    if not sources or not folder.exists():
        return found
    if not is_own_folder(folder):
        if problems is not None:
            problems.append(Problem("articles", f"{folder} is a symbolic link or not your own "
                                    "folder: attached articles are not read from it"))
        return found
    for source_id, sha256 in sources:
        try:
            article = _kept(sha256)
        except BriefingError as err:
            if problems is not None:
                problems.append(Problem(f"source {source_id}",
                                        f"kept article ignored: {err}"))
            continue
        if article is not None:
            found[source_id] = article
    return found
