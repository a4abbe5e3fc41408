"""Who a speaker phrase names: a person, a state, a body ("the ministry's statement", "the presidential spokesman")."""
from __future__ import annotations

from kg.extract.cached import slug
from kg.extract.context import ArticleContext
from kg.extract.coref import by_title, group_size, is_unnamed, last_body, last_persons, organization_ref, previous_person, refs_for
from kg.extract.lexicon import BODY_NOUNS, EPITHETS, GENDERED_TITLES, LEADER_ROLES, MEDIA_WORDS, PRONOUN_GENDER, ROLE_HEADS, STATE_BODIES, TEXT_NOUNS
from kg.gazetteer import fold, load_gazetteer
from kg.records import COUNTRY, ORGANIZATION, PERSON, Ref


def speaker_refs(ctx: ArticleContext, si: int, tok, skip: frozenset = frozenset()) -> list[Ref]:
    """Who a subject names, its conjuncts included ("the ministry and the presidential office")."""
    refs: list[Ref] = []
    coordinated = tok.dep_ == "conj" or tok.n_rights > 0
    for t in [tok, *tok.conjuncts] if coordinated else [tok]:
        for ref in _speaker_refs_one(ctx, si, t, skip):
            if ref not in refs:
                refs.append(ref)
    return refs


def is_media(ctx: ArticleContext, si: int, tok) -> bool:
    """A newspaper, broadcaster or news agency ("the Daily X", "X News"): a source, never a claim's speaker."""
    ent = next((e for e in ctx.views[si].ents if e.start <= tok.i < e.end), None)
    words = {t.lower_ for t in ent} if ent is not None and ent.label_ == "ORG" else {tok.lower_}
    return bool(words & MEDIA_WORDS)


