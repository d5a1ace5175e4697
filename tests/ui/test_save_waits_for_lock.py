"""A save that finds the briefing locked by another program (a real ``flock`` on
``.NAME.lock``, held by a subprocess) says so at once, gives up after its time with the form
and its text kept, can be stopped with Esc, and never stops the app from quitting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from apphelpers import notes, running, screen_of, settle
from lockholder import lock_held_elsewhere
from textual.pilot import Pilot
from textual.widgets import Input, Static

import tui.ui.controllers.authoring as authoring
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.dialogs import ConfirmScreen
from tui.ui.screens.entry_form import EntryForm
from tui.ui.screens.form_base import FormScreen
from tui.ui.screens.meta_form import MetaForm

WAITING = "Waiting for .ankara.json.lock, held by another program"


async def _until(pilot: Pilot, done: Callable[[], bool]) -> None:
    """Let the app run until ``done`` (a bounded wait, so a bug fails instead of hanging)."""
    for _ in range(400):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


def _record_notices(pilot: Pilot) -> list[str]:
    """Every notice the app shows from now on, kept after it times out (the waiting notice
    goes when the wait does)."""
    shown: list[str] = []
    app = pilot.app
    notify = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        shown.append(message)
        notify(message, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return shown


async def _type_a_title_and_save(pilot: Pilot, lock_timeout: float) -> MetaForm:
    screen_of(pilot).authoring.lock_timeout = lock_timeout
    await pilot.press("0", "e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, MetaForm)
    title = form.query_one("#m-title", Input)
    title.cursor_position = len(title.value)
    await pilot.press(*" typed")
    await settle(pilot)
    await pilot.press("ctrl+s")
    return form


def _waiting_line(form: FormScreen[Any]) -> str:
    """What the form itself says about the wait ("" when it says nothing)."""
    lines = form.query("#form-waiting")
    return str(lines.first(Static).render()) if lines else ""


def _waiting_notes(pilot: Pilot) -> list[str]:
    return [n for n in notes(pilot) if n.startswith(WAITING)]


def _write_thread_is_done() -> bool:
    """Whether the app's write thread has left its wait (it holds this lock until then)."""
    if authoring._WRITES.acquire(timeout=10):  # noqa: SLF001
        authoring._WRITES.release()  # noqa: SLF001
        return True
    return False


async def test_a_save_says_it_waits_then_gives_up_keeping_the_form_and_what_was_typed(
        ankara_copy: Path) -> None:
    before = ankara_copy.read_bytes()
    with lock_held_elsewhere(ankara_copy) as holder:
        async with running(ankara_copy) as pilot:
            shown = _record_notices(pilot)
            form = await _type_a_title_and_save(pilot, lock_timeout=0.5)
            await _until(pilot, lambda: any(n.startswith("Not saved") for n in shown))
            (waiting,) = [n for n in shown if n.startswith(WAITING)]
            assert "giving up in 0.5 s (Esc stops waiting, ctrl+q quits)" in waiting
            (given_up,) = [n for n in shown if n.startswith("Not saved")]
            assert shown.index(waiting) < shown.index(given_up)
            assert "waited 0.5 s for its lock (.ankara.json.lock)" in given_up
            assert "another program holds" in given_up and "Your form is still open." in given_up
            assert pilot.app.screen is form and not form.saving and not form.is_waiting
            assert _waiting_line(form) == ""  # the wait is over: the form no longer says so
            assert form.query_one("#m-title", Input).value == "Ankara peace talks typed"
            assert ankara_copy.read_bytes() == before
            # Quitting asks first (the form holds typed work); Enter keeps it, y quits.
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert pilot.app.screen is form
            await pilot.press("ctrl+q", "y")
            await pilot.pause()
            assert not pilot.app.is_running
        assert holder.holding
    assert ankara_copy.read_bytes() == before


