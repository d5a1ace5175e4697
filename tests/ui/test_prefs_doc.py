"""docs/PREFS.md stays true: its binding ids and default keys are the app's, its themes are
the ones the file accepts, and its example is a good preferences file."""

from __future__ import annotations

import re
from pathlib import Path

from tui.storage.prefs import Prefs
from tui.ui.app import BriefingApp
from tui.ui.preferences import binding_ids, load_prefs, theme_names
from tui.ui.screens.briefing_screen import BriefingScreen

DOC = Path(__file__).resolve().parents[2] / "docs" / "PREFS.md"


def _section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_binding_id_table_lists_every_id_with_its_default_keys() -> None:
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", _section("Binding ids"), flags=re.M)
    bindings = {b.id: b.key for b in [*BriefingScreen.BINDINGS, *BriefingApp.BINDINGS]
                if getattr(b, "id", None)}
    assert [row[0] for row in rows] == binding_ids()
    assert dict(rows) == bindings


def test_the_theme_list_is_every_theme_the_file_accepts() -> None:
    assert re.findall(r"`([^`]+)`", _section("Themes")) == theme_names()


def test_the_example_is_a_good_file_with_what_its_comments_say(tmp_path: Path) -> None:
    example = _section("An example").split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "prefs.toml"
    path.write_text(example, encoding="utf-8")
    assert load_prefs(path) == Prefs("nord", {"add": "n", "view.actors": "A",
                                              "help": "f1,question_mark"})
