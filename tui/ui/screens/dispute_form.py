"""The form for recording where an entry's sources disagree on one field: two or more
accounts, each a value, the sentences that give it (picked with type-ahead, or typed as a
locator: ``src-…#p2.s1``, or ``3#p2.s1`` for the third source) and a note.

The field is chosen before the form opens (``field_choices``). The value the author holds
stays the entry's own (``e`` edits it); the form shows it. Every change is checked with
``briefing check``'s own rules; a form with problems cannot be saved. Emptying every
account and saving removes the dispute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static

from tui.authoring.form_checks import check_edit
from tui.core.accounts import ACCOUNTS, disputable_fields, disputes_of, is_empty_value
from tui.core.errors import Problem
from tui.core.model import ENUMS, Entry, Field
from tui.core.text import clean, one_line
from tui.present.disputes import value_text
from tui.ui.screens.entry_form import FormContext
from tui.ui.screens.form_base import FormScreen
from tui.ui.widgets.long_input import LongInput
from tui.ui.widgets.pickers import Candidate, Picker

__all__ = ["DisputeForm", "DisputeResult", "field_choices"]

_NUMBERED = re.compile(r"^([1-9][0-9]*)#(p[1-9][0-9]*\.s[1-9][0-9]*)$")
_SLOTS = 4  # account blocks shown (one more than an existing dispute has, if more)


@dataclass
class DisputeResult:
    """The dispute as saved: its field and accounts (None: remove the dispute)."""

    field: str
    accounts: list[dict[str, Any]] | None


def field_choices(entry: Entry) -> list[tuple[str, Field]]:
    """(answer shown, field) for every field a dispute may be recorded on."""
    disputed = {d.field.name: len(d.accounts) for d in disputes_of(entry)}
    return [(f"{f.label} (disputed: {disputed[f.name]} accounts)" if f.name in disputed
             else f.label, f) for f in disputable_fields(entry.kind)]


def shown_value(f: Field, value: Any) -> str:
    """An account's value as typed in the form: lists with commas, amounts as ``9 EUR``."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(one_line(v) for v in value)
    if f.type == "amount" and isinstance(value, dict):
        return f"{clean(value.get('value'))} {clean(value.get('currency'))}"
    return clean(value)


def typed_value(f: Field, text: str) -> Any:
    """What was typed, in the field's own type (or as typed, so the check says what is wrong)."""
    text = text.strip()
    if not text:
        return None
    if f.type in ("list", "refs"):
        return [part.strip() for part in text.split(",") if part.strip()]
    if f.type == "amount":
        number, _, currency = text.partition(" ")
        try:
            value: float | int = int(number) if number.isdigit() else float(number)
        except ValueError:
            return text
        return {"value": value, "currency": currency.strip()}
    return text


