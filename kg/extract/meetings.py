"""Meetings, talks, summits and calls that an article reports as having happened."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from itertools import islice

from spacy.symbols import amod as AMOD, aux as AUX, auxpass as AUXPASS, conj as CONJ, det as DET, neg as NEG, xcomp as XCOMP
from spacy.tokens import Span

from kg.dates import MONTHS, WEEKDAYS, When, resolve_when, same_day
from kg.extract.cached import parse_when, slug
from kg.extract.context import ArticleContext, MeetingDraft
from kg.extract.coref import meeting_before, previous_person, refs_for, subjects_of
from kg.extract.lexicon import (
    MEETING_NOUNS,
    MEETING_VERBS,
    OBJECT_MEETING_VERBS,
    UNREAL_WORDS,
    VENUE_WORDS,
)
from kg.extract.meeting_patterns import MODALS, PHONE_WORDS, SPEECH_PREPOSITIONS, VIDEO_WORDS, find_surface_meetings
from kg.gazetteer import fold, load_gazetteer
from kg.records import CALL, IN_PERSON, PERSON, VIDEO_CALL, Ref

NAME_LABELS = ("ORG", "EVENT", "FAC", "LAW", "WORK_OF_ART", "PRODUCT")
PLANNED_MODIFIERS = frozenset({"next", "upcoming", "planned", "future", "proposed", "possible", "potential", "expected", "scheduled", "alleged", "purported", "rumoured", "rumored", "supposed", "hypothetical"})
# Verbs that say a reported meeting did not happen: "rejected (claims) that X met Y".
DENIAL_VERBS = frozenset({"deny", "dismiss", "refute", "reject", "debunk"})
# Verbs of going whose purpose clause tells what was done there ("flew to X to meet Y").
MOVEMENT_VERBS = frozenset({"travel", "fly", "go", "come", "arrive", "visit", "head", "return", "stop"})
FUTURE = re.compile(r"\b(next|tomorrow|coming|upcoming|later this)\b", re.I)
# Words of a child that make a meeting unreal (see is_unreal).
UNREAL_MARKERS = MODALS | PLANNED_MODIFIERS | {"if", "unless"}
OCCASION_WORDS = frozenset({"sidelines", "sideline", "margins", "margin"})
# Every word that _trigger may accept, as the token's lower-case form or lemma.
TRIGGER_WORDS = MEETING_VERBS | frozenset(MEETING_NOUNS)
# Specificity of a date expression, to keep the best one when two sentences tell of one meeting.
DATE_RANK = {"absolute": 5, "month-day": 4, "weekday": 3, "offset": 3, "anchor-offset": 3, "month": 1, "anchor-month": 1}


def find_meetings(ctx: ArticleContext) -> None:
    """Append the article's meetings to ctx.meetings, merging repeated reports of one meeting."""
    borrowed: list[MeetingDraft] = []
    for si, doc in enumerate(ctx.parsed.docs):
        view = ctx.views[si]
        # Only these words can be triggers; the others need no Token.
        if TRIGGER_WORDS.isdisjoint(view.lemma) and TRIGGER_WORDS.isdisjoint(view.lower):
            continue
        candidates = [i for i, (low, lemma) in enumerate(zip(view.lower, view.lemma)) if low in TRIGGER_WORDS or lemma in TRIGGER_WORDS]
        for sent in view.sents:
            here = [i for i in candidates if sent.start <= i < sent.end]
            if not here or view.span_text(sent.start, sent.end).rstrip().endswith("?"):
                continue  # questions report nothing
            named_here: frozenset[str] | None = None
            for tok in (doc[i] for i in here):
                kind = _trigger(tok)
                if kind is None:
                    continue
                if _denied(tok, view):
                    deny(ctx, _participants(ctx, si, tok), _kind(view, tok, kind) != IN_PERSON)
                    continue
                if is_unreal(tok, view):
                    continue
                if tok.pos_ == "VERB" and tok.lemma_.lower() in OBJECT_MEETING_VERBS and not _has_person_object(ctx, si, tok):
                    continue
                persons = _participants(ctx, si, tok)
                inferred = len(persons) < 2  # participants borrowed from context, not read off the syntax
                if len(persons) < 2 and tok.pos_ != "VERB":
                    persons |= _root_subjects(ctx, si, sent)
                borrowed_here = False  # people from an earlier sentence or meeting, not named in this one
                last = meeting_before(ctx, ctx.offset(si) + tok.idx)
                if len(persons) < 2 and (named_here or _mentions_group(view, sent)) and last:
                    persons = set(named_here or last.participants)
                    borrowed_here = True
                if len(persons) < 2:
                    continue
                kind = _kind(view, tok, kind)
                date_text = _date_text(view, sent, tok, loose=not inferred)
                if date_text and FUTURE.search(date_text):
                    continue  # "next week", "tomorrow": not yet happened
                draft = MeetingDraft(
                    participants=frozenset(persons),
                    kind=kind,
                    date_text=date_text,
                    place=_place(ctx, si, sent, tok) if kind == IN_PERSON else None,
                    occasion=_occasion(ctx, si, sent),
                    evidence=(ctx.evidence(si, tok.idx, tok.idx + len(tok.text)),),
                    order=len(ctx.meetings),
                )
                named_here = draft.participants
                if inferred and borrowed_here:
                    borrowed.append(draft)
                else:
                    _add(ctx, draft)
    find_surface_meetings(ctx, lambda draft: _add_surface(ctx, draft))
    # People borrowed from context only confirm (and date) a meeting read elsewhere, never make one.
    for draft in borrowed:
        if any(m.participants == draft.participants and (m.kind == IN_PERSON) == (draft.kind == IN_PERSON) for m in ctx.meetings):
            _add(ctx, draft)
    _split_enumerations(ctx)
    _date_lead_event(ctx)
    _settle_places(ctx)
    denied = ctx.cache.get("denied", set())
    if denied:
        # A meeting the article says did not happen is not one, wherever else it reports it.
        # Reports of the same people go too ("spoke with" may be the denied call), unless dated apart
        # by a month or a full date ("last met in <city> in October 2024").
        people = {p for p, _ in denied}
        kept = [m for m in ctx.meetings if m.participants not in people or _month_only(m.date_text)
                or ((w := _when(m.date_text)) is not None and w.kind == "absolute")]
        if len(kept) != len(ctx.meetings):
            ctx.meetings[:] = kept
            ctx.meeting_marks[:] = []
            for i, m in enumerate(kept):
                _mark(ctx, m, i)


