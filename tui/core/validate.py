"""The format's rules, checked: a parsed briefing document -> problems, or a ``Briefing``.

Every problem has a place (``table/doc_id.field`` or ``table/doc_id.field[i]``) and a
message; ``briefing check`` prints them as ``FILE: PLACE: MESSAGE``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from tui.core.accounts import ACCOUNTS, UNDISPUTABLE, is_empty_value
from tui.core.article import LOCATOR_RE, Article
from tui.core.dates import is_valid_date
from tui.core.errors import InvalidBriefing, Problem
from tui.core.model import (
    ACTOR_REF_FIELDS,
    ENTRY_KINDS,
    ENUMS,
    KIND_SINGULAR,
    SCHEMA_VERSION,
    Briefing,
    Entry,
    Field,
    Source,
    fields_of,
)

__all__ = [
    "check_document", "check_conflicts", "build_briefing", "assemble_checked", "ID_RE",
    "MAX_DOC_ID", "next_doc_id",
]

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\Z")
_SHA_RE = re.compile(r"^[0-9a-f]{64}\Z")
_DOC_ID_RE = re.compile(r"^[1-9][0-9]{0,17}\Z")
# The largest document id `check` accepts (18 digits, docs/FORMAT.md). Every id this program
# hands out stays within it, so a file `check` accepts can always be saved and extended.
MAX_DOC_ID = 10**18 - 1
_CURRENCY_RE = re.compile(r"^[A-Z]{3}\Z")

_META_FIELDS: tuple[Field, ...] = tuple(
    Field(name, type_, label, required=required) for name, type_, label, required in (
        ("schema", "schema", "Schema", True),
        ("id", "text", "Id", True),
        ("title", "text", "Title", True),
        ("summary", "str", "Summary", False),
        ("bluf", "list", "Bottom line", False),
        ("bluf_sources", "list", "Bottom line sources", False),
        ("summary_sources", "list", "Summary sources", False),
        ("as_of", "date", "As of", False),
        ("as_of_basis", "str", "As-of basis", False),
    ))
_SOURCE_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "Id", required=True),
    Field("title", "str", "Title"),
    Field("publisher", "str", "Publisher"),
    Field("url", "str", "URL"),
    Field("published", "date", "Published"),
    Field("reliability", "enum", "Reliability"),
    Field("sha256", "sha256", "SHA-256", required=True),
    Field("paragraphs", "count", "Paragraphs", required=True),
    Field("sentences", "count", "Sentences", required=True),
)


def _type_problem(f: Field, value: Any, kind: str) -> str | None:
    """What is wrong with one field's value, or None."""
    t = f.type
    if value is None:
        if f.required or t in ("list", "refs", "locators", "enum", "schema", "sha256", "count"):
            return "must not be null"
        return None
    if t in ("text", "str", "sha256"):
        if not isinstance(value, str):
            return f"must be text, not {_json_type(value)}"
        if t == "text" and not value.strip():
            return "must not be empty"
        if t == "sha256" and not _SHA_RE.match(value):
            return "must be 64 lower-case hexadecimal digits"
        return None
    if t == "date":
        if not is_valid_date(value):
            return f"{_short(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        return None
    if t == "enum":
        allowed = ENUMS[(kind, f.name)]
        if value not in allowed:
            return f"{_short(value)} is not one of: {', '.join(allowed)}"
        return None
    if t in ("list", "refs", "locators"):
        if not isinstance(value, list):
            return f"must be a list, not {_json_type(value)}"
        if t == "locators" and not value:
            return "must cite at least one sentence"
        return None
    if t == "amount":
        if not isinstance(value, dict):
            return f"must be an object with value and currency, not {_json_type(value)}"
        number = value.get("value")
        if (
            isinstance(number, bool)
            or not isinstance(number, (int, float))
            or (isinstance(number, float) and not math.isfinite(number))
            or number < 0
        ):
            return "value must be a number of zero or more"
        currency = value.get("currency")
        if not isinstance(currency, str) or not _CURRENCY_RE.match(currency):
            return "currency must be a three-letter code such as EUR"
        return None
    if t == "schema":
        if type(value) is not int or value != SCHEMA_VERSION:  # not 1.0, not true
            return f"this program reads schema {SCHEMA_VERSION}, not {_short(value)}"
        return None
    if t == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return "must be a whole number of zero or more"
        return None
    raise AssertionError(t)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _a(word: str) -> str:
    """``word`` with its indefinite article: ``a meeting``, ``an event``."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _key_label(key: Any) -> str:
    """A document key as it can be shown in a place: as is, or quoted when it is odd."""
    if isinstance(key, str) and key and key.isprintable() and len(key) <= 40:
        return key
    return _short(key)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_fields(
    place: str, doc: dict[str, Any], fields: tuple[Field, ...], kind: str,
    add: Callable[[str, str], None],
) -> None:
    for f in fields:
        if f.name not in doc:
            if f.required:
                add(f"{place}.{f.name}", "missing")
            continue
        value = doc[f.name]
        problem = _type_problem(f, value, kind)
        if problem:
            add(f"{place}.{f.name}", problem)
            continue
        if f.type in ("list", "refs", "locators") and isinstance(value, list):
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    add(f"{place}.{f.name}[{i}]", f"must be text, not {_json_type(item)}")


def _strings(value: Any) -> bool:
    for item in value:
        if type(item) is not str:
            return False
    return True


_RowTest = Callable[[dict[str, Any]], bool]


def _text_test(name: str) -> _RowTest:
    def test(row: dict[str, Any], name: str = name) -> bool:
        v = row.get(name)
        return type(v) is str and v != "" and not v.isspace()
    return test


def _str_test(name: str) -> _RowTest:
    def test(row: dict[str, Any], name: str = name) -> bool:
        v = row.get(name)
        return v is None or type(v) is str
    return test


def _date_test(name: str, date_ok: Callable[[Any], bool]) -> _RowTest:
    def test(row: dict[str, Any], name: str = name) -> bool:
        return date_ok(row.get(name))
    return test


def _enum_test(name: str, allowed: frozenset[str], present: bool) -> _RowTest:
    def test(row: dict[str, Any], name: str = name, allowed: frozenset[str] = allowed,
             present: bool = present) -> bool:
        if name not in row:
            return present  # an enum left out takes its default
        v = row[name]
        return type(v) is str and v in allowed
    return test


def _list_test(name: str, required: bool, nonempty: bool) -> _RowTest:
    def test(row: dict[str, Any], name: str = name, required: bool = required,
             nonempty: bool = nonempty) -> bool:
        if name not in row:
            return not required
        v = row[name]
        return type(v) is list and (bool(v) or not nonempty) and _strings(v)
    return test


def _amount_test(name: str) -> _RowTest:
    def test(row: dict[str, Any], name: str = name) -> bool:
        v = row.get(name)
        if v is None:
            return True
        if type(v) is not dict:
            return False
        number, currency = v.get("value"), v.get("currency")
        return (isinstance(number, (int, float)) and type(number) is not bool
                and 0 <= number < math.inf
                and type(currency) is str and len(currency) == 3
                and currency.isascii() and currency.isupper() and currency.isalpha())
    return test


def _never(row: dict[str, Any]) -> bool:
    return False


def _field_test(kind: str, f: Any, date_ok: Callable[[Any], bool]) -> _RowTest:
    """The quick test of one field (see ``_fast_check``)."""
    name, t = f.name, f.type
    if t == "text":
        return _text_test(name)
    if t == "str":
        return _str_test(name)
    if t == "date":
        return _date_test(name, date_ok)
    if t == "enum":
        return _enum_test(name, frozenset(ENUMS[(kind, name)]), f.default is not None)
    if t in ("list", "refs", "locators"):
        return _list_test(name, f.required, t == "locators")
    if t == "amount":
        return _amount_test(name)
    return _never


def _fast_check(kind: str) -> _RowTest:
    """A quick yes for an entry whose every field is well-formed; no says "look closer".

    It may say no where ``_check_fields`` finds nothing (it is stricter about exact types);
    it never says yes where ``_check_fields`` would find a problem. Large briefings are
    almost all yes, so the detailed checks (and their messages) run only where needed.
    """
    dates: dict[str, bool] = {}

    def date_ok(v: Any) -> bool:
        if v is None:
            return True
        if type(v) is not str:
            return False
        ok = dates.get(v)
        if ok is None:
            ok = dates[v] = is_valid_date(v)
        return ok

    tests = [_field_test(kind, f, date_ok) for f in fields_of(kind)]

    def check(row: dict[str, Any]) -> bool:
        if ACCOUNTS in row:
            return False  # disputes are checked in full, by ``_check_accounts``
        for test in tests:
            if not test(row):
                return False
        return True

    return check


_FAST_CHECKS = {kind: _fast_check(kind) for kind in ENTRY_KINDS}
_LINK_FIELDS = {
    kind: tuple((f.name, f.type, f.name in ACTOR_REF_FIELDS)
                for f in fields_of(kind) if f.type in ("refs", "locators"))
    for kind in ENTRY_KINDS
}


def _table(
    doc: dict[str, Any], name: str, add: Callable[[str, str], None]
) -> list[tuple[int, dict[str, Any]]]:
    table = doc.get(name, {})
    if not isinstance(table, dict):
        add(name, f"table must be an object of documents, not {_json_type(table)}")
        return []
    rows: list[tuple[int, dict[str, Any]]] = []
    for key, value in table.items():
        if not isinstance(key, str) or not _DOC_ID_RE.match(key):
            add(f"{name}/{_key_label(key)}", "document id must be a whole number above zero")
            continue
        if not isinstance(value, dict):
            add(f"{name}/{key}", f"document must be an object, not {_json_type(value)}")
            continue
        rows.append((int(key), value))
    rows.sort(key=lambda r: r[0])
    return rows


def next_doc_id(taken: Iterable[int]) -> int:
    """The document id a new row gets: one past the largest id ``taken``, or, when that
    would pass ``MAX_DOC_ID``, the smallest id not taken (ids need not be consecutive)."""
    ids = {i for i in taken if 0 < i <= MAX_DOC_ID}
    last = max(ids, default=0)
    if last < MAX_DOC_ID:
        return last + 1
    free = 1
    while free in ids:
        free += 1
    return free


class _Ids:
    """Ids are unique across sources and entries; the first owner keeps one."""

    def __init__(self, add: Callable[[str, str], None]) -> None:
        self.add = add
        self.owners: dict[str, str] = {}

    def claim(self, place: str, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            return  # missing or empty: reported once, by the field check
        if not ID_RE.match(value):
            self.add(f"{place}.id", f"{_short(value)} is not a valid id (letters, digits, . _ -)")
        elif value in self.owners:
            self.add(f"{place}.id", f"{_short(value)} is already used by {self.owners[value]}")
        else:
            self.owners[value] = place


def _check_meta(
    doc: dict[str, Any], add: Callable[[str, str], None], problems: list[Problem]
) -> dict[str, Any]:
    """The briefing's own record, checked (``{}`` when there is none)."""
    meta_rows = _table(doc, "briefing", add)
    if "briefing" not in doc:
        add("briefing", "missing: a briefing needs a 'briefing' table with one document")
    elif len(meta_rows) != 1 and not problems:
        add("briefing", f"must hold exactly one document, not {len(meta_rows)}")
    meta: dict[str, Any] = {}
    for doc_id, row in meta_rows[:1]:
        _check_fields(f"briefing/{doc_id}", row, _META_FIELDS, "briefing", add)
        meta = row
    return meta


