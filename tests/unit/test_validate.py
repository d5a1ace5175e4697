"""The format's rules: each broken rule gives one exact message at one exact place.

Every rule is checked through both kinds of store, an in-memory document and a JSON file,
the way TinyDB's own tests run over each storage.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sample_briefing import SEED, SRC, loc, sample_document

import tui
from tui.core.article import LOCATOR_RE, Article
from tui.core.dates import is_valid_date
from tui.core.errors import InvalidBriefing
from tui.core.model import ENTRY_KINDS, ENUMS, SCHEMA_VERSION, fields_of
from tui.core.validate import _META_FIELDS, _SOURCE_FIELDS, ID_RE, check_document
from tui.storage.attachments import article_path, attach, attached_articles
from tui.storage.jsonio import dumps
from tui.storage.paths import data_dir
from tui.storage.store import BriefingStore

Doc = dict[str, Any]
Edit = Callable[[Doc], None]
StoreOf = Callable[[Doc], BriefingStore]


@pytest.fixture(params=["memory", "file"])
def store_of(request: pytest.FixtureRequest, tmp_path: Path) -> StoreOf:
    """Make a store holding a document: in memory, or a JSON file written with ``dumps``."""

    def make(doc: Doc) -> BriefingStore:
        if request.param == "memory":
            return BriefingStore.memory(doc)
        path = tmp_path / "briefing.json"
        path.write_text(dumps(doc), encoding="utf-8")
        return BriefingStore(path)

    return make


def problem_lines(store: BriefingStore, articles: dict[str, Article] | None = None) -> list[str]:
    try:
        store.load(articles)
    except InvalidBriefing as err:
        return err.lines()
    return []


# --- small document edits ----------------------------------------------------------------


def put(table: str, doc_id: str, **fields: Any) -> Edit:
    """Set fields of one document (creating the document if it is not there)."""

    def edit(doc: Doc) -> None:
        doc.setdefault(table, {}).setdefault(doc_id, {}).update(fields)

    return edit


def drop(table: str, doc_id: str, *names: str) -> Edit:
    def edit(doc: Doc) -> None:
        for name in names:
            del doc[table][doc_id][name]

    return edit


def renumber(table: str, doc_ids: list[str]) -> Edit:
    """Give a table's documents these doc ids, in order."""

    def edit(doc: Doc) -> None:
        doc[table] = dict(zip(doc_ids, doc[table].values(), strict=True))

    return edit


def set_table(name: str, value: Any) -> Edit:
    def edit(doc: Doc) -> None:
        if value is _MISSING:
            del doc[name]
        else:
            doc[name] = value

    return edit


_MISSING = object()


def new_event(doc_id: str, entry_id: Any, **extra: Any) -> Edit:
    return put("events", doc_id, id=entry_id, title="Another event", sources=[loc(1, 1)], **extra)


NOT_A_DATE = "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
NOT_AN_ID = "is not a valid id (letters, digits, . _ -)"
NUMBER = "must be a whole number of zero or more"

