"""The preferences file: read and checked with one message naming the file and the place;
only the theme is written back, every other line kept, and a bad file is never written."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from tui.core.errors import BriefingError
from tui.storage.paths import config_dir
from tui.storage.prefs import (
    Prefs,
    PrefsError,
    prefs_path,
    read_prefs,
    save_theme,
    set_theme_line,
)

THEMES = ("textual-dark", "nord", "dracula")
IDS = ("add", "edit", "quit", "view.actors")


def _read(path: Path) -> Prefs:
    return read_prefs(path, themes=THEMES, binding_ids=IDS)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prefs.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _folder_listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_the_file_is_prefs_toml_in_the_config_folder_of_the_test_home(
        isolated_home: Path) -> None:
    assert prefs_path() == config_dir() / "prefs.toml"
    assert prefs_path().is_relative_to(isolated_home)


def test_config_dir_follows_xdg_config_home_without_the_override(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFING_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert config_dir() == tmp_path / "cfg" / "briefing"


def test_a_missing_file_means_no_preferences(tmp_path: Path) -> None:
    assert _read(tmp_path / "prefs.toml") == Prefs()
    assert not (tmp_path / "prefs.toml").exists()


def test_a_good_file_gives_its_theme_and_keys(tmp_path: Path) -> None:
    path = _write(tmp_path, '# mine\ntheme = "nord"\n\n[keys]\nadd = "n"\n'
                            '"view.actors" = "ctrl+a, A"\n')
    prefs = _read(path)
    assert prefs.theme == "nord"
    assert dict(prefs.keys) == {"add": "n", "view.actors": "ctrl+a,A"}


@pytest.mark.parametrize("text, place, says", [
    ('theme = "nord\n', "line 1 column 14", "not valid TOML"),
    ('theme = "nord"\n[keys]\nview.actors = "A"\n', "line 3, keys.view",
     'a binding id with a dot is written in quotes, such as "view.actors"'),
    ('theme = "nord"\n[keys\nadd = "n"\n', "line 2 column 6", "not valid TOML"),
    ('theme = "no-such-theme"\n', "line 1, theme", "unknown theme 'no-such-theme'"),
    ("theme = 3\n", "line 1, theme", "the theme is a name in quotes"),
    ('colour = "red"\n', "line 1, colour", "unknown setting 'colour'"),
    ('keys = "n"\n', "line 1, keys", "keys is a table"),
    ('[keys]\nadd = "n"\nfly = "f"\n', "line 3, keys.fly", "unknown binding id 'fly'"),
    ("[keys]\nadd = 1\n", "line 2, keys.add", "the keys are a string in quotes"),
    ('[keys]\nadd = "n,,m"\n', "line 2, keys.add", "is not a list of keys"),
    ('[keys]\nadd = ""\n', "line 2, keys.add", "is not a list of keys"),
    ('[keys]\nadd = "ctrl n"\n', "line 2, keys.add", "is not a list of keys"),
])
def test_each_bad_file_names_the_file_and_the_place_and_writes_nothing(
        tmp_path: Path, text: str, place: str, says: str) -> None:
    path = _write(tmp_path, text)
    before = _folder_listing(tmp_path)
    with pytest.raises(PrefsError) as caught:
        _read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {place}: "), message
    assert says in message
    assert "\n" not in message
    assert _folder_listing(tmp_path) == before


def test_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "prefs.toml"
    path.write_bytes(b'# ok\ntheme = "\xff"\n')
    with pytest.raises(PrefsError, match=r"prefs\.toml: line 2: is not UTF-8 text"):
        _read(path)


def test_an_unknown_binding_id_lists_the_known_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, '[keys]\nfly = "f"\n')
    with pytest.raises(PrefsError, match=r"the ids: add, edit, quit, view\.actors"):
        _read(path)


def test_setting_the_theme_replaces_its_line_and_keeps_its_comment() -> None:
    text = '# my settings\ntheme = "nord"   # cool\n\n[keys]\nadd = "n"  # new\n'
    assert set_theme_line(text, "dracula") == (
        '# my settings\ntheme = "dracula"   # cool\n\n[keys]\nadd = "n"  # new\n')


def test_a_theme_is_added_above_the_first_table_and_its_comments() -> None:
    text = '# top\n\n# the keys I like\n[keys]\nadd = "n"\n'
    assert set_theme_line(text, "nord") == (
        '# top\n\ntheme = "nord"\n# the keys I like\n[keys]\nadd = "n"\n')


def test_a_theme_is_appended_to_a_file_without_tables_or_final_newline() -> None:
    assert set_theme_line("# only a comment", "nord") == '# only a comment\ntheme = "nord"\n'


def test_a_theme_line_inside_the_keys_table_is_not_taken_for_the_setting() -> None:
    text = '[keys]\ntheme = "t"\n'
    assert set_theme_line(text, "nord") == 'theme = "nord"\n[keys]\ntheme = "t"\n'


def test_crlf_files_keep_crlf() -> None:
    assert set_theme_line('# a\r\n[keys]\r\nadd = "n"\r\n', "nord") == (
        'theme = "nord"\r\n# a\r\n[keys]\r\nadd = "n"\r\n')


def test_save_theme_makes_the_folder_and_a_new_commented_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "prefs.toml"
    save_theme(path, "nord")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ") and tomllib.loads(text) == {"theme": "nord"}


def test_save_theme_keeps_every_other_line_byte_for_byte(tmp_path: Path) -> None:
    text = '# mine\ntheme = "nord"\n\n[keys]\n# add is n\nadd = "n"\nquit = "ctrl+x"\n'
    path = _write(tmp_path, text)
    save_theme(path, "dracula")
    assert path.read_text(encoding="utf-8") == text.replace('"nord"', '"dracula"')
    assert _read(path).theme == "dracula"


def test_save_theme_leaves_no_temporary_and_uses_a_lock_file_beside(tmp_path: Path) -> None:
    folder = tmp_path / "cfg"
    folder.mkdir()
    path = _write(folder, 'theme = "nord"\n')
    save_theme(path, "dracula")
    assert sorted(p.name for p in folder.iterdir()) == [".prefs.toml.lock", "prefs.toml"]


def test_save_theme_of_the_same_theme_does_not_rewrite_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, 'theme = "nord"\n')
    inode = path.stat().st_ino
    save_theme(path, "nord")
    assert path.stat().st_ino == inode


def test_save_theme_refuses_a_file_that_is_not_toml_and_leaves_it(tmp_path: Path) -> None:
    path = _write(tmp_path, 'theme = "nord\n[keys]\n')
    before = path.read_bytes()
    with pytest.raises(PrefsError, match="not valid TOML"):
        save_theme(path, "dracula")
    assert path.read_bytes() == before


def test_save_theme_refuses_an_edit_that_would_change_other_settings(tmp_path: Path) -> None:
    text = 'theme = """nord\n"""\n[keys]\nadd = "n"\n'
    path = _write(tmp_path, text)
    with pytest.raises(PrefsError, match="cannot be saved without changing other lines") as c:
        save_theme(path, "dracula")
    assert str(c.value).startswith(f"{path}: line 1, theme: ")
    assert path.read_text(encoding="utf-8") == text


def test_save_theme_never_follows_a_symlinked_lock(tmp_path: Path) -> None:
    path = _write(tmp_path, 'theme = "nord"\n')
    os.symlink(tmp_path / "elsewhere", tmp_path / ".prefs.toml.lock")
    with pytest.raises(BriefingError, match="symbolic link"):
        save_theme(path, "dracula")
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'
