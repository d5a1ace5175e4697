"""Authoring on the briefing screen: add, edit, delete, undo, redo, and "since you last looked".

A mixin for ``BriefingScreen``: every write goes through ``tui.authoring.editing.Editor`` (the one
atomic, locked store) in a worker thread; the screen is then refreshed from the file.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding

from tui.core.errors import BriefingError, InvalidBriefing
from tui.core.model import KIND_SINGULAR, PANEL_KINDS
from tui.core.text import clean, one_line
from tui.present.rows import split_key

if TYPE_CHECKING:
    from tui.authoring.changes import Change
    from tui.authoring.editor import Editor
    from tui.core.model import Entry

__all__ = ["AuthoringMixin", "AUTHORING_BINDINGS"]

_WRITES = threading.Lock()  # writes from this app run one after another

AUTHORING_BINDINGS = [
    Binding("a", "add_entry", "Add", id="add"),
    Binding("e", "edit_entry", "Edit", id="edit"),
    Binding("d", "delete_entry", "Delete", show=False, id="delete"),
    Binding("u", "undo", "Undo", show=False, id="undo"),
    Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
    Binding("space", "mark_sentence", "Mark to cite", show=False, id="mark"),
    Binding("m", "mark_seen", "Mark seen", show=False, id="seen"),
]


class AuthoringMixin:
    """Needs from the screen: ``index``, ``path``, ``read_only``, ``view``, ``marked``,
    ``reload(select=...)``, ``highlighted_entry()``, and Textual's ``run_worker``/``notify``."""

    _editor: Editor | None = None

    # ------------------------------------------------------------ the editor
    def editor(self) -> Editor | None:
        """The editor, made on first use; a bundled briefing is copied to edit first."""
        if self.read_only:  # type: ignore[attr-defined]
            self.notify("This briefing is open read-only.", severity="warning")  # type: ignore[attr-defined]
            return None
        if self._editor is None:
            from tui.authoring.editor import Editor
            from tui.storage.bundled import editable_path, is_bundled

            path = Path(self.path)  # type: ignore[attr-defined]
            try:
                if is_bundled(path):
                    path = editable_path(path)
                    self.notify(f"Bundled briefings are not changed: you are editing your copy "  # type: ignore[attr-defined]
                                f"at {clean(path)}", timeout=10)
                    self.switch_path(path)  # type: ignore[attr-defined]
                self._editor = Editor(path, articles=self.index.articles or None)  # type: ignore[attr-defined]
            except BriefingError as err:
                self.notify(clean(str(err)), severity="error", timeout=8)  # type: ignore[attr-defined]
                return None
        return self._editor

    def _form_context(self, editor: Editor) -> Any:
        from tui.ui.screens.entry_form import FormContext

        # The briefing as loaded, not read again from disk (86 MB at 100k entries would stall
        # the UI): a form checks against it, and the save checks against the file anyway.
        briefing = self.index.briefing  # type: ignore[attr-defined]
        document: dict[str, Any] = {"briefing": {"1": briefing.meta},
                                    "sources": {str(s.doc_id): s.data for s in briefing.sources}}
        for entry in briefing.entries:
            document.setdefault(entry.kind, {})[str(entry.doc_id)] = entry.data
        document.update(briefing.extra_tables)
        return FormContext(document, self.index, self.index.articles,  # type: ignore[attr-defined]
                           list(self.marked))  # type: ignore[attr-defined]

    def _kind_here(self) -> str | None:
        view = self.view  # type: ignore[attr-defined]
        if view in PANEL_KINDS:
            return view
        if view == "timeline":
            return "events"
        return None

    # ----------------------------------------------------------------- add
    def action_add_entry(self) -> None:
        kind = self._kind_here()
        if kind is None:
            self.notify("Choose a panel (1-5) or the Timeline (6) to add to.", timeout=3)  # type: ignore[attr-defined]
            return
        editor = self.editor()
        if editor is None:
            return
        from tui.ui.screens.entry_form import EntryForm, FormResult

        def saved(result: FormResult | None) -> None:
            if result is None:
                return

            def write() -> Change:
                for actor in result.new_actors:
                    editor.add("actors", actor)
                return editor.add(kind, result.data)

            self.marked.clear()  # type: ignore[attr-defined]  # cited now: start afresh
            self._write(write, select=result.data.get("id"))

        self.app.push_screen(EntryForm(kind, None, None, self._form_context(editor)), saved)  # type: ignore[attr-defined]

    # ---------------------------------------------------------------- edit
    def action_edit_entry(self) -> None:
        if self.view == "overview":  # type: ignore[attr-defined]
            self._edit_meta()
            return
        entry = self.highlighted_entry()  # type: ignore[attr-defined]
        if entry is None:
            self.notify("Highlight an entry in a panel to edit it.", timeout=3)  # type: ignore[attr-defined]
            return
        editor = self.editor()
        if editor is None:
            return
        from tui.authoring.changes import EditConflict
        from tui.ui.screens.entry_form import EntryForm, FormResult

        base = dict(entry.data)
        kind, doc_id = entry.kind, entry.doc_id

        def saved(result: FormResult | None) -> None:
            if result is None:
                return

            def write(force: bool = False) -> Change | None:
                for actor in result.new_actors:
                    editor.add("actors", actor)
                result.new_actors.clear()  # added once, even if the update must be retried
                try:
                    return editor.update(entry.id, result.data, base, force=force)
                except EditConflict as err:
                    if force and err.theirs is None:
                        return editor.add(kind, result.data)  # "keep mine" after a delete
                    raise

            self._write(write, select=result.data.get("id") or entry.id)

        self.app.push_screen(EntryForm(kind, base, doc_id, self._form_context(editor)), saved)  # type: ignore[attr-defined]

    def _edit_meta(self) -> None:
        """On the Overview, ``e`` edits the briefing's own title, summary and bottom line."""
        editor = self.editor()
        if editor is None:
            return
        from tui.ui.screens.meta_form import MetaForm

        base = dict(self.index.briefing.meta)  # type: ignore[attr-defined]

        def saved(meta: dict[str, Any] | None) -> None:
            if meta is not None:
                self._write(lambda force=False: editor.update_meta(meta, base, force=force))

        self.app.push_screen(MetaForm(self._form_context(editor).document, base), saved)  # type: ignore[attr-defined]

    # -------------------------------------------------------------- delete
    def action_delete_entry(self) -> None:
        entry = self.highlighted_entry()  # type: ignore[attr-defined]
        if entry is None:
            self.notify("Highlight an entry in a panel to delete it.", timeout=3)  # type: ignore[attr-defined]
            return
        editor = self.editor()
        if editor is None:
            return
        from tui.authoring.references import references_to
        from tui.ui.screens.dialogs import ConfirmScreen

        refs = references_to(self.index, entry.id)  # type: ignore[attr-defined]
        text = Text(end="")
        text.append(f"Delete the {KIND_SINGULAR[entry.kind]} “{one_line(entry.title)}”?\n",
                    style="bold")
        if refs:
            text.append(f"\n{len(refs)} reference(s) to it will be removed too:\n")
            for other_id, field in refs:
                other = self.index.get(other_id)  # type: ignore[attr-defined]
                name = one_line(other.title) if other else clean(other_id)
                text.append(f"  • {name} ({clean(field)})\n")
        else:
            text.append("\nNothing else points at it.\n")
        text.append("\nu undoes it afterwards.  y: delete · n: keep", style="dim")
        base = dict(entry.data)

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(lambda force=False: editor.delete(entry.id, base, detach=True,
                                                              force=force))

        self.app.push_screen(ConfirmScreen(text), answered)  # type: ignore[attr-defined]

    # ---------------------------------------------------------- undo, redo
    def action_undo(self) -> None:
        editor = self._editor
        if editor is None or not editor.can_undo:
            self.notify("Nothing to undo in this session.", timeout=2)  # type: ignore[attr-defined]
            return
        self._write(lambda force=False: editor.undo(), what="Undone", can_force=False)

    def action_redo(self) -> None:
        editor = self._editor
        if editor is None or not editor.can_redo:
            self.notify("Nothing to redo.", timeout=2)  # type: ignore[attr-defined]
            return
        self._write(lambda force=False: editor.redo(), what="Redone", can_force=False)

    # -------------------------------------------------------------- writing
    def _write(self, write: Any, select: str | None = None, what: str = "Saved",
               can_force: bool = True) -> None:
        """Run one write off the UI thread; then reload, or settle a conflict."""
        from tui.authoring.changes import EditConflict

        def work(force: bool = False) -> None:
            # One write at a time, in the order asked: a quick second key (u after y) must
            # wait for the first, never cancel it.
            with _WRITES:
                run(force)

        def run(force: bool) -> None:
            try:
                change = write(force=force) if force else write()
            except EditConflict as err:
                self.app.call_from_thread(self._conflict, err, write, select)  # type: ignore[attr-defined]
                return
            except InvalidBriefing as err:
                self.app.call_from_thread(self.notify, "Not saved: " + clean(err.lines()[0]),  # type: ignore[attr-defined]
                                          severity="error", timeout=8)
                return
            except BriefingError as err:
                self.app.call_from_thread(self.notify, clean(str(err)), severity="error",  # type: ignore[attr-defined]
                                          timeout=8)
                return
            except Exception as err:  # noqa: BLE001 - a failed save must never end the app
                self.app.call_from_thread(self.notify, f"Not saved: {clean(repr(err))}",  # type: ignore[attr-defined]
                                          severity="error", timeout=8)
                return
            target = select
            if change is not None and target is None and change.action != "delete":
                target = change.entry
            try:
                self._after_write(change, target, what)
            except Exception as err:  # noqa: BLE001 - saved; only the refresh failed
                self.app.call_from_thread(self.notify, "Saved, but the view could not be "  # type: ignore[attr-defined]
                                          f"refreshed: {clean(repr(err))}", severity="warning")

        self._retry = work
        self._can_force = can_force
        self.run_worker(work, thread=True, group="write")  # type: ignore[attr-defined]

    def _after_write(self, change: Change | None, select: str | None, what: str) -> None:
        """In the worker: reload the briefing, mark our own change seen, then refresh."""
        from tui.authoring.seen import last_seen, mark_seen
        from tui.storage.loader import index_after_write, load_index

        commit = self._editor.store.last_commit if self._editor is not None else None
        if change is not None and commit is not None:
            # What the store just checked and wrote: shown without reading it back.
            document, digest = commit
            index = index_after_write(Path(self.path), document, digest,  # type: ignore[attr-defined]
                                      self.index.articles)  # type: ignore[attr-defined]
        else:
            index = load_index(Path(self.path))  # type: ignore[attr-defined]
        # Backlinks and search text now, in this worker: the screen asks for them at once.
        index.warm()
        if change is not None:
            # Our own change is no news to us, but the record is one number ("seen up to"):
            # move it past our change only when nothing older is still unseen, or the
            # changes someone else made meanwhile would be marked seen unread.
            record = last_seen(self.seen_key())  # type: ignore[attr-defined]
            if record is None or record["last"] >= change.id - 1:
                try:
                    mark_seen(self.seen_key(), change.id, at=change.at)  # type: ignore[attr-defined]
                except ValueError:
                    pass  # a key the state file cannot hold: the change just shows as news
        message = f"{what}." if change is not None else "No change to save."
        if change is not None:
            message = f"{what}: {change.action} {KIND_SINGULAR.get(change.kind, change.kind)} " \
                      f"“{clean(change.entry)}”."
        self.app.call_from_thread(self.reload, index, select, message)  # type: ignore[attr-defined]

    def _conflict(self, err: Any, write: Any, select: str | None) -> None:
        from tui.ui.screens.dialogs import ConflictScreen

        def answered(answer: str | None) -> None:
            if answer == "keep" and not self._can_force:
                self.notify("Undo and redo never overwrite a newer change: reload to see it.",  # type: ignore[attr-defined]
                            severity="warning", timeout=6)
            elif answer == "keep":
                self.run_worker(lambda: self._retry(force=True), thread=True,  # type: ignore[attr-defined]
                                group="write")
            elif answer == "reload":
                from tui.storage.loader import load_index

                self.reload(load_index(Path(self.path)), select,  # type: ignore[attr-defined]
                            "Reloaded: their version is shown; your edit was not saved.")

        self.app.push_screen(ConflictScreen(str(err.entry_id), err.theirs, err.mine), answered)  # type: ignore[attr-defined]

    # --------------------------------------------------- marking sentences
    def action_mark_sentence(self) -> None:
        if self.view != "sources":  # type: ignore[attr-defined]
            return
        row = self._panel("sources").list.highlighted  # type: ignore[attr-defined]
        if row is None or row.key is None:
            return
        _, locator = split_key(row.key)
        marked = self.marked  # type: ignore[attr-defined]
        if locator in marked:
            marked.remove(locator)
        else:
            marked.append(locator)
        self._fill_list("sources", keep=row.key)  # type: ignore[attr-defined]
        self.notify(f"{len(marked)} sentence(s) marked to cite: a new entry cites them; "
                    "in a form, ctrl+t adds them.", timeout=3)  # type: ignore[attr-defined]

    def highlighted_entry(self) -> Entry | None:
        if self.view == "overview" or self.view in ("sources", "changes"):  # type: ignore[attr-defined]
            return None
        row = self._panel(self.view).list.highlighted  # type: ignore[attr-defined]
        if row is None or row.key is None:
            return None
        kind, value = split_key(row.key)
        return self.index.get(value) if kind == "entry" else None  # type: ignore[attr-defined]
