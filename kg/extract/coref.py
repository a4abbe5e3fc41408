"""Who a word stands for: names, pronouns, titles the article set up, "his counterpart", "both".

Rules over spaCy's parse and the article's own entities; no coreference model.
"""
from __future__ import annotations

import bisect

from spacy.symbols import conj as CONJ

from kg.extract.cached import fold_words, slug
from kg.extract.context import ArticleContext
from kg.extract.lexicon import GROUP_WORDS, LEADER_ROLES, PERSON_GROUPS, PERSON_PRONOUNS, ROLE_HEADS, UNNAMED_SPEAKERS
from kg.gazetteer import fold
from kg.records import COUNTRY, ORGANIZATION, PERSON, Ref

NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}


def refs_for(ctx: ArticleContext, si: int, tok, *, with_conjuncts: bool = True, skip: frozenset = frozenset()) -> list[Ref]:
    """The entities a token (typically a subject or object head) stands for, conjuncts included.

    A pronoun never stands for a name at a token in `skip` ((segment, token) pairs: the words of quotes).
    """
    # Token.conjuncts is empty for a token that is no conjunct and has no right children.
    coordinated = with_conjuncts and (tok.dep == CONJ or tok.n_rights > 0)
    toks = [tok] + (list(tok.conjuncts) if coordinated else [])
    refs: list[Ref] = []
    for t in toks:
        for ref in _refs_for_one(ctx, si, t, skip):
            if ref not in refs:
                refs.append(ref)
    return refs


def _refs_for_one(ctx: ArticleContext, si: int, tok, skip: frozenset = frozenset()) -> list[Ref]:
    if (si, tok.i) in ctx.person_at:
        return [Ref(PERSON, ctx.person_at[(si, tok.i)])]
    # "The opposition leader, <Name>," / "<country>'s chief secretary, X,": the apposition names.
    for c in tok.children:
        if c.dep_ == "appos" and (si, c.i) in ctx.person_at:
            return [Ref(PERSON, ctx.person_at[(si, c.i)])]
    # "Ana Ferreira, a senator who praised ...": a relative pronoun stands for its antecedent.
    if tok.lower_ in ("who", "that", "which") and tok.head.dep_ == "relcl":
        antecedent = tok.head.head
        if antecedent.dep_ == "appos":
            antecedent = antecedent.head
        return _refs_for_one(ctx, si, antecedent, skip) if antecedent is not tok else []
    # A name inside the token's phrase: "the meeting between X" handled by callers; here
    # "Defence Secretary X" as subject has X's tokens inside the subtree's left edge.
    for t in tok.lefts:
        if t.dep_ in ("compound", "appos") and (si, t.i) in ctx.person_at:
            return [Ref(PERSON, ctx.person_at[(si, t.i)])]
    low = tok.lower_
    if low in PERSON_PRONOUNS:
        key = previous_person(ctx, si, tok.i, skip=skip)
        return [Ref(PERSON, key)] if key else []
    if low in ("they", "their", "them") or low in GROUP_WORDS or (low in ("sides",) and any(c.lower_ == "both" for c in tok.children)):
        if low in ("they", "their", "them") or _is_group(tok):
            named = _named_before_in_sentence(ctx, si, tok)
            if len(named) >= 2 and low not in ("they", "their", "them"):
                return [Ref(PERSON, k) for k in named]  # "X and his counterpart Y, once the two had talked"
            meeting = meeting_before(ctx, ctx.offset(si) + tok.idx)
            if meeting:
                return [Ref(PERSON, k) for k in sorted(meeting.participants)]
            return [Ref(PERSON, k) for k in _previous_subjects(ctx, si, tok)]
    if low == "counterpart" or low == "counterparts":
        return _counterpart(ctx, si, tok)
    if (si, tok.i) in ctx.country_at and tok.dep_ != "compound":
        return [Ref(COUNTRY, ctx.country_at[(si, tok.i)])]
    if low in ROLE_HEADS:
        key = _by_title(ctx, si, tok)
        return [Ref(PERSON, key)] if key else []
    if tok.ent_type_ == "ORG" and low not in UNNAMED_SPEAKERS:
        return [organization_ref(ctx, si, tok)]
    return []


