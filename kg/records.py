"""Frozen records that flow between the stages: ingest -> extract -> resolve -> rdf.

Records are hashable and ordered, so every collection of them can be sorted into a
fixed order; spaCy and rdflib objects never appear in them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from operator import attrgetter

# Kinds of entity a Ref can point to; iris.mint_iri knows each of them.
PERSON = "person"
COUNTRY = "country"
PLACE = "place"
ORGANIZATION = "organization"

# Meeting kinds, as the contract query reports them.
IN_PERSON = "in-person"
CALL = "call"
VIDEO_CALL = "video-call"


@dataclass(frozen=True, order=True, slots=True)
class Source:
    """Metadata of one article: everything but its text."""

    name: str  # file name relative to the input root, or "file.jsonl#id"
    title: str = ""
    published: date | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    also_names: tuple[str, ...] = ()  # other files holding the same text


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from disk; `text` is the original, unnormalised text (Markdown's markup blanked, one space a character)."""

    source: Source
    text: str


@dataclass(frozen=True, order=True, slots=True)
class Evidence:
    """Where a fact was read: a character span inside a sentence of one article."""

    source: str  # Source.name
    start: int  # offsets into Article.text
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str  # the sentence text, so a user can read it without the article


@dataclass(frozen=True, order=True, slots=True)
class Ref:
    """A typed pointer to an entity: kind is one of PERSON, COUNTRY, PLACE, ORGANIZATION."""

    kind: str
    key: str


@dataclass(frozen=True, order=True, slots=True)
class Mention:
    """One occurrence of an entity in an article."""

    ref: Ref
    surface: str  # the words as they stand in the text
    evidence: Evidence


@dataclass(frozen=True, order=True, slots=True)
class Person:
    key: str  # slug of the full name, e.g. "ana-ferreira"
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    country: str | None = None  # Country.key of the country the person represents


@dataclass(frozen=True, order=True, slots=True)
class Country:
    key: str  # ISO 3166-1 alpha-2 code ("EU" for the European Union)
    name: str
    alpha3: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, order=True, slots=True)
class Place:
    key: str  # slug of the name
    name: str
    country: str | None = None  # Country.key it lies in


@dataclass(frozen=True, order=True, slots=True)
class Organization:
    key: str  # slug of the name
    name: str
    country: str | None = None


@dataclass(frozen=True, order=True, slots=True)
class Meeting:
    key: str
    participants: tuple[str, ...]  # Person.keys, sorted
    kind: str = IN_PERSON
    date: date | None = None
    date_text: str | None = None  # the words that gave (or failed to give) the date
    place: str | None = None  # Place.key
    occasion: str | None = None
    evidence: tuple[Evidence, ...] = ()
    month: str | None = None  # "YYYY-MM" when the text gives the month and no day (date is then None)
    host: str | None = None  # Person.key of the participant who received the others, when the text says


@dataclass(frozen=True, order=True, slots=True)
class Agreement:
    key: str
    name: str
    parties: tuple[str, ...] = ()  # Country.keys, sorted
    signatories: tuple[str, ...] = ()  # Person.keys, sorted
    duration: str | None = None  # ISO 8601, e.g. "P10Y"
    date: date | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, order=True, slots=True)
class Variant:
    """Another claim that words the same statement differently."""

    claim: str  # Claim.key
    similarity: float


@dataclass(frozen=True, order=True, slots=True)
class Claim:
    key: str
    speaker: Ref
    quote: str  # the characters between the quote marks, as they stand
    topics: tuple[Ref, ...] = ()
    evidence: tuple[Evidence, ...] = ()  # one appearance per source sentence
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True, order=True, slots=True)
class Merge:
    """An audit line: which article-level records became one node, and why."""

    kind: str  # PERSON, COUNTRY, "meeting", "claim", ...
    key: str  # the merged record's key
    members: tuple[str, ...]  # "source#local-key" of each merged record
    reason: str


@dataclass(frozen=True, slots=True)
class Reading:
    """What one article says, as the extraction stage found it (article-local keys)."""

    source: Source
    persons: tuple[Person, ...] = ()
    countries: tuple[Country, ...] = ()
    places: tuple[Place, ...] = ()
    organizations: tuple[Organization, ...] = ()
    mentions: tuple[Mention, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    """The merged graph content: every record sorted, keys global."""

    sources: tuple[Source, ...] = ()
    persons: tuple[Person, ...] = ()
    countries: tuple[Country, ...] = ()
    places: tuple[Place, ...] = ()
    organizations: tuple[Organization, ...] = ()
    mentions: tuple[Mention, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    claims: tuple[Claim, ...] = ()
    merges: tuple[Merge, ...] = field(default=())


def _pickled_as_constructed(cls: type) -> None:
    """Pickle `cls`'s records as (class, field values), unpickled by calling the class.

    A frozen slotted dataclass otherwise pickles through dataclasses' __getstate__ and __setstate__,
    which list the class's fields again for every record: a build pickles each reading twice (to the
    shelf; from a worker) and this halves the time. Every field of a record is an __init__ argument.
    """
    values = attrgetter(*(f.name for f in fields(cls)))
    if len(fields(cls)) == 1:
        cls.__reduce__ = lambda record: (type(record), (values(record),))
    else:
        cls.__reduce__ = lambda record: (type(record), values(record))


for _record in [value for value in globals().values() if isinstance(value, type) and is_dataclass(value)]:
    _pickled_as_constructed(_record)
