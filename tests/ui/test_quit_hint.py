"""ctrl+c tells how to quit in plain words, never raw markup."""

from __future__ import annotations

from apphelpers import running


async def test_ctrl_c_says_how_to_quit_without_markup() -> None:
    async with running(size=(100, 30)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        messages = [n.message for n in pilot.app._notifications]  # noqa: SLF001
        assert messages, "ctrl+c said nothing"
        assert "[b]" not in messages[-1] and "[/b]" not in messages[-1]
        assert messages[-1] == "Press ctrl+q or q to quit."
        assert pilot.app.is_running