class DisputeForm(FormScreen[DisputeResult]):
    STATUS = "#dispute-status"  # a save waiting for the lock says so just above it
    DEFAULT_CSS = """
    DisputeForm { align: center middle; }
    DisputeForm > Vertical { width: 100%; max-width: 110; height: 100%; max-height: 50;
        border: round $accent; background: $surface; }
    DisputeForm #dispute-title { height: auto; padding: 0 1; text-style: bold; }
    DisputeForm #dispute-status { height: auto; padding: 0 1; color: $text-muted; }
    DisputeForm #dispute-status.-problems { color: $error; }
    DisputeForm VerticalScroll { height: 1fr; padding: 0 1; }
    DisputeForm .label { margin-top: 1; text-style: bold; height: 1; }
    DisputeForm .sublabel { color: $text-muted; height: 1; }
    DisputeForm .problem { color: $error; height: auto; }
    DisputeForm .problem.-none { display: none; }
    DisputeForm Input { height: 1; border: none; padding: 0 1; background: $boost; }
    DisputeForm Input:focus { background: $accent 25%; border: none; }
    """

    def __init__(self, entry: Entry, field: Field, context: FormContext) -> None:
        super().__init__()
        self.entry = entry
        self.field = field
        self.context = context
        self.base = dict(entry.data)
        existing = (self.base.get(ACCOUNTS) or {}).get(field.name) or []
        self.existing: list[dict[str, Any]] = [a for a in existing if isinstance(a, dict)]
        self.slots = max(_SLOTS, len(self.existing) + 1)
        self.problems: list[Problem] = []
        self._checked = False
        self._generation = 0
        self._used: list[int] = []  # the slots the accounts checked last came from

    def compose(self) -> ComposeResult:
        index = self.context.index
        held = value_text(index, self.field, self.entry.get(self.field.name))
        with Vertical():
            yield Static(Text(f"Sources disagree · {one_line(self.entry.title)} · "
                              f"{self.field.label}", end=""), id="dispute-title")
            yield Static(Text(f"You hold: {held} (the entry's own value; e edits it). "
                              "Two or more accounts; leave a block empty to drop it.",
                              end=""), classes="sublabel")
            yield Static("Checking…", id="dispute-status")
            with VerticalScroll():
                for i in range(self.slots):
                    yield from self._slot(i)
            yield Footer()

    def _slot(self, i: int) -> ComposeResult:
        account = self.existing[i] if i < len(self.existing) else {}
        yield Static(Text(f"Account {i + 1}: what it says", end=""), classes="label")
        yield LongInput(shown_value(self.field, account.get("value")), id=f"d-value-{i}",
                    select_on_focus=False, placeholder=self._value_hint())
        yield Static(Text("the sentences that say so", end=""), classes="sublabel")
        yield Picker(self._sentences(), [str(s) for s in account.get("sources") or ()],
                     can_create="citation", id=f"d-sources-{i}",
                     placeholder="words of the sentence, src-…#p1.s2, or 2#p1.s2 (source 2)")
        yield Static(Text("note: who says so, why you hold or doubt it", end=""),
                     classes="sublabel")
        yield LongInput(clean(account.get("note") or ""), id=f"d-note-{i}",
                        select_on_focus=False)
        yield Static("", id=f"d-problem-{i}", classes="problem -none")

    def _value_hint(self) -> str:
        allowed = ENUMS.get((self.entry.kind, self.field.name))
        if allowed:
            return "one of: " + ", ".join(allowed)
        return {"list": "items, separated by commas", "refs": "entry ids, separated by commas",
                "amount": "amount and currency, e.g. 9000000 EUR",
                "date": "YYYY, YYYY-MM or YYYY-MM-DD"}.get(self.field.type, "")

    def _sentences(self) -> list[Candidate]:
        out = []
        for n, source in enumerate(self.context.index.briefing.sources, 1):
            article = self.context.articles.get(source.id)
            for p, s, sentence in article.locators() if article else ():
                out.append(Candidate(f"{source.id}#p{p}.s{s}", f"{n} p{p}.s{s} {sentence}"))
        return out

    def on_mount(self) -> None:
        self.remember_opening()
        self.focus_first(self.query_one("#d-value-0", Input))
        self._schedule()

    def collect(self) -> DisputeResult:
        accounts, used = [], []
        for i in range(self.slots):
            value = typed_value(self.field, self.query_one(f"#d-value-{i}", Input).value)
            sources = list(self.query_one(f"#d-sources-{i}", Picker).values)
            note = self.query_one(f"#d-note-{i}", Input).value.strip()
            if is_empty_value(value) and not sources and not note:
                continue
            accounts.append({"value": value, "sources": sources, **({"note": note} if note
                                                                    else {})})
            used.append(i)
        self._used = used
        return DisputeResult(self.field.name, accounts or None)

    @on(Input.Changed)
    @on(Picker.Changed)
    def _edited(self) -> None:
        self._schedule()

    @on(Picker.CreateRequested)
    def _typed_locator(self, event: Picker.CreateRequested) -> None:
        """A locator typed whole, or with the source's number: ``3#p2.s1``."""
        typed = event.name.strip()
        sources = self.context.index.briefing.sources
        numbered = _NUMBERED.match(typed)
        if numbered and int(numbered.group(1)) <= len(sources):
            typed = f"{sources[int(numbered.group(1)) - 1].id}#{numbered.group(2)}"
        elif "#" not in typed:
            self.notify("Type a sentence as 2#p1.s2 (source 2), or words from it.", timeout=3)
            return
        event.picker.choose(typed)
        event.picker.query_one(Input).value = ""

    def _entry_with(self, result: DisputeResult) -> dict[str, Any]:
        data = dict(self.base)
        table = dict(data.get(ACCOUNTS) or {})
        if result.accounts:
            table[result.field] = result.accounts
        else:
            table.pop(result.field, None)
        if table:
            data[ACCOUNTS] = table
        else:
            data.pop(ACCOUNTS, None)
        return data

    def _schedule(self) -> None:
        self._generation += 1
        self._checked = False
        result = self.collect()
        self.check(self._entry_with(result), list(self._used), self._generation)

    @work(thread=True, exclusive=True, group="check")
    def check(self, data: dict[str, Any], used: list[int], generation: int) -> None:
        mine, elsewhere = check_edit(self.context.document, self.entry.kind, data,
                                     self.entry.doc_id, self.context.articles or None)
        self.app.call_from_thread(self._show, mine + elsewhere, used, generation)

    def _show(self, problems: list[Problem], used: list[int], generation: int) -> None:
        if generation != self._generation:
            return  # an older check, finished late
        at = f".{ACCOUNTS}.{self.field.name}"
        self.problems = problems
        self._checked = True
        by_slot: dict[int, list[str]] = {}
        general = []
        for p in problems:
            rest = p.place.partition(at)[2]
            m = re.match(r"^\[(\d+)\]\.?(.*)$", rest)
            if at in p.place and m and int(m.group(1)) < len(used):
                by_slot.setdefault(used[int(m.group(1))], []).append(
                    f"{m.group(2) or 'account'}: {p.message}")
            else:
                general.append(p.message if at in p.place else f"{p.place}: {p.message}")
        for i in range(self.slots):
            box = self.query_one(f"#d-problem-{i}", Static)
            box.set_class(i not in by_slot, "-none")
            box.update(Text("\n".join(f"✗ {clean(m)}" for m in by_slot.get(i, [])), end=""))
        self._status(problems, general, used)
        self.checked()

    def _status(self, problems: list[Problem], general: list[str], used: list[int]) -> None:
        status = self.query_one("#dispute-status", Static)
        status.set_class(bool(problems), "-problems")
        if problems:
            status.update(Text(f"{len(problems)} problem(s) to fix before saving"
                               + "".join(f"\n✗ {clean(m)}" for m in general), end=""))
        elif not used:
            status.update(Text("Every account is empty: ctrl+s removes this dispute, "
                               "Esc cancels.", end=""))
        else:
            status.update(Text("Ready: ctrl+s saves, Esc cancels.", end=""))

    def save_now(self) -> None:
        if not self._checked:
            self.save_when_checked()
        elif self.problems:
            self.notify(f"Not saved: fix the {len(self.problems)} problem(s) shown first.",
                        severity="error", timeout=4)
        else:
            result = self.collect()
            if result.accounts is None and not self.existing:
                self.notify("Nothing to save: type two or more accounts.", timeout=4)
                return
            self.submit(result)
