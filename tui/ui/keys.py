"""Every key, read off the bindings themselves.

The help screen and the README's key tables are both made here, from the ``tooltip`` of each
binding, so neither can drift from what the keys do. Bindings in one section whose tooltips
are the same share a row (``up,k`` and ``down,j`` are one row, "move").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding

__all__ = ["KeyRow", "Section", "help_sections", "key_names", "markdown", "MOUSE"]

MOUSE = "The mouse works too: click a tab, a row, a link."

_NAMES = {
    "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
    "home": "Home", "end": "End", "enter": "Enter", "escape": "Esc", "backspace": "Backspace",
    "tab": "Tab", "space": "space", "slash": "/", "question_mark": "?", "delete": "Delete",
    "right_square_bracket": "]", "exclamation_mark": "!",
}


@dataclass(frozen=True)
class KeyRow:
    keys: tuple[str, ...]  # as a reader reads them: "↑", "k", "ctrl+r", "1–5"
    what: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[KeyRow, ...]


def key_names(bindings: Iterable[Binding]) -> tuple[str, ...]:
    """The keys of ``bindings`` as a reader reads them, in the order declared (so ``↑ k ↓ j``
    shows which letter is which arrow), with a run of digits as a range ("1–5")."""
    keys = [_NAMES.get(k.strip(), k.strip()) for b in bindings for k in b.key.split(",")]
    digits = [k for k in keys if k.isdigit()]
    if len(digits) > 2 and digits == [str(d) for d in range(int(digits[0]), int(digits[-1]) + 1)]:
        keys = [f"{digits[0]}–{digits[-1]}" if k == digits[0] else k
                for k in keys if k == digits[0] or k not in digits]
    return tuple(dict.fromkeys(keys))


def _rows(bindings: Sequence[Binding], keymap: Mapping[str, str]) -> tuple[KeyRow, ...]:
    """One row per tooltip, in the order the tooltips first appear; a binding the reader
    remapped (``keymap``: binding id -> keys) shows the keys it has now."""
    by_tooltip: dict[str, list[Binding]] = {}
    for binding in bindings:
        if binding.id is not None and binding.id in keymap:
            binding = dataclasses.replace(binding, key=keymap[binding.id])
        if not binding.tooltip:
            raise ValueError(f"binding {binding.key!r} ({binding.action}) has no tooltip")
        by_tooltip.setdefault(binding.tooltip, []).append(binding)
    return tuple(KeyRow(key_names(group), tooltip) for tooltip, group in by_tooltip.items())


def _palette_binding() -> Binding:
    from tui.ui.app import BriefingApp

    return Binding(BriefingApp.COMMAND_PALETTE_BINDING, "command_palette", "Palette",
                   tooltip="jump to any entry by name; export the one-pager")


def help_sections(keymap: Mapping[str, str] | None = None) -> tuple[Section, ...]:
    """The app's keys, section by section, from the bindings of the screens and widgets
    (with the reader's remapped keys, if given)."""
    keymap = keymap or {}
    from tui.ui.app import BriefingApp
    from tui.ui.controllers.authoring import AUTHORING_BINDINGS
    from tui.ui.screens.briefing_screen import BriefingScreen
    from tui.ui.screens.dialogs import ConfirmScreen, ConflictScreen
    from tui.ui.screens.entry_form import EntryForm
    from tui.ui.screens.form_base import FormScreen
    from tui.ui.screens.merge_conflicts import MergeConflictsScreen
    from tui.ui.widgets.line_list import LineList
    from tui.ui.widgets.pickers import Picker

    screen = [b for b in _bindings(BriefingScreen.BINDINGS) if b not in AUTHORING_BINDINGS]
    views = [b for b in screen if b.action.startswith("show_view")]
    reading = [*views, *_bindings(LineList.BINDINGS), *(b for b in screen if b not in views),
               _palette_binding(), *AUTHORING_BINDINGS, *_bindings(BriefingApp.BINDINGS)]
    # Every form's keys (FormScreen), then the entry form's own, then a picker's.
    form = [*_bindings(FormScreen.BINDINGS), *_bindings(EntryForm.BINDINGS),
            *_bindings(Picker.BINDINGS)]
    return (Section("Reading a briefing", _rows(reading, keymap)),
            Section("In a form", _rows(form, keymap)),
            Section("In a yes/no question", _rows(_bindings(ConfirmScreen.BINDINGS), keymap)),
            Section("When someone else saved first",
                    _rows(_bindings(ConflictScreen.BINDINGS), keymap)),
            Section("Settling merge conflicts (!)",
                    _rows(_bindings(MergeConflictsScreen.BINDINGS), keymap)))


def _bindings(declared: Iterable[object]) -> list[Binding]:
    return [b for b in declared if isinstance(b, Binding)]


def markdown(sections: Sequence[Section]) -> str:
    """The README's key tables: one per section, keys in code spans."""
    parts = []
    for section in sections:
        lines = [f"### {section.title}", "", "| key | does |", "|---|---|"]
        lines += [f"| {' '.join(f'`{k}`' for k in row.keys)} | {row.what} |"
                  for row in section.rows]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + f"\n\n{MOUSE}\n"