# "CITY:", "CITY, May 3 (Agency) --", "City - ", "City, March 2, 2024 —": the city a story was filed from.
DATELINE_CITY = re.compile(r"^\s*([A-Z][A-Za-z.' -]{1,30}?)\s*(?:,|:|\(|\s[-\u2013\u2014])")
# How far from the publication date a meeting may lie and still be the story filed from the dateline city.
DATELINE_DAYS = 2


def _split_enumerations(ctx: ArticleContext) -> None:
    """'X met Y three times: in A in May 2011, in B in March 2012 and at C in July 2012' is three
    meetings, one per place and date the sentence pairs."""
    gaz = load_gazetteer()
    for si, seg in enumerate(ctx.parsed.segments):
        view, doc, base = ctx.views[si], ctx.parsed.docs[si], ctx.offset(si)
        for sent in view.sents:
            start, end = base + sent.start_char, base + sent.end_char
            here = [m for m in ctx.meetings if any(start <= e.start < end for e in m.evidence)]
            groups = {m.participants for m in here}
            if len(groups) != 1:
                continue
            pairs = _place_date_pairs(ctx, si, view, doc, sent)
            if len({d for _, d in pairs}) < 2:
                continue
            first = here[0]
            for m in here:
                ctx.meetings.remove(m)
            for name, when in pairs:
                city = gaz.cities.get(fold(name))
                key = slug(city[0] if city else name)
                ctx.places.setdefault(key, city or (name, gaz.country_by_name(name)))
                ctx.meetings.append(replace(first, date_text=when, place=key, order=len(ctx.meetings)))
            ctx.meeting_marks[:] = []
            for i, m in enumerate(ctx.meetings):
                _mark(ctx, m, i)


def _place_date_pairs(ctx: ArticleContext, si: int, view, doc, sent) -> list[tuple[str, str]]:
    """(place, date) pairs a sentence lists: a capitalised name after "in"/"at"/"of", then a date within a few words."""
    pairs = []
    for ent in _date_ents(view, sent):
        when = parse_when(ent.text)
        if when is None or when.kind not in ("absolute", "month-day", "month"):
            continue
        j = ent.start - 1
        while j >= sent.start and ent.start - j <= 4 and not (doc[j].pos_ == "PROPN" and view.words[j][:1].isupper() and (si, j) not in ctx.person_at):
            j -= 1
        if j < sent.start or ent.start - j > 4:
            continue
        k = j
        while k - 1 >= sent.start and doc[k - 1].pos_ == "PROPN" and view.words[k - 1][:1].isupper():
            k -= 1
        if k - 1 < sent.start or view.lower[k - 1] not in ("in", "at", "of"):
            continue
        pairs.append((view.span_text(k, j + 1), ent.text))
    return pairs


LEAD_SEGMENTS = 5  # a story's lead: its first body paragraphs


