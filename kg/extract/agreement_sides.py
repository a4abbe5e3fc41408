"""The sides of an agreement: the countries that are its parties and the people who signed it,
read from the verb that reports it, the noun's own words and the meeting it was made at.

Rules over spaCy's parse and the article's entities (kg.extract.context); no model of its own.
"""
from __future__ import annotations

from collections import Counter

from kg.extract.agreement_words import kind_of
from kg.extract.context import ArticleContext
from kg.extract.coref import meeting_before, refs_for, subjects_of
from kg.extract.lexicon import (
    APPROVAL_VERBS,
    COMBINING_FORMS,
    COMMERCIAL_PARTIES,
    INTERGOVERNMENTAL_WORDS,
    MEETING_NOUNS,
    SIGNING_VERBS,
)
from kg.gazetteer import fold, load_gazetteer
from kg.records import COUNTRY, PERSON, Ref

# Plural nouns that stand for the sides of an agreement ("the two governments", "both leaders").
GROUP_NOUNS = frozenset({"governments", "countries", "nations", "sides", "states", "leaders", "ministers", "parties"})
HYPHENS = ("-", "–", "‑")


def name_countries(ctx: ArticleContext, si: int, tok) -> set[str]:
    """Countries in the agreement's own words ('the A-B pact', 'the Sino-<X> treaty',
    'a treaty among A, B and C'). Documents listed together share the list's countries, unless
    each names its own pair ('the A-B pact and the C-D deal')."""
    root = tok
    while root.dep_ in ("conj", "appos") and root.head.i != root.i and kind_of(root.head):
        root = root.head
    members = [t for t in root.subtree if t.dep_ in ("conj", "appos") and kind_of(t) and t.head.i != t.i] + [root]
    own = {m.i: _own_countries(ctx, si, m) for m in members}
    if len(members) > 1 and any(len(c) < 2 for c in own.values()):
        return set().union(*own.values())
    return own[tok.i]


def _own_countries(ctx: ArticleContext, si: int, tok) -> set[str]:
    others = {t.i for c in tok.children if c.dep_ in ("conj", "appos") and kind_of(c) for t in c.subtree}
    found = set()
    for t in tok.subtree:
        if t.i in others:
            continue
        if (si, t.i) in ctx.country_at:
            found.add(ctx.country_at[(si, t.i)])
        elif _hyphened(t):
            gazetteer = load_gazetteer()
            code = COMBINING_FORMS.get(t.lower_) or gazetteer.country_by_name(t.text) or gazetteer.demonyms.get(fold(t.text))
            if code:
                found.add(code)
    return found


def _hyphened(t) -> bool:
    """A word joined by a hyphen to the next or the one before ('Sino-<X>', 'A-B')."""
    doc = t.doc
    return (t.i + 1 < len(doc) and doc[t.i + 1].text in HYPHENS) or (t.i > 0 and doc[t.i - 1].text in HYPHENS)


def between_countries(ctx: ArticleContext, si: int, tok) -> set[str]:
    """The countries of the agreement's own 'between' or 'among' phrase."""
    return {ctx.country_at[(si, t.i)] for c in tok.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
            for t in c.subtree if (si, t.i) in ctx.country_at}


def main_countries(ctx: ArticleContext) -> list[tuple[str, int]]:
    """The countries the article names most, with how often, most first."""
    counts = Counter(m.ref.key for m in ctx.mentions if m.ref.kind == COUNTRY)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def sides_said(tok, verb) -> int:
    """2 for 'the two governments', 'both sides', 'between the two countries'."""
    heads = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent", "prep")] + [c for c in tok.children if c.dep_ == "prep"]
    words = [t for c in heads for t in c.subtree]
    return 2 if any(t.lower_ in ("two", "both") and t.head.lower_ in GROUP_NOUNS for t in words) else 0


def joint_sides(ctx: ArticleContext, si: int, sent, tok) -> set[str]:
    """'X and Y said ... in their joint communique': the countries of the people the sentence is about."""
    main = tok.sent.root
    refs = subjects_of(ctx, si, main) + group_countries(ctx, si, sent, main)
    return {r.key for r in refs if r.kind == COUNTRY} | {ctx.persons[r.key].country for r in refs if r.kind == PERSON}