def _check_entries(
    doc: dict[str, Any], add: Callable[[str, str], None], ids: _Ids
) -> list[Entry]:
    entries: list[Entry] = []
    for kind in ENTRY_KINDS:
        fast = _FAST_CHECKS[kind]
        for doc_id, row in _table(doc, kind, add):
            place = f"{kind}/{doc_id}"
            if not fast(row):
                _check_fields(place, row, fields_of(kind), kind, add)
            ids.claim(place, row.get("id"))
            entries.append(Entry(kind, doc_id, row))
    return entries


def _check_links(
    entries: list[Entry], source_by_id: dict[str, Source], articles: dict[str, Article],
    add: Callable[[str, str], None],
) -> None:
    """References name an entry (an actor where only actors may be named); locators
    name a sentence of a source."""
    # An id used twice is reported once, by ``_Ids``; references go to its first owner.
    kinds_by_id: dict[str, str] = {}
    for e in entries:
        if isinstance(e.data.get("id"), str):
            kinds_by_id.setdefault(e.data["id"], e.kind)
    located: dict[str, str | None] = {}  # the same locator is cited many times
    for entry in entries:
        data = entry.data
        for name, ftype, actors_only in _LINK_FIELDS[entry.kind]:
            value = data.get(name)
            if type(value) is not list:
                continue
            at = f"{entry.kind}/{entry.doc_id}.{name}"
            if ftype == "refs":
                _check_refs(at, value, kinds_by_id, actors_only, add)
                continue
            for i, loc in enumerate(value):
                if isinstance(loc, str):
                    if loc in located:
                        msg = located[loc]
                    else:
                        msg = located[loc] = _locator_problem(loc, source_by_id, articles)
                    if msg:
                        add(f"{at}[{i}]", msg)