def _date_lead_event(ctx: ArticleContext) -> None:
    """The story's lead meeting (the first in-person one it tells of, in its lead) left undated
    happened on the day the lead gives ("X hailed the deal on Tuesday"), else on the day of
    publication: a news story reports the day's event without repeating its date."""
    lead = [si for si, seg in enumerate(ctx.parsed.segments) if not seg.heading][:LEAD_SEGMENTS]
    if not lead or not ctx.meetings:
        return
    first = min(range(len(ctx.meetings)), key=lambda i: min(e.start for e in ctx.meetings[i].evidence))
    m = ctx.meetings[first]
    if m.date_text or m.kind != IN_PERSON:
        return
    end = ctx.parsed.segments[lead[-1]].end
    if min(e.start for e in m.evidence) >= end:
        return
    day = _lead_date(ctx, lead[:1]) or ("today" if ctx.parsed.article.source.published else None)
    if day:
        ctx.meetings[first] = replace(m, date_text=day)


def _lead_date(ctx: ArticleContext, lead: list[int]) -> str | None:
    """The first date of a day in the story's lead that is no dateline or parenthesis."""
    for si in lead:
        view = ctx.views[si]
        for sent in view.sents:
            text = _only_date(view, sent)
            if text and (w := parse_when(text)) and w.kind in ("weekday", "anchor-offset", "month-day", "absolute"):
                return text
    return None


def _settle_places(ctx: ArticleContext) -> None:
    """A meeting's place is a city: a venue ("the Blue Hall") yields to the city the sentence puts it in,
    and a meeting with no city that the story reports as current takes the dateline's city."""
    dateline = _dateline_city(ctx) or _lead_city(ctx)
    published = ctx.parsed.article.source.published
    for i, m in enumerate(ctx.meetings):
        if m.kind != IN_PERSON or (m.place and not _venue(ctx.places.get(m.place, ("", None)))):
            continue  # a city, or a place the syntax showed that is no building
        city = _city_in(ctx, m.evidence[0]) or _city_of_event_before(ctx, m.evidence[0])
        if city is None and dateline:
            when = _when(m.date_text)
            if published is None:
                # No publication date to compare with: only an undated or day-dated report, not a month's.
                current = when is None or when.kind not in ("month", "anchor-month")
            else:
                day = resolve_when(when, published) if when else published
                current = day is not None and abs((day - published).days) <= DATELINE_DAYS
            if current:
                city = dateline
        if city:
            ctx.meetings[i] = replace(m, place=city)
        elif len(m.participants) >= 2:
            # No city: who hosted tells resolution where ("X arrived at <a seat of government>").
            ctx.meetings[i] = replace(m, host=_host(ctx, m))


HOST_VERBS = frozenset({"host", "receive", "welcome", "greet"})
VISIT_WORDS = frozenset({"visit", "arrive", "arrival", "trip", "travel", "fly"})


def _host(ctx: ArticleContext, m: MeetingDraft) -> str | None:
    """The participant who received the others: the subject of 'hosted'/'received', or, of two, the one
    who did not arrive or visit ("X's visit", "Y arrived at ... for a meeting with X")."""
    hosts, visitors = set(), set()
    for e in m.evidence:
        for si, seg in enumerate(ctx.parsed.segments):
            if seg.end <= e.sentence_start or seg.start >= e.sentence_end:
                continue
            doc, base = ctx.parsed.docs[si], ctx.offset(si)
            for tok in doc:
                if not e.sentence_start <= base + tok.idx < e.sentence_end:
                    continue
                lemma = tok.lemma_.lower()
                if lemma not in HOST_VERBS and lemma not in VISIT_WORDS:
                    continue
                if tok.pos_ == "VERB":
                    people = {r.key for r in subjects_of(ctx, si, tok) if r.kind == PERSON}
                elif lemma in HOST_VERBS:
                    continue  # "his host" names the other one
                else:
                    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
                    people = set()
                    if owner is not None:
                        key = previous_person(ctx, si, owner.i) if owner.lower_ in ("his", "her") else ctx.person_at.get((si, owner.i))
                        people = {key} if key else set()
                people &= m.participants
                (hosts if lemma in HOST_VERBS else visitors).update(people)
    if len(hosts) == 1:
        return next(iter(hosts))
    if not hosts and visitors and len(m.participants - visitors) == 1:
        return next(iter(m.participants - visitors))
    return None


EVENT_REFERENCES = frozenset({"event", "summit", "meeting", "talks", "session", "gathering", "conference", "forum", "visit"})


def _city_of_event_before(ctx: ArticleContext, evidence) -> str | None:
    """'A summit … was held in <city>. The gathering, led by X, drew Y': a sentence that opens
    on "the event" (or "the summit") is in the city the sentence before gives."""
    from dataclasses import replace as swap

    for si, seg in enumerate(ctx.parsed.segments):
        if not seg.start <= evidence.sentence_start < seg.end:
            continue
        view, base = ctx.views[si], ctx.offset(si)
        sents = view.sents
        at = next((k for k, s in enumerate(sents) if base + s.start_char == evidence.sentence_start), None)
        if at is None:
            return None
        words = view.lower[sents[at].start : sents[at].start + 2]
        if len(words) < 2 or words[0] not in ("the", "this") or words[1] not in EVENT_REFERENCES:
            return None
        if at > 0:
            before = sents[at - 1]
        elif si > 0 and ctx.views[si - 1].sents:
            si, view, base = si - 1, ctx.views[si - 1], ctx.offset(si - 1)
            before = view.sents[-1]
        else:
            return None
        return _city_in(ctx, swap(evidence, sentence_start=base + before.start_char, sentence_end=base + before.end_char))
    return None


