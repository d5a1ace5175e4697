"""A save that the system refuses says why in words, naming the file, never raw exception
text such as ``IsADirectoryError(21, ...)``."""

from __future__ import annotations

from pathlib import Path

from apphelpers import running, settle
from textual.widgets import Input

from tui.storage.locking import lock_path
from tui.ui.screens.entry_form import EntryForm


async def test_a_save_refused_by_the_system_says_the_cause_in_words(ankara_copy: Path) -> None:
    before = ankara_copy.read_bytes()
    lock_path(ankara_copy).mkdir()  # a folder where the lock file goes
    async with running(ankara_copy) as pilot:
        await pilot.press("2", "e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#f-place", Input).value = "Ankara, typed before the disk said no"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [str(n.message) for n in pilot.app._notifications]  # noqa: SLF001
        said = [m for m in messages if m.startswith("Not saved")]
        assert said and f"{lock_path(ankara_copy)}: it is a folder" in said[0], messages
        assert "Error" not in said[0] and "(21" not in said[0]
        assert pilot.app.screen is form  # the typed work is still there
    assert ankara_copy.read_bytes() == before


def test_os_errors_are_told_in_words_naming_the_file() -> None:
    import errno

    from tui.core.errors import describe_failure

    cases = {
        errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied",
        errno.EISDIR: "it is a folder", errno.EROFS: "the disk is read-only",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
    }
    for code, words in cases.items():
        err = OSError(code, "raw text", "shared/brief\x1b.json")
        assert describe_failure(err) == f"shared/brief\\x1b.json: {words}"
    assert describe_failure(OSError(errno.ENOSPC, "No space left on device")) == \
        "the disk is full"


async def test_an_export_the_system_refuses_says_the_cause_in_words() -> None:
    from tui.storage.paths import data_dir

    exports = data_dir() / "exports"
    exports.parent.mkdir(parents=True, exist_ok=True)
    exports.write_text("a file where the exports folder goes\n", encoding="utf-8")
    async with running() as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export one-pager as markdown")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        messages = [str(n.message) for n in pilot.app._notifications]  # noqa: SLF001
        assert f"Not exported: {exports}: a part of the path is a file, not a folder" in messages
    assert exports.is_file()