def _check_refs(
    at: str, value: list[Any], kinds_by_id: dict[str, str], actors_only: bool,
    add: Callable[[str, str], None],
) -> None:
    for i, target in enumerate(value):
        if not isinstance(target, str):
            continue
        target_kind = kinds_by_id.get(target)
        if target_kind is None:
            add(f"{at}[{i}]", f"no entry has the id {_short(target)}")
        elif actors_only and target_kind != "actors":
            add(
                f"{at}[{i}]",
                f"{_short(target)} is {_a(KIND_SINGULAR[target_kind])} entry, not an actor",
            )


def check_document(
    doc: Any, articles: dict[str, Article] | None = None
) -> tuple[list[Problem], Briefing | None]:
    """Check a parsed briefing; returns its problems and, when there are none, the briefing.

    ``articles`` maps a source id to its attached article, so locators can be checked
    down to the sentence; without it they are checked against the source's counts.
    """
    problems: list[Problem] = []

    def add(place: str, message: str) -> None:
        problems.append(Problem(place, message))

    if not isinstance(doc, dict):
        return [Problem("(top level)", f"must be an object of tables, not {_json_type(doc)}")], None

    meta = _check_meta(doc, add, problems)
    ids = _Ids(add)
    sources: list[Source] = []
    for doc_id, row in _table(doc, "sources", add):
        place = f"sources/{doc_id}"
        _check_fields(place, row, _SOURCE_FIELDS, "sources", add)
        ids.claim(place, row.get("id"))
        sources.append(Source(doc_id, row))
    source_by_id = {s.id: s for s in sources if isinstance(s.data.get("id"), str)}
    entries = _check_entries(doc, add, ids)
    if "changes" in doc:  # the change log (docs/FORMAT.md): its shape, like any table's
        _table(doc, "changes", add)
    _check_links(entries, source_by_id, articles or {}, add)
    _check_accounts(entries, source_by_id, articles or {}, add)
    _check_meta_locators(doc, meta, source_by_id, articles or {}, add)
    if problems:
        return problems, None
    extra = {k: v for k, v in doc.items() if k not in ("briefing", "sources", *ENTRY_KINDS)}
    return [], Briefing(meta=meta, sources=sources, entries=entries, extra_tables=extra)