RULES: list[tuple[str, Edit, list[tuple[str, str]]]] = [
    # duplicate ids: one namespace for sources and entries of every kind
    ("duplicate id, another kind", new_event("2", "zelensky"),
     [("events/2.id", "'zelensky' is already used by actors/1")]),
    ("duplicate id, same kind", put("actors", "5", id="ukraine", name="Again", sources=[loc(1, 1)]),
     [("actors/5.id", "'ukraine' is already used by actors/2")]),
    ("duplicate id, a source's", new_event("2", SRC),
     [("events/2.id", f"'{SRC}' is already used by sources/1")]),
    ("malformed id", new_event("2", "has space"), [("events/2.id", f"'has space' {NOT_AN_ID}")]),
    ("id with a trailing newline", new_event("2", "ev\n"),
     [("events/2.id", f"'ev\\n' {NOT_AN_ID}")]),
    ("malformed source id", put("sources", "1", id="src 1"),
     [("sources/1.id", f"'src 1' {NOT_AN_ID}")]
     + [(f"{place}[{i}]", f"'{loc(p, s)}' names no source of this briefing") for place, i, p, s in [
         ("actors/1.sources", 0, 1, 1), ("actors/2.sources", 0, 1, 1),
         ("actors/3.sources", 0, 1, 1),
         ("actors/4.sources", 0, 5, 2), ("meetings/1.sources", 0, 1, 1),
         ("meetings/1.sources", 1, 2, 1), ("demands/1.sources", 0, 5, 2),
         ("demands/1.sources", 1, 5, 3), ("corruption/1.sources", 0, 4, 1),
         ("financing/1.sources", 0, 4, 2), ("events/1.sources", 0, 5, 1)]]),
    # references
    ("dangling participant", put("meetings", "1", participants=["zelensky", "nobody"]),
     [("meetings/1.participants[1]", "no entry has the id 'nobody'")]),
    ("dangling link", put("events", "1", links=["gone"]),
     [("events/1.links[0]", "no entry has the id 'gone'")]),
    ("a link to a source is dangling", put("financing", "1", links=[SRC]),
     [("financing/1.links[0]", f"no entry has the id '{SRC}'")]),
    ("actor field names a meeting", put("demands", "1", by=["ankara-talks"]),
     [("demands/1.by[0]", "'ankara-talks' is a meeting entry, not an actor")]),
    ("actor field names an event",
     put("financing", "1", parties=["ukraine", "full-scale-invasion"]),
     [("financing/1.parties[1]", "'full-scale-invasion' is an event entry, not an actor")]),
    ("actor field names a probe", put("meetings", "1", absent=["inner-circle-probe"]),
     [("meetings/1.absent[0]", "'inner-circle-probe' is a probe entry, not an actor")]),
    ("actor field names a financing", put("demands", "1", of=["eu-loan"]),
     [("demands/1.of[0]", "'eu-loan' is a financing entry, not an actor")]),
    # enums
    ("bad actor kind", put("actors", "1", kind="alien"),
     [("actors/1.kind", "'alien' is not one of: person, organization, state, group")]),
    ("enum is case-sensitive", put("meetings", "1", status="Held"),
     [("meetings/1.status", "'Held' is not one of: planned, held, cancelled, unknown")]),
    ("bad financing status", put("financing", "1", status="in-force"),
     [("financing/1.status",
       "'in-force' is not one of: proposed, agreed, conditional, in force, cancelled, unknown")]),
    ("bad instrument", put("financing", "1", instrument="bond"),
     [("financing/1.instrument", "'bond' is not one of: loan, deal, sanctions, arms, aid, other")]),
    ("enum given a number", put("corruption", "1", status=1),
     [("corruption/1.status", "1 is not one of: open, closed, unknown")]),
    ("enum given null", put("actors", "1", kind=None), [("actors/1.kind", "must not be null")]),
    # dates
    ("no 30 February", put("events", "1", date="2025-02-30"),
     [("events/1.date", f"'2025-02-30' {NOT_A_DATE}")]),
    ("not a leap year", put("events", "1", date="2023-02-29"),
     [("events/1.date", f"'2023-02-29' {NOT_A_DATE}")]),
    ("words for a date", put("briefing", "1", as_of="yesterday"),
     [("briefing/1.as_of", f"'yesterday' {NOT_A_DATE}")]),
    ("a number for a date", put("sources", "1", published=2025),
     [("sources/1.published", f"2025 {NOT_A_DATE}")]),
    ("month out of range", put("demands", "1", date="2024-13"),
     [("demands/1.date", f"'2024-13' {NOT_A_DATE}")]),
    # locators
    ("not a locator", put("actors", "1", sources=[f"{SRC}#1.1"]),
     [("actors/1.sources[0]", f"'{SRC}#1.1' is not a locator (SOURCE_ID#pN.sM)")]),
    ("paragraph zero", put("actors", "1", sources=[loc(1, 1), f"{SRC}#p0.s1"]),
     [("actors/1.sources[1]", f"'{SRC}#p0.s1' is not a locator (SOURCE_ID#pN.sM)")]),
    ("unknown source", put("actors", "1", sources=["elsewhere#p1.s1"]),
     [("actors/1.sources[0]", "'elsewhere#p1.s1' names no source of this briefing")]),
    ("paragraph past the end", put("events", "1", sources=[loc(9, 1)]),
     [("events/1.sources[0]", f"'{loc(9, 1)}': the source has only 8 paragraphs")]),
    ("sentence past the end", put("events", "1", sources=[loc(1, 19)]),
     [("events/1.sources[0]", f"'{loc(1, 19)}': the source has only 18 sentences")]),
    ("empty sources list", put("actors", "1", sources=[]),
     [("actors/1.sources", "must cite at least one sentence")]),
    ("sources null", put("actors", "1", sources=None), [("actors/1.sources", "must not be null")]),
    # wrong types
    ("number for a name", put("actors", "1", name=5),
     [("actors/1.name", "must be text, not a number")]),
    ("blank name", put("actors", "1", name="  "), [("actors/1.name", "must not be empty")]),
    ("text for a list", put("actors", "1", aliases="Zelensky"),
     [("actors/1.aliases", "must be a list, not text")]),
    ("list items must be text", put("actors", "1", tags=["ok", 3, None, True]),
     [("actors/1.tags[1]", "must be text, not a number"),
      ("actors/1.tags[2]", "must be text, not null"),
      ("actors/1.tags[3]", "must be text, not true/false")]),
    ("refs items must be text", put("meetings", "1", participants=["zelensky", {"id": "x"}]),
     [("meetings/1.participants[1]", "must be text, not an object")]),
    ("list for a summary", put("meetings", "1", summary=["x"]),
     [("meetings/1.summary", "must be text, not a list")]),
    ("null title of the briefing", put("briefing", "1", title=None),
     [("briefing/1.title", "must not be null")]),
    ("null bluf", put("briefing", "1", bluf=None), [("briefing/1.bluf", "must not be null")]),
    ("count as text", put("sources", "1", paragraphs="8"), [("sources/1.paragraphs", NUMBER)]),
    ("count as true", put("sources", "1", sentences=True), [("sources/1.sentences", NUMBER)]),
    ("negative count", put("sources", "1", sentences=-1), [("sources/1.sentences", NUMBER)]),
    ("count with a decimal point", put("sources", "1", sentences=18.0),
     [("sources/1.sentences", NUMBER)]),
    ("upper-case hash", put("sources", "1", sha256="B" * 64),
     [("sources/1.sha256", "must be 64 lower-case hexadecimal digits")]),
    ("short hash", put("sources", "1", sha256="b3e3d252"),
     [("sources/1.sha256", "must be 64 lower-case hexadecimal digits")]),
    ("amount as a number", put("financing", "1", amount=5),
     [("financing/1.amount", "must be an object with value and currency, not a number")]),
    ("negative amount", put("financing", "1", amount={"value": -1, "currency": "EUR"}),
     [("financing/1.amount", "value must be a number of zero or more")]),
    ("amount value as text", put("financing", "1", amount={"value": "1", "currency": "EUR"}),
     [("financing/1.amount", "value must be a number of zero or more")]),
    ("amount value true", put("financing", "1", amount={"value": True, "currency": "EUR"}),
     [("financing/1.amount", "value must be a number of zero or more")]),
    ("lower-case currency", put("financing", "1", amount={"value": 1, "currency": "eur"}),
     [("financing/1.amount", "currency must be a three-letter code such as EUR")]),
    ("no currency", put("financing", "1", amount={"value": 1}),
     [("financing/1.amount", "currency must be a three-letter code such as EUR")]),
    ("table as a list", set_table("events", []),
     [("events", "table must be an object of documents, not a list")]),
    ("document id zero", put("events", "0", id="e0", title="Zero", sources=[loc(1, 1)]),
     [("events/0", "document id must be a whole number above zero")]),
    ("document id a word", put("events", "first", id="e0", title="Word", sources=[loc(1, 1)]),
     [("events/first", "document id must be a whole number above zero")]),
    ("document as text", set_table("events", {"1": "an event"}),
     [("events/1", "document must be an object, not text")]),
    # missing required fields
    ("no name", drop("actors", "1", "name"), [("actors/1.name", "missing")]),
    ("no id", drop("events", "1", "id"), [("events/1.id", "missing")]),
    ("no id, so links to it dangle", drop("corruption", "1", "id"),
     [("corruption/1.id", "missing"),
      ("financing/1.links[0]", "no entry has the id 'inner-circle-probe'")]),
    ("no title", drop("meetings", "1", "title"), [("meetings/1.title", "missing")]),
    ("no sources", drop("events", "1", "sources"), [("events/1.sources", "missing")]),
    ("no schema", drop("briefing", "1", "schema"), [("briefing/1.schema", "missing")]),
    # 1.0 equals 1 in Python but is another JSON number: the format says the integer 1.
    ("schema 1.0", put("briefing", "1", schema=1.0),
     [("briefing/1.schema", "this program reads schema 1, not 1.0")]),
    ("unknown reliability", put("sources", "1", reliability="G"),
     [("sources/1.reliability", "'G' is not one of: A, B, C, D, E, F")]),
    ("no hash nor counts", drop("sources", "1", "sentences", "sha256", "paragraphs"),
     [("sources/1.sha256", "missing"), ("sources/1.paragraphs", "missing"),
      ("sources/1.sentences", "missing")]),
    ("no briefing table", set_table("briefing", _MISSING),
     [("briefing", "missing: a briefing needs a 'briefing' table with one document")]),
    ("empty briefing table", set_table("briefing", {}),
     [("briefing", "must hold exactly one document, not 0")]),
    ("two briefing documents", put("briefing", "2", schema=1, id="other", title="Other"),
     [("briefing", "must hold exactly one document, not 2")]),
    # the schema version
    ("schema 2", put("briefing", "1", schema=2),
     [("briefing/1.schema", "this program reads schema 1, not 2")]),
    ("schema as text", put("briefing", "1", schema="1"),
     [("briefing/1.schema", "this program reads schema 1, not '1'")]),
    ("schema true", put("briefing", "1", schema=True),
     [("briefing/1.schema", "this program reads schema 1, not True")]),
    ("schema null", put("briefing", "1", schema=None), [("briefing/1.schema", "must not be null")]),
]


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize(("edit", "expected"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rule(store_of: StoreOf, edit: Edit,
              expected: list[tuple[str, str]]) -> None:
    doc = sample_document()
    edit(doc)
    store = store_of(doc)
    assert problem_lines(store) == [f"{store.label}: {place}: {msg}" for place, msg in expected]


@pytest.mark.usefixtures("seed_article")
def test_sample_is_valid(store_of: StoreOf) -> None:
    briefing = store_of(sample_document()).load()
    assert briefing.title == "Test briefing"
    assert [s.id for s in briefing.sources] == [SRC]
    assert [(e.kind, e.id) for e in briefing.entries] == [
        ("actors", "zelensky"), ("actors", "ukraine"), ("actors", "witkoff"), ("actors", "russia"),
        ("meetings", "ankara-talks"), ("demands", "russia-preconditions"),
        ("corruption", "inner-circle-probe"), ("financing", "eu-loan"),
        ("events", "full-scale-invasion"),
    ]


@pytest.mark.usefixtures("seed_article")
def test_every_problem_is_reported_in_document_order(store_of: StoreOf) -> None:
    doc = sample_document()
    put("events", "1", date="soon", links=["nowhere"])(doc)
    put("actors", "2", kind="country")(doc)
    put("sources", "1", url=7)(doc)
    store = store_of(doc)
    assert problem_lines(store) == [
        f"{store.label}: sources/1.url: must be text, not a number",
        f"{store.label}: actors/2.kind: "
        "'country' is not one of: person, organization, state, group",
        f"{store.label}: events/1.date: 'soon' {NOT_A_DATE}",
        f"{store.label}: events/1.links[0]: no entry has the id 'nowhere'",
    ]
    with pytest.raises(InvalidBriefing) as info:
        store.load()
    assert str(info.value) == (
        f"{store.label}: sources/1.url: must be text, not a number (and 3 more)"
    )


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize(
    "edit",
    [
        put("actors", "1", role=None, affiliation=None, date=None, summary=None),
        put("financing", "1", amount=None),
        put("financing", "1", amount={"value": 0, "currency": "USD"}),
        put("financing", "1", amount={"value": 2.5e9, "currency": "EUR", "note": "about"}),
        put("events", "1", links=["ankara-talks", "full-scale-invasion"]),  # links go anywhere
        put("events", "1", sources=[loc(8, 1), loc(1, 18)]),  # within the counts
        put("actors", "1", x_custom={"anything": [1, 2]}),  # extra fields are ignored
        set_table("notes", {"free": "form", "n": [1, None]}),  # so are extra tables
        renumber("actors", ["1", "3", "2", "40"]),
        put("sources", "1", publisher=None, url=None, published=None, title=None),
        drop("actors", "1", "kind", "aliases", "role", "affiliation", "links", "tags"),
    ],
    ids=["nulls", "no amount", "zero amount", "extra key in amount", "links to any kind",
         "last sentences", "extra field", "extra table", "sparse doc ids",
         "null publisher", "defaults"],
)
def test_allowed(store_of: StoreOf, edit: Edit) -> None:
    doc = sample_document()
    edit(doc)
    store = store_of(doc)
    assert problem_lines(store) == []


@pytest.mark.usefixtures("seed_article")
def test_extra_tables_are_kept_aside(store_of: StoreOf) -> None:
    doc = sample_document()
    doc["notes"] = {"1": {"text": "kept"}}
    briefing = store_of(doc).load()
    assert briefing.extra_tables == {"notes": {"1": {"text": "kept"}}}
    assert len(briefing.entries) == 9


# --- locators against an attached article ---------------------------------------------------


PAST_THE_END = "is past the end of the attached article"


@pytest.mark.usefixtures("seed_article")
def test_locator_past_the_end_of_an_attached_article(store_of: StoreOf) -> None:
    doc = sample_document()
    # Paragraph 1 has 3 sentences and paragraph 8 has 1: within the source's counts
    # (8 paragraphs, 18 sentences), but not in the article itself.
    put("events", "1", sources=[loc(1, 3), loc(1, 4), loc(8, 2)])(doc)
    store = store_of(doc)
    assert problem_lines(store) == []  # no article: the counts are all there is

    briefing = store.load()
    source_id, kept = attach(briefing, SEED)
    assert source_id == SRC
    assert kept.parent == data_dir() / "articles"
    assert kept == article_path(briefing.sources[0].sha256)
    articles = attached_articles(briefing)
    assert set(articles) == {SRC}

    assert problem_lines(store, articles) == [
        f"{store.label}: events/1.sources[1]: '{loc(1, 4)}' {PAST_THE_END}",
        f"{store.label}: events/1.sources[2]: '{loc(8, 2)}' {PAST_THE_END}",
    ]


@pytest.mark.usefixtures("seed_article")
def test_a_tampered_attachment_is_not_used(store_of: StoreOf) -> None:
    store = store_of(sample_document())
    briefing = store.load()
    _, kept = attach(briefing, SEED)
    kept.write_text("Something else entirely.\n", encoding="utf-8")
    assert attached_articles(briefing) == {}


# --- writes are checked too ---------------------------------------------------------------


@pytest.mark.usefixtures("seed_article")
def test_a_write_that_breaks_a_rule_is_refused(store_of: StoreOf) -> None:
    store = store_of(sample_document())
    before = store.read_document()
    with pytest.raises(InvalidBriefing) as info:
        with store.transaction() as db:
            db.table("demands").update({"by": ["ankara-talks"]})
    assert info.value.lines() == [
        f"{store.label}: demands/1.by[0]: 'ankara-talks' is a meeting entry, not an actor"
    ]
    assert store.read_document() == before


# --- check_document on values no JSON file can hold ---------------------------------------


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ([], [("(top level)", "must be an object of tables, not a list")]),
        ("text", [("(top level)", "must be an object of tables, not text")]),
        (None, [("(top level)", "must be an object of tables, not null")]),
        ({}, [("briefing", "missing: a briefing needs a 'briefing' table with one document")]),
    ],
)
def test_top_level(doc: Any, expected: list[tuple[str, str]]) -> None:
    problems, briefing = check_document(doc)
    assert briefing is None
    assert [(p.place, p.message) for p in problems] == expected


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("value", [float("inf"), float("nan"), -float("inf")])
def test_non_finite_amount_is_refused(value: float) -> None:
    doc = sample_document()
    put("financing", "1", amount={"value": value, "currency": "EUR"})(doc)
    problems, _ = check_document(doc)
    assert [(p.place, p.message) for p in problems] == [
        ("financing/1.amount", "value must be a number of zero or more")
    ]


