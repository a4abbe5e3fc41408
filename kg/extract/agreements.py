"""Treaties, frameworks, pacts and deals that an article reports as signed or announced.

Each agreement noun governed by a verb that reports it as made ("signed a pact", "a deal was
announced", "welcomed the framework") is a mention, with the parties and signatories the verb
and the noun's own words name; lines of a list under "the following documents were signed:"
are mentions too. The mentions of one article then become its agreements: a later mention of
the same kind and parties ("the treaty", "the deal") is the same agreement, while documents of
different kinds, or of different dates, stay apart; sentences that each name one side of one
agreement are joined.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from kg.dates import NUMBER_WORDS, resolve_when
from kg.extract.cached import fold_words, parse_when
from kg.extract.context import ArticleContext
from kg.extract.coref import meeting_before, refs_for, subjects_of
from kg.extract.lexicon import (
    AGREEMENT_KINDS,
    AGREEMENT_NOUNS,
    AGREEMENT_VERBS,
    APPROVAL_VERBS,
    COMBINING_FORMS,
    COMMERCIAL_PARTIES,
    INTERGOVERNMENTAL_WORDS,
    MEETING_NOUNS,
    NAMED_AGREEMENT_NOUNS,
    SIGNING_VERBS,
    UNREAL_WORDS,
    UPGRADE_VERBS,
)
from kg.extract.meetings import DENIAL_VERBS, PLANNED_MODIFIERS, is_unreal
from kg.gazetteer import fold, load_gazetteer
from kg.records import COUNTRY, PERSON, Evidence, Ref

UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_DURATION = re.compile(r"\b(?P<n>\d+|" + "|".join(NUMBER_WORDS) + r")[- ](?P<unit>year|month|week|day)s?\b(?!-old)", re.I)
_FOR_DURATION = re.compile(r"\bfor (?:an? (?:initial |first )?(?:period|term) of |up to )?(?P<n>\d+|" + "|".join(n for n in NUMBER_WORDS if n not in ("a", "an")) + r")[- ](?P<unit>year|month|week|day)s?\b", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
# Verbs that report an agreement as made, when they govern its noun.
REPORTING_VERBS = AGREEMENT_VERBS | APPROVAL_VERBS
HEADS = frozenset(n.split()[-1] for n in AGREEMENT_NOUNS) | NAMED_AGREEMENT_NOUNS
VAGUE = frozenset({"new", "comprehensive", "significant", "major", "landmark", "historic", "long-term", "key", "important", "broad", "sweeping", "first"})
# Words by which a later mention points back at an agreement already told of.
ANAPHORIC = frozenset({"the", "this", "that", "these", "those", "its", "their"})
GROUP_NOUNS = frozenset({"governments", "countries", "nations", "sides", "states", "leaders", "ministers", "parties"})
HYPHENS = ("-", "–", "‑")
_BULLET = re.compile(r"^\s*(?:[-–•*·▪]|\d{1,2}[.)])\s+")
RELATIONS = frozenset({"tie", "ties", "relation", "relations", "relationship"})
# Verbs whose partnership exists once the parties agree to it ("agreed to establish a strategic partnership").
ESTABLISHING_VERBS = frozenset({"establish", "form", "create", "launch", "elevate", "upgrade"})
CLAUSE_MARKS = frozenset({"since", "after", "before", "when", "because", "until", "while", "as", "if", "unless"})


@dataclass(frozen=True)
class AgreementDraft:
    name: str
    parties: frozenset[str]
    signatories: frozenset[str]
    duration: str | None
    date_text: str | None
    evidence: Evidence
    date: date | None = None
    kind: str = "agreement"  # the kind of document (agreement_kinds.tsv), else the noun
    year: int | None = None  # the year the sentence gives, when it gives no day
    anaphoric: bool = False  # "the treaty", "this agreement": points back at one told of
    with_body: bool = False  # the other side is an organisation, not a country
    sides: int = 0  # how many parties the sentence implies ("the two governments", two signatories)
    listed: bool = False  # a line of a list of documents signed: distinct from the other lines


def find_agreements(ctx: ArticleContext) -> list[AgreementDraft]:
    """The agreements one article reports as made, one draft per agreement."""
    drafts = []
    published = ctx.parsed.article.source.published
    intro = None  # "The following documents were signed:": the parties and date of the list below it
    for si, doc in enumerate(ctx.parsed.docs):
        view = ctx.views[si]
        if intro is not None and _BULLET.match(view.text):
            listed = _listed(ctx, si, intro)
            if listed is not None:
                drafts.append(listed)
            continue
        intro = _list_intro(ctx, si, published)
        if HEADS.isdisjoint(view.lemma) and not any(w in HEADS or w[:-1] in HEADS for w in set(view.lower)):
            _add_signers_by(ctx, si, drafts)
            continue
        for sent in view.sents:
            if view.span_text(sent.start, sent.end).rstrip().endswith("?"):
                continue
            for tok in doc[sent.start : sent.end]:
                kind = _mention_kind(tok)
                if kind is None:
                    continue
                draft = _read_mention(ctx, si, sent, tok, kind, published, drafts)
                if draft is not None:
                    drafts.append(draft)
                elif drafts and drafts[-1].duration is None and _is_anaphoric(tok, [tok]):
                    # "Under the agreement, X keeps the base for an initial period of 99 years."
                    duration = _duration(view.span_text(sent.start, sent.end), _FOR_DURATION)
                    if duration:
                        drafts[-1] = replace(drafts[-1], duration=duration)
        _add_signers_by(ctx, si, drafts)
    return _one_per_agreement(_complete(drafts, _main_countries(ctx)))


def _list_intro(ctx: ArticleContext, si: int, published) -> AgreementDraft | None:
    """A paragraph that ends 'the following documents were signed:' opens a list of agreements;
    returns a draft holding the list's parties and date (its name unused)."""
    view = ctx.views[si]
    if not view.text.rstrip().endswith(":") or not view.sents:
        return None
    sent = view.sents[-1]
    doc = ctx.parsed.docs[si]
    verbs = [t for t in doc[sent.start : sent.end] if t.pos_ == "VERB" and t.lemma_.lower() in SIGNING_VERBS | AGREEMENT_VERBS]
    if not verbs or _unreal(verbs[0], view):
        return None
    verb = verbs[0]
    refs = subjects_of(ctx, si, verb) + _group_countries(ctx, si, sent, verb) + _objects(ctx, si, verb, verb)
    parties = {r.key for r in refs if r.kind == COUNTRY} | {ctx.persons[r.key].country for r in refs if r.kind == PERSON}
    parties |= {ctx.country_at[(si, t.i)] for t in doc[sent.start : sent.end] if (si, t.i) in ctx.country_at}
    parties.discard(None)
    if len(parties) < 2:
        meeting = meeting_before(ctx, ctx.offset(si) + sent.end_char)
        parties |= {ctx.persons[k].country for k in meeting.participants} - {None} if meeting is not None else set()
    if len(parties) < 2:
        return None
    date_text = _date_text(view, sent, verb) or _meeting_date(ctx, si, sent, parties, frozenset())
    when = parse_when(date_text) if date_text else None
    day = resolve_when(when, published)
    evidence = ctx.evidence(si, sent.start_char, sent.end_char)
    return AgreementDraft("", frozenset(parties), frozenset(), None, date_text, evidence, day, "", day.year if day else None)