def _previous_subjects(ctx: ArticleContext, si: int, tok) -> list[str]:
    """The people who were the joint subject of the sentence before ("X and Y signed ... The leaders ...")."""
    for s in (si, si - 1):
        if s < 0:
            continue
        doc = ctx.parsed.docs[s]
        sents = [x for x in doc.sents if s < si or x.end <= tok.sent.start]
        if not sents:
            continue
        keys = []
        for t in sents[-1]:
            if t.dep_ in ("nsubj", "nsubjpass") and (s, t.i) in ctx.person_at:
                for c in [t, *t.conjuncts]:
                    key = ctx.person_at.get((s, c.i))
                    if key and key not in keys:
                        keys.append(key)
        return keys if len(keys) >= 2 else []
    return []


def _named_before_in_sentence(ctx: ArticleContext, si: int, tok) -> list[str]:
    keys = []
    for t in tok.sent:
        if t.i >= tok.i:
            break
        key = ctx.person_at.get((si, t.i))
        if key and key not in keys:
            keys.append(key)
    return keys


def last_body(ctx: ArticleContext, si: int, tok) -> list[Ref]:
    """'It says ...' after a sentence whose subject was an organisation or a state."""
    sent_start = tok.sent.start
    for s, start in ((si, sent_start), (si - 1, None)):
        if s < 0:
            continue
        d = ctx.parsed.docs[s]
        prev_sents = [x for x in d.sents if start is None or x.end <= start]
        if not prev_sents:
            continue
        for t in prev_sents[-1]:
            if t.dep_ in ("nsubj", "nsubjpass"):
                if t.ent_type_ == "ORG" or (s, t.i) in ctx.country_at and t.dep_ != "compound":
                    return _refs_for_one(ctx, s, t)
        return []
    return []


def _is_group(tok) -> bool:
    """'both', 'the two', 'the pair', 'both sides', 'the two trade chiefs', 'the leaders'."""
    words = {t.lower_ for t in tok.subtree}
    if words & {"countries", "nations", "militaries", "economies", "governments"}:
        return False
    if words & {"both", "two", "pair"}:
        return True
    return tok.tag_ == "NNS" and tok.lower_ in GROUP_WORDS and any(c.lower_ == "the" for c in tok.children)


def meeting_before(ctx: ArticleContext, position: int):
    """The meeting the article last spoke of before character `position`."""
    at = bisect.bisect_left(ctx.meeting_marks, (position,))
    return ctx.meetings[ctx.meeting_marks[at - 1][1]] if at else None


def previous_person(ctx: ArticleContext, si: int, i: int, skip: frozenset = frozenset()) -> str | None:
    """The person most recently named before token i of segment si, preferring sentence subjects.

    Names at the (segment, token) pairs in `skip` do not count (a name inside a quote is no antecedent).
    """
    order = _person_order(ctx)
    at = bisect.bisect_left(order, ((si, i),))
    if skip:
        order = [o for o in order[:at] if o[0] not in skip]
        at = len(order)
    if at == 0:
        return None
    (last_s, last_t), best_any, _ = order[at - 1]
    main = _main_clause_subject(ctx, si, i, order[max(0, at - 12) : at])
    if main:
        return main
    best_subject = next((key for _, key, subject in reversed(order[:at]) if subject), None) if at <= 64 else _last_subject(order, at)
    if best_subject and best_subject != best_any:
        # The latest name wins if it was named in the same sentence as the pronoun.
        doc = ctx.parsed.docs[si]
        if last_s == si and doc[last_t].sent == doc[i].sent and not _in_object(doc[last_t]):
            return best_any
    return best_subject or best_any


def _in_object(tok) -> bool:
    """Whether a name sits in an object or a prepositional phrase of its clause ("Asked about X's remarks, she ...")."""
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            return False
        if t.dep_ in ("pobj", "dobj", "dative", "poss"):
            return True
    return False