def _check_accounts(
    entries: list[Entry], source_by_id: dict[str, Source], articles: dict[str, Article],
    add: Callable[[str, str], None],
) -> None:
    """Every dispute names a field of its kind and holds two or more accounts, each with
    a value of the field's type and at least one citation of a sentence that exists."""
    kinds_by_id: dict[str, str] = {}
    for e in entries:
        if isinstance(e.data.get("id"), str):
            kinds_by_id.setdefault(e.data["id"], e.kind)
    for entry in entries:
        if ACCOUNTS not in entry.data:
            continue
        at = f"{entry.kind}/{entry.doc_id}.{ACCOUNTS}"
        table = entry.data[ACCOUNTS]
        if not isinstance(table, dict):
            add(at, f"must be an object of field name -> accounts, not {_json_type(table)}")
            continue
        by_name = {f.name: f for f in fields_of(entry.kind)}
        for name, accounts in table.items():
            place = f"{at}.{_key_label(name)}"
            f = by_name.get(name)
            if f is None:
                add(place, f"{_short(name)} is not a field of "
                           f"{_a(KIND_SINGULAR[entry.kind])} entry")
            elif name in UNDISPUTABLE:
                add(place, f"{_short(name)} cannot be disputed (only what the sources say can)")
            elif not isinstance(accounts, list):
                add(place, f"must be a list of accounts, not {_json_type(accounts)}")
            elif len(accounts) < 2:
                add(place, f"a dispute needs at least two accounts, not {len(accounts)}")
            else:
                for i, account in enumerate(accounts):
                    _check_account(f"{place}[{i}]", account, f, entry.kind,
                                   lambda loc: _locator_problem(loc, source_by_id, articles),
                                   kinds_by_id, add)


