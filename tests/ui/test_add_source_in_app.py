"""Adding a source from the Sources view: a names the article file and what it is, the
source is added by the same code as ``briefing add-source`` (off the UI thread), and a
repeat or a bad file is refused with the form kept as typed and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from apphelpers import notes, running, screen_of, settle
from story_sources import REPORTS, STORY, build_story
from textual.pilot import Pilot
from textual.widgets import Input, Select

from tui.core.article import read_article
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.source_form import SourceForm
from tui.ui.widgets.master_detail import MasterDetail


async def _open_form(pilot: Pilot) -> SourceForm:
    await pilot.press("7", "a")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, SourceForm)
    return form


async def _fill(pilot: Pilot, form: SourceForm, values: dict[str, str]) -> None:
    for name, value in values.items():
        form.query_one(f"#s-{name}", Input).value = value
    await pilot.pause()


async def test_a_in_sources_adds_the_third_report_from_the_keyboard(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path, reports=2)
    async with running(path, size=(100, 30)) as pilot:
        form = await _open_form(pilot)
        await pilot.press(*str(STORY / REPORTS[2][0]), "tab", *"Velmar talks held")
        await _fill(pilot, form, {"publisher": "Velmar Courier", "published": "2026-03-07",
                                  "url": "https://example.org/velmar"})
        form.query_one("#s-reliability", Select).value = "C"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
        sources = json.loads(path.read_text(encoding="utf-8"))["sources"]
        added = sources["3"]
        assert {k: added[k] for k in ("title", "publisher", "published", "url",
                                      "reliability")} == {
            "title": "Velmar talks held", "publisher": "Velmar Courier",
            "published": "2026-03-07", "url": "https://example.org/velmar", "reliability": "C"}
        panel = screen_of(pilot).query_one("#view-sources", MasterDetail)
        assert panel.list.highlighted is not None
        assert panel.list.highlighted.key == f"source:{added['id']}"
        assert panel.list.plain_lines()[2].startswith("3 Velmar talks held  0 of 5 cited")
        assert notes(pilot)[-1] == f"Added source “Velmar talks held” ({added['id']})."
        assert added["id"] not in ids


async def test_a_repeat_is_refused_and_the_form_keeps_what_was_typed(tmp_path: Path) -> None:
    path, ids = build_story(tmp_path, reports=2)
    before = path.read_bytes()
    async with running(path, size=(100, 30)) as pilot:
        form = await _open_form(pilot)
        await _fill(pilot, form, {"file": str(STORY / REPORTS[1][0]), "title": "Again"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert form.query_one("#s-title", Input).value == "Again"
        sha = read_article(STORY / REPORTS[1][0]).sha256
        assert notes(pilot)[-1] == (
            f"{path}: not added: this article is already source '{ids[1]}' (the same text, "
            f"hash {sha[:12]}). Your form is still open.")
        await _fill(pilot, form, {"file": str(tmp_path / "nope.txt")})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert notes(pilot)[-1] == (f"{tmp_path / 'nope.txt'}: no such article file. "
                                    "Your form is still open.")
    assert path.read_bytes() == before


async def test_a_bad_date_or_no_file_is_said_before_anything_is_read(tmp_path: Path) -> None:
    path, _ = build_story(tmp_path, reports=1)
    before = path.read_bytes()
    async with running(path, size=(100, 30)) as pilot:
        form = await _open_form(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notes(pilot)[-1] == "Not added: name the article file."
        await _fill(pilot, form, {"file": str(STORY / REPORTS[1][0]), "published": "2026-02-30"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notes(pilot)[-1] == "Not added: published: “2026-02-30” is not a date."
        assert pilot.app.screen is form
        await pilot.press("escape")  # typed: asks first; n keeps the form
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert pilot.app.screen is form
    assert path.read_bytes() == before
