"""Treaties, frameworks, pacts and deals that an article reports as signed or announced."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.dates import NUMBER_WORDS
from kg.extract.cached import parse_when
from kg.extract.context import ArticleContext
from kg.extract.coref import meeting_before, refs_for, subjects_of
from kg.extract.lexicon import AGREEMENT_NOUNS, AGREEMENT_VERBS
from kg.extract.meetings import is_unreal
from kg.records import COUNTRY, PERSON, Evidence, Ref

UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_DURATION = re.compile(r"\b(?P<n>\d+|" + "|".join(NUMBER_WORDS) + r")[- ](?P<unit>year|month|week|day)s?\b", re.I)
# Verbs that report an agreement as made, when they govern its noun.
REPORTING_VERBS = AGREEMENT_VERBS | {"follow", "mark", "hail", "welcome"}
VAGUE = frozenset({"new", "comprehensive", "significant", "major", "landmark", "historic", "long-term", "key", "important", "broad", "sweeping", "first"})


@dataclass(frozen=True)
class AgreementDraft:
    name: str
    parties: frozenset[str]
    signatories: frozenset[str]
    duration: str | None
    date_text: str | None
    evidence: Evidence


def find_agreements(ctx: ArticleContext) -> list[AgreementDraft]:
    drafts = []
    for si, doc in enumerate(ctx.parsed.docs):
        view = ctx.views[si]
        if AGREEMENT_NOUNS.isdisjoint(view.lemma):
            continue
        nouns = [i for i, lemma in enumerate(view.lemma) if lemma in AGREEMENT_NOUNS and view.pos[i] in ("NOUN", "PROPN")]
        for sent in view.sents:
            here = [i for i in nouns if sent.start <= i < sent.end]
            if not here or view.span_text(sent.start, sent.end).rstrip().endswith("?"):
                continue
            for tok in (doc[i] for i in here):
                if tok.dep_ == "compound":
                    continue
                verb = _reporting_verb(tok)
                if verb is None or _negated(tok, verb) or is_unreal(verb, view):
                    continue
                parties, signers = set(), set()
                subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb.head is not tok else []
                # "The EU and the four members - Brazil, Argentina ... - signed": every country in the subject.
                parties |= {ctx.country_at[(si, t.i)] for c in subjects for t in c.subtree if (si, t.i) in ctx.country_at}
                for ref in subjects_of(ctx, si, verb) + _objects(ctx, si, tok, verb) + _group_countries(ctx, si, sent, verb):
                    if ref.kind == COUNTRY:
                        parties.add(ref.key)
                    elif ref.kind == PERSON:
                        signers.add(ref.key)
                        country = ctx.persons[ref.key].country
                        if country:
                            parties.add(country)
                parties |= {ctx.country_at[(si, t.i)] for t in tok.subtree if (si, t.i) in ctx.country_at}
                if len(parties) < 2 and not signers:
                    continue
                words = _name_words(tok)
                name = ctx.original(si, words[0].idx, tok.idx + len(tok.text))
                date = next((e.text for e in view.ents_in(sent) if e.label_ == "DATE" and not _DURATION.search(e.text) and parse_when(e.text)), None)
                drafts.append(AgreementDraft(name, frozenset(parties), frozenset(signers), _duration(name), date, ctx.evidence(si, words[0].idx, tok.idx + len(tok.text))))
    return _complete(drafts)


def _complete(drafts: list[AgreementDraft]) -> list[AgreementDraft]:
    """A signing whose parties the sentence leaves unsaid ("X and Y signed a 10-year partnership")
    joins the one agreement of the article that has them and no other duration."""
    whole = [d for d in drafts if len(d.parties) >= 2]
    for part in (d for d in drafts if len(d.parties) < 2):
        fits = [i for i, d in enumerate(whole) if part.parties <= d.parties and (part.duration in (None, d.duration) or d.duration is None)]
        if len({whole[i].parties for i in fits}) == 1:
            for i in fits:
                d = whole[i]
                whole[i] = AgreementDraft(d.name, d.parties, d.signatories | part.signatories, d.duration or part.duration, d.date_text or part.date_text, d.evidence)
    return whole


def _reporting_verb(tok):
    """The verb that reports the agreement as made: 'signed a pact', 'a deal was announced', 'followed a framework',
    'the memorandum signed in January'."""
    for c in tok.children:
        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and c.lemma_.lower() in AGREEMENT_VERBS:
            return c
    t = tok
    for _ in range(3):
        if t.head is t:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t if t.lemma_.lower() in REPORTING_VERBS else None
    return None


def _negated(tok, verb) -> bool:
    subjects = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    words = list(tok.children) + list(verb.children) + subjects
    return any(c.dep_ == "neg" for c in verb.children) or any(c.lower_ in ("no", "neither", "nor", "without", "none") for c in words)


def _group_countries(ctx: ArticleContext, si: int, sent, verb) -> list:
    """'their governments', 'the two countries', 'the two ministers': the people of the last meeting."""
    words = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent", "prep") for t in c.subtree]
    if not any(t.lower_ in ("two", "both", "their") for t in words):
        return []
    if any((si, t.i) in ctx.person_at or (si, t.i) in ctx.country_at for t in words):
        return []  # the sentence names them itself
    meeting = meeting_before(ctx, ctx.offset(si) + sent.end_char)
    if meeting is None:
        return []
    if any(t.lower_ in ("governments", "countries", "nations", "sides", "states") for t in words):
        # Governments sign; their leaders' countries are the parties, the leaders no signatories.
        return [Ref(COUNTRY, c) for c in sorted({ctx.persons[k].country for k in meeting.participants} - {None})]
    return [Ref(PERSON, k) for k in sorted(meeting.participants)]


def _objects(ctx: ArticleContext, si: int, tok, verb) -> list:
    refs = []
    for head in (tok, verb):
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "between", "among", "by"):
                refs += [r for p in c.children if p.dep_ == "pobj" for r in refs_for(ctx, si, p)]
                refs += [r for p in c.children if p.dep_ == "pobj" for t in p.subtree for r in refs_for(ctx, si, t, with_conjuncts=False) if r.kind == PERSON]
    # "met with X and signed a framework": the people the subject met sign with it.
    for conj in verb.conjuncts:
        for c in conj.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                refs += [r for p in c.children if p.dep_ == "pobj" for r in refs_for(ctx, si, p)]
            if c.dep_ == "prep" and c.lower_ in ("following", "after"):
                refs += [r for t in c.subtree for r in refs_for(ctx, si, t, with_conjuncts=False) if r.kind == PERSON]
    for c in list(tok.children) + list(verb.children):
        if c.dep_ == "prep" and c.lower_ in ("following", "after"):
            refs += [r for t in c.subtree for r in refs_for(ctx, si, t, with_conjuncts=False) if r.kind == PERSON]
    return refs


def _name_words(tok) -> list:
    """The agreement's own words: '10-year defence cooperation framework', not 'a new'."""
    lefts = [t for t in tok.lefts if t.dep_ not in ("det", "poss", "predet") and t.lower_ not in VAGUE]
    words = [w for t in lefts for w in t.subtree if w.lower_ not in VAGUE and w.dep_ != "det"]
    return sorted(set(words), key=lambda t: t.i) + [tok] if words else [tok]


def _duration(name: str) -> str | None:
    m = _DURATION.search(name)
    if m is None:
        return None
    n = int(m["n"]) if m["n"].isdigit() else NUMBER_WORDS[m["n"].lower()]
    return f"P{n}{UNITS[m['unit'].lower()]}"
