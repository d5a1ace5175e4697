"""Article normalisation, paragraphs, de-duplication, sentences and the hash (docs/FORMAT.md).

These rules are a contract: every locator and every source hash depends on them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seedfile import SEED

from tui.core.article import LOCATOR_RE, parse_article, read_article, split_sentences

# The hash the bundled briefing's source (src-b3e3d252) is pinned to.
SEED_SHA256 = "b3e3d2523ca04b618b4e5a4df4b67608f3cb72afe9aed0885a6a1bc6064e7e27"


# --- the seed article -------------------------------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_seed_counts_and_duplicates() -> None:
    article = read_article(SEED)
    assert len(article.paragraphs) == 8
    assert article.sentence_count == 18
    assert article.duplicates_dropped == 7
    assert [len(p) for p in article.paragraphs] == [3, 2, 3, 2, 3, 2, 2, 1]


@pytest.mark.usefixtures("seed_article")
def test_seed_sentences_land_where_the_bundled_briefing_expects() -> None:
    article = read_article(SEED)
    assert article.sentence(1, 1) == (
        "U.S. special envoy Steve Witkoff is set to join talks with Ukraine's President "
        "Volodymyr Zelensky and Turkey's President Recep Tayyip Erdogan in Ankara this "
        "Wednesday, as Zelensky expresses a desire to 'intensify' peace negotiations."
    )
    assert article.sentence(2, 2) == (
        "Although he mentioned that while there were 'no concrete plans' for President "
        "Vladimir Putin to engage with either the Turkish side or Witkoff, Putin remains "
        "'open to dialogue.'"
    )
    assert article.sentence(8, 1) is not None
    assert article.sentence(8, 1).startswith("Contact between U.S. and Russian officials")
    assert article.sentence(8, 2) is None
    assert article.sentence(9, 1) is None
    assert article.sentence(0, 1) is None
    assert article.sentence(1, 0) is None


@pytest.mark.usefixtures("seed_article")
def test_seed_hash_is_pinned() -> None:
    article = read_article(SEED)
    assert article.sha256 == SEED_SHA256
    assert article.sha256 == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


@pytest.mark.usefixtures("seed_article")
def test_seed_locators_are_in_reading_order() -> None:
    article = read_article(SEED)
    locs = article.locators()
    assert len(locs) == 18
    assert [(p, s) for p, s, _ in locs[:4]] == [(1, 1), (1, 2), (1, 3), (2, 1)]
    assert locs[-1][:2] == (8, 1)
    assert all(article.sentence(p, s) == text for p, s, text in locs)


# --- normalisation and the hash ---------------------------------------------------------


def test_text_is_paragraphs_joined_by_blank_lines_with_final_newline() -> None:
    article = parse_article("One. Two.\nThree.\n")
    assert article.paragraphs == (("One.", "Two."), ("Three.",))
    assert article.text == "One. Two.\n\nThree.\n"
    assert article.sha256 == hashlib.sha256(b"One. Two.\n\nThree.\n").hexdigest()


def test_white_space_runs_become_one_space() -> None:
    article = parse_article("  A\t tab,\u00a0a no-break space   and  runs.  \n")
    assert article.paragraphs == (("A tab, a no-break space and runs.",),)


def test_unicode_is_nfc() -> None:
    decomposed = parse_article("Cafe\u0301 talks.")
    composed = parse_article("Caf\u00e9 talks.")
    assert decomposed.paragraphs == (("Caf\u00e9 talks.",),)
    assert decomposed.sha256 == composed.sha256


@pytest.mark.parametrize(
    "variant",
    [
        "\ufeffFirst line. Second.\nNext paragraph.\n",  # BOM
        "First line. Second.\r\nNext paragraph.\r\n",  # CRLF
        "First line. Second.\rNext paragraph.\r",  # old Mac CR
        "\ufeffFirst line. Second.\r\nNext paragraph.",  # BOM, CRLF, no final newline
        "\n\n  First line.   Second.  \nNext paragraph.\n\n\n",  # padding
    ],
)
def test_bom_line_endings_and_padding_do_not_change_the_hash(variant: str) -> None:
    plain = parse_article("First line. Second.\nNext paragraph.\n")
    assert parse_article(variant).paragraphs == plain.paragraphs
    assert parse_article(variant).sha256 == plain.sha256


@pytest.mark.usefixtures("seed_article")
def test_bom_and_crlf_file_reads_like_the_plain_file(tmp_path: Path) -> None:
    raw = SEED.read_bytes()
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    assert read_article(odd).sha256 == SEED_SHA256


@pytest.mark.usefixtures("seed_article")
def test_hash_is_stable_across_parses() -> None:
    raw = SEED.read_text(encoding="utf-8")
    assert parse_article(raw).sha256 == parse_article(raw).sha256 == SEED_SHA256


def test_hash_changes_with_the_words() -> None:
    assert parse_article("Talks begin.").sha256 != parse_article("Talks began.").sha256


def test_empty_or_blank_text_has_no_paragraphs() -> None:
    for raw in ("", "\n\n", "   \n\t\n", "\ufeff"):
        article = parse_article(raw)
        assert article.paragraphs == ()
        assert article.sentence_count == 0


# --- paragraphs -------------------------------------------------------------------------


def test_one_paragraph_per_line_when_there_are_no_blank_lines() -> None:
    article = parse_article("First para.\nSecond para.\nThird para.\n")
    assert article.paragraphs == (("First para.",), ("Second para.",), ("Third para.",))


def test_blank_lines_separate_paragraphs_of_wrapped_lines() -> None:
    article = parse_article("A wrapped\nparagraph here.\n\nAnother\none.\n")
    assert article.paragraphs == (("A wrapped paragraph here.",), ("Another one.",))


def test_blank_lines_only_at_the_ends_keep_one_paragraph_per_line() -> None:
    # The seed article ends in blank lines; they must not switch to blank-line mode.
    article = parse_article("\n\nFirst.\nSecond.\n\n\n\n")
    assert article.paragraphs == (("First.",), ("Second.",))


def test_lines_of_only_white_space_count_as_blank() -> None:
    article = parse_article("One\nline.\n \t \nTwo.\n\n\n\nThree.")
    assert article.paragraphs == (("One line.",), ("Two.",), ("Three.",))


# --- de-duplication ---------------------------------------------------------------------


def test_repeated_paragraphs_are_dropped_keeping_the_first() -> None:
    article = parse_article("Alpha.\nBeta.\nAlpha.\nGamma.\nBeta.\n")
    assert article.paragraphs == (("Alpha.",), ("Beta.",), ("Gamma.",))
    assert article.duplicates_dropped == 2


def test_duplicates_are_compared_after_white_space_normalisation() -> None:
    article = parse_article("Same  words\there.\n  Same words here.\n")
    assert article.paragraphs == (("Same words here.",),)
    assert article.duplicates_dropped == 1


def test_near_duplicates_are_kept() -> None:
    article = parse_article("Same words here.\nsame words here.\nSame words here!\n")
    assert len(article.paragraphs) == 3
    assert article.duplicates_dropped == 0


# --- sentences --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        # Abbreviations never end a sentence...
        ("U.S. officials met. They talked.", ["U.S. officials met.", "They talked."]),
        ("He flew to the U.S. Then he left.", ["He flew to the U.S. Then he left."]),
        ("Mr. Smith met Dr. Jones. They spoke.", ["Mr. Smith met Dr. Jones.", "They spoke."]),
        ("See e.g. Smith. Then go.", ["See e.g. Smith.", "Then go."]),
        # ..."No." only before a number.
        ("See No. 5 here. Go.", ["See No. 5 here.", "Go."]),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        # Single-letter initials do not end a sentence.
        ("J. R. Smith arrived. He sat.", ["J. R. Smith arrived.", "He sat."]),
        # Closing quotes and brackets stay with the sentence they close.
        ("He said 'open to dialogue.' Then he left.",
         ["He said 'open to dialogue.'", "Then he left."]),
        ("She asked, \u201cWhy?\u201d He shrugged.",
         ["She asked, \u201cWhy?\u201d", "He shrugged."]),
        ("Prices rose (sharply.) Then fell.", ["Prices rose (sharply.)", "Then fell."]),
        # Question and exclamation marks, alone or together, and ellipses.
        ("Why? Because! Yes.", ["Why?", "Because!", "Yes."]),
        ("Really?! No.", ["Really?!", "No."]),
        ("Wait... What?", ["Wait...", "What?"]),
        # The next word must start with a capital, a digit, a quote or a bracket.
        ("It ended. 2025 began.", ["It ended.", "2025 began."]),
        ('He left. "Why?" she asked.', ["He left.", '"Why?" she asked.']),
        ("He said no. then left", ["He said no. then left"]),
        ("The price rose 3.5 percent. Next came more.",
         ["The price rose 3.5 percent.", "Next came more."]),
        # No final stop: the rest is the last sentence.
        ("No stop here", ["No stop here"]),
        ("First. and no capital after", ["First. and no capital after"]),
    ],
)
def test_sentence_splitting(paragraph: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph) == sentences


_WORDS = st.sampled_from(
    ["U.S.", "Mr.", "J.", "no.", "No.", "5", "word", "Word", "end.", "End!", "why?", "'quote.'",
     "\u201cWhy?\u201d", "(aside.)", "e.g.", "3.5", "..."]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=20))
def test_sentences_rejoin_to_the_paragraph(words: list[str]) -> None:
    """Splitting loses nothing: the hash is over the paragraph, locators over its pieces."""
    paragraph = " ".join(words)
    pieces = split_sentences(paragraph)
    assert " ".join(pieces) == paragraph
    assert all(piece and piece == piece.strip() for piece in pieces)


# --- locators ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locator", "ok"),
    [
        ("src-b3e3d252#p1.s1", True),
        ("a#p12.s30", True),
        ("src.v2_x#p1.s1", True),
        ("src#p0.s1", False),
        ("src#p1.s0", False),
        ("src#p01.s1", False),
        ("src#1.1", False),
        ("#p1.s1", False),
        ("-src#p1.s1", False),
        ("src#p1.s1 ", False),
        ("src#p1.s1\n", False),
        ("src #p1.s1", False),
    ],
)
def test_locator_shape(locator: str, ok: bool) -> None:
    assert bool(LOCATOR_RE.match(locator)) is ok
