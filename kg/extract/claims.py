"""Direct quotations and who said them."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from kg.extract.cached import slug
from kg.extract.context import ArticleContext
from kg.extract.coref import by_title, group_size, is_unnamed, last_body, last_persons, organization_ref, previous_person, refs_for
from kg.extract.lexicon import BODY_NOUNS, CITED_TEXTS, EPITHETS, LEADER_ROLES, NAMING_VERBS, QUOTING_VERBS, ROLE_HEADS, SPEECH_VERBS, STATE_BODIES, TEXT_NOUNS
from kg.gazetteer import fold, load_gazetteer
from kg.records import COUNTRY, ORGANIZATION, PERSON, PLACE, Evidence, Ref
from kg.text import fold_quote

OPENERS_BEFORE = set(" \t\n([{\u2014\u2013-/:;,")
MAX_QUOTE_CHARS = 2_000
MAX_SINGLE_QUOTE_CHARS = 1_000  # an apostrophe is no closing mark, so a single-quoted quote is looked for less far
QUOTE_MARK = re.compile("[\u201c\"'\u00ab\u201e\u2039\u201a]")
# Marks that open a quote in other typographies (« », „ “, ‹ ›, ‚ ‘), and the marks that close each.
OTHER_PAIRS = {"\u00ab": "\u00bb", "\u201e": "\u201c\u201d\"", "\u2039": "\u203a", "\u201a": "'\u2018\u2019"}
CLOSING_MARK = re.compile('[\u201d"]')


@dataclass(frozen=True)
class ClaimDraft:
    speaker: Ref
    quote: str
    evidence: Evidence
    topics: tuple[Ref, ...]


def find_quotes(text: str) -> list[tuple[int, int]]:
    """[start, end) of the text inside each outermost pair of quote marks; nested quotes stay inside."""
    spans, i, n = [], 0, len(text)
    while i < n:
        # Skip to the next quote mark: no other character opens a quote.
        m = QUOTE_MARK.search(text, i)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c in OTHER_PAIRS:
            j = next((k for k in range(i + 1, min(n, i + 1 + MAX_QUOTE_CHARS)) if text[k] in OTHER_PAIRS[c]), n)
            a, b = i + 1, j
            while a < b and text[a].isspace():  # « like this »
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a and j - i - 1 <= MAX_QUOTE_CHARS:
                spans.append((a, b))
            i = j + 1
            continue
        if c == "\u201c" or (c == '"' and (i == 0 or text[i - 1] in OPENERS_BEFORE)):
            j = i + 1
            while j < n and not (text[j] == "\u201d" or (text[j] == '"' and not text[j - 1].isspace())):
                m = CLOSING_MARK.search(text, j + 1)  # the closer can only be one of these
                j = m.start() if m else n
            if j - i - 1 <= MAX_QUOTE_CHARS and j > i + 1:
                spans.append((i + 1, j))  # an unclosed quote runs to the end of its paragraph
            i = j + 1
            continue
        if c == "'" and (i == 0 or text[i - 1] in OPENERS_BEFORE) and i + 1 < n and text[i + 1].isalnum():
            j = i + 2
            while j < n and j - i <= MAX_SINGLE_QUOTE_CHARS and not (
                text[j] == "'" and not text[j - 1].isspace() and (j + 1 == n or not text[j + 1].isalnum()) and not _is_plural_possessive(text, j)
            ):
                if text[j] in "\u201c\u201d\"\n":
                    break
                j += 1
            if j < n and text[j] == "'":
                spans.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return spans


def _is_plural_possessive(text: str, j: int) -> bool:
    """"the leaders' views": an apostrophe after a plural s, a space and a lower-case word, with a closing mark still to come."""
    return (
        text[j - 1] == "s" and text[j + 1 : j + 2] == " " and text[j + 2 : j + 3].islower()
        and re.search(r"\S'(?![\w])", text[j + 1 :]) is not None
    )


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
            if not inner or not qtoks or _is_name_given(qtoks) or (_is_scare_quote(qtoks) and not _is_attributed_label(qtoks)):
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


def _is_scare_quote(qtoks) -> bool:
    """'"grey-zone" tactics': one or two words that modify a noun outside the quote."""
    words = [t for t in qtoks if t.is_alpha]
    if len(words) > 2:
        return False
    inside = {t.i for t in qtoks}
    head = next((t for t in qtoks if t.head.i not in inside), qtoks[0])
    return head.dep_ in ("amod", "compound", "nmod") and head.head.i > qtoks[-1].i


def _is_name_given(qtoks) -> bool:
    """'the so-called "X"', 'a plan dubbed "X"', 'a book titled "X"', 'known as "X"': a name, not words said."""
    doc = qtoks[0].doc
    k = qtoks[0].i - 1
    while k >= 0 and doc[k].is_quote:
        k -= 1
    if k < 0:
        return False
    before = doc[k]
    if before.lower_ == "as" and before.head.lower_ == "known":
        return True
    return (
        before.lemma_.lower() in NAMING_VERBS and before.tag_ == "VBN" and before.dep_ in ("acl", "amod", "relcl", "advcl")
        and not any(c.dep_ == "agent" for c in before.children)  # 'the deal, called "historic" by X'
    )


def _is_attributed_label(qtoks) -> bool:
    """'praised the "calm waters"', 'declared a "no limits" partnership', '"frank" talks, according to X':
    a label a verb of saying puts in someone's mouth."""
    inside = {t.i for t in qtoks}
    if all(t.text[:1].isupper() for t in qtoks if t.is_alpha):
        return False  # 'the "Open Seas" plan': a name
    noun = next((t for t in qtoks if t.head.i not in inside), qtoks[0]).head
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head if noun.dep_ == "dobj" else None
    if verb is not None and _is_speech(verb):
        return True
    # 'X says she had a "very good" call': the clause a verb of saying reports.
    clause = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if clause is not None and clause.dep_ in ("ccomp", "xcomp") and _is_speech(clause.head):
        return True
    return any(t.lower_ == "according" and t.nbor().lower_ == "to" for t in noun.sent if t.i + 1 < len(t.doc))


