"""Text from strangers cannot harm the reader: markup shows as text, escapes as visible codes.

The data layer and the command line; tests/ui/test_injection_screen.py drives the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import MARKUP, write_hostile

from tui.core.text import clean
from tui.present.rows import plain
from tui.storage.store import load_briefing


def test_clean_makes_every_control_visible() -> None:
    raw = "a\x1b[31mb\x07c\x9bd\x7fe\u202ef\tg\nh\x00"
    out = clean(raw)
    assert out == "a\\x1b[31mb\\x07c\\x9bd\\x7fe\\u202ef\tg\nh\\x00"
    assert all(ch in "\t\n" or (0x20 <= ord(ch) < 0x7F) for ch in out)


def test_plain_never_parses_markup() -> None:
    for markup in MARKUP:
        text = plain(markup)
        assert text.plain == markup
        assert not text.spans


@pytest.mark.usefixtures("seed_article")
def test_hostile_briefing_is_valid_so_it_really_reaches_the_screen(tmp_path: Path) -> None:
    briefing = load_briefing(write_hostile(tmp_path))
    assert len(briefing.entries) == 6


def test_cli_never_prints_a_path_raw(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "x\x1b]0;PWNED\x07y.json"
    bad.write_text("{", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tui", "check", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\\x1b]0;PWNED\\x07y.json" in result.stderr


@pytest.mark.usefixtures("seed_article")
def test_an_export_is_named_from_a_slug_and_stays_in_exports(tmp_path: Path) -> None:
    import datetime
    import json

    from tui.export.delivery import export_to_data_folder
    from tui.storage.loader import load_index
    from tui.storage.paths import data_dir

    doc = json.loads(write_hostile(tmp_path).read_text(encoding="utf-8"))
    doc["briefing"]["1"]["id"] = "../../../../escaped[/]"
    path = tmp_path / "escape.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = export_to_data_folder(load_index(path), "markdown", datetime.date(2026, 1, 2))
    assert out.parent == data_dir() / "exports"
    assert out.name == "escaped-2026-01-02.md"


def test_amounts_of_any_size_show() -> None:
    from tui.present.views import amount_text

    assert amount_text({"value": 140000000000, "currency": "EUR"}) == "€140 billion"
    assert amount_text({"value": 1234567.5, "currency": "EUR"}) == "€1.2345675 million"
    assert amount_text({"value": 999999, "currency": "USD"}) == "$999,999"
    huge = amount_text({"value": 10**400, "currency": "EUR"})
    assert huge.startswith("€") and "401 digits" in huge


def test_every_format_character_and_invisible_filler_is_shown_escaped() -> None:
    import unicodedata

    keep = {"\u200c", "\u200d"}  # ZWNJ and ZWJ: scripts and emoji need them
    hidden = [chr(c) for c in range(0x110000)
              if unicodedata.category(chr(c)) == "Cf" and chr(c) not in keep]
    hidden += ["\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"]  # CGJ, Hangul fillers
    for ch in hidden:
        shown = clean(f"a{ch}b")
        assert ch not in shown and shown.startswith("a\\") and shown.endswith("b"), hex(ord(ch))
    # A tag character is named in full, not as an ambiguous 4-digit escape.
    assert clean("\U000e0041") == "\\U000e0041"
    for ch in keep:
        assert clean(f"a{ch}b") == f"a{ch}b"