def _check_account(
    place: str, account: Any, f: Field, kind: str, locator_problem: Callable[[str], str | None],
    kinds_by_id: dict[str, str], add: Callable[[str, str], None],
) -> None:
    if not isinstance(account, dict):
        add(place, f"an account must be an object, not {_json_type(account)}")
        return
    value = account.get("value")
    if "value" not in account:
        add(f"{place}.value", "missing")
    elif is_empty_value(value):
        add(f"{place}.value", "must not be empty")
    else:
        problem = _type_problem(f, value, kind)
        if problem:
            add(f"{place}.value", problem)
        elif f.type in ("list", "refs") and isinstance(value, list):
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    add(f"{place}.value[{i}]", f"must be text, not {_json_type(item)}")
            if f.type == "refs":
                _check_refs(f"{place}.value", value, kinds_by_id,
                            f.name in ACTOR_REF_FIELDS, add)
    note = account.get("note")
    if note is not None and not isinstance(note, str):
        add(f"{place}.note", f"must be text, not {_json_type(note)}")
    sources = account.get("sources")
    if "sources" not in account:
        add(f"{place}.sources", "missing")
    elif not isinstance(sources, list):
        add(f"{place}.sources", f"must be a list, not {_json_type(sources)}")
    elif not sources:
        add(f"{place}.sources", "must cite at least one sentence")
    else:
        for i, loc in enumerate(sources):
            msg = (locator_problem(loc) if isinstance(loc, str)
                   else f"must be text, not {_json_type(loc)}")
            if msg:
                add(f"{place}.sources[{i}]", msg)


def _check_meta_locators(
    doc: dict[str, Any], meta: dict[str, Any], source_by_id: dict[str, Source],
    articles: dict[str, Article], add: Callable[[str, str], None],
) -> None:
    """The bottom line's and the summary's locators name a sentence of a source."""
    table = doc.get("briefing")
    doc_id = next(iter(table), "1") if isinstance(table, dict) else "1"
    for name in ("bluf_sources", "summary_sources"):
        value = meta.get(name)
        if type(value) is not list:
            continue
        for i, loc in enumerate(value):
            if isinstance(loc, str):
                msg = _locator_problem(loc, source_by_id, articles)
                if msg:
                    add(f"briefing/{doc_id}.{name}[{i}]", msg)


