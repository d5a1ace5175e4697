"""Article text -> de-duplicated paragraphs, numbered sentences and a content hash.

A briefing never stores the article's prose. It cites sentences by locator
(``SOURCE_ID#pN.sM``: paragraph N, sentence M, both from 1) in the article as
normalised here, and identifies the article by the SHA-256 of that normalised text.
The rules below are a contract (see docs/FORMAT.md): changing them changes every
locator and hash, so they change only with the schema version.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Article", "parse_article", "read_article", "split_sentences", "LOCATOR_RE"]

LOCATOR_RE = re.compile(
    r"^(?P<source>[A-Za-z0-9][A-Za-z0-9_.-]*)#p(?P<p>[1-9][0-9]{0,8})\.s(?P<s>[1-9][0-9]{0,8})\Z"
)

# Words that end in a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen col lt sgt capt sen rep gov pres jr sr vs etc e.g i.e "
    "inc ltd co corp u.s u.k u.n e.u jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_SENTENCE_END = re.compile(r"""[.!?]+['"\u2019\u201d)\]]*(?=\s+|$)""")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Article:
    """An article as the briefing sees it: normalised paragraphs split into sentences."""

    paragraphs: tuple[tuple[str, ...], ...]
    duplicates_dropped: int

    @property
    def text(self) -> str:
        """The normalised text the hash is taken over: paragraphs joined by blank lines."""
        return "\n\n".join(" ".join(p) for p in self.paragraphs) + "\n"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def sentence_count(self) -> int:
        return sum(len(p) for p in self.paragraphs)

    def sentence(self, paragraph: int, sentence: int) -> str | None:
        """The sentence at a 1-based paragraph and sentence number, or None."""
        if 1 <= paragraph <= len(self.paragraphs):
            para = self.paragraphs[paragraph - 1]
            if 1 <= sentence <= len(para):
                return para[sentence - 1]
        return None

    def locators(self) -> list[tuple[int, int, str]]:
        """Every (paragraph, sentence, text) in reading order."""
        return [
            (pi, si, s)
            for pi, para in enumerate(self.paragraphs, 1)
            for si, s in enumerate(para, 1)
        ]


def _split_paragraphs(text: str) -> list[str]:
    lines = text.split("\n")
    # An article either separates paragraphs with blank lines (hard-wrapped text)
    # or puts one paragraph on each line. Blank lines between text decide which.
    stripped = [line.strip() for line in lines]
    first = next((i for i, s in enumerate(stripped) if s), None)
    last = max((i for i, s in enumerate(stripped) if s), default=None)
    if first is None or last is None:
        return []
    body = stripped[first : last + 1]
    if any(not s for s in body):
        blocks: list[list[str]] = [[]]
        for s in body:
            if s:
                blocks[-1].append(s)
            elif blocks[-1]:
                blocks.append([])
        return [" ".join(b) for b in blocks if b]
    return body


# Abbreviations only before a number: "No. 5" (but "He said no. Then he left." is two).
_NUMBER_ABBREVIATIONS = frozenset({"no"})


def _ends_with_abbreviation(chunk: str, next_char: str) -> bool:
    word = chunk.rstrip(".!?'\"\u2019\u201d)]").rsplit(" ", 1)[-1].lower().strip("('\"\u2018\u201c")
    if word in _ABBREVIATIONS:
        return True
    if word in _NUMBER_ABBREVIATIONS:
        return next_char.isdigit()
    # Single initials ("J. Smith") do not end a sentence.
    return len(word) == 1 and word.isalpha()


def split_sentences(paragraph: str) -> list[str]:
    """Split one normalised paragraph into sentences.

    A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets)
    followed by white space and a word that starts with a capital, a digit or a quote,
    unless the word before the stop is a known abbreviation (``U.S.``, ``Mr.``, ``e.g.``;
    ``No.`` only before a number) or a single-letter initial.
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        rest = paragraph[end:].lstrip()
        if rest:
            nxt = rest[0]
            if not (nxt.isupper() or nxt.isdigit() or nxt in "'\"\u2018\u201c(["):
                continue
            if match.group().startswith(".") and _ends_with_abbreviation(paragraph[start:end], nxt):
                continue
        piece = paragraph[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def parse_article(raw: str) -> Article:
    """Normalise article text: NFC, newlines, white space; drop repeated paragraphs."""
    text = unicodedata.normalize("NFC", raw.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    seen: set[str] = set()
    paragraphs: list[tuple[str, ...]] = []
    dropped = 0
    for para in _split_paragraphs(text):
        para = _WS.sub(" ", para).strip()
        if not para:
            continue
        if para in seen:
            dropped += 1
            continue
        seen.add(para)
        paragraphs.append(tuple(split_sentences(para)))
    return Article(tuple(paragraphs), dropped)


def read_article(path: Path) -> Article:
    """Read an article file as UTF-8 text (a BOM is allowed)."""
    return parse_article(Path(path).read_text(encoding="utf-8-sig"))