async def test_esc_stops_the_wait_and_keeps_the_form_open(ankara_copy: Path) -> None:
    before = ankara_copy.read_bytes()
    with lock_held_elsewhere(ankara_copy):
        async with running(ankara_copy) as pilot:
            form = await _type_a_title_and_save(pilot, lock_timeout=600)
            await _until(pilot, lambda: form.is_waiting)
            assert _waiting_notes(pilot)
            await pilot.pause()
            assert _waiting_line(form).startswith(WAITING)  # in the form too, while it waits
            assert "(Esc stops waiting, ctrl+q quits)" in _waiting_line(form)
            await pilot.press("escape")
            await _until(pilot, lambda: not form.saving)
            await pilot.pause()
            assert _waiting_line(form) == ""
            assert any(n.startswith("Not saved") and "stopped waiting for its lock" in n
                       for n in notes(pilot))
            assert pilot.app.screen is form
            assert form.query_one("#m-title", Input).value == "Ankara peace talks typed"
    assert ankara_copy.read_bytes() == before


async def test_quitting_while_a_save_waits_asks_then_quits_without_waiting(
        ankara_copy: Path) -> None:
    before = ankara_copy.read_bytes()
    with lock_held_elsewhere(ankara_copy) as holder:
        async with running(ankara_copy) as pilot:
            await pilot.press("1", "e")
            await settle(pilot)
            form = pilot.app.screen
            assert isinstance(form, EntryForm)
            screen_of_form = pilot.app.screen_stack[-2]
            assert isinstance(screen_of_form, BriefingScreen)
            screen_of_form.authoring.lock_timeout = 600
            form.query_one("#f-role", Input).value = "Envoy"
            await settle(pilot)
            await pilot.press("ctrl+s")
            await _until(pilot, lambda: form.is_waiting)
            await pilot.press("ctrl+c")  # in a field it copies: nothing else happens
            await pilot.pause()
            assert pilot.app.screen is form and form.is_waiting
            assert _waiting_line(form).startswith(WAITING)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmScreen)
            await pilot.press("y")
            await pilot.pause()
            assert not pilot.app.is_running
        assert _write_thread_is_done()  # it stopped waiting...
        assert holder.holding  # ...while the other program still holds the lock
    assert ankara_copy.read_bytes() == before


async def test_ctrl_c_says_how_and_q_quits_while_an_undo_waits_for_the_lock(
        ankara_copy: Path) -> None:
    async with running(ankara_copy) as pilot:
        await pilot.press("1", "e")
        await settle(pilot)
        pilot.app.screen.query_one("#f-role", Input).value = "Envoy"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
        saved = ankara_copy.read_bytes()
        pilot.app.screen.authoring.lock_timeout = 600
        with lock_held_elsewhere(ankara_copy) as holder:
            await pilot.press("u")
            await _until(pilot, lambda: bool(_waiting_notes(pilot)))
            assert _waiting_notes(pilot)[-1].endswith("(ctrl+q quits).")
            await pilot.press("ctrl+c")  # says how to quit, at once
            await pilot.pause()
            assert notes(pilot)[-1] == "Press ctrl+q or q to quit."
            await pilot.press("q")
            await pilot.pause()
            assert not pilot.app.is_running
            assert _write_thread_is_done()
            assert holder.holding
    assert ankara_copy.read_bytes() == saved


async def test_a_save_goes_through_once_the_other_program_lets_go(ankara_copy: Path) -> None:
    with lock_held_elsewhere(ankara_copy) as holder:
        async with running(ankara_copy) as pilot:
            form = await _type_a_title_and_save(pilot, lock_timeout=600)
            await _until(pilot, lambda: form.is_waiting)
            holder.release()
            await _until(pilot, lambda: not isinstance(pilot.app.screen, FormScreen))
            await settle(pilot)
            assert any(n.startswith("Saved") for n in notes(pilot))
    assert '"title": "Ankara peace talks typed"' in ankara_copy.read_text(encoding="utf-8")