def verb_sides(ctx: ArticleContext, si: int, sent, tok, verb, drafts) -> tuple[set[str], set[str]]:
    """The parties and signatories that the verb reporting the agreement names: its subject, its
    'with', 'between' and 'by' phrases, the meeting it was made at."""
    approval = verb.lemma_.lower() in APPROVAL_VERBS
    signing = verb.lemma_.lower() in SIGNING_VERBS
    between = any(c.dep_ == "prep" and c.lower_ in ("between", "among") for c in tok.children)
    parties, signers = set(), set()
    # The subject names the parties unless it is the agreement itself ("the pact was signed").
    subjects = [c for c in _subject_words(verb) if not kind_of(c)] if verb.head.i != tok.i else []
    subject_refs = subjects_of(ctx, si, verb) + group_countries(ctx, si, sent, verb)
    if not subject_refs and verb.dep_ == "acl" and verb.head.head.pos_ == "VERB":
        # "X and Y issued a statement announcing an agreement": the subjects of the verb of the statement.
        subject_refs = subjects_of(ctx, si, verb.head.head)
        subjects = [c for c in verb.head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if approval and (between or not subject_refs):
        subjects, subject_refs = [], []  # "X welcomed the deal between Y and Z": X is no side
    # "The bloc and its four members - A, B ... - signed": every country in the subject.
    parties |= {ctx.country_at[(si, t.i)] for c in subjects for t in c.subtree if (si, t.i) in ctx.country_at}
    # "The two sides signed": the sides are countries, their leaders no signatories.
    states = _country_group(subjects)
    objects = named_sides(ctx, si, tok, verb)
    for ref in subject_refs + objects + _meeting_countries(ctx, si, sent, tok, verb):
        if ref.kind == COUNTRY:
            parties.add(ref.key)
        elif ref.kind == PERSON:
            if signing and (not states or ref in objects):
                signers.add(ref.key)
            country = ctx.persons[ref.key].country
            if country:
                parties.add(country)
    parties |= _recipient_countries(ctx, si, tok, verb)
    if not parties and not signers and tok.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in verb.children):
        # "Several agreements were also signed": at the meeting just told of.
        meeting = meeting_before(ctx, ctx.offset(si) + sent.end_char)
        if meeting is not None:
            parties |= {ctx.persons[k].country for k in meeting.participants} - {None}
    if not parties and drafts and _country_group(subjects):
        # "the two states sealed a pact": the parties of the agreement last told of.
        parties |= next((d.parties for d in reversed(drafts) if len(d.parties) >= 2), frozenset())
    return parties, signers


