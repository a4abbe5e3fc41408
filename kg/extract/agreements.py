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
from dataclasses import dataclass, replace
from datetime import date

from kg.dates import NUMBER_WORDS, resolve_when
from kg.extract.agreement_sides import (
    between_countries,
    body_side,
    commercial,
    group_countries,
    joint_sides,
    main_countries,
    name_countries,
    named_sides,
    sides_said,
    verb_sides,
)
from kg.extract.agreement_words import HEADS, joint_document, kind_of, mention_kind, negated, reporting_verb, unreal
from kg.extract.cached import fold_words, parse_when
from kg.extract.context import ArticleContext
from kg.extract.coref import meeting_before, subjects_of
from kg.extract.lexicon import AGREEMENT_VERBS, SIGNING_VERBS
from kg.extract.meetings import PLANNED_MODIFIERS
from kg.records import COUNTRY, PERSON, Evidence

UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_DURATION = re.compile(r"\b(?P<n>\d+|" + "|".join(NUMBER_WORDS) + r")[- ](?P<unit>year|month|week|day)s?\b(?!-old)", re.I)
_FOR_DURATION = re.compile(r"\bfor (?:an? (?:initial |first )?(?:period|term) of |up to )?(?P<n>\d+|" + "|".join(n for n in NUMBER_WORDS if n not in ("a", "an")) + r")[- ](?P<unit>year|month|week|day)s?\b", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DATELINE_HEAD = re.compile(r"^\s*[A-Z][A-Za-z.' ]{1,30},\s*$")
_DATELINE_TAIL = re.compile(r"^\s*(?:\(|[-\u2013\u2014])")
VAGUE = frozenset({"new", "comprehensive", "significant", "major", "landmark", "historic", "long-term", "key", "important", "broad", "sweeping", "first"})
# Words by which a later mention points back at an agreement already told of.
ANAPHORIC = frozenset({"the", "this", "that", "these", "those", "its", "their"})
_BULLET = re.compile(r"^\s*(?:[-–•*·▪]|\d{1,2}[.)])\s+")
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
    with_body: bool = False  # the other side is a body of states (an agency, a fund), not a country
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
        if HEADS.isdisjoint(view.lemma) and HEADS.isdisjoint(view.lower) and HEADS.isdisjoint([w[:-1] for w in view.lower]):
            _add_signers_by(ctx, si, drafts)
            continue
        for sent in view.sents:
            if view.span_text(sent.start, sent.end).rstrip().endswith("?"):
                continue
            for i in range(sent.start, sent.end):
                lemma = view.lemma[i]
                if lemma not in HEADS and not (lemma.endswith("s") and lemma[:-1] in HEADS):
                    continue  # kind_of names no agreement without a head word: no Token needed
                tok = doc[i]
                kind = mention_kind(tok)
                if kind is None:
                    continue
                draft = _read_mention(ctx, si, sent, tok, kind, published, drafts)
                if draft is not None:
                    drafts.append(draft)
                elif drafts and drafts[-1].duration is None and _is_anaphoric(tok, [tok]):
                    # "Under the agreement, X keeps the site for an initial term of N years."
                    duration = _duration(view.span_text(sent.start, sent.end), _FOR_DURATION)
                    if duration:
                        drafts[-1] = replace(drafts[-1], duration=duration)
        _add_signers_by(ctx, si, drafts)
    return _one_per_agreement(_complete(drafts, main_countries(ctx)))


def _list_intro(ctx: ArticleContext, si: int, published) -> AgreementDraft | None:
    """A paragraph that ends 'the following documents were signed:' opens a list of agreements;
    returns a draft holding the list's parties and date (its name unused)."""
    view = ctx.views[si]
    if not view.text.rstrip().endswith(":") or not view.sents:
        return None
    sent = view.sents[-1]
    doc = ctx.parsed.docs[si]
    verbs = [t for t in doc[sent.start : sent.end] if t.pos_ == "VERB" and t.lemma_.lower() in SIGNING_VERBS | AGREEMENT_VERBS]
    if not verbs or unreal(verbs[0], view):
        return None
    verb = verbs[0]
    refs = subjects_of(ctx, si, verb) + group_countries(ctx, si, sent, verb) + named_sides(ctx, si, verb, verb)
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
    tok = next((t for t in doc if kind_of(t)), None)
    if tok is None:
        return None
    start = next(t for t in doc if t.is_alpha).idx
    end = len(ctx.views[si].text.rstrip(" .;,"))
    name = ctx.original(si, start, end)
    return replace(intro, name=name, kind=kind_of(tok), duration=_duration(name), evidence=ctx.evidence(si, start, end), listed=True)


def _read_mention(ctx: ArticleContext, si: int, sent, tok, kind: str, published, drafts) -> AgreementDraft | None:
    """The agreement the noun `tok` names, if a verb reports it as made, with its sides, name and date."""
    view = ctx.views[si]
    verb = reporting_verb(tok)
    joint = verb is None and joint_document(tok)
    if verb is None and not joint:
        return None
    if any(c.dep_ == "amod" and c.lower_ in PLANNED_MODIFIERS for c in tok.children):
        return None  # "a proposed deal was announced"
    check = verb if verb is not None else tok.head
    if negated(tok, check) or unreal(check, view):
        return None
    if verb is not None and commercial(tok, verb):
        return None
    if joint:
        parties, signers = joint_sides(ctx, si, sent, tok), set()
    else:
        parties, signers = verb_sides(ctx, si, sent, tok, verb, drafts)
    parties |= name_countries(ctx, si, tok)
    parties.discard(None)
    between = between_countries(ctx, si, tok)
    if len(between) >= 2:
        parties = between  # "the ceasefire between X and Y, announced by Z": Z mediated
    with_body = len(parties) == 1 and body_side(ctx, si, tok, verb)
    sides = max(len(signers), sides_said(tok, verb if verb is not None else tok.sent.root))
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


def _complete(drafts: list[AgreementDraft], main: list[tuple[str, int]] = ()) -> list[AgreementDraft]:
    """A signing whose parties the sentence leaves unsaid ("X and Y signed a 4-year partnership")
    joins the one agreement of the article that has them and no other duration."""
    whole = [d for d in drafts if len(d.parties) >= 2 or d.with_body]
    left = []
    for part in (d for d in drafts if len(d.parties) < 2 and not d.with_body):
        fits = [i for i, d in enumerate(whole) if part.parties <= d.parties and (part.duration in (None, d.duration) or d.duration is None)]
        if len({whole[i].parties for i in fits}) == 1 and not part.anaphoric and all(whole[i].kind != part.kind for i in fits):
            # "... in their joint communique" beside a deal of the same two: another document of the same parties.
            base = whole[fits[0]]
            whole.append(replace(part, parties=base.parties, date=part.date or base.date, year=part.year or base.year))
        elif len({whole[i].parties for i in fits}) == 1:
            for i in fits:
                whole[i] = _join(whole[i], part)
        else:
            left.append(part)
    if not whole:
        # "X signed a deal to cede the territory to A ... B signed the agreement": sentences that each
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


def _meeting_date(ctx: ArticleContext, si: int, sent, parties, signers) -> str | None:
    """An undated agreement of the people of the meeting just told of was made at that meeting."""
    meeting = meeting_before(ctx, ctx.offset(si) + sent.end_char)
    if meeting is None or not meeting.date_text:
        return None
    countries = {ctx.persons[k].country for k in meeting.participants}
    if (signers and signers <= meeting.participants) or (len(parties) >= 2 and set(parties) == countries):
        return meeting.date_text
    return None


def _add_signers_by(ctx: ArticleContext, si: int, drafts: list[AgreementDraft]) -> None:
    """'It was signed by X and Y', 'X and Y signed on behalf of their governments' after the agreement's sentence:
    the signatories of the last agreement told of."""
    if not drafts or SIGNING_VERBS.isdisjoint(ctx.views[si].lemma):
        return
    for tok in ctx.parsed.docs[si]:
        if tok.lemma_.lower() not in SIGNING_VERBS or tok.pos_ != "VERB":
            continue
        passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        if any(kind_of(t) for c in passive + objects for t in c.subtree):
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
    dates = [e for e in view.ents_in(sent) if e.label_ == "DATE" and not _DURATION.search(e.text) and not _dateline(e, sent)]
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


def _dateline(ent, sent) -> bool:
    """'CITY, June 12 (Agency) -': the date the story was filed, not the day of the signing."""
    before = sent.doc[sent.start : ent.start].text
    after = sent.doc[ent.end : min(ent.end + 4, sent.end)].text
    return bool(_DATELINE_HEAD.match(before)) and bool(_DATELINE_TAIL.match(after))


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
    """The agreement's own words: '5-year fisheries cooperation framework', not 'a new'."""
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
