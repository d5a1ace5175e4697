"""Synthetic briefings shaped like the real one, at any size.

``generate(n_entries, seed=0)`` returns a valid briefing document (TinyDB layout, checked by
``tui.core.validate.check_document``) built around the seed article, so every locator lands on a
real sentence. Entries come in the bundled briefing's mix of kinds (about 45% actors, 20%
meetings, 5% demands, 2% corruption, 10% financing, the rest background events) with
names, roles, summaries, references to actors, links between entries, dates at year, month
and day precision (or only the source's words) and locators, all drawn from word lists with
a seeded random generator: the same size and seed give the same document, byte for byte.

Command line::

    python -m benchmarks.generate N OUT.json [--seed S] [--no-check]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLE = ROOT.parent / "shared" / "seed" / "000_27491d9445f5a0d8.txt"

__all__ = ["generate", "KIND_SHARES", "SEED_ARTICLE", "seed_article", "write_document", "main"]

# The bundled briefing's mix, rounded (events take what is left).
KIND_SHARES: dict[str, float] = {
    "actors": 0.45,
    "meetings": 0.20,
    "demands": 0.05,
    "corruption": 0.02,
    "financing": 0.10,
    "events": 0.18,
}

# ------------------------------------------------------------------ word lists
FIRST = (
    "Olena Andriy Mykola Iryna Taras Oksana Dmytro Yulia Sergei Anna Mikhail Natalia Alexei "
    "Elena Mehmet Ayşe Hakan Elif Kemal Zeynep John Sarah Michael Emily Robert Laura James "
    "Karen Pierre Claire Hans Katrin Jürgen Marta José Lucía Giorgos Eleni Piotr Agnieszka "
    "Łukasz Tomasz Ingrid Lars Ahmed Fatima Viktor Oleksandr Petro Ursula Antonio Kaja Mark "
    "Rustem Denys Valentyna Bohdan Svitlana Ihor Nadia Kirill Gulnara Farid Selin Burak"
).split()
LAST = (
    "Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Melnyk Petrov Ivanova Smirnov Volkov "
    "Sokolova Morozov Yılmaz Kaya Demir Şahin Çelik Öztürk Johnson Miller Davis Walker Harris "
    "Clarke Dubois Lefèvre Moreau Schmidt Müller Weber García Fernández Papadopoulos Nowak "
    "Kowalski Wiśniewski Lindqvist Haddad Novak Horvat Rossi Bianchi Umerov Sybiha Yermak "
    "Kallas Marchenko Hrytsenko Lysenko Orlov Zakharova Aydın Arslan Thompson Fischer Becker"
).split()
COUNTRIES = (
    "Ukraine", "Russia", "Turkey", "United States", "France", "Germany", "Spain", "Greece",
    "Poland", "Italy", "United Kingdom", "Hungary", "Belarus", "Moldova", "Romania", "Slovakia",
    "Finland", "Estonia", "Qatar", "Saudi Arabia", "China", "India", "Switzerland", "Austria",
    "Norway", "Sweden", "Lithuania", "Latvia", "Czech Republic", "Netherlands",
)
CAPITALS = {
    "Ukraine": "Kyiv", "Russia": "Moscow", "Turkey": "Ankara", "United States": "Washington",
    "France": "Paris", "Germany": "Berlin", "Spain": "Madrid", "Greece": "Athens",
    "Poland": "Warsaw", "Italy": "Rome", "United Kingdom": "London", "Hungary": "Budapest",
    "Belarus": "Minsk", "Moldova": "Chișinău", "Romania": "Bucharest", "Slovakia": "Bratislava",
    "Finland": "Helsinki", "Estonia": "Tallinn", "Qatar": "Doha", "Saudi Arabia": "Riyadh",
    "China": "Beijing", "India": "New Delhi", "Switzerland": "Bern", "Austria": "Vienna",
    "Norway": "Oslo", "Sweden": "Stockholm", "Lithuania": "Vilnius", "Latvia": "Riga",
    "Czech Republic": "Prague", "Netherlands": "The Hague",
}
CITIES = tuple(CAPITALS.values()) + (
    "Istanbul", "Geneva", "Brussels", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Zaporizhzhia",
    "Pokrovsk", "Kherson", "Mykolaiv", "Jeddah", "Antalya", "Davos", "Munich", "Rzeszów",
)
ORGS = (
    "Ministry of Defence", "Ministry of Foreign Affairs", "National Anti-Corruption Bureau",
    "State Energy Company", "Central Bank", "Security Council", "Presidential Office",
    "Parliamentary Budget Committee", "Export Credit Agency", "Sovereign Wealth Fund",
    "Prosecutor General's Office", "Railway Authority", "Grain Exporters' Association",
    "Arms Procurement Agency", "Nuclear Energy Operator", "Customs Service",
)
ROLES = (
    "Foreign Minister of {c}", "Defence Minister of {c}", "Special envoy of {c}",
    "Spokesperson for the {o}", "Deputy Prime Minister of {c}", "Head of the {o}",
    "Chief negotiator for {c}", "Ambassador of {c} to {c2}", "Adviser to the President of {c}",
    "Member of parliament ({c})", "Energy minister of {c}", "Prosecutor at the {o}",
    "President of {c}", "Prime Minister of {c}", "Deputy head of the {o}",
)
GROUPS = (
    "Arms manufacturers in {c}", "Energy traders in {city}", "Opposition deputies in {c}",
    "Negotiators from {c}", "Prisoners of war held by {c}", "Farmers' unions of {c}",
    "Volunteer units near {city}", "Creditors of {c}", "Shipping insurers in {city}",
    "Relatives of prisoners from {city}",
)
TOPICS = (
    "prisoner exchanges", "a ceasefire along the front line", "energy security",
    "grain exports through the Black Sea", "air defence supplies", "reconstruction funding",
    "sanctions on oil exports", "frozen state assets", "security guarantees", "EU accession",
    "nuclear plant safety", "humanitarian corridors", "return of deported children",
    "arms production", "debt restructuring", "maritime security", "drone production",
    "gas transit", "mine clearance", "war-crimes investigations",
)
DEMAND_ITEMS = (
    "withdraw troops from the {city} region", "lift sanctions on the {o}",
    "hold elections within a year", "recognise the current front line",
    "cap the size of the army", "release all prisoners of war", "guarantee neutral status",
    "freeze arms deliveries", "return deported children", "pay reparations",
    "drop its NATO ambitions", "reopen the ports of {city}", "allow inspectors into {city}",
)
RESPONSES = (
    "{a} rejects the demand, saying it would reward aggression.",
    "{a} says the terms are “not a basis for talks”.",
    "Officials in {city} have not answered publicly.",
    "{a} calls parts of it acceptable but refuses any loss of territory.",
    None,
)
SUBJECTS = (
    "officials of the {o}", "a deputy minister of {c}", "procurement contracts in {city}",
    "members of the president's inner circle", "a state energy company's board",
    "suppliers of army rations", "customs officers at the {c} border",
)
CONSEQUENCES = (
    "two ministers resigned", "{n} officials dismissed", "assets worth {amount} frozen",
    "the EU delays a loan tranche", "parliament opens an inquiry", "the affair may widen",
    "a deputy minister detained in {city}",
)
CONDITIONS = (
    "anti-corruption reforms", "repayment from frozen Russian assets", "parliamentary approval",
    "delivery within two years", "joint production in {c}", "an independent audit",
    "a ceasefire holding for 30 days",
)
INSTRUMENT_WORDS = {
    "loan": "loan", "deal": "deal", "sanctions": "sanctions package", "arms": "arms package",
    "aid": "aid package", "other": "guarantee fund",
}
PURPOSES = (
    "air defence", "the energy grid", "reconstruction of {city}", "budget support",
    "fighter jets", "artillery shells", "gas storage", "rail repairs", "grain storage",
)
EVENT_TITLES = (
    "Russian forces advance near {city}", "Drone strike on a {city} power station",
    "{c} announces a new sanctions package", "Parliament of {c} approves the {t} bill",
    "{a} resigns", "Explosion damages the {city} rail bridge",
    "Prisoner exchange at the {c} border", "Missile attack on {city}",
    "{c} expels two diplomats", "Blackout across the {city} region",
    "Talks on {t} break down", "{a} visits the front near {city}",
)
MEETING_TITLES = (
    "{a} meets {b} in {city}", "Talks in {city} on {t}", "{city} summit on {t}",
    "{a} visits {city}", "Working group on {t} meets in {city}",
    "Phone call between {a} and {b}", "{a} and {b}: talks on {t}",
)
SUMMARY_SENTENCES = (
    "{a} met officials in {city} to discuss {t}.",
    "The article says {a} wants to “intensify” work on {t}.",
    "Talks in {city} were the fourth stop on a tour of European capitals.",
    "{c} has not changed its position on {t} since {y}.",
    "Officials in {city} said there were “no concrete plans” for further contacts.",
    "A deal worth €{money} billion depends on progress with {t}.",
    "{a} argued that a settlement turns on {t}, which soured relations with {b}.",
    "Investigators in {city} are looking at contracts linked to the {o}.",
    "The source gives no figure for the cost — only that it is “substantial”.",
    "{b} called the proposal on {t} premature.",
    "Diplomats from {c} kept quiet channels open to both sides.",
    "The plan was first set out in {y} and restated recently by {a}.",
)
TAGS = (
    "peace talks", "energy", "sanctions", "corruption", "war", "diplomacy", "eu", "us",
    "russia", "ukraine", "turkey", "arms", "finance", "prisoners", "territory", "nato",
)
DATE_WORDS_UNDATED = (
    "this Wednesday", "in only a few days", "at one point", "previously",
    "shortly after the summit", "next month", "recently", "earlier this year",
)
BASES = (
    "Inferred from the article's mention of {t}; the article itself is undated.",
    "The source gives only the weekday; the calendar date is an inference.",
    "Dated by the announcement in {city}, which the article places just before.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

ENUM_VALUES = {
    "actor_kind": (("person",) * 6 + ("organization",) * 2 + ("state",) + ("group",)),
    "meetings": ("planned", "held", "held", "held", "cancelled", "unknown"),
    "demands": ("standing", "standing", "met", "rejected", "withdrawn", "unknown"),
    "corruption": ("open", "open", "closed", "unknown"),
    "financing_status": ("proposed", "agreed", "conditional", "in force", "cancelled", "unknown"),
    "instrument": ("loan", "deal", "sanctions", "arms", "aid", "other"),
    "currency": ("EUR", "EUR", "USD", "USD", "GBP", "TRY", "UAH"),
}

_SLUG_RE = re.compile(r"[^a-z0-9]+")
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _b36(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _B36[r] + out
        if not n:
            return out


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_RE.sub("-", ascii_text.lower()).strip("-")[:40].strip("-") or "entry"


def kind_counts(n: int) -> dict[str, int]:
    """How many entries of each kind ``n`` entries hold (every kind at least once from 6)."""
    raw = {k: n * s for k, s in KIND_SHARES.items()}
    counts = {k: int(v) for k, v in raw.items()}
    left = n - sum(counts.values())
    for k in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[:left]:
        counts[k] += 1
    if n >= len(KIND_SHARES):
        for k in counts:
            if counts[k] == 0:
                donor = max(counts, key=lambda d: counts[d])
                counts[donor] -= 1
                counts[k] += 1
    return counts


def seed_article() -> Any:
    """The seed article as ``tui.core.article`` normalises it."""
    from tui.core.article import read_article

    if not SEED_ARTICLE.is_file():
        raise FileNotFoundError(f"the seed article is missing: {SEED_ARTICLE}")
    return read_article(SEED_ARTICLE)


def generate(n_entries: int, seed: int = 0, article: Any = None) -> dict[str, Any]:
    """A valid briefing document with ``n_entries`` entries, the same for the same seed."""
    from tui.core.document import new_document

    if n_entries < 0:
        raise ValueError("n_entries must be zero or more")
    article = article if article is not None else seed_article()
    rng = random.Random(seed)
    rand = rng.random
    ch = rng.choice

    def pick(seq: Any, k: int) -> list[Any]:
        return [seq[int(rand() * len(seq))] for _ in range(k)]

    doc = new_document(
        article, f"Synthetic briefing: {n_entries:,} entries", f"synthetic-{n_entries}-s{seed}",
        source_title="Witkoff to join Zelensky and Erdogan for talks in Ankara",
    )
    source_id = doc["sources"]["1"]["id"]
    locators = [f"{source_id}#p{p}.s{s}" for p, s, _ in article.locators()]
    counts = kind_counts(n_entries)

    # Names and ids first, so references can point anywhere.
    actor_names: list[str] = []
    actor_kinds: list[str] = []
    for _ in range(counts["actors"]):
        kind = ch(ENUM_VALUES["actor_kind"])
        if kind == "person":
            name = f"{ch(FIRST)} {ch(LAST)}"
        elif kind == "state":
            name = ch(COUNTRIES)
        elif kind == "organization":
            name = (f"{ch(ORGS)} of {ch(COUNTRIES)}" if rand() < 0.5
                    else f"{ch(COUNTRIES)} {ch(ORGS)}")
        else:
            name = ch(GROUPS).format(c=ch(COUNTRIES), city=ch(CITIES))
        actor_names.append(name)
        actor_kinds.append(kind)
    people = ([n for n, k in zip(actor_names, actor_kinds, strict=True) if k == "person"]
              or ["Volodymyr Zelensky"])

    serial = 0

    def new_id(label: str) -> str:
        nonlocal serial
        serial += 1
        return f"{_slug(label)}-{_b36(serial)}"

    actor_ids = [new_id(name) for name in actor_names]
    plans: dict[str, list[tuple[str, str]]] = {
        "actors": list(zip(actor_ids, actor_names, strict=True)),
    }
    for kind in ("meetings", "demands", "corruption", "financing", "events"):
        rows = []
        for _ in range(counts[kind]):
            title = _title(kind, rng, people)
            rows.append((new_id(title), title))
        plans[kind] = rows
    all_ids = [i for kind in plans for i, _ in plans[kind]]

    def refs(k_max: int, pool: list[str]) -> list[str]:
        if not pool:
            return []
        k = int(rand() * (k_max + 1))
        return list(dict.fromkeys(pick(pool, k)))

    def summary() -> str:
        sentences = [
            ch(SUMMARY_SENTENCES).format(
                a=ch(people), b=ch(people), city=ch(CITIES), t=ch(TOPICS), c=ch(COUNTRIES),
                y=2014 + int(rand() * 12), money=5 * (1 + int(rand() * 40)), o=ch(ORGS),
            )
            for _ in range(1 + int(rand() * 3))
        ]
        return " ".join(sentences)

    def common(entry_id: str, dated: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": entry_id,
            "summary": summary(),
            "sources": sorted(set(pick(locators, 1 + int(rand() * 4))), key=locators.index),
            "links": [t for t in refs(6, all_ids) if t != entry_id],
            "tags": list(dict.fromkeys(pick(TAGS, 1 + int(rand() * 3)))),
            "date": None, "date_text": None, "date_basis": None,
        }
        if dated:
            _date(out, rng)
        return out

    for i, ((entry_id, name), kind) in enumerate(zip(plans["actors"], actor_kinds, strict=True), 1):
        country = ch(COUNTRIES)
        entry = common(entry_id, dated=False)
        if kind == "person":
            aliases = [name.split()[-1]] if rand() < 0.6 else []
            role = ch(ROLES).format(c=country, c2=ch(COUNTRIES), o=ch(ORGS))
        elif kind == "state":
            aliases = [CAPITALS[name]] if rand() < 0.7 else []
            role = ch(("Country at war", "Mediator", "Country backing {c}", "Neighbour of {c}",
                       "Country hosting talks")).format(c=ch(COUNTRIES))
        else:
            aliases = []
            role = ch(("Body named in the probe", "Party to the deal", "Group affected by {t}",
                       "Organisation handling {t}")).format(t=ch(TOPICS))
        entry.update(name=name, aliases=aliases, role=role,
                     affiliation=country if rand() < 0.7 else None, kind=kind)
        doc["actors"][str(i)] = entry

    for i, (entry_id, title) in enumerate(plans["meetings"], 1):
        entry = common(entry_id, dated=rand() < 0.6)
        entry.update(
            title=title, place=ch(CITIES) if rand() < 0.85 else None,
            participants=refs(4, actor_ids) or actor_ids[:1],
            absent=refs(2, actor_ids) if rand() < 0.3 else [],
            status=ch(ENUM_VALUES["meetings"]),
            topics=list(dict.fromkeys(pick(TOPICS, int(rand() * 4)))),
            outcome=None,
        )
        if rand() < 0.4:
            entry["outcome"] = ch(("Agreed to meet again.", "No agreement was reached.",
                                   "A joint statement on {t}.")).format(t=ch(TOPICS))
        doc["meetings"][str(i)] = entry

    for i, (entry_id, title) in enumerate(plans["demands"], 1):
        entry = common(entry_id, dated=rand() < 0.5)
        response = ch(RESPONSES)
        entry.update(
            title=title, by=refs(3, actor_ids) or actor_ids[:1], of=refs(2, actor_ids),
            items=[ch(DEMAND_ITEMS).format(city=ch(CITIES), o=ch(ORGS))
                   for _ in range(1 + int(rand() * 5))],
            status=ch(ENUM_VALUES["demands"]),
            response=response.format(a=ch(people), city=ch(CITIES)) if response else None,
        )
        doc["demands"][str(i)] = entry

    for i, (entry_id, title) in enumerate(plans["corruption"], 1):
        entry = common(entry_id, dated=rand() < 0.4)
        entry.update(
            title=title,
            subjects=[ch(SUBJECTS).format(o=ch(ORGS), c=ch(COUNTRIES), city=ch(CITIES))
                      for _ in range(1 + int(rand() * 3))],
            status=ch(ENUM_VALUES["corruption"]),
            consequences=[ch(CONSEQUENCES).format(n=2 + int(rand() * 9), city=ch(CITIES),
                                                  amount=f"€{1 + int(rand() * 90)} million")
                          for _ in range(int(rand() * 4))],
        )
        doc["corruption"][str(i)] = entry

    for i, (entry_id, title) in enumerate(plans["financing"], 1):
        entry = common(entry_id, dated=rand() < 0.6)
        amount = None
        if rand() < 0.7:
            value = round(10 ** (6 + rand() * 5.3), -5)
            amount = {"value": int(value) if rand() < 0.8 else float(value),
                      "currency": ch(ENUM_VALUES["currency"])}
        entry.update(
            title=title, instrument=ch(ENUM_VALUES["instrument"]), amount=amount,
            parties=refs(3, actor_ids),
            conditions=[ch(CONDITIONS).format(c=ch(COUNTRIES)) for _ in range(int(rand() * 3))],
            status=ch(ENUM_VALUES["financing_status"]),
        )
        doc["financing"][str(i)] = entry

    for i, (entry_id, title) in enumerate(plans["events"], 1):
        entry = common(entry_id, dated=rand() < 0.75)
        entry["title"] = title
        doc["events"][str(i)] = entry

    meta = doc["briefing"]["1"]
    meta.update(
        summary=(f"A synthetic briefing of {n_entries:,} entries in the bundled briefing's "
                 "mix of kinds, for benchmarks. " + summary()),
        bluf=[summary() for _ in range(4)],
        as_of="2025-11",
        as_of_basis="Synthetic: the generator's fixed date.",
    )
    return doc


def _title(kind: str, rng: random.Random, people: list[str]) -> str:
    title = _raw_title(kind, rng, people)
    return title[:1].upper() + title[1:]


def _raw_title(kind: str, rng: random.Random, people: list[str]) -> str:
    ch = rng.choice
    fill = dict(a=ch(people), b=ch(people), city=ch(CITIES), t=ch(TOPICS), c=ch(COUNTRIES),
                o=ch(ORGS))
    if kind == "meetings":
        return ch(MEETING_TITLES).format(**fill)
    if kind == "demands":
        item = ch(DEMAND_ITEMS).format(**fill)
        return ch(("{c}'s demand: {item}", "{a}'s conditions on {t}",
                   "Call to {item}")).format(item=item, **fill)
    if kind == "corruption":
        return ch(("Investigation of {o} procurement", "Probe into {a}",
                   "Graft case at the {o} of {c}",
                   "Inquiry into contracts in {city}")).format(**fill)
    if kind == "financing":
        instrument = ch(tuple(INSTRUMENT_WORDS.values()))
        purpose = ch(PURPOSES).format(**fill)
        return ch(("{c} {ins} for {p}", "€{n} billion {ins} for {p}",
                   "{ins} from {c}: {p}")).format(ins=instrument, p=purpose,
                                                n=1 + int(rng.random() * 140), **fill)
    return ch(EVENT_TITLES).format(**fill)


def _date(entry: dict[str, Any], rng: random.Random) -> None:
    """Set date, date_text and date_basis at a mix of precisions (some only in words)."""
    r = rng.random()
    year = 2014 + int(rng.random() * 12)
    month = 1 + int(rng.random() * 12)
    day = 1 + int(rng.random() * _DAYS[month - 1])
    if r < 0.15:  # only the source's words, no calendar date
        entry["date_text"] = rng.choice(DATE_WORDS_UNDATED)
        if rng.random() < 0.5:
            entry["date_basis"] = rng.choice(BASES).format(t=rng.choice(TOPICS),
                                                           city=rng.choice(CITIES))
        return
    if r < 0.35:
        entry["date"] = f"{year:04d}"
        entry["date_text"] = f"in {year}"
    elif r < 0.65:
        entry["date"] = f"{year:04d}-{month:02d}"
        entry["date_text"] = f"in {MONTHS[month - 1]} {year}"
    else:
        entry["date"] = f"{year:04d}-{month:02d}-{day:02d}"
        entry["date_text"] = rng.choice((f"on {day} {MONTHS[month - 1]}", "last Wednesday", None))
    if rng.random() < 0.15:
        entry["date_basis"] = rng.choice(BASES).format(t=rng.choice(TOPICS),
                                                       city=rng.choice(CITIES))


def check(document: dict[str, Any], article: Any = None) -> list[Any]:
    """Problems ``tui.core.validate.check_document`` finds, with the seed article attached."""
    from tui.core.validate import check_document

    article = article if article is not None else seed_article()
    source_id = document["sources"]["1"]["id"]
    problems, _ = check_document(document, {source_id: article})
    return problems


def write_document(document: dict[str, Any], out: Path) -> int:
    """Write a document the way the store writes briefings; returns the bytes written."""
    try:
        from tui.storage.jsonio import dumps
    except ImportError:  # pragma: no cover - the format is documented: sorted, indent 2
        import json

        def dumps(data: Any) -> str:
            return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    data = dumps(document).encode("utf-8")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate",
                                     description="Write a synthetic briefing of N entries.")
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("out", type=Path, help="where to write the briefing (JSON)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-check", action="store_true", help="skip validation (faster)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    article = seed_article()
    document = generate(args.n, args.seed, article)
    made = time.perf_counter()
    if not args.no_check:
        problems = check(document, article)
        if problems:
            for problem in problems[:20]:
                print(problem.format(args.out), file=sys.stderr)
            return 1
    checked = time.perf_counter()
    size = write_document(document, args.out)
    done = time.perf_counter()
    counts = kind_counts(args.n)
    print(f"{args.out}: {args.n} entries ({', '.join(f'{v} {k}' for k, v in counts.items())}), "
          f"{size / 1e6:.1f} MB; generated in {made - started:.2f}s"
          + ("" if args.no_check else f", checked in {checked - made:.2f}s")
          + f", written in {done - checked:.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