def _listed(ctx: ArticleContext, si: int, intro: AgreementDraft) -> AgreementDraft | None:
    """One line of the list: an agreement if it names one ('- Memorandum of Understanding on Health')."""
    doc = ctx.parsed.docs[si]
    tok = next((t for t in doc if _kind(t)), None)
    if tok is None:
        return None
    start = next(t for t in doc if t.is_alpha).idx
    end = len(ctx.views[si].text.rstrip(" .;,"))
    name = ctx.original(si, start, end)
    return replace(intro, name=name, kind=_kind(tok), duration=_duration(name), evidence=ctx.evidence(si, start, end), listed=True)


def _kind(tok) -> str | None:
    """The kind of agreement the noun names, or None when it names none here."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
        return None
    lemma = tok.lemma_.lower()
    if tok.head.i != tok.i and tok.dep_ in ("nmod", "amod") and _kind(tok.head):
        return None  # '"100-Year Partnership" treaty': one agreement, named by its head
    compounds = [c.lemma_.lower() for c in tok.lefts if c.dep_ == "compound"]
    two = next((f"{c} {lemma}" for c in compounds if f"{c} {lemma}" in AGREEMENT_NOUNS), None)
    if two:
        return two
    singular = lemma[:-1] if lemma.endswith("s") else lemma  # a name keeps its plural: "the Abraham Accords"
    if lemma in AGREEMENT_NOUNS or singular in AGREEMENT_NOUNS:
        lemma = lemma if lemma in AGREEMENT_NOUNS else singular
        return AGREEMENT_KINDS.get(lemma, lemma)
    if (lemma in NAMED_AGREEMENT_NOUNS or singular in NAMED_AGREEMENT_NOUNS) and (_titled(tok) or _signed_jointly(tok)):
        return lemma if lemma in NAMED_AGREEMENT_NOUNS else singular
    return None


def _signed_jointly(tok) -> bool:
    """'signed a joint statement': a joint document that its parties sign or adopt (not one they only issue)."""
    return any(c.dep_ == "amod" and c.lower_ == "joint" for c in tok.children) and (
        tok.head.lemma_.lower() in SIGNING_VERBS or tok.head.lemma_.lower() == "adopt"
    )


def _mention_kind(tok) -> str | None:
    """The noun's kind, unless it only renames the agreement before it ('the pact, a ten-year agreement')."""
    kind = _kind(tok)
    if kind is not None and tok.dep_ == "appos" and _kind(tok.head) == kind:
        return None
    inside = False
    for t in tok.ancestors:  # "the Declaration on the reinforced partnership": part of another's name
        if t.pos_ in ("VERB", "AUX"):
            break
        inside = inside or t.pos_ == "ADP"
        if inside and _kind(t):
            return None
    return kind