def _locator_problem(
    loc: str, sources: dict[str, Source], articles: dict[str, Article]
) -> str | None:
    m = LOCATOR_RE.match(loc)
    if not m:
        return f"{_short(loc)} is not a locator (SOURCE_ID#pN.sM)"
    source = sources.get(m.group("source"))
    if source is None:
        return f"{_short(loc)} names no source of this briefing"
    p, s = int(m.group("p")), int(m.group("s"))
    article = articles.get(source.id)
    if article is not None and article.sentence(p, s) is None:
        return f"{_short(loc)} is past the end of the attached article"
    # The source's own counts hold too, article or not: a briefing that opens with its
    # article attached is one that can be saved, which checks without it. Counts that are
    # themselves wrong are reported at the source, not at every locator.
    paragraphs = _count(source.data.get("paragraphs"))
    sentences = _count(source.data.get("sentences"))
    if paragraphs is not None and p > paragraphs:
        return f"{_short(loc)}: the source has only {paragraphs} paragraphs"
    if sentences is not None and s > sentences:
        return f"{_short(loc)}: the source has only {sentences} sentences"
    return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def assemble_checked(doc: dict[str, Any], path: object,
                     previous: Briefing | None = None) -> Briefing:
    """A ``Briefing`` from a document that has already passed ``check_document`` unchanged.

    No rule is checked again: use it only for a document known to be valid (the load
    cache keeps only documents that passed, under the hash of their bytes). With
    ``previous`` (the briefing this one replaces after a save), an entry whose row is the
    very row one of its entries holds, at the same place, is that ``Entry``: what the
    index built for it can be kept (``BriefingIndex.carry_over``).
    """
    def rows(name: str) -> list[tuple[int, dict[str, Any]]]:
        return sorted(((int(k), v) for k, v in (doc.get(name) or {}).items()), key=lambda r: r[0])

    meta = next((row for _, row in rows("briefing")), {})
    sources = [Source(doc_id, row) for doc_id, row in rows("sources")]
    was: dict[str, list[Entry]] = {kind: [] for kind in ENTRY_KINDS}
    for e in previous.entries if previous is not None else ():
        was[e.kind].append(e)
    entries: list[Entry] = []
    for kind in ENTRY_KINDS:
        _entries_of(kind, rows(kind), was[kind], entries)
    extra = {k: v for k, v in doc.items() if k not in ("briefing", "sources", *ENTRY_KINDS)}
    return Briefing(meta=meta, sources=sources, entries=entries, path=str(path), extra_tables=extra)


def _entries_of(kind: str, rows: list[tuple[int, dict[str, Any]]], was: list[Entry],
                out: list[Entry]) -> None:
    """One table's entries (``rows`` in document-id order), added to ``out``; an entry of
    ``was`` (the briefing's before, in the same order) whose row is the very row at the
    same document id is taken as it is."""
    j = 0
    for doc_id, row in rows:
        while j < len(was) and was[j].doc_id < doc_id:
            j += 1
        if j < len(was) and was[j].doc_id == doc_id and was[j].data is row:
            out.append(was[j])
        else:
            out.append(Entry(kind, doc_id, row))


def build_briefing(doc: Any, path: object, articles: dict[str, Article] | None = None) -> Briefing:
    """A ``Briefing`` from a parsed document, or ``InvalidBriefing`` with every problem."""
    problems, briefing = check_document(doc, articles)
    if briefing is None:
        raise InvalidBriefing(path, problems)
    briefing.path = str(path)
    return briefing


_CONFLICT_SIDES = ("ours", "theirs", "both")


def check_conflicts(doc: Any) -> list[Problem]:
    """Each record of the ``conflicts`` table (left by ``briefing merge``) as a problem.

    Not part of ``check_document``: a briefing with unresolved conflicts still loads and can
    be edited; ``briefing check`` reports these as well and exits 1. A malformed table or
    record is reported too.
    """
    table = doc.get("conflicts") if isinstance(doc, dict) else None
    if table is None:
        return []
    problems: list[Problem] = []

    def add(place: str, message: str) -> None:
        problems.append(Problem(place, message))

    for doc_id, row in _table(doc, "conflicts", add):
        problems.append(Problem(f"conflicts/{doc_id}", _conflict_message(row)))
    return problems


def _conflict_message(row: dict[str, Any]) -> str:
    kind, entry, name = row.get("kind"), row.get("entry"), row.get("field")
    deleted_by = row.get("deleted_by")
    if not isinstance(kind, str) or not isinstance(entry, (str, int)) or isinstance(entry, bool):
        return "malformed conflict record: needs text 'kind' and 'entry'"
    if name is not None and not isinstance(name, str):
        return "malformed conflict record: 'field' must be text or null"
    if deleted_by is not None and deleted_by not in _CONFLICT_SIDES:
        return "malformed conflict record: 'deleted_by' must be ours, theirs, both or null"
    if any(side not in row for side in ("base", "ours", "theirs")):
        return "malformed conflict record: needs 'base', 'ours' and 'theirs'"
    what = f"{kind} {entry}"
    if name is None:
        side = deleted_by or "one side"
        return (f"unresolved conflict: {what} was deleted by {side} and changed by the other "
                "(the changed entry was kept); resolve it and remove this record")
    return (f"unresolved conflict: {what}.{name}: ours {_short(row.get('ours'))}, "
            f"theirs {_short(row.get('theirs'))} (ours kept); resolve it and remove this record")