@pytest.mark.usefixtures("seed_article")
def test_huge_whole_amount_is_fine() -> None:
    doc = sample_document()
    put("financing", "1", amount={"value": 10**400, "currency": "EUR"})(doc)
    assert check_document(doc)[0] == []


@pytest.mark.usefixtures("seed_article")
def test_odd_document_keys_are_shown_safely() -> None:
    doc = sample_document()
    doc["events"]["\x1b[2J"] = {}
    doc["events"][7] = {}
    problems, _ = check_document(doc)
    assert [(p.place, p.message) for p in problems] == [
        ("events/'\\x1b[2J'", "document id must be a whole number above zero"),
        ("events/7", "document id must be a whole number above zero"),
    ]


@pytest.mark.usefixtures("seed_article")
def test_check_does_not_change_the_document() -> None:
    doc = sample_document()
    doc["notes"] = {"x": [1]}
    snapshot = copy.deepcopy(doc)
    check_document(doc)
    assert doc == snapshot


# --- the JSON Schema says the same as the validator ---------------------------------------

SCHEMA_PATH = Path(tui.__file__).resolve().parent / "schema" / "briefing.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _record(schema: dict[str, Any], table: str) -> dict[str, Any]:
    ref = schema["properties"][table]["additionalProperties"]["$ref"]
    return schema["$defs"][ref.removeprefix("#/$defs/")]