def _main_clause_subject(ctx: ArticleContext, si: int, i: int, before) -> str | None:
    """'While X smiled as Y spoke, he said ...': of two people who are subjects earlier in the pronoun's
    sentence, the one whose clause is nearest the sentence's root."""
    doc = ctx.parsed.docs[si]
    sent = ctx.views[si].sent_of(i)
    subjects = [(s, t, key) for (s, t), key, subject in before if subject and s == si and t >= sent.start]
    if len({key for _, _, key in subjects}) < 2:
        return None
    depth = {}
    for _, t, key in subjects:
        d = sum(1 for _ in doc[t].ancestors)
        depth[key] = min(depth.get(key, d), d)
    ranked = sorted(depth.items(), key=lambda kv: kv[1])
    return ranked[0][0] if ranked[0][1] < ranked[1][1] else None


def last_persons(ctx: ArticleContext, si: int, i: int, n: int, skip: frozenset = frozenset()) -> list[str]:
    """The last `n` distinct people named before token i of segment si (fewer if the article names fewer)."""
    order = _person_order(ctx)
    keys: list[str] = []
    for tid, key, _ in reversed(order[: bisect.bisect_left(order, ((si, i),))]):
        if tid not in skip and key not in keys:
            keys.append(key)
            if len(keys) == n:
                break
    return sorted(keys)


def group_size(tok) -> int | None:
    """How many people a group word counts: 'both' and 'the pair' 2, 'the three leaders' 3; None when it says no number."""
    if tok.lower_ not in PERSON_GROUPS:
        return None
    if tok.lower_ in ("both", "pair") or any(c.lower_ in ("both", "pair") for c in tok.children):
        return 2
    for c in tok.children:
        if c.dep_ == "nummod":
            n = NUMBER_WORDS.get(c.lower_) or (int(c.text) if c.text.isdigit() else None)
            if n and 2 <= n <= 12:
                return n
    return None


def _last_subject(order, at: int) -> str | None:
    for j in range(at - 1, -1, -1):
        if order[j][2]:
            return order[j][1]
    return None


def _person_order(ctx: ArticleContext) -> list:
    """Person tokens in text order, with whether each is (part of) a sentence subject; rebuilt when the map grows."""
    cached = ctx.cache.get("person_order")
    if cached is None or cached[0] != len(ctx.person_at):
        order = []
        for (s, t), key in sorted(ctx.person_at.items()):
            tok = ctx.parsed.docs[s][t]
            order.append(((s, t), key, tok.dep_ in ("nsubj", "nsubjpass") or tok.head.dep_ in ("nsubj", "nsubjpass")))
        cached = (len(ctx.person_at), order)
        ctx.cache["person_order"] = cached
    return cached[1]


def _counterpart(ctx: ArticleContext, si: int, tok) -> list[Ref]:
    """'his <demonym> counterpart': the one person of that country other than the possessor."""
    doc = ctx.parsed.docs[si]
    country = next((ctx.country_at[(si, t.i)] for t in tok.subtree if (si, t.i) in ctx.country_at), None)
    named = next((ctx.person_at[(si, t.i)] for t in tok.subtree if (si, t.i) in ctx.person_at), None)
    if named:
        return [Ref(PERSON, named)]
    for t in doc[tok.i + 1 : tok.i + 4]:  # "counterpart, Ana Ferreira," / "counterpart Ana Ferreira"
        if (si, t.i) in ctx.person_at:
            return [Ref(PERSON, ctx.person_at[(si, t.i)])]
        if t.is_alpha and t.dep_ not in ("punct",) and t.pos_ not in ("PROPN", "PUNCT"):
            break
    if country is None:
        return []
    owner = next((t for t in tok.children if t.dep_ == "poss"), None)
    owner_key = None
    if owner is not None and owner.lower_ in ("his", "her"):
        owner_key = previous_person(ctx, si, tok.i)
    if owner_key:
        # The counterpart is first the one the owner is already reported meeting, of that country or of none known.
        met = {k for m in ctx.meetings if owner_key in m.participants for k in m.participants
               if k != owner_key and ctx.persons[k].country in (country, None)}
        if len(met) == 1:
            return [Ref(PERSON, met.pop())]
    candidates = [p.key for p in ctx.persons.values() if p.country == country and p.key != owner_key]
    return [Ref(PERSON, candidates[0])] if len(candidates) == 1 else []


