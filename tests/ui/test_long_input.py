"""A form's one-line field holding 100 KB of CJK or combining text is drawn a visible slice at
a time (``LongInput``), so an open form does not redraw the whole value on every cursor
blink; it draws exactly what Textual's ``Input`` draws, and what is typed into it is kept."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from apphelpers import notes, running, settle
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from tui.storage.store import BriefingStore
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.entry_form import EntryForm
from tui.ui.screens.meta_form import MetaForm
from tui.ui.widgets.long_input import LongInput

_random = random.Random(14)
CJK = "".join(chr(_random.randint(0x4E00, 0x9FFF)) for _ in range(33_000))  # ~100 KB
COMBINING = "e\u0301\u0323" * 20_000  # a base letter and two marks, 60,000 characters
MIXED = "Envoy 特使 e\u0301 and 全権 " * 800


class _Pair(App[None]):
    """The same value in a plain ``Input`` and in a ``LongInput`` of the same width."""

    CSS = "Input { width: 40; height: 1; border: none; padding: 0 1; }"

    def __init__(self, value: str) -> None:
        super().__init__()
        self.value = value

    def compose(self) -> ComposeResult:
        yield Input(self.value, id="plain")
        yield LongInput(self.value, id="long")


def _drawn(widget: Input) -> list[tuple[str, Any]]:
    return [(seg.text, seg.style) for seg in widget.render_line(0)]


async def _same_drawing(pilot: Pilot, scroll_x: int, cursor: int) -> None:
    plain = pilot.app.query_one("#plain", Input)
    long = pilot.app.query_one("#long", LongInput)
    for widget in (plain, long):
        widget.cursor_position = cursor
        widget.scroll_to(x=scroll_x, animate=False, immediate=True)
    pilot.app.screen.set_focus(None)
    await pilot.pause()
    assert long.scroll_offset == plain.scroll_offset
    assert _drawn(long) == _drawn(plain), (scroll_x, cursor, "unfocused")
    assert await _focused_drawing(pilot, long) == await _focused_drawing(pilot, plain), (
        scroll_x, cursor, "focused")


async def _focused_drawing(pilot: Pilot, widget: Input) -> list[tuple[str, Any]]:
    """What the field draws focused, with its cursor on (the blink's "on" half)."""
    widget.focus()
    await pilot.pause()
    widget._cursor_visible = True  # noqa: SLF001
    return _drawn(widget)


async def test_a_long_input_draws_what_an_input_draws_for_cjk_combining_and_mixed_text() -> None:
    for value in (CJK, MIXED):
        async with _Pair(value).run_test(size=(60, 4)) as pilot:
            long = pilot.app.query_one("#long", LongInput)
            assert long.windowed
            width = long.content_width
            assert width == pilot.app.query_one("#plain", Input).content_width
            # The start, a double-width character cut at the left edge, the middle, the end.
            for scroll_x, cursor in ((0, 0), (0, 5), (1, 3), (4_001, 2_000),
                                     (width // 2, len(value) // 2), (width, len(value))):
                await _same_drawing(pilot, scroll_x, cursor)


async def test_a_long_input_fills_its_width_with_combining_text_where_an_input_draws() -> None:
    """Each letter with its two marks is one cell: the field shows one whole letter per cell
    across its width, at the start, the middle and the end; what ``Input`` draws of the
    same value (it leaves a blank cell or two at the right of a long run of marks) is the
    start of it."""
    async with _Pair(COMBINING).run_test(size=(60, 4)) as pilot:
        pilot.app.screen.set_focus(None)
        long = pilot.app.query_one("#long", LongInput)
        plain = pilot.app.query_one("#plain", Input)
        cells = long.scrollable_content_region.width + 1
        for scroll_x in (0, 7, 20_000 - cells):
            for widget in (plain, long):
                widget.scroll_to(x=scroll_x, animate=False, immediate=True)
            await pilot.pause()
            assert long.scroll_offset.x == scroll_x
            shown = "".join(text for text, _style in _drawn(long))
            assert shown == "e\u0301\u0323" * cells
            stock = "".join(text for text, _style in _drawn(plain)).rstrip(" ")
            assert stock and shown.startswith(stock)


async def test_a_long_input_draws_the_selection_as_an_input_does() -> None:
    async with _Pair(MIXED).run_test(size=(60, 4)) as pilot:
        for widget in pilot.app.query(Input):
            widget.selection = (3_000, 3_010)  # type: ignore[assignment]
            widget.scroll_to(x=2_990 * 2, animate=False, immediate=True)
        await pilot.pause()
        plain = pilot.app.query_one("#plain", Input)
        long = pilot.app.query_one("#long", LongInput)
        drawn = await _focused_drawing(pilot, long)
        assert drawn == await _focused_drawing(pilot, plain)
        assert any(seg_style != drawn[0][1] for _text, seg_style in drawn)  # it shows


def _huge_briefing(path: Path, text: str) -> bytes:
    """Witkoff's role and the briefing's title hold ``text``; the file's bytes."""
    with BriefingStore(path).transaction() as db:
        meta = db.table("briefing")
        meta.update({"title": text}, doc_ids=[meta.all()[0].doc_id])
        actors = db.table("actors")
        witkoff = next(d for d in actors.all() if d["id"] == "witkoff")
        actors.update({"role": text}, doc_ids=[witkoff.doc_id])
    return path.read_bytes()


def _witkoff(path: Path) -> dict[str, Any]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return next(a for a in doc["actors"].values() if a["id"] == "witkoff")


async def _open_witkoff(pilot: Pilot) -> EntryForm:
    await pilot.press("1", "e")  # Witkoff is the first actor
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, EntryForm)
    return form


async def test_a_huge_field_of_an_untouched_entry_form_is_windowed_and_saved_unchanged(
        ankara_copy: Path) -> None:
    before = _huge_briefing(ankara_copy, CJK)
    async with running(ankara_copy) as pilot:
        form = await _open_witkoff(pilot)
        role = form.query_one("#f-role", LongInput)
        assert role.windowed and role.value == CJK
        role.focus()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
        assert "No change to save." in notes(pilot)
    assert ankara_copy.read_bytes() == before


async def test_typing_at_the_end_of_a_huge_role_saves_the_role_with_what_was_typed(
        ankara_copy: Path) -> None:
    _huge_briefing(ankara_copy, COMBINING)
    old = _witkoff(ankara_copy)
    async with running(ankara_copy) as pilot:
        form = await _open_witkoff(pilot)
        role = form.query_one("#f-role", LongInput)
        role.focus()
        await pilot.press("end", *" (envoy)")
        await settle(pilot)
        shown = "".join(seg.text for seg in role.render_line(0))
        assert "(envoy)" in shown  # the field scrolled to the end and draws what was typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    assert _witkoff(ankara_copy) == {**old, "role": COMBINING + " (envoy)"}


async def test_the_meta_form_s_huge_title_is_windowed_and_an_edit_at_its_start_is_kept(
        ankara_copy: Path) -> None:
    _huge_briefing(ankara_copy, CJK)
    async with running(ankara_copy) as pilot:
        await pilot.press("0", "e")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, MetaForm)
        title = form.query_one("#m-title", LongInput)
        assert title.windowed
        title.cursor_position = 0
        await pilot.press(*"New: ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    doc = json.loads(ankara_copy.read_text(encoding="utf-8"))
    assert doc["briefing"]["1"]["title"] == "New: " + CJK
