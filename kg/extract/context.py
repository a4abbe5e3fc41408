"""What the extractors share about one article while they read it: parsed segments and who is where.

Tokens are addressed as (segment index, token index). The maps say which person,
country or organisation a token stands for, after coreference.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.docview import DocView
from kg.nlp import ParsedArticle
from kg.records import Evidence, Mention, Ref

TokenId = tuple[int, int]


@dataclass
class PersonDraft:
    key: str
    name: str
    aliases: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    country: str | None = None


@dataclass
class MeetingDraft:
    participants: frozenset[str]
    kind: str
    date_text: str | None
    place: str | None
    occasion: str | None
    evidence: tuple[Evidence, ...]
    order: int  # position in the article, to find "the previous meeting"
    host: str | None = None  # the participant who received the others, when the text says


@dataclass
class ArticleContext:
    parsed: ParsedArticle
    persons: dict[str, PersonDraft] = field(default_factory=dict)
    person_at: dict[TokenId, str] = field(default_factory=dict)
    country_at: dict[TokenId, str] = field(default_factory=dict)
    place_at: dict[TokenId, str] = field(default_factory=dict)
    places: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # key -> (name, country)
    organizations: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # key -> (name, country)
    countries: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    meetings: list[MeetingDraft] = field(default_factory=list)
    meeting_marks: list[tuple[int, int]] = field(default_factory=list)  # (where, index in meetings), in text order
    cache: dict = field(default_factory=dict)  # derived lookups, rebuilt when what they derive from grows
    views: list[DocView] = field(init=False, repr=False)  # one per segment

    def __post_init__(self):
        text = self.parsed.text
        self.views = [DocView(doc, text[s.start : s.end]) for doc, s in zip(self.parsed.docs, self.parsed.segments)]

    @property
    def source(self) -> str:
        return self.parsed.article.source.name

    def text(self, seg: int) -> str:
        """The (normalised) text of segment `seg`."""
        return self.views[seg].text

    def offset(self, seg: int) -> int:
        return self.parsed.segments[seg].start

    def evidence(self, seg: int, start_char: int, end_char: int) -> Evidence:
        """Evidence for doc characters [start_char, end_char) of segment `seg`, with its sentence."""
        view = self.views[seg]
        span = view.char_span(start_char, end_char)
        sent = view.sent_of(span[0] if span is not None and span[0] < span[1] else 0) if view.words else None
        base = self.offset(seg)
        s_start = base + (sent.start_char if sent is not None else 0)
        s_end = base + (sent.end_char if sent is not None else len(self.text(seg)))
        # A quote may run past its sentence: widen the sentence to hold the span.
        s_start, s_end = min(s_start, base + start_char), max(s_end, base + end_char)
        text = self.parsed.article.text
        return Evidence(self.source, base + start_char, base + end_char, s_start, s_end, text[s_start:s_end])

    def add_mention(self, ref: Ref, seg: int, start_char: int, end_char: int) -> None:
        base = self.offset(seg)
        surface = self.parsed.article.text[base + start_char : base + end_char]
        self.mentions.append(Mention(ref, surface, self.evidence(seg, start_char, end_char)))

    def original(self, seg: int, start_char: int, end_char: int) -> str:
        """The original (unnormalised) text of doc characters [start_char, end_char) of segment `seg`."""
        base = self.offset(seg)
        return self.parsed.article.text[base + start_char : base + end_char]