def is_venue(name: str) -> bool:
    """Whether a place's name is a building's or a room's ("the Blue Hall", "... Palace", "Palacio de ...")."""
    words = fold(name).split()
    return bool(words) and (words[-1] in VENUE_WORDS or words[0] in VENUE_WORDS)


def _venue(place: tuple[str, str | None]) -> bool:
    """Whether a place is a building rather than a town: no country, and a venue word in its name."""
    name, country = place
    return country is None and is_venue(name)


def _city_in(ctx: ArticleContext, evidence) -> str | None:
    """The one gazetteer city named in the evidence's sentence (as a place, or a capitalised word NER missed)."""
    gaz = load_gazetteer()
    cities = set()
    for si, seg in enumerate(ctx.parsed.segments):
        if seg.end <= evidence.sentence_start or seg.start >= evidence.sentence_end:
            continue
        view, base = ctx.views[si], ctx.offset(si)
        for i, word in enumerate(view.words):
            if not evidence.sentence_start <= base + view.idx[i] < evidence.sentence_end:
                continue
            key = ctx.place_at.get((si, i))
            if key is not None and ctx.places[key][1] is not None:
                cities.add(key)
            elif key is None and word[:1].isupper() and (si, i) not in ctx.person_at and (si, i) not in ctx.country_at \
                    and (city := gaz.cities.get(fold(word))) and view.pos[i] == "PROPN":
                ctx.places.setdefault(slug(city[0]), city)
                cities.add(slug(city[0]))
    return cities.pop() if len(cities) == 1 else None


def _lead_city(ctx: ArticleContext) -> str | None:
    """The one gazetteer city the story's first paragraph names, where the story happens ("talks in
    <country>'s capital <city> on Saturday")."""
    body = next((si for si, seg in enumerate(ctx.parsed.segments) if not seg.heading), None)
    if body is None:
        return None
    seg = ctx.parsed.segments[body]
    cities = {key for (si, _), key in ctx.place_at.items() if si == body and ctx.places[key][1] is not None}
    if len(cities) != 1:
        return None
    return cities.pop() if seg.end > seg.start else None


def _dateline_city(ctx: ArticleContext) -> str | None:
    body = next((si for si, seg in enumerate(ctx.parsed.segments) if not seg.heading), None)
    if body is None:
        return None
    match = DATELINE_CITY.match(ctx.text(body))
    if not match:
        return None
    city = load_gazetteer().cities.get(fold(match.group(1).strip()))
    if city is None:
        return None
    name, country = city
    key = slug(name)
    ctx.places.setdefault(key, (name, country))
    return key


def deny(ctx: ArticleContext, persons, remote: bool) -> None:
    """Remember that the article denies a meeting of these people (by phone or video when `remote`)."""
    if len(persons) >= 2:
        ctx.cache.setdefault("denied", set()).add((frozenset(persons), remote))


def _denied(tok, view) -> bool:
    """A meeting in what a denial denies: "rejected (claims) that X met Y", "denied meeting Y" (`view`: the DocView of tok's Doc)."""
    if DENIAL_VERBS.isdisjoint(view.lemma):
        return False  # a Doc with no verb of denial
    return any(a.lemma_.lower() in DENIAL_VERBS for a in islice(tok.ancestors, 4))


def _add_surface(ctx: ArticleContext, new: MeetingDraft) -> None:
    """A meeting the surface patterns found: one the parse already found in the same sentence, with
    the same or more people, is kept; one with fewer people grows to the surface reading."""
    sentence = (new.evidence[0].sentence_start, new.evidence[0].sentence_end)
    for i, old in enumerate(ctx.meetings):
        if not any((e.sentence_start, e.sentence_end) == sentence for e in old.evidence):
            continue
        if new.participants <= old.participants and _mergeable(ctx, old, new):
            return
        if old.participants < new.participants:
            ctx.meetings[i] = replace(old, participants=new.participants, place=old.place or new.place, date_text=old.date_text or new.date_text)
            return
    _add(ctx, new)


