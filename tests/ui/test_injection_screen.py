"""Text from strangers cannot harm the reader on screen: every view and the palette show it
literally (the data layer's side is in tests/unit/test_injection.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import running, screen_of
from hostile import MARKUP, write_hostile

from tui.ui.widgets.line_list import LineList

pytestmark = pytest.mark.usefixtures("seed_article")  # every test here reads it


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
                    assert not {"\x1b", "\x9b", "\u202e"} & set(seg.text), (key, seg)
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