def _by_title(ctx: ArticleContext, si: int, tok, nearest: bool = False) -> str | None:
    """'the defense secretary', 'the <demonym> defense minister': the one person with that role.

    'the <demonym> leader' is the one person of that country holding a leader's office. With `nearest`,
    of several people with the role, the one named last before `tok`.
    """
    subtree = list(tok.subtree)  # walked twice below: each walk builds a Token per word
    words = [t for t in subtree if t.i <= tok.i and t.dep_ != "det" and t.lower_ not in ("'s", "the")]
    # "the Prime Minister of <country>": the country may follow the title.
    country = next((ctx.country_at[(si, t.i)] for t in subtree if (si, t.i) in ctx.country_at), None)
    title = set(fold_words(" ".join(t.text for t in words if (si, t.i) not in ctx.country_at)))
    if not title:
        return None
    matches = []
    for p in ctx.persons.values():
        for role in p.roles:
            role_words = set(fold_words(role))
            if role_words and (title <= role_words or role_words <= title) and tok.lower_ in role_words:
                if country is None or p.country in (None, country):
                    matches.append(p.key)
                    break
    if not matches and title == {"leader"} and country is not None:
        matches = [p.key for p in ctx.persons.values() if p.country == country and any(_is_leader_role(r) for r in p.roles)]
    if country is not None and len(set(matches)) > 1:
        matches = [k for k in matches if ctx.persons[k].country == country]
    if len(set(matches)) > 1 and nearest:
        # As for a pronoun, a sentence subject before any other mention.
        named = sorted((subject, tid, key) for tid, key, subject in _person_order(ctx) if tid < (si, tok.i) and key in matches)
        return named[-1][2] if named else None
    return matches[0] if len(set(matches)) == 1 else None


def _is_leader_role(role: str) -> bool:
    words = set(fold_words(role))
    return bool(words & LEADER_ROLES) and not words & {"deputy", "vice", "former"}  # a deputy leads no state


def by_title(ctx: ArticleContext, si: int, tok) -> str | None:
    """'the minister said': the person with that role, or of several the one named last."""
    return _by_title(ctx, si, tok, nearest=True)


def organization_ref(ctx: ArticleContext, si: int, tok) -> Ref:
    """An organisation named by the entity around `tok`, with a possessive country kept ("X's Defense Ministry")."""
    doc = ctx.parsed.docs[si]
    ent = next((e for e in ctx.views[si].ents if e.start <= tok.i < e.end), None)
    start, end = (ent.start, ent.end) if ent is not None else (tok.i, tok.i + 1)
    while start > 0 and doc[start - 1].text in ("'s", "'") and (si, start - 2) in ctx.country_at:
        start -= 2
        while start > 0 and (si, start - 1) in ctx.country_at:
            start -= 1
    span = doc[start:end]
    name = ctx.original(si, span.start_char, span.end_char)
    name = name[4:] if name.lower().startswith("the ") else name
    country = next((ctx.country_at[(si, t.i)] for t in span if (si, t.i) in ctx.country_at), None)
    key = slug(name)
    ctx.organizations[key] = (name, country)
    return Ref(ORGANIZATION, key)


def is_unnamed(tok) -> bool:
    """'officials', 'U.S. officials', 'analysts': a speaker who is not named."""
    return tok.lower_ in UNNAMED_SPEAKERS or fold(tok.lemma_) in UNNAMED_SPEAKERS


def subjects_of(ctx: ArticleContext, si: int, verb) -> list:
    """The subjects of `verb`, inherited from the verb it hangs on when it has none ("X met Y, using ...")."""
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            refs = []
            for s in subj:
                refs += refs_for(ctx, si, s)
                if s.n_lefts or s.n_rights:  # a subject with no dependants ("he", "officials") has no names inside
                    refs += [r for t in s.subtree if t is not s and t.dep_ in ("pobj", "compound") for r in refs_for(ctx, si, t, with_conjuncts=True)]
            return refs
        if v.dep_ in ("xcomp", "advcl", "conj", "acl", "pcomp", "ccomp") and v.head is not v:
            v = v.head
        else:
            break
    return []