def test_schema_header(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["briefing"]
    assert schema["$defs"]["schema"]["const"] == SCHEMA_VERSION
    assert schema["properties"]["briefing"]["minProperties"] == 1
    assert schema["properties"]["briefing"]["maxProperties"] == 1
    assert set(schema["properties"]) == {"briefing", "sources", *ENTRY_KINDS}


@pytest.mark.parametrize("table", ["briefing", "sources", *ENTRY_KINDS])
def test_schema_fields_match_the_validator(schema: dict[str, Any], table: str) -> None:
    fields = {"briefing": _META_FIELDS, "sources": _SOURCE_FIELDS}.get(table) or fields_of(table)
    record = _record(schema, table)
    disputes = {"accounts"} if table in ENTRY_KINDS else set()  # docs/FORMAT.md, "Disputes"
    assert set(record["properties"]) == {f.name for f in fields} | disputes
    assert set(record["required"]) == {f.name for f in fields if f.required}
    assert record["additionalProperties"] is True
    for f in fields:
        if f.type == "enum":
            assert record["properties"][f.name]["enum"] == list(ENUMS[(table, f.name)])


def _ecma(pattern: str) -> re.Pattern[str]:
    """An ECMA-262 pattern as Python reads it: ``$`` ends the input, as in JSON Schema."""
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)