def _speaker_refs_one(ctx: ArticleContext, si: int, tok, skip: frozenset) -> list[Ref]:
    low = tok.lower_
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ not in ("his", "her", "its", "their")), None)
    if low in TEXT_NOUNS:
        # "the ministry's statement said", "a statement from the embassy said": its author speaks.
        author = owner or next((p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of") for p in c.children if p.dep_ == "pobj"), None)
        # "a statement signed by X and Y said"
        author = author or next((p for c in tok.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"), None)
        return speaker_refs(ctx, si, author, skip) if author is not None else []
    if (si, tok.i) in ctx.person_at:
        return [Ref(PERSON, ctx.person_at[(si, tok.i)])]
    if tok.lower_ in PRONOUN_GENDER:
        # "he"/"she": the person last named whose title or honorific does not say otherwise ("Ms X ... he said").
        for _ in range(3):
            key = previous_person(ctx, si, tok.i, skip=skip)
            if key is None or _gender(ctx.persons[key]) in (None, PRONOUN_GENDER[tok.lower_]):
                return [Ref(PERSON, key)] if key else []
            skip = skip | {tid for tid, k in ctx.person_at.items() if k == key}
        return []
    if low in STATE_BODIES:
        # "the <demonym> government", "<demonym> authorities", "<country>'s government": the state speaks.
        country = next((_country_of(ctx, si, c) for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod") and _country_of(ctx, si, c)), None)
        if country:
            return [Ref(COUNTRY, country)]
    if owner is not None and low in BODY_NOUNS and ((si, owner.i) not in ctx.person_at or low == "office"):
        # "<country>'s defence ministry", "the premier's office"
        return [organization_ref(ctx, si, tok)] if tok.ent_type_ == "ORG" else [_body_ref(ctx, si, tok)]
    if low in BODY_NOUNS and any(c.dep_ in ("amod", "compound", "nmod") and (si, c.i) in ctx.country_at for c in tok.subtree if c.i < tok.i):
        # "the <demonym> foreign ministry said", "the <demonym> presidency said": the country's body.
        return [organization_ref(ctx, si, tok)] if tok.ent_type_ == "ORG" else [_body_ref(ctx, si, tok)]
    if low in BODY_NOUNS and not is_unnamed(tok) and tok.ent_type_ != "ORG" and any(c.dep_ == "compound" and c.ent_type_ == "ORG" for c in tok.children):
        # "the <Organisation> press service", "the <Organisation> press office": a body of a named organisation.
        return [_body_ref(ctx, si, tok)]
    if low in BODY_NOUNS and tok.ent_type_ != "ORG" and any(c.lower_ == "the" for c in tok.children):
        # "the ministry said": the body of that kind the article last named.
        body = _previous_body(ctx, si, tok)
        if body is not None:
            return [body]
    if (si, tok.i) in ctx.country_at and tok.tag_ in ("NN", "NNP") and _is_demonym(tok.text) and any(c.lower_ == "the" for c in tok.children):
        # "The <demonym> said": the one person of that country the article names.
        people = [p.key for p in ctx.persons.values() if p.country == ctx.country_at[(si, tok.i)]]
        if len(people) == 1:
            return [Ref(PERSON, people[0])]
    if _is_epithet(tok):
        # "the 64-year-old said", "the veteran politician told reporters": the person the text is about.
        key = previous_person(ctx, si, tok.i, skip=skip)
        return [Ref(PERSON, key)] if key else []
    refs = [r for r in refs_for(ctx, si, tok, with_conjuncts=False, skip=skip) if r.kind in (PERSON, COUNTRY, ORGANIZATION)]
    if not refs and low in ROLE_HEADS:
        # "The chief of the X Agency Jane Doe said": a name run on after the body's (no comma).
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


def it_speakers(ctx: ArticleContext, si: int, tok, skip: frozenset) -> list[Ref]:
    """'It said ...': the body or state that was the subject of the sentence before."""
    sents = [x for x in ctx.views[si].sents if x.end <= tok.sent.start]
    s = si
    if not sents and si > 0 and ctx.views[si - 1].words:
        s, sents = si - 1, ctx.views[si - 1].sents
    for t in sents[-1] if sents else ():
        if t.dep_ in ("nsubj", "nsubjpass"):
            refs = speaker_refs(ctx, s, t, skip)
            if refs and all(r.kind in (ORGANIZATION, COUNTRY) for r in refs):
                return refs
    return last_body(ctx, si, tok)


def definite_title(ctx: ArticleContext, si: int, tok) -> str | None:
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
    """'Dame X Y signed the pact ... The premier said': a leader's title no one in the article
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


def _gender(person) -> str | None:
    """'f' or 'm' when a title or honorific of the person says so ("Ms", "Queen", "Sir"), else None."""
    words = {w.strip(".").lower() for form in (*person.aliases, *person.roles) for w in form.split()}
    genders = {GENDERED_TITLES[w] for w in words if w in GENDERED_TITLES}
    return genders.pop() if len(genders) == 1 else None


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


def _previous_body(ctx: ArticleContext, si: int, tok) -> Ref | None:
    """The last organisation named before `tok` whose name has the word `tok` ("the ministry" -> "X's Foreign Ministry")."""
    for s in range(si, max(si - 30, -1), -1):
        for ent in reversed(ctx.views[s].ents):
            if (s < si or ent.end <= tok.i) and ent.label_ == "ORG" and any(t.lower_ == tok.lower_ for t in ent):
                return organization_ref(ctx, s, ent[-1])
    return None


def _body_ref(ctx: ArticleContext, si: int, tok) -> Ref:
    """'<country>'s defence ministry' untagged by NER: the owner's name and the body's words."""
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "det"]
    name = ctx.original(si, words[0].idx, tok.idx + len(tok.text))
    country = next((ctx.country_at[(si, t.i)] for t in words if (si, t.i) in ctx.country_at), None)
    ctx.organizations[slug(name)] = (name, country)
    return Ref(ORGANIZATION, slug(name))
