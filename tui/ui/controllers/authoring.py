"""Authoring on the briefing screen: add, edit, delete, undo and redo.

``AuthoringController`` is owned by ``BriefingScreen`` (composition, not a mixin): every write
goes through ``tui.authoring.editor.Editor`` (the one atomic, locked store) in a worker
thread; the screen is then refreshed from what the store wrote.

A write that finds the briefing locked by another program says so at once, waits at most
``lock_timeout`` seconds (``SAVE_LOCK_TIMEOUT`` unless told otherwise) and then gives up with
the form kept open; Esc in the form gives up sooner, and quitting ends the wait at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.binding import Binding

from tui.core.document import document_of
from tui.core.errors import BriefingError, InvalidBriefing, describe_failure
from tui.core.model import KIND_SINGULAR, PANEL_KINDS, Entry
from tui.core.text import clean, one_line
from tui.storage.locking import LockTimeout, LockWait, LockWaitStopped

if TYPE_CHECKING:
    from textual.screen import ModalScreen
    from textual.worker import Worker

    from tui.authoring.changes import Change, EditConflict
    from tui.authoring.editor import Editor
    from tui.ui.app import BriefingApp
    from tui.ui.screens.briefing_screen import BriefingScreen
    from tui.ui.screens.entry_form import FormContext, FormResult
    from tui.ui.screens.form_base import FormScreen

__all__ = ["AuthoringController", "AUTHORING_BINDINGS", "SAVE_LOCK_TIMEOUT", "VIEW_ACTIONS",
           "WRITE_ACTIONS", "Write"]

_WRITES = threading.Lock()  # writes from this app run one after another

#: Seconds a save waits for the briefing's lock while another program holds it.
SAVE_LOCK_TIMEOUT = 10.0

#: One write: called with no argument, or with ``force=True`` to overwrite a newer change.
Write = Callable[..., "Change | None"]

_ADD_EDIT_DELETE = ("add to this panel (in Sources: a source), edit, delete the highlighted entry "
                    "(e on the Overview: the briefing's title, summary, bottom line, as-of date)")
_UNDO_REDO = "undo, redo (every change made this session)"

AUTHORING_BINDINGS = [
    # Priority: each acts as it arrives, in the order typed, so the keys typed right after a
    # or e land in the form it opens (see BriefingScreen.check_action for the filter field).
    Binding("a", "add_entry", "Add", id="add", priority=True, tooltip=_ADD_EDIT_DELETE),
    Binding("e", "edit_entry", "Edit", id="edit", priority=True, tooltip=_ADD_EDIT_DELETE),
    Binding("d", "delete_entry", "Delete", id="delete", priority=True, tooltip=_ADD_EDIT_DELETE),
    Binding("D", "dispute_entry", "Dispute", show=False, id="dispute", priority=True,
            tooltip="record where the sources disagree on a field of the highlighted entry: "
                    "two or more accounts, each with its sentences"),
    Binding("u", "undo", "Undo", id="undo", priority=True, tooltip=_UNDO_REDO),
    Binding("ctrl+r", "redo", "Redo", show=False, id="redo", priority=True, tooltip=_UNDO_REDO),
    Binding("space", "mark_sentence", "Mark", id="mark", priority=True, key_display="␣",
            tooltip="in Sources: mark a sentence to cite (a new entry cites the marked ones)"),
    Binding("m", "mark_seen", "Mark seen", id="seen",
            priority=True, tooltip="in Changes: mark every change seen"),
]


#: What a read-only briefing cannot do: its keys are hidden and do nothing.
WRITE_ACTIONS = frozenset({"add_entry", "edit_entry", "delete_entry", "undo", "redo",
                           "mark_sentence", "dispute_entry"})
#: Keys that act in one view only, shown in the footer there: action -> its views.
VIEW_ACTIONS = {
    "add_entry": frozenset({*PANEL_KINDS, "timeline", "overview"}),
    "edit_entry": frozenset({*PANEL_KINDS, "timeline", "overview"}),
    "delete_entry": frozenset({*PANEL_KINDS, "timeline"}),
    "dispute_entry": frozenset({*PANEL_KINDS, "timeline"}),
    "mark_sentence": frozenset({"sources"}),
    "mark_seen": frozenset({"changes"}),
}


class AuthoringController:
    """Edits the briefing a :class:`BriefingScreen` shows, and refreshes the screen after."""

    def __init__(self, screen: BriefingScreen, *, lock_timeout: float = SAVE_LOCK_TIMEOUT) -> None:
        self.screen = screen
        self.lock_timeout = lock_timeout  # seconds a write waits for another program's lock
        self._editor: Editor | None = None
        self._retry: Callable[[bool], None] | None = None  # the last write, to force
        self._can_force = True
        self._form: FormScreen[Any] | None = None  # the form the last write came from

    def own_change_ids(self) -> set[int]:
        """The ids of the changes this session wrote."""
        return set(self._editor.written) if self._editor is not None else set()

    # ------------------------------------------------------------ the editor
    def editor(self) -> Editor | None:
        """The editor, made on first use; a bundled briefing is copied to edit first."""
        screen = self.screen
        if screen.read_only:
            screen.notify("This briefing is open read-only.", severity="warning")
            return None
        if self._editor is None:
            from tui.authoring.editor import Editor
            from tui.storage.bundled import editable_path, is_bundled

            try:
                path = self._file()
                if is_bundled(path):
                    path = editable_path(path)
                    screen.notify(f"Bundled briefings are not changed: you are editing your copy "
                                  f"at {clean(path)}", timeout=10)
                    screen.switch_path(path)
                self._editor = Editor(path, articles=screen.index.articles or None)
                # The bytes the screen was loaded from passed the full check: a first save
                # of those very bytes checks only what it changes (the store proves them),
                # starting from the document the screen shows instead of a parse.
                self._editor.store.vouch_for(screen.index.source_digest,
                                             screen.index.source_document,
                                             screen.index.source_layout)
                # While the reader fills in the form: what the first save would prove.
                threading.Thread(target=self._editor.store.prove_ahead, name="prove-rows",
                                 daemon=True).start()
            except BriefingError as err:
                screen.notify(clean(str(err)), severity="error", timeout=8)
                return None
        return self._editor

    def _file(self) -> Path:
        """The briefing file the screen shows (a screen opened from no file cannot save)."""
        if self.screen.path is None:
            raise BriefingError("briefing", "this briefing has no file to save to")
        return Path(self.screen.path)

    def form_context(self) -> FormContext:
        from tui.ui.screens.entry_form import FormContext

        # The briefing as loaded, not read again from disk (86 MB at 100k entries would stall
        # the UI): a form checks against it, and the save checks against the file anyway.
        index = self.screen.index
        return FormContext(document_of(index.briefing), index, index.articles,
                           list(self.screen.marked))

    def _kind_here(self) -> str | None:
        view = self.screen.view
        if view in PANEL_KINDS:
            return view
        if view == "timeline":
            return "events"
        return None

    # ----------------------------------------------------------------- add
    def add_entry(self) -> None:
        kind = self._kind_here()
        if kind is None:
            self.screen.notify("Choose a panel (1-5) or the Timeline (6) to add to.", timeout=3)
            return
        editor = self.editor()
        if editor is None:
            return
        from tui.ui.screens.entry_form import EntryForm

        def write_for(result: FormResult) -> tuple[Write, str | None]:
            def write() -> Change:
                for actor in result.new_actors:
                    editor.add("actors", actor)
                return editor.add(kind, result.data)

            self.screen.marked.clear()  # cited now: start afresh
            return write, result.data.get("id")

        self._then_write(EntryForm(kind, None, None, self.form_context()), write_for)

    # ---------------------------------------------------------------- edit
    def edit_entry(self) -> None:
        if self.screen.view == "overview":
            self._edit_meta()
            return
        target = self._target("edit")
        if target is None:
            return
        entry, editor, base = target
        from tui.ui.screens.entry_form import EntryForm

        form = EntryForm(entry.kind, base, entry.doc_id, self.form_context())
        self._then_write(form, lambda result: (_update(editor, entry, result, base),
                                               result.data.get("id") or entry.id))

    def _target(self, verb: str) -> tuple[Entry, Editor, dict[str, Any]] | None:
        """The highlighted entry, the editor to change it with and the entry as it is now (the
        base a conflict is judged against), or None (said why)."""
        entry = self.screen.highlighted_entry()
        if entry is None:
            self.screen.notify(f"Highlight an entry in a panel to {verb} it.", timeout=3)
            return None
        editor = self.editor()
        return None if editor is None else (entry, editor, dict(entry.data))

    def _then_write(self, modal: ModalScreen[Any],
                    write_for: Callable[[Any], tuple[Write, str | None]]) -> None:
        """Show ``modal``; when it answers (a form's result, a yes), make the write it asks for.
        Any falsy answer (cancel, no) writes nothing. A form stays open until its write
        succeeds, so a save that fails keeps every value typed."""
        from tui.ui.screens.form_base import FormScreen

        if isinstance(modal, FormScreen):
            form = modal

            def submitted(result: object) -> None:
                write, select = write_for(result)
                self.write(write, select=select, form=form)

            form.submit_to(submitted)
            self.screen.app.push_screen(form)
            return

        def answered(answer: object) -> None:
            if answer:
                write, select = write_for(answer)
                self.write(write, select=select)

        self.screen.app.push_screen(modal, answered)

    def _edit_meta(self) -> None:
        """On the Overview, ``e`` edits the briefing's own title, summary and bottom line."""
        editor = self.editor()
        if editor is None:
            return
        from tui.ui.screens.meta_form import MetaForm

        base = dict(self.screen.index.briefing.meta)
        self._then_write(MetaForm(self.screen.index.briefing, base), lambda meta: (
            lambda force=False: editor.update_meta(meta, base, force=force), None))

    # ------------------------------------------------------------- dispute
    def dispute_entry(self) -> None:
        """``D``: choose a field of the highlighted entry, then record its accounts."""
        target = self._target("record a dispute on")
        if target is None:
            return
        entry, editor, base = target
        from tui.ui.screens.dialogs import ChoiceScreen
        from tui.ui.screens.dispute_form import DisputeForm, DisputeResult, field_choices

        choices = dict(field_choices(entry))

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            form = DisputeForm(entry, choices[answer], self.form_context())

            def write_for(result: DisputeResult) -> tuple[Write, str | None]:
                return (lambda force=False: editor.set_dispute(
                    entry.id, result.field, result.accounts, base, force=force)), entry.id

            self._then_write(form, write_for)

        question = f"Where do the sources disagree on “{one_line(entry.title)}”? Its field:"
        self.screen.app.push_screen(ChoiceScreen(question, tuple(choices)), chosen)

    # -------------------------------------------------------------- delete
    def delete_entry(self) -> None:
        target = self._target("delete")
        if target is None:
            return
        entry, editor, base = target
        from tui.ui.screens.dialogs import ConfirmScreen

        self._then_write(ConfirmScreen(self.delete_question(entry)), lambda _yes: (
            lambda force=False: editor.delete(entry.id, base, detach=True, force=force), None))

    def delete_question(self, entry: Entry) -> Text:
        from tui.authoring.references import references_to

        index = self.screen.index
        refs = references_to(index, entry.id)
        text = Text(end="")
        text.append(f"Delete the {KIND_SINGULAR[entry.kind]} “{one_line(entry.title)}”?\n",
                    style="bold")
        if refs:
            text.append(f"\n{len(refs)} reference(s) to it will be removed too:\n")
            for other_id, field in refs:
                other = index.get(other_id)
                name = one_line(other.title) if other else clean(other_id)
                text.append(f"  • {name} ({clean(field)})\n")
        else:
            text.append("\nNothing else points at it.\n")
        text.append("\nu undoes it afterwards.  y: delete · n, Enter or Esc: keep", style="dim")
        return text

    # ---------------------------------------------------------- undo, redo
    def undo(self) -> None:
        self._step("undo", "Nothing to undo in this session.")

    def redo(self) -> None:
        self._step("redo", "Nothing to redo.")

    def _step(self, which: str, nothing: str) -> None:
        """Undo or redo one change; neither ever overwrites a newer change on disk."""
        editor = self._editor
        if editor is None or not getattr(editor, f"can_{which}"):
            self.screen.notify(nothing, timeout=2)
            return
        step = getattr(editor, which)
        self.write(lambda force=False: step(), what=f"{which.capitalize()}ne", can_force=False)

    # -------------------------------------------------------------- writing
    def write(self, write: Write, select: str | None = None, what: str = "Saved",
              can_force: bool = True, form: FormScreen[Any] | None = None) -> None:
        """Run one write off the UI thread; then reload, or settle a conflict. ``form``, the
        form the write comes from, is closed once it is written and kept open otherwise."""

        stop = threading.Event()  # set (Esc in the form): the wait for a lock gives up

        def work(force: bool = False) -> None:
            from textual.worker import get_current_worker

            worker = get_current_worker()
            # One write at a time, in the order asked: a quick second key (u after y) must
            # wait for the first, never cancel it.
            with _WRITES:
                if worker.is_cancelled:
                    return  # the app closed while this write queued: it is not made
                stop.clear()
                self._wait_as_told(stop, worker)
                self._run(write, select, what, force, worker)

        self._retry = work
        self._can_force = can_force
        self._form = form
        self.screen.run_worker(work, thread=True, group="write")

    def _wait_as_told(self, stop: threading.Event, worker: Worker[Any]) -> None:
        """In the worker: a lock another program holds is waited for visibly, for at most
        ``lock_timeout`` seconds, and no longer once Esc or quitting (which cancels the
        worker) says stop."""
        if self._editor is None:
            return
        call = self.screen.app.call_from_thread
        self._editor.store.lock_wait = LockWait(
            timeout=self.lock_timeout, stop=lambda: stop.is_set() or worker.is_cancelled,
            on_wait=lambda lock: None if worker.is_cancelled else call(self._waiting, lock, stop))

    def _waiting(self, lock: Path, stop: threading.Event) -> None:
        """The write waits for ``lock``: say so now, and how to stop waiting."""
        form = self._form
        how = "Esc stops waiting, ctrl+q quits" if form is not None else "ctrl+q quits"
        message = (f"Waiting for {clean(lock.name)}, held by another program; giving up in "
                   f"{self.lock_timeout:g} s ({how}).")
        if form is not None:
            form.waiting(stop.set, message)  # shown in the form until the wait ends
        self.screen.notify(message, severity="warning", timeout=min(self.lock_timeout, 5))

    def _run(self, write: Write, select: str | None, what: str, force: bool,
             worker: Worker[Any]) -> None:
        """In the worker: one write, and what the reader is told of it."""
        from tui.authoring.changes import EditConflict

        call = self.screen.app.call_from_thread
        try:
            change = write(force=force) if force else write()
        except EditConflict as err:
            call(self._conflict, err, select)
            return
        except InvalidBriefing as err:
            call(self._not_saved, "Not saved: " + clean(err.lines()[0]))
            return
        except (LockTimeout, LockWaitStopped) as err:
            if not worker.is_cancelled:  # cancelled: the app is closing, nobody to tell
                call(self._not_saved, f"Not saved: {clean(str(err))}.")
            return
        except BriefingError as err:
            call(self._not_saved, clean(str(err)))
            return
        except Exception as err:  # noqa: BLE001 - a failed save must never end the app
            call(self._not_saved, f"Not saved: {describe_failure(err)}")
            return
        if self._form is not None:
            call(self._form.saved)
        target = select
        if change is not None and target is None and change.action != "delete":
            target = change.entry
        try:
            self._after_write(change, target, what)
        except Exception as err:  # noqa: BLE001 - saved; only the refresh failed
            call(self.screen.notify, "Saved, but the view could not be refreshed: "
                 f"{clean(repr(err))}", severity="warning")

    def _not_saved(self, message: str) -> None:
        """A write failed: say so; the form it came from stays open with what was typed."""
        if self._form is not None:
            self._form.not_saved()
            message += " Your form is still open."
        self.screen.notify(message, severity="error", timeout=8)

    def _after_write(self, change: Change | None, select: str | None, what: str) -> None:
        """In the worker: reload the briefing, mark our own change seen, then refresh."""
        from tui.storage.loader import index_after_write, load_index, warm_index

        screen = self.screen
        commit = change.written if change is not None else None  # what the Editor wrote
        keep_later: list[Callable[[], None]] = []  # the load cache's write, once it shows
        if change is not None and commit is not None:
            # What the store just checked and wrote: shown without reading it back.
            document, digest = commit
            shown = screen.index  # a cut as of a date or source has no digest: not kept
            index = index_after_write(self._file(), document, digest, shown.articles,
                                      keep_later, shown if shown.source_digest else None)
        else:
            index = load_index(self._file(), keep_later=keep_later)
        # Backlinks and search texts now, in this worker: the screen asks for them at once
        # (after a save they are mostly taken over from the index this one replaces).
        warm_index(index)
        if change is not None:
            self._mark_own_change_seen(change)
        message = _saved_message(what, change) if change is not None else "No change to save."
        screen.app.call_from_thread(screen.reload, index, select, message)
        app = cast("BriefingApp", screen.app)
        app.call_from_thread(app.keep_after_refresh, keep_later)  # once "Saved" is drawn

    def _mark_own_change_seen(self, change: Change) -> None:
        # Our own changes are no news to us, but the record is one number ("seen up to"):
        # move it over the run of our own changes that follows it (one save can write two,
        # a new actor and then the entry), and no further, or the changes someone else
        # made meanwhile would be marked seen unread.
        from tui.authoring.seen import last_seen, mark_seen

        key = self.screen.seen_key()
        record = last_seen(key)
        own = self._editor.written if self._editor is not None else {change.id}
        up_to = change.id
        if record is not None:
            up_to = record["last"]
            while up_to + 1 in own:
                up_to += 1
            if up_to <= record["last"]:
                return
        try:
            mark_seen(key, up_to, at=change.at if up_to == change.id else None)
        except ValueError:
            pass  # a key the state file cannot hold: the change just shows as news

    def _conflict(self, err: EditConflict, select: str | None) -> None:
        from tui.ui.screens.dialogs import ConflictScreen

        screen = self.screen

        def answered(answer: str | None) -> None:
            retry, form = self._retry, self._form
            if answer == "keep" and not self._can_force:
                screen.notify("Undo and redo never overwrite a newer change: reload to see it.",
                              severity="warning", timeout=6)
            elif answer == "keep" and retry is not None:
                screen.run_worker(lambda: retry(True), thread=True, group="write")
                return
            elif answer == "reload":
                from tui.storage.loader import load_index

                if form is not None:
                    form.saved()  # closed: the reader chose theirs
                    form = None
                screen.reload(load_index(self._file()), select,
                              "Reloaded: their version is shown; your edit was not saved.")
            if form is not None:
                form.not_saved()  # Esc: back to the form, with what was typed

        screen.app.push_screen(ConflictScreen(str(err.entry_id), err.theirs, err.mine), answered)


def _update(editor: Editor, entry: Entry, result: FormResult, base: dict[str, Any]) -> Write:
    """The write an edit form's save makes: new actors first, then the entry itself."""
    from tui.authoring.changes import EditConflict

    def write(force: bool = False) -> Change | None:
        for actor in result.new_actors:
            editor.add("actors", actor)
        result.new_actors.clear()  # added once, even if the update must be retried
        try:
            return editor.update(entry.id, result.data, base, force=force)
        except EditConflict as err:
            if force and err.theirs is None:
                return editor.add(entry.kind, result.data)  # "keep mine" after a delete
            raise

    return write


_UNDONE = {"add": "the delete of", "delete": "the addition of", "update": "the edit of"}
_DONE = {"add": "added", "delete": "deleted", "update": "edited",
         "resolve": "kept as the file had it"}


def _saved_message(what: str, change: Change) -> str:
    """What a write did, in words: "Undone: the delete of actor “Steve Witkoff”." (an undo
    is logged as the inverse change, so its own action is the opposite of what it undid)."""
    kind = KIND_SINGULAR.get(change.kind, change.kind)
    entry = Entry(change.kind, 0, {**change.old, **change.new, "id": change.entry})
    name = f"{kind} “{one_line(entry.title)}”"
    if change.undoes is not None:
        return f"Undone: {_UNDONE.get(change.action, change.action)} {name}."
    if change.redoes is not None:
        return f"Redone: {name} {_DONE.get(change.action, change.action)} again."
    return f"{what}: {name} {_DONE.get(change.action, change.action)}."