def _titled(tok) -> bool:
    """'the Joint Statement', '"Commitment to Consult"': the noun heads a title-case name, not a sentence."""
    if not tok.text[:1].isupper() or tok.i == tok.sent.start:
        return False
    before = tok.doc[tok.i - 1]
    if before.is_quote or before.text in ("“", '"', "'", "‘"):
        return True
    lefts = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
    return any(c.text[:1].isupper() and c.i != tok.sent.start for c in lefts)


def _read_mention(ctx: ArticleContext, si: int, sent, tok, kind: str, published, drafts) -> AgreementDraft | None:
    """The agreement the noun `tok` names, if a verb reports it as made, with its sides, name and date."""
    view = ctx.views[si]
    verb = _reporting_verb(tok)
    joint = verb is None and _joint_document(tok)
    if verb is None and not joint:
        return None
    if any(c.dep_ == "amod" and c.lower_ in PLANNED_MODIFIERS for c in tok.children):
        return None  # "a proposed deal was announced"
    check = verb if verb is not None else tok.head
    if _negated(tok, check) or _unreal(check, view):
        return None
    if verb is not None and _commercial(tok, verb):
        return None
    if joint:
        parties, signers = _joint_sides(ctx, si, sent, tok), set()
    else:
        parties, signers = _verb_sides(ctx, si, sent, tok, verb, drafts)
    parties |= _name_countries(ctx, si, tok)
    parties.discard(None)
    between = _between_countries(ctx, si, tok)
    if len(between) >= 2:
        parties = between  # "the ceasefire between X and Y, announced by Z": Z mediated
    with_body = len(parties) == 1 and _body_side(ctx, si, tok, verb)
    sides = max(len(signers), _sides_said(tok, verb if verb is not None else tok.sent.root))
    if not parties and not signers and sides < 2:
        return None
    words = _name_words(tok)
    end = words[-1].idx + len(words[-1].text)
    name = ctx.original(si, words[0].idx, end).strip("\"“”'‘’ ")
    date_text = _date_text(view, sent, verb if verb is not None else tok) or _meeting_date(ctx, si, sent, parties, signers)
    when = parse_when(date_text) if date_text else None
    day = resolve_when(when, published)
    year = day.year if day else (when.year if when and when.year else _year(date_text))
    return AgreementDraft(
        name, frozenset(parties), frozenset(signers), _duration(name) or _duration(_subtree_text(tok), _FOR_DURATION), date_text,
        ctx.evidence(si, words[0].idx, end), day, kind, year, _is_anaphoric(tok, words), with_body, sides,
    )


