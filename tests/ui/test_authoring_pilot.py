"""Authoring driven with Pilot the way a reader does it, checked against the file on disk.

Add, edit, delete, undo and redo an entry of every kind; the form's messages against
``briefing check``; type-ahead pickers and new actors; sentences marked in Sources; two
windows editing one entry; the change log and "since you last looked"; undo restoring
references a delete detached; copy-on-edit of the bundled briefing; read-only.

Most tests edit a copy of the bundled briefing in the test's own folder, with the seed
article attached (so locators are checked down to the sentence, as ``briefing check``
does).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from apphelpers import SEED, attach_seed, running, screen_of
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from tui.authoring.editor import Editor
from tui.authoring.references import references_to
from tui.core.model import PANEL_KINDS
from tui.core.validate import check_document
from tui.storage.attachments import attach, attached_articles, sources_of
from tui.storage.paths import briefings_dir, default_briefing
from tui.storage.store import load_briefing
from tui.ui.screens.briefing_screen import BriefingScreen
from tui.ui.screens.dialogs import ChoiceScreen, ConfirmScreen, ConflictScreen
from tui.ui.screens.entry_form import EntryForm
from tui.ui.widgets.line_list import LineList
from tui.ui.widgets.pickers import Picker

pytestmark = pytest.mark.usefixtures("seed_article")  # every test here reads it

MARK_NEW, MARK_CHANGED = "● ", "✎ "


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A user-owned copy of the bundled briefing, with the seed article attached."""
    path = tmp_path / "ankara.json"
    shutil.copyfile(default_briefing(), path)
    attach(load_briefing(path), SEED)
    return path


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def source_id(doc: dict[str, Any]) -> str:
    return doc["sources"]["1"]["id"]


def find(doc: dict[str, Any], kind: str, entry_id: str) -> dict[str, Any] | None:
    return next((e for e in (doc.get(kind) or {}).values() if e.get("id") == entry_id), None)


def log(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of the ``changes`` table, oldest first."""
    return sorted((doc.get("changes") or {}).values(), key=lambda r: r["id"])


def entry_tables(doc: dict[str, Any]) -> dict[str, Any]:
    """Everything but the change log."""
    return {k: v for k, v in doc.items() if k != "changes"}


def assert_valid(doc: dict[str, Any]) -> None:
    problems, _ = check_document(doc, attached_articles(sources_of(doc)))
    assert problems == []


async def settle(pilot: Pilot) -> None:
    """Wait for the write worker, then for what it queued (the reload, the checks)."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def form_of(pilot: Pilot) -> EntryForm:
    screen = pilot.app.screen
    assert isinstance(screen, EntryForm), f"expected the form, got {type(screen).__name__}"
    return screen


def notes(pilot: Pilot) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications]


async def type_into_picker(pilot: Pilot, field: str, text: str) -> Picker:
    """Focus a picker's type-ahead input, enter the text, press Enter."""
    picker = form_of(pilot).query_one(f"#f-{field}", Picker)
    field_input = picker.query_one(Input)
    field_input.focus()
    field_input.value = text  # (a key at a time costs ~0.1 s under Pilot)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    return picker


async def fill(pilot: Pilot, values: dict[str, Any]) -> None:
    """Set form fields as a reader would leave them: inputs, text areas, choices, amounts.
    ``sources`` is a list of what to type into the sentence picker."""
    form = form_of(pilot)
    for name, value in values.items():
        if name == "sources":
            for typed in value:
                await type_into_picker(pilot, "sources", typed)
            continue
        widget = form.query_one(f"#f-{name}")
        if isinstance(widget, Input):
            widget.value = value
        elif isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Select):
            widget.value = value
        else:  # an amount: (value, currency)
            form.query_one(f"#f-{name}-value", Input).value = value[0]
            form.query_one(f"#f-{name}-currency", Input).value = value[1]
        await pilot.pause()
    await settle(pilot)


def problem_text(form: EntryForm, field: str) -> str:
    box = form.query_one(f"#problem-{field}", Static)
    return "" if box.has_class("-none") else str(box.render())


def list_of(screen: BriefingScreen, view: str) -> LineList:
    return screen.query_one(f"#view-{view}").list  # type: ignore[attr-defined]


def row_text(screen: BriefingScreen, view: str, entry_id: str) -> str:
    lst = list_of(screen, view)
    i = lst.keys.index(f"entry:{entry_id}")
    return lst.rows[i].text.plain


def detail_text(screen: BriefingScreen, view: str) -> list[str]:
    return [r.text.plain for r in screen.query_one(f"#view-{view}").detail.rows]  # type: ignore[attr-defined]