@pytest.mark.parametrize(
    "sample",
    ["witkoff", "src-b3e3d252", "a", "A.b_c-9", "-x", ".x", "x y", "x\n", "", "é", "x" * 128,
     "x" * 129],
)
def test_schema_id_pattern_matches_the_validator(schema: dict[str, Any], sample: str) -> None:
    assert bool(_ecma(schema["$defs"]["id"]["pattern"]).search(sample)) is bool(ID_RE.match(sample))


@pytest.mark.parametrize(
    "sample",
    [loc(1, 1), loc(12, 30), "a#p1.s1", "a#p0.s1", "a#p1.s01", "a#1.1", "#p1.s1", "a#p1.s1\n",
     "a b#p1.s1"],
)
def test_schema_locator_pattern_matches_the_validator(schema: dict[str, Any], sample: str) -> None:
    pattern = _ecma(schema["$defs"]["locators"]["items"]["pattern"])
    assert bool(pattern.search(sample)) is bool(LOCATOR_RE.match(sample))


@pytest.mark.parametrize(
    "sample",
    ["2025", "2025-04", "2025-04-17", "2024-02-29", "2025-13", "2025-00", "2025-04-32", "25",
     "2025-4", "2025\n", "2025-04-17T00:00"],
)
def test_schema_date_pattern_matches_the_validator(schema: dict[str, Any], sample: str) -> None:
    pattern = _ecma(schema["$defs"]["date"]["pattern"])
    assert bool(pattern.search(sample)) is is_valid_date(sample)