def _name_countries(ctx: ArticleContext, si: int, tok) -> set[str]:
    """Countries in the agreement's own words ('the Kenya-Ghana pact', 'the Sino-Russian treaty',
    'a treaty among A, B and C'). Documents listed together share the list's countries, unless
    each names its own pair ('the Kenya-Ghana pact and the Peru-Chile deal')."""
    root = tok
    while root.dep_ in ("conj", "appos") and root.head.i != root.i and _kind(root.head):
        root = root.head
    members = [t for t in root.subtree if t.dep_ in ("conj", "appos") and _kind(t) and t.head.i != t.i] + [root]
    own = {m.i: _own_countries(ctx, si, m) for m in members}
    if len(members) > 1 and any(len(c) < 2 for c in own.values()):
        return set().union(*own.values())
    return own[tok.i]


def _own_countries(ctx: ArticleContext, si: int, tok) -> set[str]:
    others = {t.i for c in tok.children if c.dep_ in ("conj", "appos") and _kind(c) for t in c.subtree}
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
    """A word joined by a hyphen to the next or the one before ('Sino-Russian', 'Kenya-Ghana')."""
    doc = t.doc
    return (t.i + 1 < len(doc) and doc[t.i + 1].text in HYPHENS) or (t.i > 0 and doc[t.i - 1].text in HYPHENS)


def _between_countries(ctx: ArticleContext, si: int, tok) -> set[str]:
    """The countries of the agreement's own 'between' or 'among' phrase."""
    return {ctx.country_at[(si, t.i)] for c in tok.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
            for t in c.subtree if (si, t.i) in ctx.country_at}


def _main_countries(ctx: ArticleContext) -> list[tuple[str, int]]:
    """The countries the article names most, with how often, most first."""
    counts = Counter(m.ref.key for m in ctx.mentions if m.ref.kind == COUNTRY)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _sides_said(tok, verb) -> int:
    """2 for 'the two governments', 'both sides', 'between the two countries'."""
    heads = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent", "prep")] + [c for c in tok.children if c.dep_ == "prep"]
    words = [t for c in heads for t in c.subtree]
    return 2 if any(t.lower_ in ("two", "both") and t.head.lower_ in GROUP_NOUNS for t in words) else 0


def _joint_sides(ctx: ArticleContext, si: int, sent, tok) -> set[str]:
    """'X and Y said ... in their joint declaration': the countries of the people the sentence is about."""
    main = tok.sent.root
    refs = subjects_of(ctx, si, main) + _group_countries(ctx, si, sent, main)
    return {r.key for r in refs if r.kind == COUNTRY} | {ctx.persons[r.key].country for r in refs if r.kind == PERSON}


