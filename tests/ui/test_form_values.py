"""Reading a form's text back: the parts the reader left as shown are the stored text, so an
edit of one word never turns the escapes around it into literal backslash text."""

from __future__ import annotations

import pytest

import tui.ui.screens.form_values as form_values
from tui.core.text import clean
from tui.ui.screens.form_values import kept_lines, restore_text

STORED = "Mark\u200f: \u202eevil\u202c\x1b[0m end  "


def test_text_left_as_shown_is_the_stored_text() -> None:
    assert restore_text(clean(STORED), STORED) == STORED


def test_a_word_typed_at_the_start_keeps_every_escape_and_trailing_space_after_it() -> None:
    assert restore_text("New " + clean(STORED), STORED) == "New " + STORED


def test_a_word_changed_in_the_middle_keeps_the_escapes_on_both_sides() -> None:
    edited = clean(STORED).replace("evil", "good")
    assert restore_text(edited, STORED) == STORED.replace("evil", "good")


def test_an_escape_the_edit_cuts_into_is_stored_as_the_text_now_shown() -> None:
    edited = clean(STORED).replace("\\u202e", "\\u20X2e")  # typed inside the escape
    restored = restore_text(edited, STORED)
    assert "\\u20X2e" in restored and "\u202e" not in restored
    assert restored.startswith("Mark\u200f: ") and restored.endswith("\u202c\x1b[0m end  ")


def test_white_space_is_stripped_only_at_an_end_the_reader_edited() -> None:
    assert restore_text(clean(STORED) + "more  ", STORED) == STORED + "more"
    assert restore_text("  " + clean(STORED), STORED) == STORED
    assert restore_text("  typed  ", None) == "typed"


def test_plain_text_edits_are_stored_as_typed() -> None:
    assert restore_text("Ankara talks, edited", "Ankara talks") == "Ankara talks, edited"
    assert restore_text("", "Ankara talks") == ""


def test_list_lines_left_as_shown_keep_their_items_and_typed_lines_are_stripped() -> None:
    stored = ["a\u200b", "two\nlines  ", "a\u200b"]
    shown = "a\\u200b\ntwo lines\n  typed  \na\\u200b\na\\u200b"
    # The third copy of a twice-stored item is typed text, not a stored item.
    assert kept_lines(shown, stored) == ["a\u200b", "two\nlines  ", "typed", "a\u200b",
                                         "a\\u200b"]


def test_a_display_not_made_character_by_character_maps_nothing_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Were the display to escape a pair of characters as one, no stored character could be
    # told apart: the edited field is then stored as shown, never half-mapped.
    monkeypatch.setattr(form_values, "clean", lambda v: str(v).replace("\r\n", "\\r\\n"))
    form_values._shown.cache_clear()  # noqa: SLF001
    stored = "one\r\ntwo\r\n"
    assert restore_text("One\\r\\ntwo\\r\\n", stored) == "One\\r\\ntwo\\r\\n"
    form_values._shown.cache_clear()  # noqa: SLF001


def test_a_list_line_edited_where_it_stood_keeps_the_escapes_around_the_edit() -> None:
    stored = ["Keep \u200bthis\u200f", "Fix the tpyo \u202ehere\u202c", "two\nlines"]
    shown = "Keep \\u200bthis\\u200f\nFix the typo \\u202ehere\\u202c\ntwo lines, edited"
    assert kept_lines(shown, stored) == [
        "Keep \u200bthis\u200f",
        "Fix the typo \u202ehere\u202c",  # the escapes around the fixed word are as stored
        "two lines, edited",  # a line with folded white space is stored as typed
    ]

