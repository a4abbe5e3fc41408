"""What the extractors share about one article while they read it: parsed segments and who is where.

Tokens are addressed as (segment index, token index). The maps say which person,
country or organisation a token stands for, after coreference.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from spacy.attrs import IDX, LEMMA, LOWER, ORTH, POS

from kg.nlp import ParsedArticle
from kg.records import Evidence, Mention, Ref

TokenId = tuple[int, int]


# String-store hash -> string, and -> its lower case. A hash is the same in every vocab; the
# tables are cleared when they grow past MAX_NAMES (a corpus has far fewer distinct words).
_NAMES: dict[int, str] = {}
_LOWER_NAMES: dict[int, str] = {}
MAX_NAMES = 1_000_000


def _strings(strings, hashes: list[int], table: dict[int, str], convert) -> list[str]:
    """The strings of `hashes`, looked up in `strings` once per distinct hash."""
    if len(table) > MAX_NAMES:
        table.clear()
    for h in hashes:
        if h not in table:
            table[h] = convert(strings[h])
    return [table[h] for h in hashes]


class DocView:
    """One Doc as the extractors scan it: token attributes, entities and sentences, each read once.

    Iterating a Doc builds a Token object per token and reading its attributes looks each
    string up again; Doc.ents and Token.sent scan the whole Doc on every call. Scanning these
    lists builds and scans nothing; Tokens are built only for the few words worth a closer look.
    """

    def __init__(self, doc):
        self.doc = doc
        if len(doc):
            orth, lower, lemma, pos, idx = doc.to_array([ORTH, LOWER, LEMMA, POS, IDX]).T.tolist()
        else:
            orth = lower = lemma = pos = idx = []
        strings = doc.vocab.strings
        self.text = _strings(strings, orth, _NAMES, str)
        self.lower = _strings(strings, lower, _NAMES, str)
        self.lemma = _strings(strings, lemma, _LOWER_NAMES, str.lower)  # lower-cased, as the extractors compare it
        self.pos = _strings(strings, pos, _NAMES, str)
        self.idx = idx  # each token's character offset in the Doc

    @cached_property
    def ents(self) -> tuple:
        return self.doc.ents

    @cached_property
    def sents(self) -> list:
        return list(self.doc.sents)

    @cached_property
    def _sent_starts(self) -> list[int]:
        return [sent.start for sent in self.sents]

    def sent_of(self, i: int):
        """The sentence holding token i, as Token.sent (or the sentence of a Span starting at i) gives it."""
        return self.sents[bisect.bisect_right(self._sent_starts, i) - 1]

    def ents_in(self, span) -> list:
        """The entities inside `span`, as Span.ents gives them."""
        found = []
        for ent in self.ents:
            if ent.start >= span.start:
                if ent.end > span.end:
                    break
                found.append(ent)
        return found


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

    @property
    def source(self) -> str:
        return self.parsed.article.source.name

    def text(self, seg: int) -> str:
        """The (normalised) text of segment `seg`; spaCy's Doc.text rebuilds it from tokens on every call."""
        texts = self.cache.get("texts")
        if texts is None:
            texts = [self.parsed.text[s.start : s.end] for s in self.parsed.segments]
            self.cache["texts"] = texts
        return texts[seg]

    def view(self, seg: int) -> DocView:
        """The Doc of segment `seg`, as the extractors scan it."""
        views = self.cache.get("views")
        if views is None:
            views = [DocView(doc) for doc in self.parsed.docs]
            self.cache["views"] = views
        return views[seg]

    def span_text(self, seg: int, start: int, end: int) -> str:
        """The text of tokens [start, end) of segment `seg`, as Span.text gives it."""
        view = self.view(seg)
        return self.text(seg)[view.idx[start] : view.idx[end - 1] + len(view.text[end - 1])]

    def offset(self, seg: int) -> int:
        return self.parsed.segments[seg].start

    def evidence(self, seg: int, start_char: int, end_char: int) -> Evidence:
        """Evidence for doc characters [start_char, end_char) of segment `seg`, with its sentence."""
        doc = self.parsed.docs[seg]
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        sent = self.view(seg).sent_of(span.start if span is not None and len(span) else 0) if len(doc) else None
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