def commercial(tok, verb) -> bool:
    """'contracts were signed by firms from both countries': the sides are not states."""
    sides = [p for h in (tok, verb) for c in h.children if c.dep_ == "prep" and c.lower_ in ("between", "among", "with") for p in c.children if p.dep_ == "pobj"]
    sides += [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    return any(t.lemma_.lower() in COMMERCIAL_PARTIES for s in sides for t in [s, *s.conjuncts])


def group_countries(ctx: ArticleContext, si: int, sent, verb) -> list:
    """'their governments', 'the two countries', 'the leaders': the people of the last meeting."""
    words = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent", "prep") for t in c.subtree]
    groups = [t for t in words if t.lower_ in GROUP_NOUNS and any(c.lower_ in ("the", "their", "both", "two", "three", "four") for c in t.children)]
    if not groups and not any(t.lower_ in ("two", "both", "their") for t in words):
        return []
    if any((si, t.i) in ctx.person_at or (si, t.i) in ctx.country_at for t in words):
        return []  # the sentence names them itself
    meeting = meeting_before(ctx, ctx.offset(si) + sent.end_char)
    if meeting is None:
        return []
    if any(t.lower_ in ("governments", "countries", "nations", "sides", "states", "parties") for t in words):
        # Governments sign; their leaders' countries are the parties, the leaders no signatories.
        return [Ref(COUNTRY, c) for c in sorted({ctx.persons[k].country for k in meeting.participants} - {None})]
    return [Ref(PERSON, k) for k in sorted(meeting.participants)]


def _subject_words(verb) -> list:
    """The subjects of `verb`, or of the verb it is conjoined with ("X and Y met and signed a pact")."""
    v = verb
    for _ in range(3):
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or v.dep_ != "conj" or v.head.i == v.i:
            return subjects
        v = v.head
    return []


def _country_group(subjects) -> bool:
    """'the two countries', 'both sides', 'the nations': the subject stands for countries named before."""
    return any(s.lower_ in ("countries", "nations", "sides", "governments") for s in subjects)


def _meeting_countries(ctx: ArticleContext, si: int, sent, tok, verb) -> list:
    """'released after the meeting', 'signed at the summit': the countries of the meeting's people."""
    for head in (tok, verb):
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("after", "at", "during", "following"):
                nouns = [p for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in MEETING_NOUNS]
                if nouns and any(d.lower_ in ("the", "this", "their") for p in nouns for d in p.children):
                    meeting = meeting_before(ctx, ctx.offset(si) + sent.end_char)
                    if meeting is not None:
                        return [Ref(COUNTRY, c) for c in sorted({ctx.persons[k].country for k in meeting.participants} - {None})]
    return []


def _recipient_countries(ctx: ArticleContext, si: int, tok, verb) -> set[str]:
    """'signed a deal to cede the territory to X': the country a signed deal gives to or binds with."""
    if verb.lemma_.lower() not in ("sign", "ink", "seal", "conclude"):
        return set()
    found = set()
    for head in (tok, verb):
        for clause in head.children:
            if clause.dep_ in ("acl", "advcl", "relcl") and clause.i > tok.i and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
                for t in clause.subtree:
                    if t.dep_ == "prep" and t.lower_ in ("to", "with"):
                        found |= {ctx.country_at[(si, p.i)] for p in t.children if p.dep_ == "pobj" and (si, p.i) in ctx.country_at}
    return found


def body_side(ctx: ArticleContext, si: int, tok, verb) -> bool:
    """'The head of the Agency praised a plan with X': the other side is an organisation."""
    sides = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "between")]
    if verb is not None:
        sides += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(_body_of_states(t) and (si, t.i) not in ctx.country_at for c in sides for t in c.subtree)


def _body_of_states(t) -> bool:
    """'the X Agency', 'the Y Fund', 'the <body> watchdog'; not a company."""
    if t.lower_ in INTERGOVERNMENTAL_WORDS and (t.ent_type_ == "ORG" or t.lower_ == "watchdog"):
        return True
    before = t.doc[t.i - 1] if t.i > 0 else None
    return t.ent_type_ == "ORG" and t.is_upper and 2 <= len(t.text) <= 6 and before is not None and before.lower_ == "the"


def named_sides(ctx: ArticleContext, si: int, tok, verb) -> list:
    refs = []
    for head in (tok, verb):
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "between", "among", "by"):
                refs += [r for p in c.children if p.dep_ == "pobj" for r in refs_for(ctx, si, p)]
                # Named people anywhere in the phrase ("by the ministers, X and Y"), not pronouns inside it ("his").
                refs += [Ref(PERSON, ctx.person_at[(si, t.i)]) for p in c.children if p.dep_ == "pobj" for t in p.subtree if (si, t.i) in ctx.person_at]
    # "met with X and signed a framework": the people the subject met sign with it.
    for conj in verb.conjuncts:
        for c in conj.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                refs += [r for p in c.children if p.dep_ == "pobj" for r in refs_for(ctx, si, p)]
            if c.dep_ == "prep" and c.lower_ in ("following", "after"):
                refs += [r for t in c.subtree for r in refs_for(ctx, si, t, with_conjuncts=False) if r.kind == PERSON]
    if not any(r.kind == PERSON for r in refs):  # "signed by X and Y once the two had talked" names them already
        for c in list(tok.children) + list(verb.children):
            if c.dep_ == "prep" and c.lower_ in ("following", "after"):
                refs += [r for t in c.subtree for r in refs_for(ctx, si, t, with_conjuncts=False) if r.kind == PERSON]
    return refs
