"""Who is reading: ``--reader``, then ``$BRIEFING_READER``, then ``reader`` in prefs.toml,
then the login name; the name chosen is the one the app writes in the change log."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

import pytest

from tui import cli
from tui.authoring.changes import reader_name
from tui.storage.prefs import prefs_path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Open the bundled briefing through ``briefing``, the app's run replaced by a note of
    who it would write in the change log; the readers noted."""
    from tui.ui.app import BriefingApp

    seen: list[str] = []

    def run(self: Any, *args: Any, **kwargs: Any) -> None:
        seen.append(reader_name())

    monkeypatch.setattr(BriefingApp, "run", run)
    monkeypatch.setenv("TEXTUAL_DRIVER", "fake")  # counts as a terminal to draw in
    monkeypatch.setenv("BRIEFING_READER", "")  # so that what main sets is undone after
    monkeypatch.delenv("BRIEFING_READER")
    return seen


def _configure(reader: str) -> Path:
    path = prefs_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'reader = "{reader}"\n', encoding="utf-8")
    return path


def test_the_reader_option_wins_over_the_variable_and_the_file(
        opened: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _configure("From File")
    monkeypatch.setenv("BRIEFING_READER", "from-variable")
    assert cli.main(["--reader", "from-option"]) == 0
    assert opened == ["from-option"]


def test_the_variable_wins_over_the_file(
        opened: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _configure("From File")
    monkeypatch.setenv("BRIEFING_READER", "from-variable")
    assert cli.main([]) == 0
    assert opened == ["from-variable"]


def test_the_file_names_the_reader_when_nothing_else_does(opened: list[str]) -> None:
    _configure("  Grace   Hopper ")
    assert cli.main([]) == 0
    assert opened == ["Grace Hopper"]


def test_an_empty_variable_does_not_hide_the_file(
        opened: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _configure("From File")
    monkeypatch.setenv("BRIEFING_READER", "   ")
    assert cli.main([]) == 0
    assert opened == ["From File"]


def test_without_any_the_login_name_is_the_reader(opened: list[str]) -> None:
    assert cli.main([]) == 0
    assert opened == [getpass.getuser()]


def test_a_bad_reader_in_the_file_stops_before_the_app_naming_the_line(
        opened: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = prefs_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "nord"\nreader = "\\u001b[31m"\n', encoding="utf-8")
    assert cli.main([]) == 2
    assert opened == []
    assert capsys.readouterr().err == (
        f"{path}: line 2, reader: the reader is a name in quotes, such as \"Ada Lovelace\"\n")
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\nreader = "\\u001b[31m"\n'
