"""Merge what many articles say into one graph: one node per person, country, meeting, agreement and claim.

Every merge leaves a Merge record saying which article-level records became one node and why.
Dates that an article left relative ("Friday", "September 9", "a day earlier") are settled
here, against the article's publication date or, when it has none, against the date the rest
of the corpus gives the same meeting.
"""
from __future__ import annotations

import difflib
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from kg.dates import When, compatible, parse_when, resolve_month, resolve_when, same_day
from kg.extract.meetings import is_venue
from kg.gazetteer import fold, load_gazetteer, load_places
from kg.names import FORMAL_SUFFIX, SUFFIXES, group_names, son_of
from kg.records import (
    CALL,
    IN_PERSON,
    PERSON,
    PLACE,
    VIDEO_CALL,
    Agreement,
    Claim,
    Corpus,
    Country,
    Meeting,
    Mention,
    Merge,
    Organization,
    Person,
    Place,
    Reading,
    Ref,
    Variant,
)
from kg.text import claim_key, fold_quote, fold_words, slug

REMOTE = {CALL, VIDEO_CALL}
VARIANT_MIN_SIMILARITY = 0.5
STOP_WORDS = frozenset("the a an and or of to in on for with its it is are was be by that this as at from their his her our we will would not".split())


def resolve(readings: Iterable[Reading]) -> Corpus:
    """Merge article readings into one Corpus with global keys, sorted."""
    readings = list(readings)
    corpus, keys = resolve_facts(readings)
    mentions = sorted({keys.mention(r.source.name, m) for r in readings for m in r.mentions})
    return replace(corpus, mentions=tuple(mentions))


@dataclass(frozen=True)
class Keys:
    """Each article-local person and place key's corpus key, for what resolve_facts leaves out: the mentions."""

    persons: dict[tuple[str, str], str]  # (source name, local key) -> Person.key
    places: dict[str, str]  # merged-away Place.key -> Place.key

    # A ref (and a mention) whose key stays is returned as it is, not copied: most do, a dozen per article.
    def ref(self, source: str, r: Ref) -> Ref:
        if r.kind == PLACE:
            key = self.places.get(r.key, r.key)
        elif r.kind == PERSON:
            key = self.persons[(source, r.key)]
        else:
            return r
        return r if key == r.key else Ref(r.kind, key)

    def mention(self, source: str, m: Mention) -> Mention:
        ref = self.ref(source, m.ref)
        return m if ref is m.ref else replace(m, ref=ref)


def resolve_facts(readings: Iterable[Reading]) -> tuple[Corpus, Keys]:
    """Merge article readings into a Corpus without mentions (the readings' own mentions are ignored), and
    the keys that map those mentions (Keys.mention); a build maps them article by article (kg.shelf)."""
    readings = sorted(readings, key=lambda r: r.source.name)
    merges: list[Merge] = []
    person_map, persons = _merge_persons(readings, merges)
    countries = _merge_simple(Country, [c for r in readings for c in r.countries])
    places, place_map = merge_places(_merge_simple(Place, [p for r in readings for p in r.places]), merges)
    organizations = _merge_simple(Organization, [o for r in readings for o in r.organizations])
    keys = Keys(person_map, place_map)
    person_country = {p.key: p.country for p in persons}
    meetings = _merge_meetings(readings, person_map, merges, place_map)
    meetings, places = _place_at_hosts(meetings, places, person_country)
    agreements = _merge_agreements(readings, person_map, person_country, merges)
    claims = _merge_claims(readings, keys.ref, merges)
    corpus = Corpus(
        sources=tuple(sorted(r.source for r in readings)),
        persons=tuple(persons),
        countries=tuple(countries),
        places=tuple(places),
        organizations=tuple(organizations),
        meetings=tuple(meetings),
        agreements=tuple(agreements),
        claims=tuple(claims),
        merges=tuple(sorted(merges)),
    )
    return corpus, keys