def _verb_sides(ctx: ArticleContext, si: int, sent, tok, verb, drafts) -> tuple[set[str], set[str]]:
    """The parties and signatories that the verb reporting the agreement names: its subject, its
    'with', 'between' and 'by' phrases, the meeting it was made at."""
    approval = verb.lemma_.lower() in APPROVAL_VERBS
    signing = verb.lemma_.lower() in SIGNING_VERBS
    between = any(c.dep_ == "prep" and c.lower_ in ("between", "among") for c in tok.children)
    parties, signers = set(), set()
    # The subject names the parties unless it is the agreement itself ("the pact was signed").
    subjects = [c for c in _subject_words(verb) if not _kind(c)] if verb.head.i != tok.i else []
    subject_refs = subjects_of(ctx, si, verb) + _group_countries(ctx, si, sent, verb)
    if not subject_refs and verb.dep_ == "acl" and verb.head.head.pos_ == "VERB":
        # "X and Y issued a statement announcing an agreement": the subjects of the verb of the statement.
        subject_refs = subjects_of(ctx, si, verb.head.head)
        subjects = [c for c in verb.head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if approval and (between or not subject_refs):
        subjects, subject_refs = [], []  # "X welcomed the deal between Y and Z": X is no side
    # "The EU and the four members - Brazil, Argentina ... - signed": every country in the subject.
    parties |= {ctx.country_at[(si, t.i)] for c in subjects for t in c.subtree if (si, t.i) in ctx.country_at}
    # "The two sides signed": the sides are countries, their leaders no signatories.
    states = _country_group(subjects)
    objects = _objects(ctx, si, tok, verb)
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
        # "the two countries struck a pact": the parties of the agreement last told of.
        parties |= next((d.parties for d in reversed(drafts) if len(d.parties) >= 2), frozenset())
    return parties, signers


def _complete(drafts: list[AgreementDraft], main: list[tuple[str, int]] = ()) -> list[AgreementDraft]:
    """A signing whose parties the sentence leaves unsaid ("X and Y signed a 10-year partnership")
    joins the one agreement of the article that has them and no other duration."""
    whole = [d for d in drafts if len(d.parties) >= 2 or d.with_body]
    left = []
    for part in (d for d in drafts if len(d.parties) < 2 and not d.with_body):
        fits = [i for i, d in enumerate(whole) if part.parties <= d.parties and (part.duration in (None, d.duration) or d.duration is None)]
        if len({whole[i].parties for i in fits}) == 1 and not part.anaphoric and all(whole[i].kind != part.kind for i in fits):
            # "... in their joint declaration" beside a deal of the same two: another document of the same parties.
            base = whole[fits[0]]
            whole.append(replace(part, parties=base.parties, date=part.date or base.date, year=part.year or base.year))
        elif len({whole[i].parties for i in fits}) == 1:
            for i in fits:
                whole[i] = _join(whole[i], part)
        else:
            left.append(part)
    if not whole:
        # "X signed a deal to hand the islands to A ... B signed the agreement": sentences that each
        # name one side of one agreement, later ones pointing back at it.
        for group in _chains(left):
            joined = group[0]
            for part in group[1:]:
                joined = _join(joined, part, parties=True)
            if len(joined.parties) < 2:
                joined = replace(joined, parties=_fill_sides(joined, main))
            if len(joined.parties) >= 2:
                whole.append(joined)
    return whole


def _fill_sides(d: AgreementDraft, main: list[tuple[str, int]]) -> frozenset[str]:
    """Two signatories or 'the two governments' whose countries the article never says: the two
    countries it is about, when the known side is one of them and no third comes close."""
    n = d.sides
    if n < 2 or len(main) < n or main[n - 1][1] < 2 or (len(main) > n and main[n][1] * 2 > main[n - 1][1]):
        return d.parties
    top = frozenset(code for code, _ in main[:n])
    return top if d.parties <= top else d.parties


def _chains(drafts: list[AgreementDraft]) -> list[list[AgreementDraft]]:
    """Mentions in text order, a new chain at each one of a new kind that does not point back."""
    chains: list[list[AgreementDraft]] = []
    for d in drafts:
        if chains and (d.anaphoric or d.kind == chains[-1][0].kind) and _same_time(chains[-1][0], d):
            chains[-1].append(d)
        else:
            chains.append([d])
    return chains


def _join(d: AgreementDraft, part: AgreementDraft, parties: bool = False) -> AgreementDraft:
    return replace(d, parties=d.parties | part.parties if parties else d.parties, signatories=d.signatories | part.signatories,
                   duration=d.duration or part.duration, date_text=d.date_text or part.date_text, date=d.date or part.date,
                   year=d.year or part.year)


def _one_per_agreement(drafts: list[AgreementDraft]) -> list[AgreementDraft]:
    """Mentions of one agreement become one draft: same parties, and the same kind of document or
    a mention that points back ("the agreement"), and no conflicting date."""
    kept: list[AgreementDraft] = []
    for d in drafts:
        same = [i for i, k in enumerate(kept) if k.parties == d.parties and _same_time(k, d) and not d.listed
                and (k.kind == d.kind or d.anaphoric or _names_kind(k, d) or _names_kind(d, k))]
        if not same:
            kept.append(d)
            continue
        i = same[-1]
        k = kept[i]
        kept[i] = replace(
            k,
            name=max((k.name, d.name), key=lambda n: (len(n.split()), len(n))) if k.kind == d.kind else k.name,
            signatories=k.signatories | d.signatories,
            duration=k.duration or d.duration,
            date_text=k.date_text or d.date_text,
            date=k.date or d.date,
            year=k.year or d.year,
        )
    return kept


def _names_kind(a: AgreementDraft, b: AgreementDraft) -> bool:
    """'the "Pacific Partnership" treaty' and 'the partnership': one name holds the other's kind."""
    return b.kind.split()[-1] in fold_words(a.name)


def _same_time(a: AgreementDraft, b: AgreementDraft) -> bool:
    if a.date and b.date:
        return a.date == b.date
    return a.year is None or b.year is None or a.year == b.year


def _reporting_verb(tok):
    """The verb that reports the agreement as made: 'signed a pact', 'a deal was announced', 'followed a framework',
    'the memorandum signed in January'."""
    for c in tok.children:
        if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN" and c.lemma_.lower() in AGREEMENT_VERBS:
            return c
    t, via, raised = tok, None, False
    for _ in range(4):
        if t.head.i == t.i:
            return None
        via = t.head.lower_ if t.dep_ == "pobj" else via if t.dep_ in ("prep", "agent", "dative") else None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            if t.lemma_.lower() in UPGRADE_VERBS and (via == "to" or raised) and (_finite(t) or _agreed_to(t)):
                return t  # "upgraded their ties to a strategic partnership"
            if via is not None and via not in ("to", "on", "upon", "into", "of"):
                return None  # "under the 2015 deal, X agreed to ...": the deal is the setting, not what was made
            return t if t.lemma_.lower() in REPORTING_VERBS else None
        if t.pos_ == "ADP" and t.lower_ == "to" and t.head.lemma_.lower() in RELATIONS:
            raised = True  # "ties to a partnership", the object of "upgraded"
        elif t.pos_ == "ADP" and t.lower_ != "of" and t.head.pos_ in ("NOUN", "PROPN") and not _kind(t.head):
            return None  # "plans for a framework", "talks on a deal": not the agreement was made ("the signing of" is)
    return None


def _finite(verb) -> bool:
    """'upgraded', 'have elevated': a verb that tells of a deed, not 'upgrading' or 'to elevate'."""
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _agreed_to(verb) -> bool:
    """'agreed to upgrade ties': the deed is done by agreeing to it (whether the agreeing is real is asked apart)."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "agree"


def _commercial(tok, verb) -> bool:
    """'deals were signed between companies of the two countries': the sides are not states."""
    sides = [p for h in (tok, verb) for c in h.children if c.dep_ == "prep" and c.lower_ in ("between", "among", "with") for p in c.children if p.dep_ == "pobj"]
    sides += [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    return any(t.lemma_.lower() in COMMERCIAL_PARTIES for s in sides for t in [s, *s.conjuncts])


def _unreal(verb, view) -> bool:
    """A planned or hypothetical agreement; a verb with its own subject answers only for itself
    ("X, may God keep him, and Y signed")."""
    if verb.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return any(c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in UNREAL_WORDS) for c in verb.children)
    if any(a.lemma_.lower() in DENIAL_VERBS for a in [verb, *list(verb.ancestors)[:2]]):
        return True  # "X denied signing a deal"
    if _agreed_to(verb) and verb.lemma_.lower() in ESTABLISHING_VERBS:
        return is_unreal(verb.head, view)  # "agreed to establish a partnership" establishes it; "agreed to sign" does not
    return is_unreal(verb, view)


def _joint_document(tok) -> bool:
    """'in their joint declaration': a declaration or communique made jointly is reported as made."""
    return tok.lemma_.lower() in ("declaration", "communique", "communiqué") and any(
        c.dep_ == "amod" and c.lower_ == "joint" for c in tok.children
    ) and any(c.dep_ == "poss" and c.lower_ == "their" for c in tok.children)


def _negated(tok, verb) -> bool:
    subjects = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    words = list(tok.children) + list(verb.children) + subjects
    return any(c.dep_ == "neg" for c in verb.children) or any(c.lower_ in ("no", "neither", "nor", "without", "none") for c in words)


def _group_countries(ctx: ArticleContext, si: int, sent, verb) -> list:
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


def _meeting_date(ctx: ArticleContext, si: int, sent, parties, signers) -> str | None:
    """An undated agreement of the people of the meeting just told of was made at that meeting."""
    meeting = meeting_before(ctx, ctx.offset(si) + sent.end_char)
    if meeting is None or not meeting.date_text:
        return None
    countries = {ctx.persons[k].country for k in meeting.participants}
    if (signers and signers <= meeting.participants) or (len(parties) >= 2 and set(parties) == countries):
        return meeting.date_text
    return None


def _recipient_countries(ctx: ArticleContext, si: int, tok, verb) -> set[str]:
    """'signed a deal to hand the islands to X': the country a signed deal gives to or binds with."""
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


def _body_side(ctx: ArticleContext, si: int, tok, verb) -> bool:
    """'The head of the Agency hailed a framework with X': the other side is an organisation."""
    sides = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "between")]
    if verb is not None:
        sides += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(_body_of_states(t) and (si, t.i) not in ctx.country_at for c in sides for t in c.subtree)


def _body_of_states(t) -> bool:
    """'the International Atomic Energy Agency', 'the IMF', 'the UN nuclear watchdog'; not a company."""
    if t.lower_ in INTERGOVERNMENTAL_WORDS and (t.ent_type_ == "ORG" or t.lower_ == "watchdog"):
        return True
    before = t.doc[t.i - 1] if t.i > 0 else None
    return t.ent_type_ == "ORG" and t.is_upper and 2 <= len(t.text) <= 6 and before is not None and before.lower_ == "the"


def _objects(ctx: ArticleContext, si: int, tok, verb) -> list:
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
    if not any(r.kind == PERSON for r in refs):  # "signed by X and Y after talks between the two" names them already
        for c in list(tok.children) + list(verb.children):
            if c.dep_ == "prep" and c.lower_ in ("following", "after"):
                refs += [r for t in c.subtree for r in refs_for(ctx, si, t, with_conjuncts=False) if r.kind == PERSON]
    return refs


def _add_signers_by(ctx: ArticleContext, si: int, drafts: list[AgreementDraft]) -> None:
    """'It was signed by X and Y', 'X and Y signed for their countries' after the agreement's sentence:
    the signatories of the last agreement told of."""
    if not drafts or SIGNING_VERBS.isdisjoint(ctx.views[si].lemma):
        return
    for tok in ctx.parsed.docs[si]:
        if tok.lemma_.lower() not in SIGNING_VERBS or tok.pos_ != "VERB":
            continue
        passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        if any(_kind(t) for c in passive + objects for t in c.subtree):
            continue  # an agreement noun here was read as its own mention
        if passive:
            sides = [c for c in tok.children if c.dep_ == "agent"]
        elif all(o.lower_ in ("it", "them") for o in objects):
            sides = [c for c in tok.children if c.dep_ == "nsubj"]
        else:
            continue
        people = {ctx.person_at[(si, t.i)] for a in sides for t in a.subtree if (si, t.i) in ctx.person_at}
        if not people:
            continue
        last = drafts[-1]
        countries = {ctx.persons[k].country for k in people} - {None}
        if countries <= last.parties:
            drafts[-1] = replace(last, signatories=last.signatories | people)


def _date_text(view, sent, head) -> str | None:
    """The date of the clause that reports the agreement: the verb's own, else the clause it hangs on."""
    dates = [e for e in view.ents_in(sent) if e.label_ == "DATE" and not _DURATION.search(e.text)]
    if not dates:
        return None
    v = head
    for _ in range(4):
        inside = [e for e in dates if v.left_edge.i <= e.root.i <= v.right_edge.i and _within(e.root, v)]
        usable = [e for e in inside if parse_when(e.text) or _year(e.text)]
        if usable:
            return min(usable, key=lambda e: _depth(e.root, v)).text
        if v.head.i == v.i or (v.dep_ in ("advcl", "relcl", "ccomp") and any(c.dep_ == "mark" and c.lower_ in CLAUSE_MARKS for c in v.children)):
            break
        if v.dep_ == "pcomp" and v.head.lower_ in CLAUSE_MARKS:
            break
        v = v.head
    return None


def _within(tok, top) -> bool:
    return tok.i == top.i or any(a.i == top.i for a in tok.ancestors)


def _depth(tok, top) -> int:
    n = 0
    while tok.i != top.i and tok.head.i != tok.i:
        tok, n = tok.head, n + 1
    return n


def _year(text: str | None) -> int | None:
    m = _YEAR.search(text or "")
    return int(m.group()) if m else None


def _is_anaphoric(tok, words) -> bool:
    """'the agreement', 'this treaty': a definite noun with no words of its own."""
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC for c in tok.children)
    return definite and words == [tok]