def _speakers(ctx: ArticleContext, si: int, qtoks, a: int, b: int, previous, quoted: set[int]) -> list[Ref]:
    inside = {t.i for t in qtoks}
    head = next((t for t in qtoks if t.head.i not in inside), qtoks[0])
    sent = ctx.views[si].sent_of(head.i)
    fallback = previous[1] if previous and previous[0] == si else None
    # No pronoun stands for a name inside any quote, nor for anyone named or addressed in this one.
    addressed = {ctx.person_at[(si, i)] for i in inside if (si, i) in ctx.person_at}
    skip = ctx.cache["quoted_tokens"] | _mentions_of(ctx, addressed) if addressed else ctx.cache["quoted_tokens"]
    # 1. A verb of saying that governs the quote: "X said the plan was 'dead'".
    for anc in [head.head] + list(head.head.ancestors) if head.head.i != head.i else []:
        # A quote parsed as the verb's subject is not what the verb says ('X called it a "deal," Y said').
        if anc.i in inside or (anc.i == head.head.i and head.dep_ in ("nsubj", "nsubjpass")):
            continue
        if _is_speech(anc):
            found = _subject_speakers(ctx, si, anc, quoted, fallback, skip)
            if found is not None:
                return found
    # 2. A verb of saying beside the quote, nearest first: '"...," she said.'
    verbs = sorted((t for t in sent if t.i not in inside and _is_speech(t)), key=lambda t: min(abs(t.i - qtoks[0].i), abs(t.i - qtoks[-1].i)))
    named = False  # a verb of saying here has a subject we could not resolve: someone else speaks
    for verb in verbs:
        found = _subject_speakers(ctx, si, verb, quoted, fallback, skip)
        if found is not None:
            return found
        subj = _subject(verb, quoted)[1]
        named = named or (subj is not None and subj.pos_ != "PRON")
    # 3. "according to X".
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            for pobj in t.doc[t.i + 1].children:
                refs = _speaker_refs(ctx, si, pobj, skip)
                if refs:
                    return refs
    # 4. A colon before the quote: 'X: "..."', 'Quote from X: "..."', 'X's message was clear: "..."'.
    doc = qtoks[0].doc
    k = qtoks[0].i - 1
    while k >= 0 and doc[k].is_quote:
        k -= 1
    if k > 0 and doc[k].text == ":" and not named:
        lead = ctx.views[si].sent_of(k)
        found = _lead_speakers(ctx, si, doc[lead.start : k], skip)
        if found:
            return found
    whole = (b - a) >= 0.9 * len(ctx.text(si).strip()) - 2
    # 5. A paragraph that is nothing but a quote, under a line ending in a colon ("X wrote on X:").
    if si > 0 and whole and ctx.text(si - 1).rstrip().endswith(":"):
        prev_doc = ctx.parsed.docs[si - 1]
        last = ctx.views[si - 1].sents[-1]
        for verb in (t for t in last if _is_speech(t)):
            found = _subject_speakers(ctx, si - 1, verb, skip=skip)
            if found is not None:
                return found  # [] for an unnamed speaker ("an official, who asked not to be named, said:")
        found = _lead_speakers(ctx, si - 1, prev_doc[last.start : last.end - 1], skip)
        if found:
            return found
    # 6. A sentence or paragraph that is nothing but a quote, after a sentence (with no quote) about
    # one person: that person ('Sato disagreed. "We are not ready."').
    before = None
    if (b - a) >= 0.9 * len(sent.text.strip()) - 2 and sent.start > 0:
        before = (si, ctx.views[si].sent_of(sent.start - 1))
    elif si > 0 and whole and ctx.views[si - 1].words:
        before = (si - 1, ctx.views[si - 1].sents[-1])
    if before is not None and not named and not any(t.is_quote for t in before[1]):
        subj = next((c for c in before[1].root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and not is_unnamed(subj):
            found = _speaker_refs(ctx, before[0], subj, skip)
            if len(found) == 1 and found[0].kind == PERSON:
                return found
    # 7. A quote that is the whole sentence continues the previous speaker's quote.
    if previous and not named and previous[0] in (si, si - 1) and (b - a) >= 0.6 * len(sent.text.strip()):
        return previous[1]
    return []


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
    refs = _speaker_refs(ctx, si, owner if owner is not None and subj.lower_ not in BODY_NOUNS else subj, skip)
    return refs if len(refs) == 1 and refs[0].kind in (PERSON, ORGANIZATION) else []


def _mentions_of(ctx: ArticleContext, keys: set[str]) -> frozenset:
    """Every token that names one of the people `keys`."""
    return frozenset(tid for tid, key in ctx.person_at.items() if key in keys)


def _is_speech(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS


def _subject_speakers(
    ctx: ArticleContext, si: int, verb, quoted: set[int] = frozenset(), fallback: list[Ref] | None = None, skip: frozenset = frozenset()
) -> list[Ref] | None:
    """The speaker(s) a verb of saying names; [] for an unnamed speaker; None when it names none.

    `fallback` is the speaker of an earlier quote in the paragraph, for a verb the parser hung on
    that quote's own words ('"We are ready," and described X as "Y"').
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
        # "the Kremlin spokesman", "the top diplomat": a definite title of someone the article named.
        key = _definite_title(ctx, si, subj)
        return [Ref(PERSON, key)] if key else []
    if subj.lower_ == "it":
        # "It said ...": the body or state the previous sentence was about; an "it"
        # borrowed from another clause ("it has the means to respond") names no one.
        return (_it_speakers(ctx, si, subj, skip) or None) if v is verb else None
    refs = _speaker_refs(ctx, si, subj, skip)
    return refs or None


def _it_speakers(ctx: ArticleContext, si: int, tok, skip: frozenset) -> list[Ref]:
    """'It said ...': the body or state that was the subject of the sentence before."""
    sents = [x for x in ctx.views[si].sents if x.end <= tok.sent.start]
    s = si
    if not sents and si > 0 and ctx.views[si - 1].words:
        s, sents = si - 1, ctx.views[si - 1].sents
    for t in sents[-1] if sents else ():
        if t.dep_ in ("nsubj", "nsubjpass"):
            refs = _speaker_refs(ctx, s, t, skip)
            if refs and all(r.kind in (ORGANIZATION, COUNTRY) for r in refs):
                return refs
    return last_body(ctx, si, tok)


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
        # (or of its auxiliary, where the parser hung it: "X welcomes call but warns ...")
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")] or [
            s for c in v.children if c.dep_ in ("aux", "auxpass") for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
        ]
        # ... but a name beside it, parsed as its apposition, is: '"a deal," Minister X said'.
        subjects = [c if c.i not in quoted else next((a for a in c.children if a.dep_ == "appos" and a.i not in quoted), None) for c in subjects]
        subjects = sorted((c for c in subjects if c is not None), key=lambda c: abs(c.i - v.i))
        agent = [p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if subjects:
            return v, (agent[0] if subjects[0].dep_ == "nsubjpass" and agent else subjects[0])
        if agent and v.tag_ == "VBN" and v.dep_ == "acl":
            return v, agent[0]  # 'the deal, called "historic" by X'
        up = _clause_above(v)
        if up is None:
            break
        if v.i == verb.i and v.tag_ == "VBG" and v.dep_ == "advcl" and up.dep_ in ("acl", "ccomp", "relcl") and not _is_speech(up):
            # "X denied a report that Y met Z, calling it ...": a participle the parser hung on the
            # reported clause belongs to the verb of saying that reports it.
            up = next((a for a in up.ancestors if _is_speech(a) and a.i not in quoted), up)
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


def _speaker_refs(ctx: ArticleContext, si: int, tok, skip: frozenset = frozenset()) -> list[Ref]:
    """Who a subject names, its conjuncts included ("the ministry and the White House")."""
    refs: list[Ref] = []
    coordinated = tok.dep_ == "conj" or tok.n_rights > 0
    for t in [tok, *tok.conjuncts] if coordinated else [tok]:
        for ref in _speaker_refs_one(ctx, si, t, skip):
            if ref not in refs:
                refs.append(ref)
    return refs


def _speaker_refs_one(ctx: ArticleContext, si: int, tok, skip: frozenset) -> list[Ref]:
    low = tok.lower_
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ not in ("his", "her", "its", "their")), None)
    if low in TEXT_NOUNS:
        # "the ministry's statement said", "a statement from the embassy said": its author speaks.
        author = owner or next((p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of") for p in c.children if p.dep_ == "pobj"), None)
        # "a statement signed by X and Y said"
        author = author or next((p for c in tok.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"), None)
        return _speaker_refs(ctx, si, author, skip) if author is not None else []
    if (si, tok.i) in ctx.person_at:
        return [Ref(PERSON, ctx.person_at[(si, tok.i)])]
    if low in STATE_BODIES:
        # "the Venezuelan government", "Azerbaijani authorities", "China's government": the state speaks.
        country = next((_country_of(ctx, si, c) for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod") and _country_of(ctx, si, c)), None)
        if country:
            return [Ref(COUNTRY, country)]
    if owner is not None and low in BODY_NOUNS and ((si, owner.i) not in ctx.person_at or low == "office"):
        # "China's defence ministry", "the premier's office"
        return [organization_ref(ctx, si, tok)] if tok.ent_type_ == "ORG" else [_body_ref(ctx, si, tok)]
    if low in BODY_NOUNS and not is_unnamed(tok) and tok.ent_type_ != "ORG" and any(c.dep_ == "compound" and c.ent_type_ == "ORG" for c in tok.children):
        # "the Kremlin press service", "the Pentagon press office": a body of a named organisation.
        return [_body_ref(ctx, si, tok)]
    if low in BODY_NOUNS and tok.ent_type_ != "ORG" and any(c.lower_ == "the" for c in tok.children):
        # "the ministry said": the body of that kind the article last named.
        body = _previous_body(ctx, si, tok)
        if body is not None:
            return [body]
    if (si, tok.i) in ctx.country_at and tok.tag_ in ("NN", "NNP") and _is_demonym(tok.text) and any(c.lower_ == "the" for c in tok.children):
        # "The Brazilian said": the one person of that country the article names.
        people = [p.key for p in ctx.persons.values() if p.country == ctx.country_at[(si, tok.i)]]
        if len(people) == 1:
            return [Ref(PERSON, people[0])]
    if _is_epithet(tok):
        # "the 64-year-old said", "the veteran politician told reporters": the person the text is about.
        key = previous_person(ctx, si, tok.i, skip=skip)
        return [Ref(PERSON, key)] if key else []
    refs = [r for r in refs_for(ctx, si, tok, with_conjuncts=False, skip=skip) if r.kind in (PERSON, COUNTRY, ORGANIZATION)]
    if not refs and low in ROLE_HEADS:
        # "The head of the X Agency Jane Doe said": a name run on after the body's (no comma).
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (p for p in prep.children if p.dep_ == "pobj" and (si, p.i) in ctx.person_at):
                run_on = any(c.dep_ == "compound" and c.ent_type_ == "ORG" and (si, c.i) not in ctx.person_at for c in pobj.children)
                if run_on:
                    refs = [Ref(PERSON, ctx.person_at[(si, pobj.i)])]
    if not refs and low in ROLE_HEADS and any(c.lower_ == "the" for c in tok.children):
        # "the minister said" when two ministers have been named: the one named last.
        key = by_title(ctx, si, tok) or _untitled_leader(ctx, si, tok, skip)
        refs = [Ref(PERSON, key)] if key else []
    size = group_size(tok)
    if size and len(refs) != size:
        # "both men", "the three leaders": the last that many people the article named.
        named = last_persons(ctx, si, tok.i, size, skip=skip)
        refs = [Ref(PERSON, k) for k in named] if len(named) == size else refs
    return refs


def _country_of(ctx: ArticleContext, si: int, tok) -> str | None:
    """The country a modifier names: as the article's entities read it, else a capitalised name or
    demonym of a country the article mentions elsewhere (NER may take a demonym for a person)."""
    if (si, tok.i) in ctx.country_at:
        return ctx.country_at[(si, tok.i)]
    if not tok.text[:1].isupper():
        return None
    gaz = load_gazetteer()
    code = gaz.demonyms.get(fold(tok.text)) or gaz.country_by_name(tok.text)
    return code if code in ctx.countries else None


def _definite_title(ctx: ArticleContext, si: int, tok) -> str | None:
    """'the spokesman' after 'spokesman X Y'; 'the (country's) top diplomat': the foreign minister."""
    if not any(c.lower_ == "the" or c.dep_ == "poss" for c in tok.children):
        return None
    if tok.lower_ == "diplomat" and any(c.lower_ == "top" for c in tok.children):
        country = next((ctx.country_at[(si, t.i)] for t in tok.subtree if (si, t.i) in ctx.country_at), None)
        people = [p.key for p in ctx.persons.values() if any(_is_foreign_minister(r) for r in p.roles) and country in (None, p.country)]
        return people[0] if len(people) == 1 else None
    key = by_title(ctx, si, tok) if tok.lower_ in ROLE_HEADS else None
    if key is None:
        # A title the article wrote before the name without making it a role ("spokesman X Y").
        people = {p.key for p in ctx.persons.values() if any(tok.lower_ in a.lower().split() for a in (*p.aliases, *p.roles))}
        key = people.pop() if len(people) == 1 else None
    return key


def _is_foreign_minister(role: str) -> bool:
    words = set(role.lower().split())
    return "foreign" in words or {"secretary", "state"} <= words or "diplomat" in words


def _untitled_leader(ctx: ArticleContext, si: int, tok, skip: frozenset) -> str | None:
    """'Sir X Y signed the deal ... The prime minister said': a leader's title no one in the article
    holds is the person last named, when the article gave them no title of their own."""
    title = {t.lower_ for t in tok.subtree if t.i <= tok.i}
    if not title & LEADER_ROLES or title & {"deputy", "vice", "former"} or any(c.dep_ == "prep" and not any((si, p.i) in ctx.country_at for p in c.children) for c in tok.children):
        return None  # "the president of the bank" is someone else
    country = next((ctx.country_at[(si, t.i)] for t in tok.subtree if (si, t.i) in ctx.country_at), None)
    if any(p.roles and any(_role_head(r) == tok.lower_ for r in p.roles) for p in ctx.persons.values()):
        return None  # the title is someone's; by_title found it ambiguous
    key = previous_person(ctx, si, tok.i, skip=skip)
    person = ctx.persons.get(key) if key else None
    if person is None or person.roles or person.country not in (None, country):
        return None
    return key


def _role_head(role: str) -> str:
    return role.split()[-1].lower() if role.split() else ""


def _is_epithet(tok) -> bool:
    """'the 64-year-old', 'the veteran politician': a definite description of one person, no title."""
    if not any(c.lower_ == "the" for c in tok.children):
        return False
    if tok.lower_ == "old" and any(c.lower_ == "year" for c in tok.children):
        return True
    return tok.lower_ in EPITHETS


def _is_demonym(word: str) -> bool:
    gaz = load_gazetteer()
    return fold(word) in gaz.demonyms and gaz.country_by_name(word) is None


def _previous_body(ctx: ArticleContext, si: int, tok) -> Ref | None:
    """The last organisation named before `tok` whose name has the word `tok` ("the ministry" -> "X's Foreign Ministry")."""
    for s in range(si, max(si - 30, -1), -1):
        for ent in reversed(ctx.views[s].ents):
            if (s < si or ent.end <= tok.i) and ent.label_ == "ORG" and any(t.lower_ == tok.lower_ for t in ent):
                return organization_ref(ctx, s, ent[-1])
    return None


def _body_ref(ctx: ArticleContext, si: int, tok) -> Ref:
    """'China's defence ministry' untagged by NER: the owner's name and the body's words."""
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "det"]
    name = ctx.original(si, words[0].idx, tok.idx + len(tok.text))
    country = next((ctx.country_at[(si, t.i)] for t in words if (si, t.i) in ctx.country_at), None)
    ctx.organizations[slug(name)] = (name, country)
    return Ref(ORGANIZATION, slug(name))


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