# ---------------------------------------------------------------- persons
def _merge_persons(readings: list[Reading], merges: list[Merge]) -> tuple[dict[tuple[str, str], str], list[Person]]:
    """Same full name -> one person; a lone surname -> the one corpus person whose name holds it."""
    by_name: dict[str, list[tuple[str, Person]]] = defaultdict(list)
    for r in readings:
        for p in r.persons:
            by_name[" ".join(fold_words(p.name))].append((r.source.name, p))
    full_names = sorted((n for n in by_name if len(n.split()) > 1), key=lambda n: (-len(n.split()), n))
    target: dict[str, str] = {}  # folded name -> folded name it merges into
    reasons: dict[str, str] = {}
    # Forms of one full name: nicknames, initials, spellings, word order. A suffix set off by a comma
    # ("X Y, Jr.") is the formal style of the one name, compared without it; "X Y Jr." is a son.
    formal = {" ".join(fold_words(p.name)) for r in readings for p in r.persons if FORMAL_SUFFIX.search(p.name)}
    sons = {" ".join(fold_words(p.name)) for r in readings for p in r.persons if son_of(p.name)}
    compare = {n: tuple(w for w in n.split() if not (n in formal and w in SUFFIXES)) for n in full_names}
    roots = group_names(sorted(set(compare.values())))
    first = {}
    for n in sorted(full_names):
        first.setdefault(roots[compare[n]], n)
    for n in full_names:
        root = first[roots[compare[n]]]
        if n != root:
            target[n] = root
            reasons[n] = f"'{n}' and '{root}' are forms of one name"
    holding: dict[str, set[str]] = defaultdict(set)  # word -> the full names with it
    for f in full_names:
        for w in f.split():
            holding[w].add(f)
    for name in sorted(by_name, key=lambda n: (-len(n.split()), n)):
        if name in target:
            continue
        words = set(name.split())
        candidates = set.intersection(*(holding.get(w, set()) for w in words))
        holders = [f for f in candidates if f != name and words < set(f.split()) and not (f in sons and not words & SUFFIXES)]
        roots = sorted({target.get(f, f) for f in holders})
        if len(roots) == 1:
            target[name] = roots[0]
            reasons[name] = f"'{name}' is part of only one fuller name in the corpus, '{roots[0]}'"
    groups: dict[str, list[tuple[str, Person]]] = defaultdict(list)
    for name, members in by_name.items():
        groups[target.get(name, name)].extend(members)
    mapping: dict[tuple[str, str], str] = {}
    persons: list[Person] = []
    keys: set[str] = set()
    for root, members in sorted(groups.items()):
        names = Counter(p.name for _, p in members)
        # The fullest form, and among forms of one length the one written as running text
        # rather than re-cased from capitals ("FAMILY Given").
        natural = {p.name for _, p in members if not any(a.split() != p.name.split() and a.casefold().split() == p.name.casefold().split() for a in p.aliases)}
        name = max(names, key=lambda n: (len(n.split()), n in natural, names[n], n))
        key = _unused_key(slug(name), root, keys)
        keys.add(key)
        aliases = sorted({a for _, p in members for a in (*p.aliases, p.name)} - {name})
        roles = list(dict.fromkeys(role for _, p in sorted(members) for role in p.roles))
        countries = Counter(p.country for _, p in members if p.country)
        country = max(countries, key=lambda c: (countries[c], c)) if countries else None
        persons.append(Person(key, name, tuple(aliases), tuple(roles), country))
        for source, p in members:
            mapping[(source, p.key)] = key
        if len(members) > 1:
            why = sorted({reasons.get(" ".join(fold_words(p.name)), "same full name") for _, p in members})
            merges.append(Merge(PERSON, key, tuple(sorted(f"{s}#{p.key}" for s, p in members)), "; ".join(why)))
    return mapping, sorted(persons)


def _unused_key(key: str, root: str, used: set[str]) -> str:
    """`key`, or, when another person already has it ("O'Brien" and "OBrien"), `key` and a hash of `root`."""
    if key not in used:
        return key
    return f"{key}-{hashlib.blake2b(root.encode('utf-8', 'surrogatepass'), digest_size=4).hexdigest()}"


def _merge_simple(cls, records: list) -> list:
    """Countries, places, organisations: one per key; the first non-empty country wins."""
    merged: dict[str, object] = {}
    for rec in sorted(records):
        old = merged.get(rec.key)
        if old is None:
            merged[rec.key] = rec
        elif getattr(old, "country", None) is None and getattr(rec, "country", None):
            merged[rec.key] = replace(old, country=rec.country)
    return sorted(merged.values())


