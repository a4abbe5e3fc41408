"""Direct quotations and who said them: the rules that tie a quote to a speaker phrase."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from kg.extract.context import ArticleContext
from kg.extract.coref import is_unnamed, previous_person
from kg.extract.lexicon import BODY_NOUNS, CITED_TEXTS, QUOTING_VERBS, SPEECH_NOUNS
from kg.extract.quotes import find_quotes, is_attributed_label, is_name_given, is_scare_quote, is_speech
from kg.extract.speakers import definite_title, is_media, it_speakers, speaker_refs
from kg.records import COUNTRY, ORGANIZATION, PERSON, PLACE, Evidence, Ref
from kg.text import fold_quote


@dataclass(frozen=True)
class ClaimDraft:
    speaker: Ref
    quote: str
    evidence: Evidence
    topics: tuple[Ref, ...]


def find_claims(ctx: ArticleContext) -> list[ClaimDraft]:
    """Every attributed quotation in the article, one draft per (speaker, quote)."""
    drafts: list[ClaimDraft] = []
    previous: tuple[int, list[Ref]] | None = None
    segments = []
    for si in range(len(ctx.parsed.docs)):
        spans = find_quotes(ctx.text(si))
        if spans:
            idx = ctx.views[si].idx
            runs = [(a, b, bisect_left(idx, a), bisect_left(idx, b)) for a, b in spans]  # tokens starting in [a, b)
            segments.append((si, runs, {i for _, _, first, end in runs for i in range(first, end)}))
    # The words of every quote, which no pronoun outside it stands for.
    ctx.cache["quoted_tokens"] = frozenset((si, i) for si, _, quoted in segments for i in quoted)
    for si, runs, quoted in segments:
        doc = ctx.parsed.docs[si]
        for a, b, first, end in runs:
            inner = ctx.text(si)[a:b].strip()
            qtoks = list(doc[first:end])
            if not inner or not qtoks or is_name_given(qtoks) or (is_scare_quote(qtoks) and not is_attributed_label(qtoks)):
                continue
            speakers = _speakers(ctx, si, qtoks, a, b, previous, quoted)
            if not speakers:
                previous = None
                continue
            previous = (si, speakers)
            evidence = ctx.evidence(si, a, b)
            topics = _topics(ctx, si, ctx.views[si].sent_of(qtoks[0].i), speakers)
            quote = ctx.original(si, a, b)
            for speaker in speakers:
                drafts.append(ClaimDraft(speaker, quote, evidence, topics))
    return _dedupe(drafts)


def _speakers(ctx: ArticleContext, si: int, qtoks, a: int, b: int, previous, quoted: set[int]) -> list[Ref]:
    """The speakers of the quote at characters [a, b) of segment si: the first rule that names any, in order."""
    inside = {t.i for t in qtoks}
    head = next((t for t in qtoks if t.head.i not in inside), qtoks[0])
    sent = ctx.views[si].sent_of(head.i)
    fallback = previous[1] if previous and previous[0] == si else None
    # No pronoun stands for a name inside any quote, nor for anyone named or addressed in this one.
    addressed = {ctx.person_at[(si, i)] for i in inside if (si, i) in ctx.person_at}
    skip = ctx.cache["quoted_tokens"] | _mentions_of(ctx, addressed) if addressed else ctx.cache["quoted_tokens"]
    # 0. Words someone owns: "Y rejected X's claim that the deal was 'dead'", "X's call for 'calm'".
    found = _owner_of_words(ctx, si, head, inside, skip)
    if found:
        return found
    # 1. A verb of saying that governs the quote: "X said the plan was 'dead'".
    for anc in [head.head] + list(head.head.ancestors) if head.head.i != head.i else []:
        # A quote parsed as the verb's subject is not what the verb says ('X called it a "win," Y said').
        if anc.i in inside or (anc.i == head.head.i and head.dep_ in ("nsubj", "nsubjpass")):
            continue
        if is_speech(anc):
            found = _subject_speakers(ctx, si, anc, quoted, fallback, skip)
            if found is not None:
                return found
    # 2. A verb of saying beside the quote, nearest first: '"...," she said.'
    verbs = sorted((t for t in sent if t.i not in inside and is_speech(t)), key=lambda t: min(abs(t.i - qtoks[0].i), abs(t.i - qtoks[-1].i)))
    named = False  # a verb of saying here has a subject we could not resolve: someone else speaks
    for verb in verbs:
        found = _subject_speakers(ctx, si, verb, quoted, fallback, skip)
        if found is not None:
            return found
        subj = _subject(verb, quoted)[1]
        named = named or (subj is not None and subj.pos_ != "PRON")
    # 3. "according to X", "in X's words".
    found = _attributed_in(ctx, si, sent, skip)
    if found:
        return found
    if named:
        return []
    whole = (b - a) >= 0.9 * len(ctx.text(si).strip()) - 2  # the quote is the whole paragraph
    # 4. A colon before the quote, or at the end of the paragraph above: 'X: "..."', 'X wrote on X:'.
    found = _colon_speakers(ctx, si, qtoks[0], whole, skip)
    if found is not None:
        return found
    # 5. A sentence or paragraph that is nothing but a quote, after a sentence (with no quote) about
    # one person: that person ('Sato disagreed. "We are not ready."').
    bare = not any(t.pos_ in ("VERB", "AUX") for t in sent if t.i not in inside)  # not '"...," it reads.'
    if bare and (b - a) >= 0.9 * len(sent.text.strip()) - 2 and sent.start > 0:
        found = _speaker_before(ctx, si, ctx.views[si].sent_of(sent.start - 1), skip)
    elif bare and si > 0 and whole and ctx.views[si - 1].words:
        found = _speaker_before(ctx, si - 1, ctx.views[si - 1].sents[-1], skip)
    if found and found[0].key not in addressed:
        return found
    # 6. A quote that is the whole sentence continues the previous speaker's quote.
    if bare and previous and previous[0] in (si, si - 1) and (b - a) >= 0.6 * len(sent.text.strip()) and not {r.key for r in previous[1]} & addressed:
        return previous[1]
    return []


def _owner_of_words(ctx: ArticleContext, si: int, head, inside: set[int], skip: frozenset) -> list[Ref]:
    """The owner of a noun of saying the quote sits in ("X's claim that ...", "her pledge to ..."), below any verb of saying."""
    below = head
    for anc in [head.head, *head.head.ancestors] if head.head.i != head.i else []:
        if anc.i in inside:
            below = anc
            continue
        if is_speech(anc):
            break
        # The quote inside what the noun says (its clause or complement), not beside it ("X's Statement and 'Y'").
        says = anc.pos_ == "NOUN" and anc.lemma_.lower() in SPEECH_NOUNS and below.dep_ in ("acl", "ccomp", "prep", "xcomp", "relcl", "appos")
        below = anc
        owner = next((c for c in anc.children if c.dep_ == "poss"), None) if says else None
        if owner is not None:
            found = speaker_refs(ctx, si, owner, skip)
            if found:
                return found
    return []


def _attributed_in(ctx: ArticleContext, si: int, sent, skip: frozenset) -> list[Ref]:
    """Whom the sentence credits: "according to X", "in X's words"."""
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            for pobj in t.doc[t.i + 1].children:
                refs = [] if is_media(ctx, si, pobj) else speaker_refs(ctx, si, pobj, skip)
                if refs:
                    return refs
        if t.lower_ == "words" and t.dep_ == "pobj" and t.head.lower_ == "in":
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            refs = speaker_refs(ctx, si, owner, skip) if owner is not None else []
            if refs:
                return refs
    return []


def _colon_speakers(ctx: ArticleContext, si: int, first, whole: bool, skip: frozenset) -> list[Ref] | None:
    """Who a colon before the quote introduces ('X: "..."', 'Quote from X: "..."', 'X's message was clear: "..."'),
    also at the end of the paragraph above a paragraph that is only the quote; [] for an unnamed speaker, None for no one."""
    doc = first.doc
    k = first.i - 1
    while k >= 0 and doc[k].is_quote:
        k -= 1
    if k > 0 and doc[k].text == ":":
        lead = ctx.views[si].sent_of(k)
        found = _lead_speakers(ctx, si, doc[lead.start : k], skip)
        if found:
            return found
    if si > 0 and whole and ctx.text(si - 1).rstrip().endswith(":"):
        prev_doc = ctx.parsed.docs[si - 1]
        last = ctx.views[si - 1].sents[-1]
        for verb in (t for t in last if is_speech(t)):
            found = _subject_speakers(ctx, si - 1, verb, skip=skip)
            if found is not None:
                return found  # [] for an unnamed speaker ("an official, who asked not to be named, said:")
        found = _lead_speakers(ctx, si - 1, prev_doc[last.start : last.end - 1], skip)
        if found:
            return found
    return None


def _speaker_before(ctx: ArticleContext, si: int, before, skip: frozenset) -> list[Ref]:
    """The one named person the sentence `before` is about (its subject), unless it holds a quote itself."""
    if any(t.is_quote for t in before):
        return []
    subj = next((c for c in before.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or is_unnamed(subj):
        return []
    found = speaker_refs(ctx, si, subj, skip)
    return found if len(found) == 1 and found[0].kind == PERSON else []


def _lead_speakers(ctx: ArticleContext, si: int, lead, skip: frozenset) -> list[Ref]:
    """Who the words before a colon introduce: the one person they name when they have no verb
    ("X:", "Quote from X:"), else the subject of their verb or the person owning it ("X's message was clear:")."""
    if not len(lead):
        return []
    if not any(t.pos_ in ("VERB", "AUX") for t in lead):
        people = {ctx.person_at[(si, t.i)] for t in lead if (si, t.i) in ctx.person_at and (si, t.i) not in skip}
        return [Ref(PERSON, people.pop())] if len(people) == 1 else []
    root = next((t for t in lead if t.head.i == t.i or not lead.start <= t.head.i < lead.end), None)
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    if subj is None:
        return []
    owner = next((c for c in subj.children if c.dep_ == "poss"), None)
    refs = speaker_refs(ctx, si, owner if owner is not None and subj.lower_ not in BODY_NOUNS else subj, skip)
    return refs if len(refs) == 1 and refs[0].kind in (PERSON, ORGANIZATION) else []


def _mentions_of(ctx: ArticleContext, keys: set[str]) -> frozenset:
    """Every token that names one of the people `keys`."""
    return frozenset(tid for tid, key in ctx.person_at.items() if key in keys)


def _subject_speakers(
    ctx: ArticleContext, si: int, verb, quoted: set[int] = frozenset(), fallback: list[Ref] | None = None, skip: frozenset = frozenset()
) -> list[Ref] | None:
    """The speaker(s) a verb of saying names; [] for an unnamed speaker; None when it names none.

    `fallback` is the speaker of an earlier quote in the paragraph, for a verb the parser hung on
    that quote's own words ('"We will come," and described X as "Y"').
    """
    v, subj = _subject(verb, quoted)
    if v is None:
        return fallback or None
    if subj is None:
        if _opens_sentence(v):
            # "And said that ...": the subject is the person the sentences before were about.
            key = previous_person(ctx, si, v.i, skip=skip)
            return [Ref(PERSON, key)] if key else None
        return None
    if is_unnamed(subj) and (si, subj.i) not in ctx.person_at and not any(c.dep_ == "appos" and (si, c.i) in ctx.person_at for c in subj.children):
        # "the presidential spokesman", "the top diplomat": a definite title of someone the article named.
        key = definite_title(ctx, si, subj)
        return [Ref(PERSON, key)] if key else []
    if subj.lower_ == "it":
        # "It said ...": the body or state the previous sentence was about; an "it"
        # borrowed from another clause ("it has the means to respond") names no one.
        return (it_speakers(ctx, si, subj, skip) or None) if v is verb else None
    if is_media(ctx, si, subj):
        return []
    refs = speaker_refs(ctx, si, subj, skip)
    return refs or None


def _subject(verb, quoted: set[int]):
    """(clause verb, its subject token or None) for a verb of saying; (None, None) when the verb is inside a quote."""
    v = verb
    for _ in range(8):
        if v.dep_ == "prep" and v.lower_ == "as" and v.head.lemma_.lower() in QUOTING_VERBS:
            # "the agency quoted X as saying": X speaks, not the agency.
            quoted_person = next((c for c in v.head.children if c.dep_ == "dobj" and c.i not in quoted), None)
            if quoted_person is not None:
                return v.head, quoted_person
        if v.i in quoted:
            # '"X would rise" and called it Y': the parser hung the verb on a word inside an
            # earlier quote; the subject is that quote's speaker, higher up.
            v = next((a for a in v.ancestors if a.i not in quoted), v)
            if v.i in quoted:
                return None, None
        # A subject inside a quote is the parser's mistake or someone addressed: never the speaker.
        # Of two subjects (a dateline parsed as one), the one nearest the verb.
        # (or of its auxiliary, where the parser hung it: "X backs plan but cautions ...")
        children = list(v.children)  # spaCy builds the Tokens again on every walk
        subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")] or [
            s for c in children if c.dep_ in ("aux", "auxpass") for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
        ]
        # ... but a name beside it, parsed as its apposition, is: '"a deal," Minister X said'.
        subjects = [c if c.i not in quoted else next((a for a in c.children if a.dep_ == "appos" and a.i not in quoted), None) for c in subjects]
        subjects = sorted((c for c in subjects if c is not None), key=lambda c: abs(c.i - v.i))
        agent = [p for c in children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if subjects:
            return v, (agent[0] if subjects[0].dep_ == "nsubjpass" and agent else subjects[0])
        if agent and v.tag_ == "VBN" and v.dep_ == "acl":
            return v, agent[0]  # 'the deal, called "historic" by X'
        up = _clause_above(v)
        if up is None:
            break
        if v.i == verb.i and v.tag_ == "VBG" and v.dep_ == "advcl" and up.dep_ in ("acl", "ccomp", "relcl") and not is_speech(up):
            # "X rejected claims that Y met Z, calling it ...": a participle the parser hung on the
            # reported clause belongs to the verb of saying that reports it.
            up = next((a for a in up.ancestors if is_speech(a) and a.i not in quoted), up)
        v = up
    return v, None


def _opens_sentence(v) -> bool:
    """'And said ...', 'But added ...': a finite verb of saying with no subject at the start of its sentence."""
    sent = v.sent
    return (
        v.dep_ == "ROOT" and v.tag_ in ("VBD", "VBZ") and v.i > sent.start
        and all(t.dep_ in ("cc", "advmod", "punct") for t in v.doc[sent.start : v.i])
    )


def _clause_above(v):
    """The clause whose subject a subjectless verb shares, or None.

    Up through coordination and subordinate clauses, and through the object an author issues
    ("issued a statement saying", "took the occasion to declare"), but not through a text of
    someone else's ("cited a report calling").
    """
    if v.head is v:
        return None
    if v.dep_ in ("xcomp", "advcl", "conj", "pcomp", "relcl", "prep"):
        return v.head
    if v.dep_ == "acl":
        noun = v.head
        if noun.lower_ in CITED_TEXTS or noun.lemma_.lower() in CITED_TEXTS:
            return None
        # noun <- (prep <-) verb
        up = noun
        for _ in range(3):
            if up.dep_ in ("dobj", "pobj", "attr", "oprd", "prep") and up.head is not up:
                up = up.head
                if up.pos_ in ("VERB", "AUX"):
                    return up
            else:
                break
    return None


def _topics(ctx: ArticleContext, si: int, sent, speakers: list[Ref]) -> tuple[Ref, ...]:
    refs = []
    for i in range(sent.start, sent.end):
        if (si, i) in ctx.country_at:
            refs.append(Ref(COUNTRY, ctx.country_at[(si, i)]))
        elif (si, i) in ctx.place_at:
            refs.append(Ref(PLACE, ctx.place_at[(si, i)]))
    return tuple(sorted(set(refs) - set(speakers)))


def _dedupe(drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """One draft per (speaker, quote); a quote some sentence gives to a person is not also a country's or a body's."""
    by_quote: dict[str, list[ClaimDraft]] = {}
    for d in drafts:
        by_quote.setdefault(fold_quote(d.quote), []).append(d)
    kept = []
    for group in by_quote.values():
        people = [d for d in group if d.speaker.kind == PERSON]
        seen = set()
        for d in people or group:
            if d.speaker not in seen:
                seen.add(d.speaker)
                kept.append(d)
    return kept