def _trigger(tok) -> str | None:
    """The kind a meeting word implies, or None when the token is no meeting word."""
    lemma = tok.lemma_.lower()
    if lemma not in TRIGGER_WORDS and tok.lower_ not in TRIGGER_WORDS:
        return None  # no meeting word (as most heads _attached climbs through), whatever its role
    if tok.ent_type_ in NAME_LABELS or tok.dep_ == "compound":
        return None
    if tok.pos_ == "VERB" and lemma in MEETING_VERBS:
        if lemma in ("talk", "speak", "confer", "negotiate"):
            # "spoke with X", "X and Y spoke", "spoke by phone"; not "spoke at a rally"
            joint = any(c.dep_ == "nsubj" and c.conjuncts for c in tok.children)
            phoned = any(c.lower_ in ("by", "over") and any(t.lower_ in ("phone", "telephone") for t in c.subtree) for c in tok.children)
            if not (any(c.lower_ in ("with", "to") for c in tok.children) or joint or phoned):
                return None
            after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if joint and not phoned and after is not None and after.lower_ in SPEECH_PREPOSITIONS:
                return None  # "X and Y spoke at the summit": two speeches, not a talk together
        return CALL if lemma in ("phone", "call", "telephone") else IN_PERSON
    if tok.dep_ == "pobj" and tok.head.lower_ in ("by", "over", "via", "on"):
        return None  # "spoke by phone": the manner of another meeting word
    if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in MEETING_NOUNS:
        if tok.text[:1].isupper() and tok.pos_ == "PROPN" and tok.i > tok.sent.start:
            return None  # part of a name: "the Defence Ministers' Meeting"
        return MEETING_NOUNS[tok.lower_]
    if tok.pos_ == "NOUN" and lemma in MEETING_NOUNS and lemma not in ("video", "phone"):
        return MEETING_NOUNS[lemma]
    return None


def is_unreal(tok, view) -> bool:
    """A planned, hoped-for, denied or hypothetical meeting (`view`: the DocView of tok's Doc)."""
    # "to meet", "to hold talks": a purpose or a plan, unless a past journey's ("flew to X to meet Y").
    if _has_to(view):
        verb = tok if tok.pos_ == "VERB" else tok.head if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else None
        if verb is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
                and not (verb.head.lemma_.lower() in MOVEMENT_VERBS and verb.head.tag_ in ("VBD", "VBZ")):
            return True
    if not _may_be_unreal(view):
        return False  # a Doc with none of the words or relations below
    chain = [tok, *islice(tok.ancestors, 3)]
    # Negation and modals of the governing verb touch the meeting only when it is the verb's
    # subject or object: "will hold talks", not "was not raised at his meeting".
    # A modal reaches a meeting in any prepositional phrase ("will meet again at the <forum> summit").
    direct = tok.pos_ == "VERB" or tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "ROOT")
    # The words' relations and strings come from the view's lists: Token.dep_ and the like decode a string per read.
    deps, lower = view.deps, view.lower
    for t in chain:
        for c in t.children:
            dep, word = deps[c.i], lower[c.i]
            if (t is tok or direct) and dep == NEG:
                return True
            if t is tok and dep == DET and word == "no":
                return True  # "no such call took place"
            if (dep == AUX or dep == AUXPASS) and word in MODALS:
                return True
            if dep == AMOD and t is tok and word in PLANNED_MODIFIERS:
                return True
        if t is not tok and view.lemma[t.i] in UNREAL_WORDS and view.pos[t.i] in ("VERB", "ADV", "ADJ"):
            return True
        if view.pos[t.i] == "VERB" and t is not tok and deps[t.i] != XCOMP and deps[t.i] != CONJ:  # "would not have backed or blocked the plan"
            break
    # "if" or "unless" in the sentence hung on the chain: a child of one of its words.
    if "if" not in view.lower and "unless" not in view.lower:
        return False
    marks = [c for t in chain for c in t.children if c.dep_ == "mark" and c.lower_ in ("if", "unless")]
    return bool(marks) and any(tok.sent.start <= c.i < tok.sent.end for c in marks)


def _has_to(view) -> bool:
    """Whether a Doc holds the word "to", read once per Doc."""
    return view.once("has_to", lambda: "to" in view.lower)


def _may_be_unreal(view) -> bool:
    """Whether a Doc holds a negation or a word is_unreal looks for, read once per Doc."""
    return view.once("may_be_unreal", lambda: not (NEG not in view.deps and UNREAL_MARKERS.isdisjoint(view.lower)
                                                   and UNREAL_WORDS.isdisjoint(view.lemma) and "no" not in view.lower))


def _mentions_group(view, sent) -> bool:
    return any(view.lower[i] in ("two", "pair", "both") for i in range(sent.start, sent.end))