# ---------------------------------------------------------------- places
def merge_places(places: list[Place], merges: list[Merge]) -> tuple[list[Place], dict[str, str]]:
    """One place per name variant: a leading "the", a plural of another place's name ("Lakes"), or a
    GeoNames alternate name of a gazetteer city the corpus also names. Returns the places and each
    merged-away key's new key."""
    table = load_places()
    by_fold = {fold(p.name): p for p in places}

    def known(folded: str) -> str:
        # Only onto a city the corpus names too: GeoNames' alternates of one city include other places' names.
        other = table.alternates.get(folded)
        return other if other in by_fold else folded

    def root(place: Place) -> str:
        folded = known(fold(place.name))
        if folded.endswith("s") and folded[:-1] in by_fold:
            folded = known(folded[:-1])
        return folded

    groups: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        groups[root(place)].append(place)
    merged, mapping = [], {}
    for folded, members in sorted(groups.items()):
        city = load_gazetteer().cities.get(folded)
        named = by_fold.get(folded)
        # The gazetteer's spelling, else the member named by the root itself, else the shortest name.
        best = min(members, key=lambda p: (p.name != (city[0] if city else named.name if named else ""), len(p.name), p.name))
        country = best.country or next((p.country for p in sorted(members) if p.country), None)
        best = replace(best, country=country)
        merged.append(best)
        for p in members:
            if p.key != best.key:
                mapping[p.key] = best.key
        if len(members) > 1 or best.key != members[0].key:
            why = "same place: a leading 'the', a plural or a GeoNames alternate name"
            merges.append(Merge(PLACE, best.key, tuple(sorted(p.key for p in members)), why))
    return sorted({p.key: p for p in merged}.values()), mapping


# ---------------------------------------------------------------- meetings
@dataclass
class _Draft:
    source: str
    meeting: Meeting
    when: When | None
    day: date | None = None


@dataclass
class _Cluster:
    participants: tuple[str, ...]
    remote: bool
    members: list[_Draft] = field(default_factory=list)

    @property
    def day(self) -> date | None:
        days = Counter(m.day for m in self.members if m.day)
        return max(days, key=lambda d: (days[d], d)) if days else None

    def accepts(self, d: _Draft) -> bool:
        if (d.meeting.participants, d.meeting.kind in REMOTE) != (self.participants, self.remote):
            return False
        if d.day and self.day:
            return d.day == self.day
        if self.day:
            return compatible(d.when, self.day)
        if d.day:
            return all(compatible(m.when, d.day) for m in self.members)
        return all(same_day(m.when, d.when) for m in self.members)


def _merge_meetings(readings: list[Reading], person_map, merges: list[Merge], place_map: dict[str, str]) -> list[Meeting]:
    drafts: dict[str, list[_Draft]] = {}
    for r in readings:
        drafts[r.source.name] = [
            _Draft(r.source.name, replace(m, participants=tuple(sorted({person_map[(r.source.name, p)] for p in m.participants})),
                                          place=place_map.get(m.place, m.place), host=person_map.get((r.source.name, m.host))),
                   parse_when(m.date_text) if m.date_text else None)
            for m in r.meetings
        ]
    anchors = {r.source.name: r.source.published for r in readings}
    _date_drafts(drafts, anchors)
    clusters = _cluster(drafts)
    # Articles without a publication date borrow one from the corpus: if the article said
    # "Friday" of a meeting another article dates, that date anchors the article.
    by_source: dict[str, list[tuple[_Cluster, _Draft]]] = defaultdict(list)
    for c in clusters:
        for m in c.members:
            by_source[m.source].append((c, m))
    for r in readings:
        if anchors[r.source.name] is None:
            anchors[r.source.name] = _infer_anchor(by_source[r.source.name])
    _date_drafts(drafts, anchors)
    _inherit_main_event(drafts)
    clusters = _cluster(drafts)
    return _finish_meetings(clusters, merges, anchors)


