"""Settling merge conflicts on the briefing screen: ``!`` (or Enter on the Overview's line)
shows them; the choice made there is written through the same one-at-a-time, off-the-UI-
thread write as every edit (``AuthoringController.write``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding

from tui.core.conflicts import CONFLICTS_TABLE, MergeConflict, merge_conflicts

if TYPE_CHECKING:
    from tui.authoring.changes import Change
    from tui.ui.screens.briefing_screen import BriefingScreen
    from tui.ui.screens.entry_form import FormResult
    from tui.ui.screens.form_base import FormScreen

__all__ = ["RESOLVE_BINDING", "ConflictResolver"]

RESOLVE_BINDING = Binding(
    "exclamation_mark", "resolve_conflicts", "Conflicts", key_display="!", id="conflicts",
    priority=True, tooltip="resolve the merge conflicts git left (listed on the Overview)")


class ConflictResolver:
    """Owned by a ``BriefingScreen``: lists its conflicts and writes the reader's choice."""

    def __init__(self, screen: BriefingScreen) -> None:
        self.screen = screen

    def conflicts(self) -> list[MergeConflict]:
        return merge_conflicts(self.screen.index.briefing.extra_tables.get(CONFLICTS_TABLE))

    def show(self) -> None:
        from tui.ui.screens.merge_conflicts import MergeConflictsScreen

        screen = self.screen
        if screen.as_of.on:  # the briefing as it stood is never edited
            screen.notify("Merge conflicts are resolved in the briefing as it is now: "
                          "n goes back to now.", severity="warning", timeout=4)
            return
        found = self.conflicts()
        if not found:
            screen.notify("No merge conflicts: nothing to resolve.", timeout=3)
            return
        screen.app.push_screen(MergeConflictsScreen(screen.index, found, screen.read_only),
                               self._chosen)

    def _chosen(self, answer: tuple[MergeConflict, str] | None) -> None:
        if answer is None:
            return
        conflict, choice = answer
        if choice == "edited":
            self._edit(conflict)
        elif choice == "delete":
            self._delete(conflict)
        else:
            self._write(conflict, choice)

    def _write(self, conflict: MergeConflict, choice: str, *,
               entry: dict[str, Any] | None = None, base: dict[str, Any] | None = None,
               result: FormResult | None = None, form: FormScreen[Any] | None = None) -> None:
        from tui.authoring.resolve import resolve_conflict

        authoring = self.screen.authoring
        editor = authoring.editor()
        if editor is None:
            return

        def write(force: bool = False) -> Change:
            if result is not None:  # actors the form made up, first (once, if retried)
                for actor in result.new_actors:
                    editor.add("actors", actor)
                result.new_actors.clear()
            return resolve_conflict(editor, conflict, choice, entry=entry, base=base)

        select = conflict.entry if choice != "delete" and conflict.kind != "briefing" else None
        authoring.write(write, select=select, what="Resolved", can_force=False, form=form)

    def _delete(self, conflict: MergeConflict) -> None:
        from tui.ui.screens.dialogs import ConfirmScreen

        entry = self.screen.index.get(conflict.entry)
        if entry is None:
            self.screen.notify("That entry is no longer in the briefing.", severity="warning")
            return
        question = self.screen.authoring.delete_question(entry)
        self.screen.app.push_screen(
            ConfirmScreen(question),
            lambda yes: self._write(conflict, "delete") if yes else None)

    def _edit(self, conflict: MergeConflict) -> None:
        """The entry's own form; its save writes the entry and settles the record at once."""
        from tui.ui.screens.entry_form import EntryForm

        screen = self.screen
        entry = screen.index.get(conflict.entry)
        if entry is None or screen.authoring.editor() is None:
            return
        base = dict(entry.data)
        form = EntryForm(entry.kind, base, entry.doc_id, screen.authoring.form_context())

        def submitted(answer: object) -> None:
            result = cast("FormResult", answer)
            self._write(conflict, "edited", entry=result.data, base=base, result=result,
                        form=form)

        form.submit_to(submitted)
        screen.app.push_screen(form)
