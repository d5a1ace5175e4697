"""Esc walks back along the path, ] walks forward again, and a new step drops the way ahead."""

from __future__ import annotations

import pytest
from apphelpers import running, screen_of
from textual.pilot import Pilot

pytestmark = pytest.mark.usefixtures("seed_article")


async def _press(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_forward_retraces_the_steps_walked_back() -> None:
    async with running() as pilot:
        screen = screen_of(pilot)
        await _press(pilot, "2", "3", "4")
        assert screen.view == "corruption"
        await _press(pilot, "escape", "escape")
        assert screen.view == "meetings"
        await _press(pilot, "right_square_bracket")
        assert screen.view == "demands"
        await _press(pilot, "right_square_bracket")
        assert screen.view == "corruption"
        await _press(pilot, "right_square_bracket")  # nothing further ahead: stays, says so
        assert screen.view == "corruption"
        notes = [str(n.message) for n in pilot.app._notifications]  # noqa: SLF001
        assert notes[-1] == "Nothing ahead: you have not gone back."


async def test_a_new_step_after_going_back_drops_the_way_ahead() -> None:
    async with running() as pilot:
        screen = screen_of(pilot)
        await _press(pilot, "2", "3", "escape")
        assert screen.view == "meetings"
        await _press(pilot, "5", "right_square_bracket")
        assert screen.view == "financing"
        await _press(pilot, "escape")
        assert screen.view == "meetings"
