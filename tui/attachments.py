"""Articles attached to briefings: kept in the user's data folder, named by their hash.

A briefing stores only a source's SHA-256 and counts. ``attach`` checks that an article is
one of the briefing's sources and keeps its normalised text; ``attached_articles`` finds
the kept text for each source of a briefing and verifies its hash again.
"""

from __future__ import annotations

from pathlib import Path

from tui.article import Article, parse_article, read_article
from tui.errors import BriefingError
from tui.model import Briefing
from tui.paths import articles_dir
from tui.store import write_atomic

__all__ = ["attach", "attached_articles", "article_path", "keep_article"]

_MAX_ARTICLE_BYTES = 16 * 1024 * 1024


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


def keep_article(article: Article) -> Path:
    """Keep an article's normalised text in the data folder; returns where."""
    target = article_path(article.sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        write_atomic(target, article.text.encode("utf-8"), 0o644)
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


def attached_articles(briefing: Briefing) -> dict[str, Article]:
    """Source id -> attached article, for every source whose article is kept and intact."""
    found: dict[str, Article] = {}
    for source in briefing.sources:
        path = article_path(source.sha256)
        if not path.is_file():
            continue
        try:
            article = parse_article(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if article.sha256 == source.sha256:
            found[source.id] = article
    return found