def _most(values) -> str | None:
    """The most frequent of the values that are set (the greatest on a tie), or None."""
    counts = Counter(v for v in values if v)
    return max(counts, key=lambda v: (counts[v], v)) if counts else None


def _place_at_hosts(meetings: list[Meeting], places: list[Place], person_country: dict[str, str | None]) -> tuple[list[Meeting], list[Place]]:
    """An in-person meeting with no city, whose host the text names, took place in the capital of the
    host's country: a visit to a head of government is a visit to the seat of government."""
    gaz = load_gazetteer()
    by_key = {p.key: p for p in places}
    out = []
    for m in meetings:
        # Only a meeting with no place, or at a building (a venue word ends its name), is moved to a city.
        known = m.place is not None and (by_key.get(m.place) is None or by_key[m.place].country is not None
                                         or not is_venue(by_key[m.place].name))
        country = person_country.get(m.host) if m.host else None
        city = gaz.capital_city(country) if country and m.kind == IN_PERSON and not known else None
        if city is None:
            out.append(m)
            continue
        key = slug(city[0])
        by_key.setdefault(key, Place(key, city[0], city[1]))
        out.append(replace(m, place=key))
    return sorted(out), sorted(by_key.values())


def _date_drafts(drafts: dict[str, list[_Draft]], anchors: dict[str, date | None]) -> None:
    for source, items in drafts.items():
        main = _main_event(items)
        for d in items:
            if d.day is None:
                event = main.day if main is not None and main is not d else None
                d.day = d.meeting.date or resolve_when(d.when, anchors[source], event)


def _main_event(items: list[_Draft]) -> _Draft | None:
    """The article's lead event: the in-person meeting it tells of first (not one dated relative to another)."""
    in_person = [d for d in items if d.meeting.kind == IN_PERSON and (d.when is None or d.when.kind != "offset")]
    return min(in_person, key=lambda d: min(e.start for e in d.meeting.evidence), default=None)


def _infer_anchor(drafts: list[tuple[_Cluster, _Draft]]) -> date | None:
    """An undated article was written on or after every meeting it shares with a dated article;
    a meeting it calls by weekday ("Friday") pins it closest. `drafts`: the article's meetings and their clusters."""
    by_weekday, shared = [], []
    for c, m in drafts:
        if c.day and (m.when is None or m.when.kind in ("weekday", "absolute")):
            (by_weekday if m.when is not None else shared).append(c.day)
    candidates = by_weekday or shared
    return max(candidates) if candidates else None


def _inherit_main_event(drafts: dict[str, list[_Draft]]) -> None:
    """An undated in-person meeting of someone in the article's lead event happened on that trip."""
    for items in drafts.values():
        main = _main_event(items)
        if main is None or main.day is None:
            continue
        for d in items:
            if d is not main and d.meeting.kind == IN_PERSON and d.when is None and d.day is None and set(d.meeting.participants) & set(main.meeting.participants):
                d.day = main.day
                if d.meeting.place is None:
                    d.meeting = replace(d.meeting, place=main.meeting.place)


