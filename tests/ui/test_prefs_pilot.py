"""The preferences file in the app: its theme and keys apply at start, and a theme chosen in
the app is in the file afterwards (every other line kept)."""

from __future__ import annotations

import tomllib

from apphelpers import running, screen_of

from tui.storage.prefs import prefs_path
from tui.ui.screens.help import HelpScreen


def _write_prefs(text: str) -> None:
    path = prefs_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _saved() -> dict[str, object]:
    return tomllib.loads(prefs_path().read_text(encoding="utf-8"))


async def test_the_theme_in_the_file_is_applied_at_start() -> None:
    _write_prefs('theme = "nord"\n')
    async with running() as pilot:
        assert pilot.app.theme == "nord"
        assert pilot.app.current_theme.name == "nord"


async def test_opening_and_quitting_without_a_change_writes_no_file() -> None:
    async with running() as pilot:
        await pilot.press("1")
        await pilot.pause()
    assert not prefs_path().exists()


async def test_a_theme_set_in_the_app_is_in_the_file_after() -> None:
    async with running() as pilot:
        pilot.app.theme = "dracula"
        await pilot.pause()
        await pilot.pause()
    assert _saved() == {"theme": "dracula"}


async def test_a_theme_chosen_in_the_palette_is_saved_and_other_lines_kept() -> None:
    _write_prefs('# mine\ntheme = "nord"  # for now\n\n[keys]\nadd = "n"\n')
    async with running() as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")  # the theme list
        await pilot.pause(0.3)
        await pilot.press(*"dracula")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert pilot.app.theme == "dracula"
    assert prefs_path().read_text(encoding="utf-8") == (
        '# mine\ntheme = "dracula"  # for now\n\n[keys]\nadd = "n"\n')


async def test_the_theme_saved_by_one_run_is_applied_by_the_next() -> None:
    async with running() as pilot:
        pilot.app.theme = "gruvbox"
        await pilot.pause()
        await pilot.pause()
    async with running() as pilot:
        assert pilot.app.theme == "gruvbox"


async def test_a_remapped_view_key_opens_the_view_and_the_old_key_does_not() -> None:
    _write_prefs('[keys]\n"view.actors" = "A"\n')
    async with running() as pilot:
        screen = screen_of(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert screen.view == "overview", "the old key still opens Actors"
        await pilot.press("A")
        await pilot.pause()
        assert screen.view == "actors"


async def test_a_remapped_app_key_opens_the_help_and_the_old_key_does_not() -> None:
    _write_prefs('[keys]\nhelp = "f1"\n')
    async with running() as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        help_screen = pilot.app.screen
        rows = {row.what: row.keys for section in help_screen.sections for row in section.rows}
        assert rows["every key (this list)"] == ("f1",)  # the help lists the key it has now


async def test_without_a_keymap_the_default_key_still_opens_the_view() -> None:
    async with running() as pilot:
        screen = screen_of(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert screen.view == "actors"


async def test_a_file_broken_while_the_app_runs_is_left_alone_and_the_app_says_so() -> None:
    _write_prefs('theme = "nord"\n')
    async with running() as pilot:
        _write_prefs('theme = "nord\n')  # the reader's half-finished edit
        pilot.app.theme = "dracula"
        await pilot.pause()
        await pilot.pause()
        said = [n.message for n in pilot.app._notifications]
        assert any(m.startswith("The theme is not saved: ") and "not valid TOML" in m
                   for m in said), said
        assert pilot.app.theme == "dracula"
    assert prefs_path().read_text(encoding="utf-8") == 'theme = "nord\n'