def overview_lines(screen: BriefingScreen) -> list[str]:
    return screen.query_one("#overview", LineList).plain_lines()


# --- add, edit, delete, undo, redo: every kind -------------------------------------------

# For each kind: the key of its view, the title typed, the id the form suggests from it,
# the sentences typed into the sources picker (and the locators they mean), more fields
# for the new entry (widget value, then the value expected on disk), and one edit.
KINDS: dict[str, dict[str, Any]] = {
    "actors": dict(
        key="1", view="actors", title_field="name", title="Rustem Umerov", id="rustem-umerov",
        sources=(["p1.s1"], ["p1.s1"]),
        add={"aliases": ("Umerov\nthe secretary", ["Umerov", "the secretary"]),
             "kind": ("group", "group")},
        edit=("role", "Security council secretary", "Security council secretary"),
    ),
    "meetings": dict(
        key="2", view="meetings", title_field="title", title="Istanbul follow-up talks",
        id="istanbul-follow-up-talks", sources=(["p1.s3", "p2.s1"], ["p1.s3", "p2.s1"]),
        add={"place": ("Istanbul", "Istanbul"), "status": ("planned", "planned")},
        edit=("outcome", "Prisoner swap agreed", "Prisoner swap agreed"),
    ),
    "demands": dict(
        key="3", view="demands", title_field="title", title="Ceasefire before talks",
        id="ceasefire-before-talks", sources=(["p7.s1"], ["p7.s1"]),
        add={"items": ("an unconditional ceasefire\n\n  a halt to strikes  ",
                       ["an unconditional ceasefire", "a halt to strikes"]),
             "status": ("standing", "standing")},
        edit=("status", "rejected", "rejected"),
    ),
    "corruption": dict(
        key="4", view="corruption", title_field="title", title="Energy ministry probe",
        id="energy-ministry-probe", sources=(["p4.s1"], ["p4.s1"]),
        add={"subjects": ("the energy minister", ["the energy minister"])},
        edit=("consequences", "a minister resigned", ["a minister resigned"]),
    ),
    "financing": dict(
        key="5", view="financing", title_field="title", title="Reconstruction loan",
        id="reconstruction-loan",
        # words of the sentence, not its number: "In Athens, he secured a gas deal, ..."
        sources=(["secured a gas deal"], ["p3.s2"]),
        add={"instrument": ("loan", "loan"),
             "amount": (("50,000,000,000", "eur"), {"value": 50000000000, "currency": "EUR"})},
        edit=("amount", ("2.5e10", "USD"), {"value": 2.5e10, "currency": "USD"}),
    ),
    "events": dict(
        key="6", view="timeline", title_field="title", title="Prisoner exchange",
        id="prisoner-exchange", sources=(["p1.s2"], ["p1.s2"]),
        add={"date": ("2025-10", "2025-10"), "date_text": ("in October", "in October")},
        edit=("date", "2025-10-02", "2025-10-02"),
    ),
    # An event with no date is listed on the Timeline too ("no date"), so it can be edited.
    "undated-events": dict(
        kind="events", key="6", view="timeline", title_field="title", title="Talks resume",
        id="talks-resume", sources=(["p1.s2"], ["p1.s2"]), add={},
        edit=("summary", "Both sides said so.", "Both sides said so."),
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
async def test_add_edit_delete_undo_redo(copy: Path, kind: str) -> None:
    spec = KINDS[kind]
    kind = spec.get("kind", kind)
    src = source_id(read(copy))
    typed_sources, short_locators = spec["sources"]
    locators = [f"{src}#{s}" for s in short_locators]
    original = read(copy)
    assert find(original, kind, spec["id"]) is None and "changes" not in original

    async with running(copy) as pilot:
        screen = screen_of(pilot)
        # --- add
        await pilot.press(spec["key"], "a")
        await pilot.pause()
        form = form_of(pilot)
        assert form.is_new and form.kind == kind
        assert form.focused is form.query_one(f"#f-{spec['title_field']}", Input)
        await fill(pilot, {spec["title_field"]: spec["title"], "sources": typed_sources,
                           **{name: v[0] for name, v in spec["add"].items()}})
        assert form.query_one("#f-id", Input).value == spec["id"]
        assert form.query_one("#f-sources", Picker).values == locators
        assert form.problems == [], form.problems
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(pilot.app.screen, BriefingScreen)
        doc = read(copy)
        added = find(doc, kind, spec["id"])
        assert added is not None
        assert added[spec["title_field"]] == spec["title"]
        assert added["sources"] == locators
        for name, (_widget, value) in spec["add"].items():
            assert added[name] == value, name
        assert len(doc[kind]) == len(original[kind]) + 1
        assert entry_tables(doc) | {kind: original[kind]} == entry_tables(original)  # nothing else
        rows = log(doc)
        assert [(r["id"], r["action"], r["kind"], r["entry"]) for r in rows] == [
            (1, "add", kind, spec["id"])]
        assert rows[0]["new"] == added and rows[0]["old"] == {}
        assert_valid(doc)
        # the new entry is shown, highlighted, in its view
        assert screen.view == spec["view"]
        assert list_of(screen, spec["view"]).highlighted.key == f"entry:{spec['id']}"

        # --- edit
        field, widget_value, disk_value = spec["edit"]
        await pilot.press("e")
        await pilot.pause()
        form = form_of(pilot)
        assert not form.is_new
        assert form.query_one(f"#f-{spec['title_field']}", Input).value == spec["title"]
        await fill(pilot, {field: widget_value})
        assert form.problems == [], form.problems
        await pilot.press("ctrl+s")
        await settle(pilot)

        doc = read(copy)
        edited = find(doc, kind, spec["id"])
        assert edited == {**added, field: disk_value}
        rows = log(doc)
        assert len(rows) == 2
        assert (rows[1]["action"], rows[1]["entry"], rows[1]["fields"]) == (
            "update", spec["id"], [field])
        assert rows[1]["old"] == {field: added[field]}
        assert rows[1]["new"] == {field: disk_value}
        assert_valid(doc)

        # --- delete
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        question = str(pilot.app.screen.query_one("#confirm-text", Static).render())
        assert spec["title"] in question and "Nothing else points at it." in question
        await pilot.press("y")
        await settle(pilot)

        doc = read(copy)
        assert find(doc, kind, spec["id"]) is None
        assert entry_tables(doc) == entry_tables(original)
        rows = log(doc)
        assert len(rows) == 3
        assert (rows[2]["action"], rows[2]["entry"], rows[2]["detached"]) == (
            "delete", spec["id"], [])
        assert rows[2]["old"] == edited
        assert f"entry:{spec['id']}" not in list_of(screen, spec["view"]).keys

        # --- undo: back as it was before the delete
        await pilot.press("u")
        await settle(pilot)
        doc = read(copy)
        assert find(doc, kind, spec["id"]) == edited
        rows = log(doc)
        assert len(rows) == 4
        assert (rows[3]["action"], rows[3]["entry"], rows[3].get("undoes")) == (
            "add", spec["id"], 3)
        assert list_of(screen, spec["view"]).highlighted.key == f"entry:{spec['id']}"

        # --- redo: gone again
        await pilot.press("ctrl+r")
        await settle(pilot)
        doc = read(copy)
        assert find(doc, kind, spec["id"]) is None
        assert entry_tables(doc) == entry_tables(original)
        rows = log(doc)
        assert len(rows) == 5
        assert (rows[4]["action"], rows[4]["entry"], rows[4].get("redoes")) == (
            "delete", spec["id"], 3)
        assert f"entry:{spec['id']}" not in list_of(screen, spec["view"]).keys
        assert_valid(doc)


# --- the form says what briefing check says -------------------------------------------------


def check_output(path: Path) -> list[str]:
    """``briefing check``'s lines for a file (run as a program, as a reader would)."""
    result = subprocess.run([sys.executable, "-m", "tui", "check", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout
    return result.stderr.splitlines()


async def test_form_problems_are_briefing_checks_messages(copy: Path, tmp_path: Path) -> None:
    doc = read(copy)
    src = source_id(doc)
    taken = doc["meetings"]["1"]["id"]
    new_doc_id = str(max(int(k) for k in doc["meetings"]) + 1)
    # The same meeting, written to a file and checked by the command.
    bad = json.loads(json.dumps(doc))
    bad["meetings"][new_doc_id] = {"id": taken, "title": "Second Ankara round",
                                   "date": "2025-02-30", "sources": [f"{src}#p1.s1"]}
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(bad), encoding="utf-8")
    lines = check_output(bad_file)
    prefix = f"{bad_file}: meetings/{new_doc_id}."
    expected = {}
    for line in lines:
        assert line.startswith(prefix), line
        field, _, message = line[len(prefix):].partition(": ")
        expected[field] = message
    assert set(expected) == {"id", "date"}, lines
    before = copy.read_bytes()

    async with running(copy) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        await pilot.press(*"Second")  # typed; the id follows the title...
        assert form_of(pilot).query_one("#f-id", Input).value == "second"
        await fill(pilot, {"title": "Second Ankara round", "sources": ["p1.s1"],
                           "date": "2025-02-30", "id": taken})  # ...until one is typed
        form = form_of(pilot)
        assert problem_text(form, "date") == f"✗ {expected['date']}"
        assert problem_text(form, "id") == f"✗ {expected['id']}"
        assert problem_text(form, "title") == "" and problem_text(form, "sources") == ""
        status = form.query_one("#form-status", Static)
        assert status.has_class("-problems")
        assert str(status.render()).startswith("2 problem(s) to fix before saving")

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form, "a form with problems stays open"
        assert copy.read_bytes() == before
        assert any(n.startswith("Not saved: fix the 2 problem(s)") for n in notes(pilot))

        # Fixed, the problems go and the entry saves.
        await fill(pilot, {"date": "2025-02-28", "id": "second-ankara-round"})
        assert problem_text(form, "date") == problem_text(form, "id") == ""
        assert not form.query_one("#form-status", Static).has_class("-problems")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    saved = find(read(copy), "meetings", "second-ankara-round")
    assert saved is not None and saved["date"] == "2025-02-28"


async def test_form_sentence_problem_matches_check(copy: Path, tmp_path: Path) -> None:
    """A sentence the attached article does not have: said in the form as check says it."""
    doc = read(copy)
    src = source_id(doc)
    new_doc_id = str(max(int(k) for k in doc["corruption"]) + 1)
    bad = json.loads(json.dumps(doc))
    bad["corruption"][new_doc_id] = {"id": "x-probe", "title": "X probe",
                                     "sources": [f"{src}#p1.s9"]}
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(bad), encoding="utf-8")
    lines = check_output(bad_file)
    assert len(lines) == 1 and lines[0].startswith(f"{bad_file}: corruption/{new_doc_id}.sources")
    message = lines[0].split(": ", 2)[2]
    before = copy.read_bytes()

    async with running(copy) as pilot:
        await pilot.press("4", "a")
        await pilot.pause()
        await fill(pilot, {"title": "X probe"})
        # no such sentence in the article: typed as a full locator, the picker takes it
        await fill(pilot, {"sources": [f"{src}#p1.s9"]})
        form = form_of(pilot)
        assert form.query_one("#f-sources", Picker).values == [f"{src}#p1.s9"]
        assert problem_text(form, "sources") == f"✗ {message}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
    assert copy.read_bytes() == before


async def test_a_stale_check_does_not_clear_the_problems(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checks run in threads; a slow check of an older state that finishes last must not
    replace the newer one's problems (and so let a broken entry be saved)."""
    import tui.ui.screens.entry_form as entry_form

    real = entry_form.check_edit

    def slow_when_valid(document: Any, kind: str, data: dict[str, Any], *args: Any,
                        **kwargs: Any) -> Any:
        if data.get("date") == "2025-02-28":
            time.sleep(0.4)
        return real(document, kind, data, *args, **kwargs)

    monkeypatch.setattr(entry_form, "check_edit", slow_when_valid)
    before = copy.read_bytes()
    async with running(copy) as pilot:
        await pilot.press("2", "e")
        await pilot.pause()
        form = form_of(pilot)
        await settle(pilot)
        form.query_one("#f-date", Input).value = "2025-02-28"  # checked slowly
        await pilot.pause()
        form.query_one("#f-date", Input).value = "2025-02-30"  # checked at once
        await pilot.pause(0.8)
        await settle(pilot)
        assert form.collect()["date"] == "2025-02-30"
        assert [p.place for p in form.problems] == ["meetings/1.date"]
        assert problem_text(form, "date").startswith("✗ '2025-02-30' is not a date")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
    assert copy.read_bytes() == before


# --- pickers ----------------------------------------------------------------------------------


async def test_type_ahead_picks_and_creates_actors(copy: Path) -> None:
    src = source_id(read(copy))
    original = read(copy)
    assert find(original, "actors", "rustem-umerov") is None
    async with running(copy) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        await fill(pilot, {"title": "Umerov in Ankara", "sources": ["p1.s1"]})
        form = form_of(pilot)
        picker = form.query_one("#f-participants", Picker)
        picker.query_one(Input).focus()
        await pilot.press(*"zel")
        await pilot.pause()
        hint = str(picker.query_one(".picker--hint", Static).render())
        assert "Enter adds: Volodymyr Zelensky" in hint
        await pilot.press("enter")
        await pilot.pause()
        assert picker.values == ["zelensky"]
        assert picker.query_one(Input).value == ""

        picker.query_one(Input).value = "Rustem Umerov"
        await pilot.pause()
        hint = str(picker.query_one(".picker--hint", Static).render())
        assert "No match. Enter creates a new actor named “Rustem Umerov”" in hint
        await pilot.press("enter")  # asks the new actor's kind; Esc makes none
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert picker.values == ["zelensky"] and form.new_actors == []
        assert picker.query_one(Input).value == "Rustem Umerov"  # kept to try again
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("p")  # person, by its initial
        await settle(pilot)
        assert picker.values == ["zelensky", "rustem-umerov"]
        assert form.problems == [], form.problems
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)

    doc = read(copy)
    actor = find(doc, "actors", "rustem-umerov")
    assert actor is not None
    assert actor["name"] == "Rustem Umerov" and actor["kind"] == "person"
    assert actor["sources"] == [f"{src}#p1.s1"]  # cited by what the meeting cites
    meeting = find(doc, "meetings", "umerov-in-ankara")
    assert meeting is not None and meeting["participants"] == ["zelensky", "rustem-umerov"]
    assert [(r["action"], r["entry"]) for r in log(doc)] == [
        ("add", "rustem-umerov"), ("add", "umerov-in-ankara")]
    assert_valid(doc)


async def test_a_new_actor_from_a_picker_is_of_the_kind_chosen(copy: Path) -> None:
    async with running(copy) as pilot:
        await pilot.press("5", "a")
        await pilot.pause()
        await fill(pilot, {"title": "Shipping deal", "sources": ["p1.s1"]})
        form = form_of(pilot)
        picker = form.query_one("#f-parties", Picker)
        picker.query_one(Input).focus()
        picker.query_one(Input).value = "Maersk"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        choice = pilot.app.screen
        assert isinstance(choice, ChoiceScreen)
        assert choice.answers == ("person", "organization", "state", "group")
        await pilot.press("down", "enter")  # organization, with the arrows
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
    actor = find(read(copy), "actors", "maersk")
    assert actor is not None and actor["kind"] == "organization"


async def test_sentences_marked_in_sources_are_cited_by_a_new_entry(copy: Path) -> None:
    before = copy.read_bytes()
    async with running(copy) as pilot:
        screen = screen_of(pilot)
        await pilot.press("7", "enter")  # the one source, sentence by sentence
        await pilot.pause()
        sources = list_of(screen, "sources")
        # the 2nd and 4th sentences; the first actor cites neither (ctrl+o below)
        locators = [sources.keys[1].split(":", 1)[1], sources.keys[3].split(":", 1)[1]]
        assert not set(locators) & set(screen.index.get("witkoff").get("sources"))
        await pilot.press("j", "space", "j", "j", "space")
        await pilot.pause()
        assert screen.marked == locators
        marked_rows = [r.text.plain for r in sources.rows if r.text.plain.startswith("▶ ")]
        assert len(marked_rows) == 2

        await pilot.press("1", "a")
        await pilot.pause()
        form = form_of(pilot)
        assert form.query_one("#f-sources", Picker).values == locators
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BriefingScreen)

        # In an edit form, ctrl+o adds them to what the entry cites already.
        await pilot.press("e")
        await pilot.pause()
        form = form_of(pilot)
        cited = list(form.query_one("#f-sources", Picker).values)
        assert form.base["id"] == "witkoff" and cited == form.base["sources"]
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert form.query_one("#f-sources", Picker).values == cited + locators
        await pilot.press("escape")
        await settle(pilot)
    assert copy.read_bytes() == before  # cancelled forms write nothing


# --- two windows, one entry ---------------------------------------------------------------


@pytest.mark.parametrize("answer", ["r", "k", "escape"])
async def test_two_windows_edit_the_same_entry(copy: Path, answer: str) -> None:
    original = find(read(copy), "meetings", "ankara-talks")
    assert original is not None
    theirs, mine = "Ankara, presidential complex", "Ankara, Besttepe"
    async with running(copy) as a, running(copy) as b:
        for pilot in (a, b):  # both open the form on the same version
            await pilot.press("2", "e")
            await pilot.pause()
            assert form_of(pilot).base["id"] == "ankara-talks"
        await fill(a, {"place": theirs})
        await fill(b, {"place": mine})
        await a.press("ctrl+s")
        await settle(a)
        assert find(read(copy), "meetings", "ankara-talks")["place"] == theirs

        await b.press("ctrl+s")
        await settle(b)
        dialog = b.app.screen
        assert isinstance(dialog, ConflictScreen)
        text = str(dialog.query_one("#conflict-text", Static).render())
        assert f"theirs: {theirs}" in text and f"mine:   {mine}" in text
        assert find(read(copy), "meetings", "ankara-talks")["place"] == theirs  # nothing yet

        await b.press(answer)
        await settle(b)
        if answer == "escape":  # back to my form, with what I typed; nothing written
            assert form_of(b).query_one("#f-place", Input).value == mine
            await b.press("escape", "y")  # drop it (a changed form asks first)
            await settle(b)
        assert isinstance(b.app.screen, BriefingScreen)
        doc = read(copy)
        rows = log(doc)
        first = {"action": "update", "entry": "ankara-talks", "fields": ["place"],
                 "old": {"place": original["place"]}, "new": {"place": theirs}}
        assert {k: rows[0][k] for k in first} == first
        screen = screen_of(b)
        if answer == "k":
            assert find(doc, "meetings", "ankara-talks") == {**original, "place": mine}
            assert len(rows) == 2  # both kept in the log: theirs, then mine over it
            assert (rows[1]["action"], rows[1]["old"], rows[1]["new"]) == (
                "update", {"place": theirs}, {"place": mine})
            assert screen.index.get("ankara-talks").get("place") == mine
        else:
            assert find(doc, "meetings", "ankara-talks") == {**original, "place": theirs}
            assert len(rows) == 1
        if answer == "r":  # B now shows their version
            assert screen.index.get("ankara-talks").get("place") == theirs
            assert list_of(screen, "meetings").highlighted.key == "entry:ankara-talks"
            assert any(theirs in line for line in detail_text(screen, "meetings"))
        assert_valid(doc)


# --- the change log and "since you last looked" ------------------------------------------------


async def test_changes_since_last_looked(copy: Path) -> None:
    async with running(copy) as pilot:  # first look: everything there is counts as seen
        assert screen_of(pilot).changed == {}
    original = read(copy)
    src = source_id(original)
    meeting = find(original, "meetings", "ankara-talks")
    doomed = find(original, "financing", "oil-sanctions")
    referrers = references_to(original, "oil-sanctions")
    assert meeting is not None and doomed is not None and referrers

    colleague = Editor(copy, by="colleague")
    colleague.add("actors", {"id": "rustem-umerov", "name": "Rustem Umerov",
                             "sources": [f"{src}#p1.s1"]})
    colleague.update("ankara-talks", {**meeting, "place": "Ankara, presidential complex",
                                      "participants": meeting["participants"]
                                      + ["rustem-umerov"]}, meeting)
    colleague.delete("oil-sanctions", doomed, detach=True)

    # The log on disk: three rows, in order, with what changed.
    doc = read(copy)
    rows = log(doc)
    assert [(r["id"], r["action"], r["entry"], r["by"]) for r in rows] == [
        (1, "add", "rustem-umerov", "colleague"),
        (2, "update", "ankara-talks", "colleague"),
        (3, "delete", "oil-sanctions", "colleague")]
    assert rows[1]["fields"] == ["place", "participants"]
    assert rows[1]["old"] == {"place": meeting["place"], "participants": meeting["participants"]}
    assert rows[2]["detached"] == [list(r) for r in referrers]

    expected_new = {"rustem-umerov"}
    expected_changed = {"ankara-talks"} | {other for other, _field in referrers}
    expected = expected_new | expected_changed | {"oil-sanctions"}

    async with running(copy) as pilot:
        screen = screen_of(pilot)
        assert set(screen.changed) == expected
        # Marks in the panel rows: exactly the entries that changed.
        marked: dict[str, str] = {}
        for number, view in enumerate(PANEL_KINDS, start=1):
            await pilot.press(str(number))
            for key in list_of(screen, view).keys:
                entry_id = key.split(":", 1)[1]
                text = row_text(screen, view, entry_id)
                if text.startswith((MARK_NEW, MARK_CHANGED)):
                    marked[entry_id] = text[:2]
        in_panels = {e for e in expected_changed if screen.index.get(e).kind in PANEL_KINDS}
        assert len(in_panels) >= 2
        assert marked == {"rustem-umerov": MARK_NEW, **{e: MARK_CHANGED for e in in_panels}}
        assert "entry:oil-sanctions" not in list_of(screen, "financing").keys

        # The Overview says so.
        count = next(line for line in overview_lines(screen) if line.startswith("8  Changes"))
        assert count.split()[2] == str(len(expected)) and "since you last looked" in count

        # The Changes view lists them, with old and new values.
        await pilot.press("8")
        await pilot.pause()
        changes = list_of(screen, "changes")
        assert set(changes.keys) == {f"change:{e}" for e in expected}
        texts = {r.key.split(":", 1)[1]: r.text.plain for r in changes.rows if r.key is not None}
        assert texts["rustem-umerov"].startswith(MARK_NEW + "Rustem Umerov")
        assert texts["oil-sanctions"].startswith("✗ ") and "deleted" in texts["oil-sanctions"]
        assert texts["ankara-talks"].startswith(MARK_CHANGED)
        assert texts["ankara-talks"].endswith("Participants, Place")  # labels, not field names
        assert changes.select_key("change:ankara-talks")
        await pilot.pause()
        detail = detail_text(screen, "changes")
        assert "changed since you last looked" in detail
        assert detail[detail.index("Place") + 1:detail.index("Place") + 3] == [
            f"was: {meeting['place']}", "now: Ankara, presidential complex"]
        i = detail.index("Participants")
        assert detail[i + 1] == "was: " + ", ".join(meeting["participants"])
        assert detail[i + 2] == "now: " + ", ".join(meeting["participants"] + ["rustem-umerov"])

        # m: seen. The marks go, here and in the Overview.
        await pilot.press("m")
        await pilot.pause()
        assert screen.changed == {}
        assert list_of(screen, "changes").keys == []
        assert not row_text(screen, "meetings", "ankara-talks").startswith(MARK_CHANGED)
        assert not row_text(screen, "actors", "rustem-umerov").startswith(MARK_NEW)
        assert not any(line.startswith("8  Changes") for line in overview_lines(screen))

    async with running(copy) as pilot:  # and they stay gone
        screen = screen_of(pilot)
        assert screen.changed == {}
        await pilot.press("2")
        assert not row_text(screen, "meetings", "ankara-talks").startswith(MARK_CHANGED)
        assert not any(line.startswith("8  Changes") for line in overview_lines(screen))
    assert log(read(copy)) == rows  # reading and marking seen never write the briefing


async def test_own_edits_are_not_news_and_do_not_hide_others(copy: Path) -> None:
    async with running(copy) as pilot:
        screen = screen_of(pilot)
        await pilot.press("1", "e")  # the first actor
        await pilot.pause()
        await fill(pilot, {"role": "Envoy"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(log(read(copy))) == 1
        assert screen.changed == {}  # my own change is not news to me
        assert not row_text(screen, "actors", "witkoff").startswith(MARK_CHANGED)

    meeting = find(read(copy), "meetings", "turkey-hosted-talks")
    Editor(copy, by="colleague").update(
        "turkey-hosted-talks", {**meeting, "place": "Istanbul"}, meeting)

    async with running(copy) as pilot:
        screen = screen_of(pilot)
        assert set(screen.changed) == {"turkey-hosted-talks"}
        await pilot.press("1", "e")
        await pilot.pause()
        await fill(pilot, {"role": "Special envoy"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(log(read(copy))) == 3
        # Saving my edit does not mark the colleague's change seen unread.
        assert "turkey-hosted-talks" in screen.changed
        await pilot.press("2")
        assert row_text(screen, "meetings", "turkey-hosted-talks").startswith(MARK_CHANGED)

    async with running(copy) as pilot:
        assert "turkey-hosted-talks" in screen_of(pilot).changed


# --- delete detaches references; undo puts them back ----------------------------------------


async def test_undo_of_a_delete_restores_detached_references(copy: Path) -> None:
    original = read(copy)
    referrers = references_to(original, "erdogan")
    assert ("ankara-talks", "participants") in referrers
    async with running(copy) as pilot:
        screen = screen_of(pilot)
        await pilot.press("1", "slash", *"erdogan", "enter")
        await pilot.pause()
        assert list_of(screen, "actors").highlighted.key == "entry:erdogan"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        question = str(pilot.app.screen.query_one("#confirm-text", Static).render())
        assert f"{len(referrers)} reference(s) to it will be removed too" in question
        meeting = find(original, "meetings", "ankara-talks")
        assert f"{meeting['title']} (participants)" in question
        await pilot.press("y")
        await settle(pilot)

        doc = read(copy)
        assert find(doc, "actors", "erdogan") is None
        assert references_to(doc, "erdogan") == []
        for other in {other for other, _field in referrers}:
            before = next(e for t in original.values() for e in t.values()
                          if e.get("id") == other)
            after = next(e for t in entry_tables(doc).values() for e in t.values()
                         if e.get("id") == other)
            fields = [f for o, f in referrers if o == other]
            assert after == {**before, **{f: [v for v in before[f] if v != "erdogan"]
                                          for f in fields}}
        (row,) = log(doc)
        assert row["action"] == "delete" and row["detached"] == [list(r) for r in referrers]
        assert_valid(doc)

        await pilot.press("u")
        await settle(pilot)
        doc = read(copy)
        assert entry_tables(doc) == entry_tables(original)  # the actor and every reference
        last = log(doc)[-1]
        assert last["undoes"] == row["id"] and last["attached"] == row["detached"]
        assert screen.index.get("erdogan") is not None
        assert "erdogan" in screen.index.get("ankara-talks").get("participants")


# --- where edits go --------------------------------------------------------------------------


async def test_editing_the_bundled_briefing_makes_a_copy() -> None:
    attach_seed()
    bundled = default_briefing()
    before = bundled.read_bytes()
    mine = briefings_dir() / "ankara.json"
    assert not mine.exists()
    async with running() as pilot:
        screen = screen_of(pilot)
        assert Path(screen.path) == bundled
        await pilot.press("1", "a")
        await pilot.pause()
        await fill(pilot, {"name": "Rustem Umerov", "sources": ["p1.s1"]})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BriefingScreen)
        assert bundled.read_bytes() == before
        assert mine.is_file()
        assert screen.path == str(mine) and Path(pilot.app.path) == mine
        assert any(str(mine) in n and "Bundled briefings are not changed" in n
                   for n in notes(pilot))
        assert screen.index.get("rustem-umerov") is not None
    doc = read(mine)
    assert find(doc, "actors", "rustem-umerov")["name"] == "Rustem Umerov"
    assert [(r["action"], r["entry"]) for r in log(doc)] == [("add", "rustem-umerov")]
    assert entry_tables(doc) | {"actors": json.loads(before)["actors"]} == json.loads(before)


async def test_read_only_refuses_to_edit(copy: Path) -> None:
    before = copy.read_bytes()
    async with running(copy, read_only=True) as pilot:
        screen = screen_of(pilot)
        await pilot.press("2", "a")
        await pilot.pause()
        assert pilot.app.screen is screen, "no form opens"
        assert any("read-only" in n for n in notes(pilot))
        for key in ("e", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert pilot.app.screen is screen
        await pilot.press("u")
        await pilot.pause()
        assert notes(pilot)[-1] == "This briefing is open read-only: nothing here can change it."
    assert copy.read_bytes() == before


async def test_overview_e_edits_title_summary_and_bottom_line(copy: Path) -> None:
    from tui.ui.screens.meta_form import MetaForm

    async with running(copy) as pilot:
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, MetaForm)
        form.query_one("#m-bluf", TextArea).text = "First point.\nSecond point."
        form.query_one("#m-as_of", Input).value = "2025-13"
        await settle(pilot)
        assert "as_of" in str(form.query_one("#meta-status", Static).render())
        before = copy.read_bytes()
        await pilot.press("ctrl+s")  # refused: the date is wrong
        await settle(pilot)
        assert isinstance(pilot.app.screen, MetaForm) and copy.read_bytes() == before
        form.query_one("#m-as_of", Input).value = "2025-11"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        meta = read(copy)["briefing"]["1"]
        assert meta["bluf"] == ["First point.", "Second point."] and meta["as_of"] == "2025-11"
        row = log(read(copy))[-1]
        assert (row["kind"], row["action"], row["fields"]) == (
            "briefing", "update", ["as_of", "bluf"])
        overview = screen_of(pilot).query_one("#overview", LineList).plain_lines()
        assert "• First point." in [line.strip() for line in overview]
        header = screen_of(pilot).query_one("#header").render().plain  # type: ignore[union-attr]
        assert "as of Nov 2025" in header


async def test_an_untouched_form_saves_nothing_and_keeps_values_exactly(copy: Path) -> None:
    doc = read(copy)
    # values a form could mangle: a float amount, a direction mark, doubled spaces
    doc["financing"]["1"]["amount"] = {"value": 1234567.5, "currency": "EUR"}
    doc["financing"]["1"]["summary"] = "Right\u200fto\u200eleft  and  spaced"
    copy.write_text(json.dumps(doc), encoding="utf-8")
    attach(load_briefing(copy), SEED)
    before = read(copy)
    async with running(copy) as pilot:
        await pilot.press("5", "e")
        await settle(pilot)
        form_of(pilot).query_one("#f-title", Input).value = "changed"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = read(copy)
    loan_id = before["financing"]["1"]["id"]
    entry = next(e for e in after["financing"].values() if e["id"] == loan_id)
    assert entry["amount"] == {"value": 1234567.5, "currency": "EUR"}
    assert entry["summary"] == "Right\u200fto\u200eleft  and  spaced"
    assert log(after)[-1]["fields"] == ["title"]


async def test_an_edit_that_would_break_other_entries_is_not_saved(copy: Path) -> None:
    before = copy.read_bytes()
    async with running(copy) as pilot:
        await pilot.press("1", "e")  # Steve Witkoff, whom meetings point at
        await settle(pilot)
        form = form_of(pilot)
        form.query_one("#f-id", Input).value = "renamed-witkoff"
        await settle(pilot)
        status = str(form.query_one("#form-status", Static).render())
        assert "it would break" in status and "no entry has the id 'witkoff'" in status
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, EntryForm)  # still open: nothing typed is lost
    assert copy.read_bytes() == before
