"""The app's first save of the file it opened checks what the edit changed, not the whole
briefing again: the loader checked those very bytes in full, and the store proves the file
still holds them (its SHA-256). A file changed on disk since it was opened is checked in
full, as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apphelpers import notes, running, screen_of, settle
from helpers_store import small_document, whole_checks

from tui.storage.jsonio import dumps
from tui.storage.store import BriefingStore


async def _save_a_new_summary(pilot: Any) -> str:  # type: ignore[misc]
    screen = screen_of(pilot)
    entry = screen.index.by_kind["actors"][0]
    editor = screen.authoring.editor()
    assert editor is not None
    base = dict(entry.data)
    new = base | {"summary": "A summary written by the test."}
    screen.authoring.write(lambda force=False: editor.update(entry.id, new, base, force=force))
    await settle(pilot)
    await settle(pilot)
    return entry.id


@pytest.mark.parametrize("changed_on_disk", [False, True], ids=["as-opened", "changed-since"])
async def test_the_first_save_checks_the_change_only_while_the_file_is_as_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed_on_disk: bool) -> None:
    path = tmp_path / "b.json"
    document = small_document()
    path.write_text(dumps(document), encoding="utf-8")
    whole = whole_checks(monkeypatch)
    async with running(path, size=(100, 30)) as pilot:
        if changed_on_disk:  # another program saved a valid change after it was opened
            document["briefing"]["1"]["summary"] = "Changed by another program."
            path.write_text(dumps(document), encoding="utf-8")
        entry_id = await _save_a_new_summary(pilot)
        assert any(n.startswith("Saved") for n in notes(pilot)), notes(pilot)
    assert whole == ([1] if changed_on_disk else [])
    saved = BriefingStore(path).read_document()
    summaries = [row.get("summary") for row in saved["actors"].values()
                 if row.get("id") == entry_id]
    assert summaries == ["A summary written by the test."]
    assert (saved["briefing"]["1"].get("summary") == "Changed by another program.") \
        == changed_on_disk  # the other program's change is kept, not overwritten


async def test_the_first_save_starts_from_what_the_screen_shows_and_leaves_it_as_shown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file as opened is not parsed again to save: the store starts from the document
    the screen was built from (proven to be the file's bytes), and the edit changes a copy,
    so the entry the old screen showed keeps its old summary until the reload."""
    import tui.storage.store as store_module

    path = tmp_path / "b.json"
    path.write_text(dumps(small_document()), encoding="utf-8")
    async with running(path, size=(100, 30)) as pilot:
        shown = screen_of(pilot).index.by_kind["actors"][0]
        old_summary = shown.data.get("summary")

        def refuse(*_args: Any) -> Any:
            raise AssertionError("the save parsed the file")

        for name in ("parse_document", "parse_own_bytes", "_read_vouched"):
            monkeypatch.setattr(store_module, name, refuse)
        entry_id = await _save_a_new_summary(pilot)
        assert any(n.startswith("Saved") for n in notes(pilot)), notes(pilot)
        assert shown.data.get("summary") == old_summary
        now = screen_of(pilot).index.get(entry_id)
        assert now is not None and now.data["summary"] == "A summary written by the test."
    monkeypatch.undo()
    saved = BriefingStore(path).read_document()
    assert [row["summary"] for row in saved["actors"].values() if row["id"] == entry_id] == [
        "A summary written by the test."]



async def test_editing_starts_the_proof_so_the_first_save_does_not_make_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import tui.storage.store as store_module

    path = tmp_path / "b.json"
    path.write_text(dumps(small_document()), encoding="utf-8")
    async with running(path, size=(100, 30)) as pilot:
        await settle(pilot)
        assert screen_of(pilot).authoring.editor() is not None  # as the edit form makes it
        for thread in threading.enumerate():
            if thread.name == "prove-rows":
                thread.join(timeout=30)
        monkeypatch.setattr(store_module, "prove",
                            lambda *_a, **_k: pytest.fail("the first save proved the rows"))
        await _save_a_new_summary(pilot)
        assert any(n.startswith("Saved") for n in notes(pilot)), notes(pilot)
