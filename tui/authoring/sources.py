"""Adding a source to a briefing: a second, third... article on a developing story.

The new ``sources`` row is made by the same code as ``briefing new`` makes the first one
(:func:`tui.core.document.source_record`), written through the one atomic, locked store,
and the article is kept first, so its sentences can be read and cited at once and a
source is never written without its article.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb.table import Document

from tui.core.article import Article
from tui.core.document import source_id_for, source_record
from tui.core.errors import BriefingError
from tui.core.validate import next_doc_id
from tui.storage.attachments import keep_article, read_article_file
from tui.storage.store import BriefingStore

__all__ = ["add_source", "add_source_file"]


def add_source(path: Path, article: Article, *, title: str, publisher: str | None = None,
               url: str | None = None, published: str | None = None,
               reliability: str | None = None) -> str:
    """Append ``article`` as a new source of the briefing at ``path``; returns its id.

    Refused, with nothing written, when the article has no text or is already a source (the
    same normalised text, so the same hash)."""
    if not article.paragraphs:
        raise BriefingError(path, "not added: the article has no text to brief")
    added: dict[str, Any] = {}
    with BriefingStore(path).transaction() as db:
        table = db.table("sources")
        rows = {int(doc.doc_id): dict(doc) for doc in table.all()}
        for row in rows.values():
            if row.get("sha256") == article.sha256:
                raise BriefingError(
                    path, f"not added: this article is already source {row.get('id')!r} "
                          f"(the same text, hash {article.sha256[:12]})")
        taken = {str(r.get("id")) for r in rows.values()}
        record = source_record(article, source_id_for(article, taken), title=title,
                               publisher=publisher, url=url, published=published,
                               reliability=reliability)
        # Kept first, under the briefing's lock: a source whose article could not be kept
        # is never written (a kept article alone is harmless, found by its hash).
        keep_article(article)
        table.insert(Document(record, doc_id=next_doc_id(rows)))
        added.update(record)
    return str(added["id"])


def add_source_file(path: Path, article_file: Path, *, title: str | None = None,
                    publisher: str | None = None, url: str | None = None,
                    published: str | None = None, reliability: str | None = None) -> str:
    """Read the article at ``article_file`` and add it as a source (``briefing add-source``
    and the app's Sources view both come here); the title defaults to the file's name."""
    article = read_article_file(article_file)
    return add_source(path, article, title=title or Path(article_file).stem,
                      publisher=publisher, url=url, published=published,
                      reliability=reliability)
