"""The form for adding or editing one entry: a field per attribute, checked as you type.

Fields fit their type: text in inputs (a summary in a text area), lists one item per line,
enums as choices, dates with their format, an amount as value and currency, references
picked from existing entries with type-ahead (an actor can be created from there), and
cited sentences picked the same way or taken from the sentences marked in Sources.
Every change is checked with ``briefing check``'s own rules; each problem is shown under
its field, and a form with problems cannot be saved.

Text is shown for editing with control and format characters made visible
(``tui.core.text.clean``); what is shown escaped is stored as it was: a field the reader
leaves alone keeps its stored value exactly, and so does each line of a list left as shown
(``form_values``). In a text field the reader edits, the text around the edit stays as
stored; what was typed is stored as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Input, Select, Static, TextArea

from tui.authoring.form_checks import check_edit
from tui.authoring.new_entries import blank_entry, new_id
from tui.core.article import Article
from tui.core.dates import DateSuggestion, suggest_dates
from tui.core.errors import Problem
from tui.core.index import BriefingIndex
from tui.core.model import ACTOR_REF_FIELDS, ENUMS, KIND_LABELS, KIND_SINGULAR, Field, fields_of
from tui.core.text import clean, one_line
from tui.core.validate import next_doc_id
from tui.ui.screens.form_base import FormScreen
from tui.ui.screens.form_values import kept_lines, restore_text
from tui.ui.widgets.long_input import LongInput
from tui.ui.widgets.pickers import Candidate, Picker

__all__ = ["EntryForm", "FormResult", "FormContext"]

_LONG_TEXT = frozenset({"summary", "date_basis", "outcome", "response"})  # prose: wrapped
_SHORT_LOCATOR = re.compile(r"^p([1-9][0-9]*)\.s([1-9][0-9]*)$")


@dataclass
class FormContext:
    """What a form needs to know about the briefing it edits."""

    document: dict[str, Any]
    index: BriefingIndex
    articles: dict[str, Article]
    marked: list[str] = field(default_factory=list)  # locators marked in Sources


@dataclass
class FormResult:
    """The entry as saved, and the new actors it needs (to be added first)."""

    data: dict[str, Any]
    new_actors: list[dict[str, Any]]


def _field_of(place: str) -> str:
    """``meetings/4.participants[1]`` -> ``participants``."""
    rest = place.partition(".")[2]
    return re.split(r"[.\[]", rest, maxsplit=1)[0] if rest else ""


class EntryForm(FormScreen[FormResult]):
    STATUS = "#form-status"
    DEFAULT_CSS = """
    EntryForm { align: center middle; }
    EntryForm > Vertical {
        width: 100%; max-width: 110; height: 100%; max-height: 50;
        border: round $accent; background: $surface;
    }
    EntryForm #form-title { height: 1; padding: 0 1; text-style: bold; }
    EntryForm #form-status { height: auto; padding: 0 1; color: $text-muted; }
    EntryForm #form-status.-problems { color: $error; }
    EntryForm VerticalScroll { height: 1fr; padding: 0 1; }
    EntryForm .label { margin-top: 1; text-style: bold; height: 1; }
    EntryForm .problem { color: $error; height: auto; }
    EntryForm .problem.-none { display: none; }
    EntryForm #date-suggestion { color: $text-success; height: auto; }
    EntryForm #date-suggestion.-none { display: none; }
    EntryForm Input { height: 1; border: none; padding: 0 1; background: $boost; }
    EntryForm Input:focus { background: $accent 25%; border: none; }
    EntryForm TextArea { height: 4; border: none; background: $boost; }
    EntryForm TextArea:focus { background: $accent 25%; border: none; }
    EntryForm TextArea.long { height: 6; }
    EntryForm Select { height: 3; }
    EntryForm Horizontal { height: auto; }
    EntryForm Horizontal > Input { width: 1fr; }
    """
    BINDINGS = [
        # Not ctrl+t: a browser opens a tab on it and never passes it to the page.
        Binding("ctrl+o", "cite_marked", "Cite marked sentences", show=False,
                tooltip="cite the sentences marked in Sources"),
        Binding("ctrl+g", "take_date", "Take the suggested date", show=False,
                tooltip="take the date suggested from a cited sentence and its source's "
                        "publication date (again: the next suggestion)"),
    ]

    def __init__(self, kind: str, data: dict[str, Any] | None, doc_id: int | None,
                 context: FormContext) -> None:
        super().__init__()
        self.kind = kind
        self.doc_id = doc_id
        self.context = context
        self.is_new = data is None
        self.base = dict(data) if data is not None else blank_entry(kind)
        if self.is_new and context.marked:
            self.base["sources"] = list(context.marked)
        self.document = context.document
        self.new_actors: list[dict[str, Any]] = []
        self.problems: list[Problem] = []
        self._checked = False
        self._generation = 0  # which check the problems shown belong to
        self._auto_id = self.base.get("id", "") if self.is_new else None
        self.suggestions: list[tuple[str, DateSuggestion]] = []  # (sentence, suggestion)
        self._taken: int | None = None  # which suggestion ctrl+g took last

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        verb = "New" if self.is_new else "Edit"
        with Vertical():
            yield Static(Text(f"{verb} {KIND_SINGULAR[self.kind]} · {KIND_LABELS[self.kind]}",
                              end=""), id="form-title")
            yield Static("Checking…", id="form-status")
            with VerticalScroll():
                for f in fields_of(self.kind):
                    yield Static(Text(self._label(f), end=""), classes="label")
                    yield from self._widgets(f)
                    yield Static("", id=f"problem-{f.name}", classes="problem -none")
                    if f.name == "date":
                        yield Static("", id="date-suggestion", classes="-none")
            yield Footer()

    def _label(self, f: Field) -> str:
        hints = {
            "list": "one per line", "date": "YYYY, YYYY-MM or YYYY-MM-DD, or empty",
            "refs": "type a name, Enter adds; x removes the highlighted one",
            "locators": "type p1.s2 or words of the sentence; ctrl+o cites the sentences "
                        "marked in Sources (space marks them there)",
        }
        required = " (required)" if f.required else ""
        hint = hints.get(f.type, "")
        return f"{f.label}{required}" + (f"  — {hint}" if hint else "")

    def _widgets(self, f: Field) -> ComposeResult:
        value = self.base.get(f.name, f.default)
        wid = f"f-{f.name}"
        if f.type in ("text", "str", "date"):
            if f.name in _LONG_TEXT:
                yield TextArea(clean(value or ""), id=wid, classes="long", soft_wrap=True,
                               show_line_numbers=False)
            else:
                yield LongInput(clean(value or ""), id=wid, select_on_focus=False)
        elif f.type == "list":
            text = "\n".join(one_line(item) for item in (value or []))
            yield TextArea(text, id=wid, soft_wrap=True, show_line_numbers=False)
        elif f.type == "enum":
            options = [(v, v) for v in ENUMS[(self.kind, f.name)]]
            current = value if value in dict(options) else options[0][1]
            yield Select(options, value=current, allow_blank=False, id=wid)
        elif f.type == "amount":
            amount = value if isinstance(value, dict) else {}
            number = amount.get("value")
            with Horizontal(id=wid):
                shown = ("" if number is None else f"{number:g}" if isinstance(number, float)
                         else clean(number))
                yield LongInput(shown, placeholder="amount, e.g. 140000000000", id=f"{wid}-value")
                yield LongInput(clean(amount.get("currency") or ""),
                                placeholder="currency, e.g. EUR", id=f"{wid}-currency")
        elif f.type == "refs":
            yield Picker(self._entry_candidates(actors_only=f.name in ACTOR_REF_FIELDS),
                         [str(v) for v in value or []],
                         can_create="actor" if f.name in ACTOR_REF_FIELDS else None, id=wid)
        elif f.type == "locators":
            yield Picker(self._sentence_candidates(), [str(v) for v in value or []],
                         can_create="citation", placeholder="p1.s2, or words of the sentence…",
                         id=wid)

    def _entry_candidates(self, actors_only: bool) -> list[Candidate]:
        entries = (self.context.index.by_kind["actors"] if actors_only
                   else self.context.index.briefing.entries)
        return [Candidate(e.id, e.title, KIND_SINGULAR[e.kind]) for e in entries]

    def _sentence_candidates(self) -> list[Candidate]:
        out = []
        for source in self.context.index.briefing.sources:
            article = self.context.articles.get(source.id)
            if article is None:
                continue
            for p, s, sentence in article.locators():
                out.append(Candidate(f"{source.id}#p{p}.s{s}", f"p{p}.s{s} {sentence}"))
        return out

    def on_mount(self) -> None:
        # What each field first showed: a field the reader leaves alone keeps its value
        # exactly (no float rounding, no escaped direction marks, no folded spaces).
        self._shown = {f.name: self._raw(f) for f in fields_of(self.kind)}
        self.remember_opening()
        self.focus_first(self.query(Input).first())
        self._schedule_check()
        self._offer_dates()

    def _raw(self, f: Field) -> Any:
        """A field's widget state as the reader sees it."""
        wid = f"#f-{f.name}"
        if f.type in ("text", "str", "date", "list"):
            return _text_of(self.query_one(wid))
        if f.type == "enum":
            return self.query_one(wid, Select).value
        if f.type == "amount":
            return (self.query_one(f"{wid}-value", Input).value,
                    self.query_one(f"{wid}-currency", Input).value)
        return tuple(self.query_one(wid, Picker).values)

    # ----------------------------------------------------------------- values
    def collect(self) -> dict[str, Any]:
        """The entry as the form has it now, in the briefing's own field types."""
        data = dict(self.base)
        shown = getattr(self, "_shown", {})
        for f in fields_of(self.kind):
            wid = f"#f-{f.name}"
            if f.name in self.base and f.name in shown and self._raw(f) == shown[f.name]:
                continue  # untouched: the value as it was, exactly
            if f.type in ("text", "str", "date"):
                raw = restore_text(_text_of(self.query_one(wid)), self.base.get(f.name))
                # Left empty: the field's default ("" for a summary, else null), so that
                # saving an untouched form changes nothing.
                data[f.name] = raw if (raw or f.type == "text") else f.default
            elif f.type == "list":
                text = self.query_one(wid, TextArea).text
                data[f.name] = kept_lines(text, self.base.get(f.name))  # lines left: as stored
            elif f.type == "enum":
                data[f.name] = self.query_one(wid, Select).value
            elif f.type == "amount":
                number = self.query_one(f"{wid}-value", Input).value.strip().replace(",", "")
                currency = self.query_one(f"{wid}-currency", Input).value.strip().upper()
                if not number and not currency:
                    data[f.name] = None
                else:
                    data[f.name] = {"value": _number(number), "currency": currency}
            elif f.type in ("refs", "locators"):
                data[f.name] = list(self.query_one(wid, Picker).values)
        return data

    # --------------------------------------------------------------- checking
    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Picker.Changed)
    def _edited(self) -> None:
        if self._auto_id is not None:
            self._suggest_id()
        self._schedule_check()

    @on(Picker.Changed, "#f-sources")
    def _sources_changed(self) -> None:
        self._offer_dates()

    def _offer_dates(self) -> None:
        """What the cited sentences' relative date words resolve to, given their sources'
        publication dates: shown under the date, written only when ctrl+g takes one."""
        index = self.context.index
        found: list[tuple[str, DateSuggestion]] = []
        for locator in self.query_one("#f-sources", Picker).values:
            citation = index.citation(locator)
            source = index.source(citation.source_id) if citation else None
            if citation is None or source is None or citation.text is None:
                continue
            for suggestion in suggest_dates(citation.text, source.data.get("published")):
                found.append((citation.short, suggestion))
        self.suggestions = found
        self._taken = None
        box = self.query_one("#date-suggestion", Static)
        box.set_class(not found, "-none")
        lines = [f"{n}. {s.date}: “{one_line(s.words)}” ({short}), {one_line(s.basis)}"
                 for n, (short, s) in enumerate(found[:5], 1)]
        more = f"\n… and {len(found) - 5} more" if len(found) > 5 else ""
        box.update(Text("Suggested from the cited sentences — ctrl+g takes 1 (again: the "
                        "next); ignore it and nothing changes:\n" + "\n".join(lines) + more,
                        end=""))

    def action_take_date(self) -> None:
        """ctrl+g: the next suggestion into Date, Source's words and Date basis. A words or
        basis field the author filled by hand is kept, and said so."""
        if not self.suggestions:
            self.notify("No date to suggest: no cited sentence has relative date words its "
                        "source's publication date resolves.", timeout=4)
            return
        previous = self.suggestions[self._taken][1] if self._taken is not None else None
        self._taken = 0 if self._taken is None else (self._taken + 1) % len(self.suggestions)
        short, chosen = self.suggestions[self._taken]
        kept = []
        for name, value in (("date", chosen.date), ("date_text", chosen.words),
                            ("date_basis", chosen.basis)):
            widget = self.query_one(f"#f-{name}")
            now = _text_of(widget).strip()
            ours = previous is not None and now == getattr(
                previous, {"date": "date", "date_text": "words", "date_basis": "basis"}[name])
            if name != "date" and now and not ours:
                kept.append({"date_text": "Source's words", "date_basis": "Date basis"}[name])
                continue
            if isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Input):
                widget.value = value
        note = f" Kept your {' and '.join(kept)}." if kept else ""
        self.notify(f"Date {chosen.date} from “{one_line(chosen.words)}” ({short}).{note}",
                    timeout=4)

    def _suggest_id(self) -> None:
        """A new entry's id follows its name until the reader types an id of their own."""
        id_input = self.query_one("#f-id", Input)
        if id_input.value != self._auto_id:
            self._auto_id = None  # typed by hand: leave it alone
            return
        title = self.query_one("#f-name" if self.kind == "actors" else "#f-title", Input).value
        existing = [e.id for e in self.context.index.briefing.entries]
        suggestion = new_id(self.kind, title, existing) if title.strip() else ""
        if suggestion != id_input.value:
            self._auto_id = suggestion
            with id_input.prevent(Input.Changed):
                id_input.value = suggestion

    def _schedule_check(self) -> None:
        self._checked = False
        self._generation += 1
        self.check(self.collect(), self._generation)

    @work(thread=True, exclusive=True, group="check")
    def check(self, data: dict[str, Any], generation: int | None = None) -> None:
        """The real validator, off the UI thread (a large briefing takes a while)."""
        mine, elsewhere = check_edit(self._document_with_new_actors(), self.kind, data,
                                     self.doc_id, self.context.articles or None)
        self.app.call_from_thread(self._show_problems, mine, generation, elsewhere)

    def _document_with_new_actors(self) -> dict[str, Any]:
        if not self.new_actors:
            return self.document
        document = dict(self.document)
        actors = dict(document.get("actors") or {})
        taken = {int(k) for k in actors}
        for actor in self.new_actors:  # at the ids the store will give them
            doc_id = next_doc_id(taken)
            taken.add(doc_id)
            actors[str(doc_id)] = actor
        document["actors"] = actors
        return document

    def _show_problems(self, problems: list[Problem], generation: int | None = None,
                       elsewhere: list[Problem] | None = None) -> None:
        if generation is not None and generation != self._generation:
            # A thread worker runs on when a newer check replaces it: its result is stale
            # (the form changed since) and must not mark the form checked.
            return
        elsewhere = elsewhere or []
        self.problems = problems + elsewhere  # an edit that breaks other entries is not saved
        self._checked = True
        by_field: dict[str, list[str]] = {}
        for p in problems:
            by_field.setdefault(_field_of(p.place), []).append(p.message)
        for f in fields_of(self.kind):
            box = self.query_one(f"#problem-{f.name}", Static)
            messages = by_field.pop(f.name, [])
            box.set_class(not messages, "-none")
            box.update(Text("\n".join(f"✗ {clean(m)}" for m in messages), end=""))
        status = self.query_one("#form-status", Static)
        status.set_class(bool(self.problems), "-problems")
        if self.problems:
            other = [f"{clean(k) or 'entry'}: {clean(m)}" for k, ms in by_field.items() for m in ms]
            other += [f"it would break {clean(p.place)}: {clean(p.message)}" for p in elsewhere]
            status.update(Text(f"{len(self.problems)} problem(s) to fix before saving"
                               + ("".join(f"\n✗ {o}" for o in other)), end=""))
        else:
            status.update(Text("Ready: ctrl+s saves, Esc cancels.", end=""))
        self.checked()

    # ---------------------------------------------------------------- actions
    @on(Picker.CreateRequested)
    def _create(self, event: Picker.CreateRequested) -> None:
        picker = event.picker
        if picker.id == "f-sources":
            if self._add_locator(picker, event.name):
                picker.query_one(Input).value = ""
            return
        from tui.ui.screens.dialogs import ChoiceScreen

        name = event.name

        def kind_chosen(kind: str | None) -> None:
            if kind is None:
                return  # none made; what was typed stays in the field
            picker.query_one(Input).value = ""
            self._create_actor(picker, name, kind)

        question = f"A new actor, “{one_line(name)}”: what kind is it?"
        self.app.push_screen(ChoiceScreen(question, ENUMS[("actors", "kind")]), kind_chosen)

    def _create_actor(self, picker: Picker, name: str, kind: str) -> None:
        """A new actor, cited by the sentences this entry cites (the reader can edit it later)."""
        existing = [e.id for e in self.context.index.briefing.entries]
        existing += [a["id"] for a in self.new_actors]
        actor = blank_entry("actors")
        actor.update(name=name, kind=kind, id=new_id("actors", name, existing),
                     sources=list(self.query_one("#f-sources", Picker).values))
        self.new_actors.append(actor)
        for p in self.query(Picker):
            if p.id != "f-sources" and p.can_create == "actor" or p.id == "f-links":
                p.add_candidate(Candidate(actor["id"], actor["name"], "new actor"))
        picker.choose(actor["id"])
        self.notify(f"New actor “{one_line(name)}” ({kind}) will be added when you save.",
                    timeout=4)

    def _add_locator(self, picker: Picker, typed: str) -> bool:
        """Cite what was typed as a locator; False (and said why) when it is none."""
        typed = typed.strip()
        match = _SHORT_LOCATOR.match(typed)
        sources = self.context.index.briefing.sources
        if match and sources:
            picker.choose(f"{sources[0].id}#{typed}")
        elif "#" in typed:
            picker.choose(typed)
        else:
            self.notify("Type a sentence as p1.s2, or words from it.", timeout=3)
            return False
        return True

    def action_cite_marked(self) -> None:
        picker = self.query_one("#f-sources", Picker)
        if not self.context.marked:
            self.notify("No sentences are marked: in Sources (7), space marks one.", timeout=4)
            return
        for loc in self.context.marked:
            picker.choose(loc)

    def save_now(self) -> None:
        if not self._checked:
            self.save_when_checked()
            return
        if self.problems:
            self.notify(f"Not saved: fix the {len(self.problems)} problem(s) shown first.",
                        severity="error", timeout=4)
            return
        data = self.collect()
        for actor in self.new_actors:
            if not actor["sources"]:
                actor["sources"] = list(data.get("sources") or [])
        self.submit(FormResult(data, list(self.new_actors)))

    def is_changed(self) -> bool:
        return bool(self.new_actors) or super().is_changed()


def _number(text: str) -> Any:
    """A number typed in a form, or the text itself (so the check can say what is wrong)."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _text_of(widget: Widget) -> str:
    """What a text field (an ``Input`` or a ``TextArea``) holds."""
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Input):
        return widget.value
    raise TypeError(f"not a text field: {widget!r}")
