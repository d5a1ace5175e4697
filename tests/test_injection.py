"""Text from strangers cannot harm the reader: markup shows as text, escapes as visible codes."""

from __future__ import annotations

from pathlib import Path

from apphelpers import running, screen_of
from hostile import MARKUP, write_hostile

from tui.core.text import clean
from tui.present.rows import plain
from tui.storage.store import load_briefing
from tui.ui.widgets.line_list import LineList


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


def test_hostile_briefing_is_valid_so_it_really_reaches_the_screen(tmp_path: Path) -> None:
    briefing = load_briefing(write_hostile(tmp_path))
    assert len(briefing.entries) == 6


async def _all_rendered(pilot) -> list[tuple[str, list]]:  # type: ignore[no-untyped-def]
    """Every line of every line list on screen, with its segments."""
    out = []
    for widget in pilot.app.screen.query(LineList):
        if not widget.display or not widget.size.height:
            continue
        for y in range(widget.scrollable_content_region.height):
            segments = list(widget.render_line(y))
            out.append(("".join(s.text for s in segments), segments))
    return out


async def test_every_view_shows_hostile_text_literally(tmp_path: Path) -> None:
    path = write_hostile(tmp_path)
    async with running(path, size=(200, 60)) as pilot:
        screen = screen_of(pilot)
        header = screen.query_one("#header").render().plain  # type: ignore[union-attr]
        assert "[bold]B[/bold]" in header and "\\x1b]0;pwned-title\\x07" in header
        for key in ("0", "1", "2", "3", "4", "5", "6", "7"):
            await pilot.press(key)
            if key != "0":
                await pilot.press("enter")  # open the detail: every field is shown
            await pilot.pause()
            lines = await _all_rendered(pilot)
            text = "\n".join(line for line, _ in lines)
            if key in "12345":
                for markup in MARKUP:
                    assert markup in text, (key, markup)
                assert "\\x1b[31mREDX" in text and "\\u202eevil" in text and "\\x9b32mC1X" in text
            for _, segments in lines:
                for seg in segments:
                    assert "\x1b" not in seg.text and "\x9b" not in seg.text and "\u202e" not in seg.text
                    if seg.style is not None:
                        assert seg.style.link is None, (key, seg)
                        assert not (seg.style.meta or {}).get("@click"), (key, seg)
        assert pilot.app.is_running  # no click action fired, no MarkupError


async def test_palette_shows_hostile_names_literally(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    path = write_hostile(tmp_path)
    async with running(path, size=(160, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"actor")
        await pilot.pause(0.5)
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        from textual.widgets import OptionList

        options = palette.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("[link=file:///etc/passwd]L[/link]" in p for p in prompts), prompts
        assert all("\x1b" not in p for p in prompts)


def test_cli_never_prints_a_path_raw(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "x\x1b]0;PWNED\x07y.json"
    bad.write_text("{", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tui", "check", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\\x1b]0;PWNED\\x07y.json" in result.stderr


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
