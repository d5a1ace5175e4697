"""Articles attached to briefings: kept in the user's data folder, named by their hash.

A briefing stores only a source's SHA-256 and counts. ``attach`` checks that an article is
one of the briefing's sources and keeps its normalised text; ``attached_articles`` finds
the kept text for each source of a briefing and verifies its hash again.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tui.core.article import Article, parse_article, read_article
from tui.core.errors import BriefingError, cause_in_words, os_error
from tui.core.model import Briefing
from tui.storage.atomic import TEMP_SUFFIX_RE, write_atomic
from tui.storage.leftovers import remove_leftovers
from tui.storage.locking import locked_folder
from tui.storage.paths import articles_dir

__all__ = ["attach", "attached_articles", "article_path", "keep_article", "sources_of"]

_SHA = re.compile(r"^[0-9a-f]{64}$")

_MAX_ARTICLE_BYTES = 16 * 1024 * 1024
# The temporaries ``write_atomic`` makes for a kept article (see ``leftovers``).
_ARTICLE_TEMP = re.compile(r"\.[0-9a-f]{64}\.txt\.tmp-" + TEMP_SUFFIX_RE.pattern)


def article_path(sha256: str) -> Path:
    return articles_dir() / f"{sha256}.txt"


def _read(path: Path) -> Article:
    path = Path(path)
    if not path.is_file():
        raise BriefingError(path, "no such article file")
    if path.stat().st_size > _MAX_ARTICLE_BYTES:
        raise BriefingError(path, f"too large for an article (over {_MAX_ARTICLE_BYTES} bytes)")
    try:
        return read_article(path)
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
    data = article.text.encode("utf-8")
    try:
        with locked_folder(target.parent):
            read_only = _read_only(target.parent)
            if not read_only:
                remove_leftovers(target.parent, lambda name: bool(_ARTICLE_TEMP.fullmatch(name)))
            try:
                intact = target.read_bytes() == data
            except OSError:
                intact = False
            if not intact and read_only:
                raise BriefingError(target.parent, "not kept: the folder is read-only "
                                                   "(permission denied)")
            if not intact:  # missing, or damaged since: (re)write it
                write_atomic(target, data, 0o644)
    except OSError as err:
        raise BriefingError(target, f"not kept: {cause_in_words(err)}") from None
    return target


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


def attached_articles(sources: Briefing | list[tuple[str, str]]) -> dict[str, Article]:
    """Source id -> attached article, for every source whose article is kept and intact."""
    if isinstance(sources, Briefing):
        sources = [(s.id, s.sha256) for s in sources.sources]
    found: dict[str, Article] = {}
    for source_id, sha256 in sources:
        path = article_path(sha256)
        if not path.is_file():
            continue
        try:
            article = parse_article(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if article.sha256 == sha256:
            found[source_id] = article
    return found