def _participants(ctx: ArticleContext, si: int, tok) -> set[str]:
    refs = []
    if tok.pos_ == "VERB":
        refs += subjects_of(ctx, si, tok)
        for c in tok.children:
            if c.dep_ in ("dobj", "dative"):
                refs += refs_for(ctx, si, c)
            if c.dep_ == "prep" and c.lower_ in ("with", "to", "from"):
                refs += [r for p in c.children if p.dep_ == "pobj" for r in refs_for(ctx, si, p)]
    else:
        for c in tok.children:
            if c.dep_ == "poss":
                refs += _possessor(ctx, si, tok, c)
            if c.dep_ == "prep" and c.lower_ in ("between", "with", "among", "of", "from"):
                refs += [r for p in c.children if p.dep_ == "pobj" for r in refs_for(ctx, si, p)]
            if c.dep_ == "compound" and (si, c.i) in ctx.person_at:
                refs += refs_for(ctx, si, c)
        verb = _governing_verb(tok)
        if _as_time(tok):
            verb = None  # "called before the talks": the talks are when, not what the subjects did
        if verb is not None and (_has_with(tok) or tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")):
            if not any(r.kind == PERSON for r in refs) or _has_with(tok) or tok.dep_ == "dobj":
                refs += subjects_of(ctx, si, verb)
            if tok.dep_ == "pobj" and tok.head.lower_ in ("during", "at", "in"):
                refs += [r for c in verb.children if c.dep_ in ("dobj", "dative") for r in refs_for(ctx, si, c)]
            if tok.dep_ == "dobj":  # "received a call from X", "had talks with X"
                refs += [r for c in verb.children if c.dep_ == "prep" and c.lower_ in ("from", "with") for p in c.children if p.dep_ == "pobj" for r in refs_for(ctx, si, p)]
    return {r.key for r in refs if r.kind == PERSON}


TIME_PREPOSITIONS = frozenset({"before", "after", "since", "until", "following", "preceding", "ahead", "prior"})


def _as_time(tok) -> bool:
    """A meeting word that dates something else: "before the summit", "ahead of the talks", "prior to the meeting"."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in TIME_PREPOSITIONS or (prep.lower_ in ("of", "to") and prep.head.lower_ in TIME_PREPOSITIONS)


def _root_subjects(ctx: ArticleContext, si: int, sent) -> set[str]:
    """'X and Y could not agree, and nothing was signed at the talks': the people the sentence is about."""
    people = {r.key for r in subjects_of(ctx, si, sent.root) if r.kind == PERSON}
    # A possessor inside a subject's apposition ("Y, X's adviser,") is not a subject.
    lower = ctx.views[si].lower
    people -= {key for i in range(sent.start, sent.end - 1) if (key := ctx.person_at.get((si, i))) and lower[i + 1] in ("'s", "\u2019s")}
    return people if len(people) >= 2 else set()


def _has_person_object(ctx: ArticleContext, si: int, verb) -> bool:
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children if p.dep_ == "pobj"]
    return any(r.kind == PERSON for o in objects for r in refs_for(ctx, si, o))


def _has_with(tok) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)


def _possessor(ctx: ArticleContext, si: int, tok, poss) -> list:
    """'his meeting with X' -> him; 'their meeting' -> the clause's subjects, else the last meeting's people."""
    if poss.lower_ in ("their",):
        verb = _governing_verb(tok)
        if verb is not None:
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            people = [r for s in subj for t in s.subtree for r in refs_for(ctx, si, t, with_conjuncts=False) if r.kind == PERSON]
            if len({r.key for r in people}) >= 2:
                return people
    if poss.lower_ in ("his", "her"):
        key = previous_person(ctx, si, poss.i)
        return [Ref(PERSON, key)] if key else []
    return refs_for(ctx, si, poss)


def _governing_verb(tok):
    for a in tok.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return a
    return None


def _zone(tok) -> set[int]:
    """The trigger and the words that carry its circumstances: its governing verb and its own clauses."""
    zone = {tok.i}
    verb = _governing_verb(tok) if tok.pos_ != "VERB" else None
    # The verb's circumstances are the meeting's only when it reports the meeting itself, with the meeting
    # word as its subject or object: "held talks on Friday"; not "signed on Monday, the day before the talks",
    # nor "arrived on Sunday for talks" (a verb whose object of a preposition is the meeting word reports
    # something else, and its date is that thing's).
    direct = tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")
    if verb is not None and direct:
        zone.add(verb.i)
    zone.update(c.i for c in tok.children if c.pos_ == "VERB" and c.dep_ in ("acl", "relcl"))
    return zone


def _attached(tok, target_root, zone: set[int]) -> bool:
    """Whether a date or place hangs on this trigger's zone, not on another verb or meeting word."""
    t = target_root
    for _ in range(12):
        if t.i in zone:
            return True
        if t is not target_root and (t.pos_ == "VERB" or (t is not tok and _trigger(t) is not None)):
            return False
        if t.head.i == t.i:  # the root (Tokens compare by index: each access makes a new Token object)
            return False
        t = t.head
    return False


DATELINE = re.compile(r"^[A-Z][A-Za-z0-9 .,'()/]{1,80}?\s[-\u2013\u2014]{1,2}\s")


# Words of time that NER often leaves untagged ("Today, X met Y", "his visit Wednesday").
MONTH_CUES = frozenset({"in", "since", "early", "late", "last", "mid", "until"})
DATE_WORDS = frozenset(WEEKDAYS) | {"today", "yesterday", "tonight"}


def _date_ents(view, sent) -> tuple:
    """The sentence's DATE and TIME entities, and the words of DATE_WORDS outside any entity."""
    # Every meeting word of a sentence asks again, and both meeting finders do.
    return view.once(("date_ents", sent.start, sent.end), lambda: tuple(_read_date_ents(view, sent)))


def _read_date_ents(view, sent) -> list:
    doc = sent.doc
    # "in March", "in May": the month names that are also English words need their preposition to parse.
    ents = [Span(doc, e.start - 1, e.end, label=e.label_) if e.label_ == "DATE" and e.text.lower() in ("march", "may") and e.start > sent.start
            and view.lower[e.start - 1] in MONTH_CUES else e for e in view.ents_in(sent)]
    words = view.lower[sent.start : sent.end]
    if DATE_WORDS.isdisjoint(words) and MONTHS.keys().isdisjoint(words):
        return ents
    covered = {i for e in ents for i in range(e.start, e.end)}
    doc = sent.doc
    # "they last talked in May": a month NER left untagged, with the word that makes it a date.
    months = [Span(doc, i - 1, i + 1, label="DATE") for i in range(max(sent.start, 1), sent.end)
              if view.lower[i] in MONTHS and view.words[i][:1].isupper() and i not in covered and i - 1 not in covered
              and view.lower[i - 1] in MONTH_CUES]
    # A capitalised "Today" inside a sentence is a name's ("The Europe Today"), not a date.
    extra = [Span(doc, i, i + 1, label="DATE") for i in range(sent.start, sent.end) if view.lower[i] in DATE_WORDS and i not in covered
             and (view.words[i][:1].islower() or view.lower[i] not in ("today", "yesterday", "tonight") or i == sent.start or view.words[i - 1] in ("-", "\u2013", "\u2014", ",", ":", "--"))]
    return sorted(ents + extra + months, key=lambda e: e.start)


def _date_text(view, sent, tok, loose: bool = True) -> str | None:
    ents = _date_ents(view, sent)
    if not ents:
        return None
    zone = _zone(tok)
    best: tuple[int, str] | None = None
    dateline = DATELINE.match(view.text)
    for ent in ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if dateline and ent.end_char <= dateline.end():
            continue  # "CITY, May 21 (Wire) -": when the story was filed, not when anything happened
        after = sent.doc[ent.end] if ent.end < len(sent.doc) else None
        if after is not None and after.lower_ in ("after", "before") and (tok in list(after.subtree) or after.head.i in zone):
            # "followed a day after X met Y": the meeting is one day before the event.
            text = ent.text + (" earlier" if after.lower_ == "after" else " later")
        elif _attached(tok, ent.root, zone):
            text = ent.text
        else:
            continue
        when = parse_when(text)
        if when is None:
            continue
        # A date inside the trigger's own phrase ("talked in May") outranks one of the clause around it:
        # one in the verb's subtree, found from the date up (a verb's subtree is many more Tokens).
        root = ent.root
        rank = (tok.pos_ == "VERB" and (root.i == tok.i or any(a.i == tok.i for a in root.ancestors)), DATE_RANK[when.kind])
        if best is None or rank > best[0]:
            best = (rank, text)
    if best is None and loose:
        # One clear date in the sentence, hung on no other meeting word: the meeting's
        # ("X and Y could not agree on Monday ... at talks in Z").
        dated = [e for e in ents if e.label_ == "DATE" and not (dateline and e.end_char <= dateline.end())
                 and (w := parse_when(e.text)) and w.kind in ("absolute", "weekday", "month-day", "anchor-offset")]
        # Only a meeting word can be a trigger: the other words need no Token.
        others = [sent.doc[i] for i in range(sent.start, sent.end) if i != tok.i and (view.lower[i] in TRIGGER_WORDS or view.lemma[i] in TRIGGER_WORDS)]
        if len(dated) == 1 and not any(_trigger(t) is not None and t is not tok for t in others if _attached(t, dated[0].root, _zone(t))):
            return dated[0].text
    return best[1] if best else None


def _only_date(view, sent, months: bool = False) -> str | None:
    """The sentence's one date of a day (not the dateline's), when it has exactly one."""
    dateline = DATELINE.match(view.text)
    dated = [e for e in _date_ents(view, sent) if e.label_ == "DATE" and not (dateline and e.end_char <= dateline.end())
             and not _in_parentheses(sent, e.start) and parse_when(e.text)]
    if len({e.text for e in dated}) != 1:
        return None  # none, or several: "on May 3 ..., they last talked in June"
    kinds = ("absolute", "weekday", "month-day", "anchor-offset") + (("month", "anchor-month") if months else ())
    return dated[0].text if parse_when(dated[0].text).kind in kinds else None


def _in_parentheses(sent, i: int) -> bool:
    """Whether token i lies inside a parenthesis of its sentence ("(on August 19, local time)")."""
    depth = 0
    for t in sent:
        if t.i >= i:
            return depth > 0
        depth += t.text == "("
        depth -= t.text == ")" and depth > 0
    return False


def _place(ctx: ArticleContext, si: int, sent, tok) -> str | None:
    zone = _zone(tok)
    cities = []
    doc = sent.doc
    for i in range(sent.start, sent.end):
        key = ctx.place_at.get((si, i))
        if key is None:
            continue
        t = doc[i]
        # A place the meeting is held "in" or "at"; towns too small for the gazetteer count here.
        if t.dep_ == "pobj" and t.head.lower_ in ("in", "at") and _attached(tok, t, zone):
            return key
        if (ctx.places[key][1] is not None or t.ent_type_ in ("GPE", "FAC")) and key not in cities:
            cities.append(key)
    return cities[0] if len(cities) == 1 else None


def _occasion(ctx: ArticleContext, si: int, sent) -> str | None:
    lower = ctx.views[si].lower
    for t in (sent.doc[i] for i in range(sent.start, sent.end) if lower[i] in OCCASION_WORDS):  # "on the sidelines of X"
        for prep in t.children:
            if prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        cut = {w.i for c in pobj.children if c.dep_ in ("relcl", "acl", "appos", "punct") and c.i > pobj.i for w in c.subtree}
                        words = [w for w in pobj.subtree if w.i not in cut and not (w.i > pobj.i and w.is_punct)]
                        if words and words[0].lower_ == "the":
                            words = words[1:]
                        if words:
                            text = ctx.original(si, words[0].idx, words[-1].idx + len(words[-1].text))
                            return text + ")" if text.count("(") > text.count(")") else text
    return None


def _kind(view, tok, kind: str) -> str:
    if VIDEO_WORDS.isdisjoint(view.lower) and PHONE_WORDS.isdisjoint(view.lower):
        return kind  # the Doc has none of the words that change it
    words = {t.lower_ for t in tok.subtree if t.i <= tok.i + 1} | {tok.lower_}
    if tok.pos_ == "VERB":
        words |= {t.lower_ for c in tok.children if c.dep_ in ("prep", "agent", "advmod", "npadvmod", "dobj") for t in c.subtree}
    if words & VIDEO_WORDS:
        return VIDEO_CALL
    if words & PHONE_WORDS and not words & {"in-person", "face-to-face"}:
        return CALL
    return kind


def _when(text: str | None) -> When | None:
    return parse_when(text) if text else None


def _month_only(text: str | None) -> tuple | None:
    """The month a date names when it names no day ("in May 2011", "last month"): such a report
    is another meeting than an undated or day-dated one, unless it names the same month."""
    when = _when(text)
    return (when.kind, when.year, when.month, when.months) if when is not None and when.kind in ("month", "anchor-month") else None


def _mergeable(ctx: ArticleContext, old: MeetingDraft, new: MeetingDraft) -> bool:
    """Whether two reports could be of one meeting: the same mode (in person or remote) and dates that agree."""
    remote = {CALL, VIDEO_CALL}
    published = ctx.parsed.article.source.published
    if (old.date_text is None) != (new.date_text is None) and _historical(old.date_text or new.date_text, published):
        return False  # an undated report is the story's own meeting, not one dated long before it
    return (old.kind in remote) == (new.kind in remote) \
        and same_day(_when(old.date_text), _when(new.date_text), published) \
        and _month_only(old.date_text) == _month_only(new.date_text)


HISTORY_DAYS = 31  # a meeting this long before publication is background, not the story's event


def _historical(text: str | None, published) -> bool:
    when = _when(text)
    day = resolve_when(when, published) if when else None
    return day is not None and published is not None and (published - day).days > HISTORY_DAYS


def _add(ctx: ArticleContext, new: MeetingDraft) -> None:
    for i, old in enumerate(ctx.meetings):
        if old.participants == new.participants and _mergeable(ctx, old, new):
            rank = lambda t: DATE_RANK[_when(t).kind] if _when(t) else 0  # noqa: E731
            ctx.meetings[i] = MeetingDraft(
                participants=old.participants,
                kind=VIDEO_CALL if VIDEO_CALL in (old.kind, new.kind) else old.kind,
                date_text=new.date_text if rank(new.date_text) > rank(old.date_text) else old.date_text,
                place=old.place or new.place,
                occasion=old.occasion or new.occasion,
                evidence=old.evidence + new.evidence,
                order=old.order,
            )
            _mark(ctx, new, i)
            return
    ctx.meetings.append(new)
    _mark(ctx, new, len(ctx.meetings) - 1)


def _mark(ctx: ArticleContext, new: MeetingDraft, index: int) -> None:
    """Remember where the text spoke of meeting `index`, for "the two", "both", "their" later on."""
    bisect.insort(ctx.meeting_marks, (new.evidence[0].start, index))