def test_schema_date_pattern_cannot_know_month_lengths(schema: dict[str, Any]) -> None:
    pattern = _ecma(schema["$defs"]["date"]["pattern"])
    assert pattern.search("2025-02-30") and not is_valid_date("2025-02-30")


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize(
    "sample", ["b3e3d2523ca04b618b4e5a4df4b67608f3cb72afe9aed0885a6a1bc6064e7e27", "B" * 64,
               "b" * 63, "g" * 64, "b" * 64 + "\n"],
)
def test_schema_sha256_pattern_matches_the_validator(schema: dict[str, Any], sample: str) -> None:
    doc = sample_document()
    put("sources", "1", sha256=sample)(doc)
    problems, _ = check_document(doc)
    schema_ok = bool(_ecma(schema["$defs"]["sha256"]["pattern"]).search(sample))
    assert schema_ok is (problems == [])


@pytest.mark.usefixtures("seed_article")
@pytest.mark.parametrize("sample", ["EUR", "USD", "eur", "EU", "EURO", "EUR\n", "E1R"])
def test_schema_currency_pattern_matches_the_validator(schema: dict[str, Any], sample: str) -> None:
    doc = sample_document()
    put("financing", "1", amount={"value": 1, "currency": sample})(doc)
    problems, _ = check_document(doc)
    amount = schema["$defs"]["amount"]["anyOf"][1]["properties"]["currency"]["pattern"]
    assert bool(_ecma(amount).search(sample)) is (problems == [])


# --- the example in docs/FORMAT.md is real ----------------------------------------------

FORMAT_MD = Path(__file__).resolve().parents[2] / "docs" / "FORMAT.md"


def _blocks(markdown: str, section: str) -> dict[str, str]:
    """The fenced code blocks of one section, by language."""
    body = markdown.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"```(\w+)\n(.*?)```", body, re.S)}


def test_the_format_doc_example_is_valid_and_written_as_briefing_writes() -> None:
    from tui.core.article import parse_article

    blocks = _blocks(FORMAT_MD.read_text(encoding="utf-8"), "A complete example")
    article = parse_article(blocks["text"])
    doc = json.loads(blocks["json"])
    source = doc["sources"]["1"]
    assert (source["sha256"], source["paragraphs"], source["sentences"]) == (
        article.sha256, len(article.paragraphs), article.sentence_count)
    assert source["id"] == f"src-{article.sha256[:8]}"
    problems, briefing = check_document(doc, {source["id"]: article})
    assert problems == []
    assert briefing is not None and len(briefing.entries) == 5
    assert blocks["json"] == dumps(doc)
    row = f"{source['id']}#p2.s1` | {article.sentence(2, 1)}"
    assert row in FORMAT_MD.read_text(encoding="utf-8")