def _subtree_text(tok) -> str:
    return " ".join(t.text for t in tok.subtree)


def _name_words(tok) -> list:
    """The agreement's own words: '10-year defence cooperation framework', not 'a new'."""
    lefts = [t for t in tok.lefts if t.dep_ not in ("det", "poss", "predet") and t.lower_ not in VAGUE]
    words = [w for t in lefts for w in t.subtree if w.lower_ not in VAGUE and w.dep_ != "det"]
    words = sorted(set(words), key=lambda t: t.i) + [tok] if words else [tok]
    # A title runs on: "Treaty of Amity", "Memorandum of Understanding on Fisheries".
    for c in tok.rights:
        if not tok.text[:1].isupper() or c.dep_ != "prep" or c.lower_ not in ("of", "on"):
            break
        tail = list(c.subtree)
        if not all(t.text[:1].isupper() or t.lower_ in ("of", "on", "and", "the", "for", "in") or not t.is_alpha for t in tail):
            break
        words += tail
    return words


def _duration(text: str, pattern: re.Pattern = _DURATION) -> str | None:
    m = pattern.search(text)
    if m is None:
        return None
    n = int(m["n"]) if m["n"].isdigit() else NUMBER_WORDS[m["n"].lower()]
    return f"P{n}{UNITS[m['unit'].lower()]}"