def _cluster(drafts: dict[str, list[_Draft]]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_people: dict[tuple, list[_Cluster]] = defaultdict(list)  # only meetings of the same people can merge
    ordered = sorted((d for items in drafts.values() for d in items), key=lambda d: (d.day is None, d.when is None, d.source, d.meeting.key))
    for d in ordered:
        group = by_people[(d.meeting.participants, d.meeting.kind in REMOTE)]
        for c in group:
            if c.accepts(d):
                c.members.append(d)
                break
        else:
            c = _Cluster(d.meeting.participants, d.meeting.kind in REMOTE)
            c.members.append(d)
            clusters.append(c)
            group.append(c)
    return clusters


def _finish_meetings(clusters: list[_Cluster], merges: list[Merge], anchors: dict[str, date | None]) -> list[Meeting]:
    meetings, used = [], Counter()
    for c in clusters:
        kinds = {m.meeting.kind for m in c.members}
        kind = VIDEO_CALL if VIDEO_CALL in kinds else CALL if CALL in kinds else IN_PERSON
        places = Counter(m.meeting.place for m in c.members if m.meeting.place)
        place = max(places, key=lambda p: (places[p], p)) if places else None
        occasions = sorted(m.meeting.occasion for m in c.members if m.meeting.occasion)
        day = c.day
        months = Counter(month for m in c.members if (month := resolve_month(m.when, anchors.get(m.source)))) if day is None else Counter()
        month = max(months, key=lambda x: (months[x], x)) if months else None
        texts = sorted({m.meeting.date_text for m in c.members if m.meeting.date_text})
        base = slug(f"{day.isoformat() if day else month or 'undated'} {' '.join(c.participants)} {kind}")
        used[base] += 1
        key = base if used[base] == 1 else f"{base}-{used[base]}"
        meetings.append(Meeting(
            key=key,
            participants=c.participants,
            kind=kind,
            date=day,
            date_text="; ".join(texts) or None,
            place=place,
            month=month,
            host=_most(m.meeting.host for m in c.members),
            occasion=min(occasions, key=len) if occasions else None,
            evidence=tuple(sorted({e for m in c.members for e in m.meeting.evidence})),
        ))
        if len(c.members) > 1:
            members = tuple(sorted(f"{m.source}#{m.meeting.key}" for m in c.members))
            merges.append(Merge("meeting", key, members, "same participants, same mode (in person or remote), compatible dates"))
    return sorted(meetings)


# ---------------------------------------------------------------- agreements
def _merge_agreements(readings, person_map, person_country, merges: list[Merge]) -> list[Agreement]:
    """An article's agreements stay distinct (a summit may sign several between the same parties);
    across articles, reports of the same parties are one agreement when their dates agree."""
    clusters: list[list[tuple[str, Agreement]]] = []
    by_parties: dict[tuple[str, ...], list[list[tuple[str, Agreement]]]] = defaultdict(list)  # only the same parties merge
    for r in readings:
        for a in r.agreements:
            sig = tuple(sorted({person_map[(r.source.name, s)] for s in a.signatories}))
            a = replace(a, signatories=sig)
            same = by_parties[a.parties]
            cluster = next((c for c in same if all(s != r.source.name for s, _ in c) and _same_agreement(c, a)), None)
            if cluster is None:
                clusters.append(cluster := [])
                same.append(cluster)
            cluster.append((r.source.name, a))
    agreements, used = [], Counter()
    for members in clusters:
        parties = members[0][1].parties
        names = Counter(a.name for _, a in members)
        name = max(names, key=lambda n: (names[n], len(n), n))
        signers = sorted({s for _, a in members for s in a.signatories if person_country.get(s) in (None, *parties)})
        dates = sorted({a.date for _, a in members if a.date})
        durations = sorted({a.duration for _, a in members if a.duration})
        words = fold_words(name)
        base = slug(f"{' '.join(parties)} {dates[0].isoformat() if dates else ''} {durations[0] if durations else ''} {words[-1] if words else 'agreement'}")
        used[base] += 1
        key = base if used[base] == 1 else f"{base}-{used[base]}"
        evidence = tuple(sorted({e for _, a in members for e in a.evidence}))
        agreements.append(Agreement(key, name, parties, tuple(signers), durations[0] if durations else None, dates[0] if dates else None, evidence))
        if len(members) > 1:
            merges.append(Merge("agreement", key, tuple(sorted(f"{s}#{a.key}" for s, a in members)), "same parties, same date (or, undated, the same duration or name)"))
    return sorted(agreements)


def _same_agreement(cluster: list[tuple[str, Agreement]], a: Agreement) -> bool:
    """Same parties and the same date; where a date is missing, the same duration or the same name."""
    if cluster[0][1].parties != a.parties:
        return False
    dates = {b.date for _, b in cluster if b.date}
    if a.date and dates:
        return a.date in dates
    if a.duration and a.duration in {b.duration for _, b in cluster}:
        return True
    return " ".join(fold_words(a.name)) in {" ".join(fold_words(b.name)) for _, b in cluster}


# ---------------------------------------------------------------- claims
def _merge_claims(readings, ref, merges: list[Merge]) -> list[Claim]:
    groups: dict[tuple[Ref, str], list[tuple[str, Claim]]] = defaultdict(list)
    for r in readings:
        for c in r.claims:
            speaker = ref(r.source.name, c.speaker)
            topics = tuple(sorted({ref(r.source.name, t) for t in c.topics}))
            groups[(speaker, fold_quote(c.quote))].append((r.source.name, replace(c, speaker=speaker, topics=topics)))
    claims = []
    for (speaker, folded), members in sorted(groups.items()):
        quotes = Counter(c.quote for _, c in members)
        quote = max(quotes, key=lambda q: (quotes[q], q))
        key = claim_key(speaker.key, quote)
        claims.append(Claim(
            key=key,
            speaker=speaker,
            quote=quote,
            topics=tuple(sorted({t for _, c in members for t in c.topics})),
            evidence=tuple(sorted({e for _, c in members for e in c.evidence})),
        ))
        if len(members) > 1:
            merges.append(Merge("claim", key, tuple(sorted(f"{s}#{c.key}" for s, c in members)), "same speaker, same words after case and punctuation folding"))
    return _link_variants(sorted(claims))


def _link_variants(claims: list[Claim]) -> list[Claim]:
    """Link claims that word one statement differently; candidates share two content words."""
    # Claims worded alike (one quote from several speakers) are compared once, as one wording.
    wordings: dict[tuple[str, ...], list[str]] = defaultdict(list)  # content words -> keys of the claims so worded
    for c in claims:
        wordings[tuple(w for w in fold_words(c.quote) if w not in STOP_WORDS)].append(c.key)
    holders: Counter[str] = Counter()  # word -> how many claims hold it
    for words, keys in wordings.items():
        holders.update(dict.fromkeys(set(words), len(keys)))
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # word -> the wordings with it, for words of < 200 claims
    for words in wordings:
        for w in set(words):
            if holders[w] < 200:
                index[w].append(words)
    # Each word paired with how many times it came before, so that the size of a set intersection (made
    # in C) is how many words two wordings share, a word as often as both hold it.
    counted = {words: frozenset(_numbered(words)) for words in wordings}
    links: dict[str, list[Variant]] = defaultdict(list)
    matcher = difflib.SequenceMatcher(None)
    for b in wordings:
        # Candidates are symmetric (shared words, a symmetric bound), so each pair is met from both
        # ends: here b is the matcher's second sequence, analysed once for all its candidates,
        # and each ratio found is the link of the candidate's claims to b's.
        matcher.set_seq2(b)
        shared = Counter(a for w in set(b) for a in index.get(w, ()))
        for a, n in shared.items():
            if n < 2:
                continue
            common = len(counted[a] & counted[b])
            if 2 * common < VARIANT_MIN_SIMILARITY * (len(a) + len(b)):
                continue  # difflib's quick_ratio, an upper bound of ratio(), without building a matcher
            similarity = _similarity(matcher, a, b, common)
            if similarity >= VARIANT_MIN_SIMILARITY:
                for other in wordings[a]:
                    links[other].extend(Variant(key, similarity) for key in wordings[b] if key != other)
    return [replace(c, variants=tuple(sorted(links[c.key]))) if links[c.key] else c for c in claims]


def _numbered(words: tuple[str, ...]) -> list[tuple[str, int]]:
    """Each word with how many times it came before: ("a", "b", "a") -> [("a", 0), ("b", 0), ("a", 1)]."""
    seen: Counter[str] = Counter()
    numbered = []
    for w in words:
        numbered.append((w, seen[w]))
        seen[w] += 1
    return numbered


def _similarity(matcher: difflib.SequenceMatcher, a: tuple[str, ...], b: tuple[str, ...], common: int) -> float:
    """difflib's ratio() of `a` and `b` (the matcher's second sequence), to 3 places; `common`: how many words they share."""
    if len(set(a)) == len(a) and len(set(b)) == len(b):
        shared = set(a) & set(b)
        if [w for w in a if w in shared] == [w for w in b if w in shared]:
            # No word repeats and the shared words come in one order: each word matches only its
            # one twin, and each block difflib finds leaves the rest to its two sides in the same
            # order, so its blocks hold every shared word. The ratio is then quick_ratio's.
            return round(2.0 * common / (len(a) + len(b)), 3)
    matcher.set_seq1(a)
    return round(matcher.ratio(), 3)
