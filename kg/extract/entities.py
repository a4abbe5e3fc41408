"""Find countries, places and people in an article, and link what refers to them.

Statistical NER proposes; rules dispose: titles and possessives are split off names,
headline false positives must be corroborated by the body, surnames and titles link to
the full name the article set up, capitals count as their country only when they act.
"""
from __future__ import annotations

import re
from collections import Counter

from kg.extract.cached import fold_words, slug
from kg.extract.context import ArticleContext, PersonDraft
from kg.extract.lexicon import (
    HONORIFICS,
    MEETING_VERBS,
    ORGANIZATION_WORDS,
    PERSON_PRONOUNS,
    PLACE_WORDS,
    RANK_WORDS,
    ROLE_HEADS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from kg.gazetteer import fold, load_gazetteer
from kg.names import SUFFIXES, son_of
from kg.records import COUNTRY, PERSON, Ref

# Prepositions after which a capital is a place ("in <capital>"), not a government ("with <capital>").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "from", "to", "into", "toward", "towards", "via", "throughout", "within", "of", "outside"})
# Prepositions whose object is a place when the gazetteer does not know it ("on the North Terrace").
PLACE_PREPS = LOCATIVE_PREPS | {"on", "over", "off", "along", "beyond", "between", "among", "through", "across"}
NAME_PARTICLES = frozenset({"bin", "binti", "al", "el", "de", "del", "der", "den", "van", "von", "da", "di", "du", "la", "le", "ibn", "dos", "das", "ben", "mac", "y"})
NOT_NAME_LABELS = ("LOC", "FAC", "ORG", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "PERSON")
MOVEMENT_VERBS = frozenset({"visit", "travel", "fly", "arrive", "leave", "reach", "tour", "enter", "return", "depart", "land", "head"})
MONTH_AND_DAY_WORDS = frozenset("january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday".split())
SKIP_BEFORE_NAME = frozenset({"counterpart", "'s", "'", "former", "then", "new", "top", "senior", "outgoing", "incoming"})
# Heads of an apposition that makes a name a person's, and verbs whose subject a person is.
APPOSITION_HEADS = ROLE_HEADS | TITLE_WORDS | {"counterpart", "host"}
SPEAKING_OR_MEETING_VERBS = SPEECH_VERBS | MEETING_VERBS


def find_entities(ctx: ArticleContext) -> None:
    """Fill ctx with countries, places and persons, their mentions and token maps."""
    _find_countries_and_places(ctx)
    _find_persons(ctx)


# ---------------------------------------------------------------- countries and places
def _find_countries_and_places(ctx: ArticleContext) -> None:
    gaz = load_gazetteer()
    for si, doc in enumerate(ctx.parsed.docs):
        view = ctx.views[si]
        prefixed: set[int] = set()  # tokens of a country that NER glued to a name ("President of <country> X Y")
        for ent in view.ents:
            if ent.label_ not in ("GPE", "NORP", "ORG", "LOC", "FAC"):
                if ent.label_ in ("PERSON", "PRODUCT", "WORK_OF_ART") and (code := _whole_country(view, ent, gaz)):
                    # NER often reads a lone country as a person ("<Country>'s leader").
                    _add_country(ctx, si, (ent.start, ent.end), code, ent.start_char, ent.end_char)
                    prefixed.update(range(ent.start, ent.end))
                elif ent.label_ == "PERSON":
                    prefixed.update(_country_prefix(ctx, si, view, ent, gaz))
                continue
            if ent.label_ == "ORG" and (width := len(_country_prefix(ctx, si, view, ent, gaz))):
                prefixed.update(range(ent.start, ent.start + width))
                continue  # "<country> X Y" as ORG: a country, then a name
            found = False
            for start, end in _pieces(view, ent):
                span = view.char_span(start, end)
                text = _clean(ctx.text(si)[start:end])
                code = _country_code(text, ent.label_, gaz)
                if code is not None and gaz.capitals.get(fold(text)) == code and not _acts(ent):
                    code = None  # a city-state named as a location ("talks in <city-state>"): a place, like a capital
                if code is None and ent.label_ == "GPE" and fold(text) in gaz.capitals and _acts(ent):
                    code = gaz.capitals[fold(text)]
                if code:
                    found = True
                    _add_country(ctx, si, span, code, start, end)
            if not found and ent.label_ in ("GPE", "LOC", "FAC"):
                _add_place(ctx, si, ent, gaz)
        for ent in view.ents:
            # "a summit in <city>" with the city tagged PERSON or ORG: a known city after a preposition of place.
            if ent.label_ in ("PERSON", "ORG", "PRODUCT") and len(ent) == 1 and fold(ent.text) in gaz.cities and ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE_PREPS:
                _add_place(ctx, si, ent, gaz)
        # What NER missed: a demonym or a country name standing alone. An entity NER read as a
        # whole ("<continent> <demonym>", "in <language>") is not read again word by word.
        covered = {i for ent in view.ents for i in range(ent.start, ent.end)} | prefixed
        # A country word NER joined to something else across a dash ("GMT - <demonym>") is read on its own.
        covered -= {i for ent in view.ents if ent.label_ not in ("GPE", "NORP") for i in range(ent.start + 1, ent.end)
                    if view.words[i - 1] in ("-", "\u2013", "\u2014", "--") and (fold(view.words[i]) in gaz.demonyms or gaz.names.get(fold(view.words[i])))}
        words = view.words
        for i in view.capitalised:
            if i in covered:
                continue
            for width in (3, 2, 1):
                if i + width > len(words) or not covered.isdisjoint(range(i, i + width)):
                    continue
                text = _clean(view.span_text(i, i + width))
                key = fold(text)
                code = gaz.demonyms.get(key) or gaz.names.get(key)
                if code and (width > 1 or view.pos[i] in ("PROPN", "ADJ", "NOUN")):
                    last = i + width - 1
                    _add_country(ctx, si, (i, i + width), code, view.idx[i], view.idx[last] + len(words[last]))
                    covered.update(range(i, i + width))
                    break


def _whole_country(view, ent, gaz) -> str | None:
    """The country a whole entity names, when NER took a country for a person ("<country>'s X Y" read as a person)."""
    text = _clean(view.span_text(ent.start, ent.end))
    if not text[:1].isupper():
        return None
    return gaz.country_by_name(text)


def _country_prefix(ctx: ArticleContext, si: int, view, ent, gaz) -> range:
    """Leading tokens of a name entity that are a country ("President of <country> X Y"):
    marked as the country, and returned so the name is read without them."""
    words = view.words
    for width in (3, 2, 1):
        rest = ent.end - ent.start - width
        if rest < 2:
            continue
        text = view.span_text(ent.start, ent.start + width)
        code = gaz.country_by_name(text) or gaz.demonyms.get(fold(text))
        if code and all(words[i][:1].isupper() for i in range(ent.start + width, ent.end)):
            last = ent.start + width - 1
            _add_country(ctx, si, (ent.start, ent.start + width), code, view.idx[ent.start], view.idx[last] + len(words[last]))
            return range(ent.start, ent.start + width)
    return range(0)


NAME_PIECE = re.compile(r"[^-\u2013/]+")


def _pieces(view, ent) -> list[tuple[int, int]]:
    """Character ranges of an entity, split at hyphens that join names ("<A>-<B>")."""
    text, base = view.span_text(ent.start, ent.end), view.idx[ent.start]
    if "-" not in text and "\u2013" not in text and "/" not in text:
        return [(base, base + len(text))]
    parts = [(m.start(), m.end()) for m in NAME_PIECE.finditer(text)]
    if len(parts) > 1 and all(load_gazetteer().country_by_name(_clean(text[a:b])) or fold(_clean(text[a:b])) in load_gazetteer().demonyms for a, b in parts):
        return [(base + a, base + b) for a, b in parts]
    return [(base, base + len(text))]


LEADING_THE = re.compile(r"^(the|The)\s+")
TRAILING_POSSESSIVE = re.compile(r"'s?$")


def _clean(text: str) -> str:
    text = text.strip()
    if text.startswith(("the", "The")):
        text = LEADING_THE.sub("", text)
    if text.endswith("'") or text.endswith("'s"):
        text = TRAILING_POSSESSIVE.sub("", text)
    return text.strip()


def _country_code(text: str, label: str, gaz) -> str | None:
    """A country by name or abbreviation, or by demonym whatever label NER gave it ("Angolan" as GPE)."""
    return gaz.country_by_name(text) or gaz.demonyms.get(fold(text))


def _located(ent) -> bool:
    """Whether the syntax shows a name outside the gazetteer as a location: the object of a preposition
    of place ("in", "across", "of") or of a verb of travel ("visiting"), in apposition to a place
    ("<town>, <county>"), or joined to one of these by "and"; NER alone also tags surnames and forums."""
    root = ent.root
    while root.dep_ in ("conj", "appos") and root.head != root:
        if root.dep_ == "appos" and root.head.ent_type_ in ("GPE", "LOC", "FAC"):
            return True
        root = root.head
    if root.dep_ == "dobj":
        return root.head.lemma_.lower() in MOVEMENT_VERBS
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS


def _acts(ent) -> bool:
    """Whether a capital stands for its government: it says, acts or owns, rather than locates."""
    root = ent.root
    while root.dep_ == "conj" and root.head != root:
        root = root.head
    if root.dep_ == "dobj" and root.head.lemma_.lower() in MOVEMENT_VERBS:
        return False  # "visit <capital>": a destination
    if root.dep_ in ("nsubj", "nsubjpass", "poss", "agent", "dobj", "dative"):
        return True
    if root.dep_ == "pobj":
        return root.head.lower_ not in LOCATIVE_PREPS
    return False


def _add_country(ctx: ArticleContext, si: int, span: tuple[int, int] | None, code: str, start: int, end: int) -> None:
    """Country `code` named by tokens [span) (characters [start, end)) of segment si."""
    ctx.countries.add(code)
    if span is not None:
        for i in range(*span):
            ctx.country_at[(si, i)] = code
    ctx.add_mention(Ref(COUNTRY, code), si, start, end)


def _add_place(ctx: ArticleContext, si: int, ent, gaz) -> None:
    text = _clean(ent.text)
    if not text or not text[0].isupper():
        return
    city = gaz.cities.get(fold(text))
    if city is None and (ctx.parsed.segments[si].heading or not _located(ent) or fold(text) in gaz.demonyms):
        return  # title-case headings make NER see places everywhere ("... Trade Ties in Talks with <Country>")
    name, country = city if city else (text, None)
    key = slug(name)
    ctx.places.setdefault(key, (name, country))
    for tok in ent:
        ctx.place_at[(si, tok.i)] = key


# ---------------------------------------------------------------- persons
def _find_persons(ctx: ArticleContext) -> None:
    raw = []  # (si, name tokens, title tokens, heading)
    for si, doc in enumerate(ctx.parsed.docs):
        seg = ctx.parsed.segments[si]
        for ent in ctx.views[si].ents:
            if ent.label_ != "PERSON" and not _acts_like_a_person(ctx, si, ent):
                continue
            toks = _widen(ctx, si, doc, [t for t in ent])
            while toks and (toks[-1].text in ("'s", "'") or toks[-1].is_punct):
                toks.pop()
            titles, toks = _split_title(ctx, si, toks)
            if not toks or _names_a_place(ctx, si, doc, toks):
                continue
            if not titles and toks[0].i > 0 and doc[toks[0].i - 1].lower_ == "the" and len(toks) == 1:
                continue  # "the <region>", "the Lowlands": a region, not a person
            toks = _with_suffix(doc, toks)
            if _is_byline(doc, toks, ctx.text(si)):
                continue
            text = ctx.text(si)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
            if " " not in text and "-" in text:
                # "Smith-Jones talks": parts are surnames resolved once the full names are known
                # (a double-barrelled surname comes with a given name: "Ana Smith-Jones").
                for part in text.split("-"):
                    raw.append((si, toks, titles, seg.heading, part))
                continue
            if not _plausible_name(toks, ctx.text(si)):
                continue
            raw.append((si, toks, titles, seg.heading, None))
        for toks in _names_after_titles(ctx, si, doc):
            raw.append((si, toks, [], seg.heading, None))
    body_words = {w for si, toks, _, heading, part in raw if not heading for w in ([part] if part else [t.text for t in toks])}
    gaz = load_gazetteer()

    def name_of(item) -> str:
        si, toks = item[0], item[1]
        return item[4] or ctx.text(si)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]

    accepted = []
    for item in raw:
        if item[1][0].i == item[1][-1].i and (item[0], item[1][0].i) in ctx.place_at:
            continue  # a city NER took for a person
        words = name_of(item).split()
        if item[3] and not any(w in body_words for w in words):
            continue  # a headline word NER took for a name, with no support in the body
        if fold(name_of(item)) in gaz.names or fold(name_of(item)) in gaz.demonyms or fold(name_of(item)) in gaz.cities:
            continue
        accepted.append(item)

    # Full names first, longest first, so that "Ana Ferreira" exists before "Ferreira" links to it.
    full = sorted((i for i in accepted if len(name_of(i).split()) > 1), key=lambda i: -len(name_of(i).split()))
    for item in full:
        name = name_of(item)
        if _link_name(ctx, name) is None:
            key = slug(name)
            ctx.persons[key] = PersonDraft(key, _original_name(ctx, item))
    order: list[tuple[tuple[int, int], str]] = []
    for item in sorted(accepted, key=lambda i: (i[0], i[1][0].i)):
        si, toks, titles, _, part = item
        key = _link_name(ctx, name_of(item), before=order)
        if key is None:
            if part:
                continue  # half of "Smith-Jones" naming nobody we know
            key = slug(name_of(item))
            ctx.persons[key] = PersonDraft(key, _original_name(ctx, item))
        person = ctx.persons[key]
        doc = ctx.parsed.docs[si]
        start_tok = titles[0] if titles else toks[0]
        for t in doc[start_tok.i : toks[-1].i + 1]:
            ctx.person_at[(si, t.i)] = key
        order.append(((si, toks[0].i), key))
        surface = ctx.original(si, toks[0].idx, toks[-1].idx + len(toks[-1].text)) if not part else part
        if fold(surface) != fold(person.name) or recase(surface) != surface:
            person.aliases.add(surface)
        _read_title(ctx, si, toks, titles, person)
        if not part:
            ctx.add_mention(Ref(PERSON, key), si, start_tok.idx, toks[-1].idx + len(toks[-1].text))
        else:
            ctx.add_mention(Ref(PERSON, key), si, toks[0].idx, toks[-1].idx + len(toks[-1].text))
    _find_known_names(ctx)
    # A name NER also offered as a place (a long name with particles tagged FAC) is a person's.
    for tid in [tid for tid in ctx.place_at if tid in ctx.person_at]:
        del ctx.place_at[tid]
    used = set(ctx.place_at.values())
    for key in [k for k in ctx.places if k not in used]:
        del ctx.places[key]


def _names_after_titles(ctx: ArticleContext, si: int, doc) -> list[list]:
    """Names NER missed altogether after "counterpart" or a title ("his counterpart Xu Pim,"): two or
    three capitalised words outside any entity, that are no title, country, place or date word."""
    view = ctx.views[si]
    if "counterpart" not in view.lower and ROLE_HEADS.isdisjoint(view.lower) and RANK_WORDS.isdisjoint(view.lower) \
            and "'s" not in view.lower and "\u2019s" not in view.lower:
        return []
    gaz = load_gazetteer()
    # Words of a place, a nationality or a date are no name's, whatever NER made of the rest.
    covered = {i for ent in view.ents if ent.label_ not in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART") for i in range(ent.start, ent.end)}
    found = []
    for i in range(len(doc) - 2):
        cue = view.lower[i]
        possessive = cue in ("'s", "\u2019s") and i > 0 and (si, i - 1) in ctx.country_at  # "<country>'s X Y"
        titled = (cue in ROLE_HEADS or cue.rstrip(".") in RANK_WORDS) and view.words[i][:1].isupper()
        if not (cue == "counterpart" or possessive or titled):
            continue
        if i + 2 < len(doc) and view.lower[i + 1] == "of" and (si, i + 2) in ctx.country_at:
            i += 2  # "President of <country> X Y"
            while i + 1 < len(doc) and (si, i + 1) in ctx.country_at:
                i += 1
        j = i + 1
        while j < len(doc) and j - i <= 3 and j not in covered and _bare_name_word(ctx, si, j, gaz):
            j += 1
        ends = j >= len(doc) or view.words[j] in (",", ".", ";", "and", ")") or doc[j].pos_ in ("VERB", "AUX")
        if 2 <= j - i - 1 <= 3 and ends:
            found.append(list(doc[i + 1 : j]))
    return found


def _bare_name_word(ctx: ArticleContext, si: int, j: int, gaz) -> bool:
    """A capitalised word that could be part of a name: no title, organisation, month or day word, and no
    country, demonym or city the gazetteer knows."""
    view = ctx.views[si]
    word, low, key = view.words[j], view.lower[j], fold(view.words[j])
    return (view.doc[j].is_alpha and word[:1].isupper() and low not in TITLE_WORDS and low not in ORGANIZATION_WORDS
            and low not in MONTH_AND_DAY_WORDS and (si, j) not in ctx.country_at
            and key not in gaz.names and key not in gaz.demonyms and key not in gaz.cities)


# Parts of speech that never open a name: "Thanking X later, ..." (VERB), "His Majesty" (PRON).
NOT_NAME_POS = frozenset({"VERB", "AUX", "PRON", "DET", "SCONJ", "CCONJ", "PUNCT", "NUM", "PART"})
NAME_SUFFIXES = frozenset({"jr", "jr.", "jnr", "jnr.", "sr", "sr.", "snr", "snr.", "ii", "iii", "iv"})


def _split_title(ctx: ArticleContext, si: int, toks: list) -> tuple[list, list]:
    """Cut what NER glued before a name: titles and honorifics (kept as the title), and a country,
    an organisation word or a word that is no name ("Agency X Y", "<Country> X Y", "Thanking X")."""
    titles: list = []
    # A title inside the span cuts off what precedes it too ("Agency Spokesperson X Y" -> "X Y").
    inner = [j for j in range(1, len(toks) - 1) if toks[j].lower_ in ROLE_HEADS]
    if inner and toks[0].lower_ not in NAME_PARTICLES:
        titles, toks = toks[: inner[-1] + 1], toks[inner[-1] + 1 :]
    while toks:
        t = toks[0]
        low = t.lower_
        if low in TITLE_WORDS or low.rstrip(".") in TITLE_WORDS:
            titles.append(toks.pop(0))
        elif (si, t.i) in ctx.country_at or low == "of":
            toks.pop(0)  # "President of <country> X Y": the title holds across the country
        elif low in ORGANIZATION_WORDS or t.pos_ in NOT_NAME_POS or t.is_punct:
            toks.pop(0)
            titles = []  # a title before an organisation word or a non-name word is not this person's
        else:
            break
    return titles, toks


def _names_a_place(ctx: ArticleContext, si: int, doc, toks: list) -> bool:
    """A name that the words around it show is a place: "the X region", "the village of X", "the Y and Z Seas"."""
    last = toks[-1]
    if last.lower_ in PLACE_WORDS:
        return True
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and after.lower_ in PLACE_WORDS and after.is_lower:
        return True
    first = toks[0].i
    return first >= 2 and doc[first - 1].lower_ == "of" and doc[first - 2].lower_ in PLACE_WORDS


def _with_suffix(doc, toks: list) -> list:
    """Take in a generational suffix: "X Y Jr.", "X Y, Jr." (the name's own part, not apposition)."""
    end = toks[-1].i + 1
    if end < len(doc) and doc[end].lower_ in NAME_SUFFIXES and doc[end].text[:1].isupper():
        return toks + [doc[end]]
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in NAME_SUFFIXES and doc[end + 1].lower_ not in ("ii", "iii", "iv"):
        return toks + [doc[end], doc[end + 1]]
    return toks


def _find_known_names(ctx: ArticleContext) -> None:
    """Names NER missed or mislabelled in one sentence ("Sato said" tagged ORG) but found elsewhere."""
    forms: dict[str, set[str]] = {}
    for p in ctx.persons.values():
        words = p.name.split()
        particle = next((i for i, w in enumerate(words) if i and w.lower() in NAME_PARTICLES), None)
        surname = " ".join(words[particle:]) if particle else words[-1]
        given = {w for w in words[1:-1] if w[:1].isupper() and len(w) > 3}  # "Ana" of "Maria Ana Rocha da Cunha"
        for form in {p.name, surname, words[-1], words[0], *given} if len(words) > 1 else {p.name}:
            forms.setdefault(fold(form), set()).add(p.key)
    if not forms:
        return
    # What a form's fold can begin with: most capitalised words begin none, and need no span folded.
    starts = {key[:n] for key in forms for n in range(1, len(key) + 1)}
    gaz = load_gazetteer()
    for si, doc in enumerate(ctx.parsed.docs):
        view = ctx.views[si]
        size = len(view.words)
        for i in view.capitalised:
            if (start := _fold_start(view.words[i])) is not None and start not in starts:
                continue
            if view.pos[i] not in ("PROPN", "NOUN", "ADJ", "VERB") or (si, i) in ctx.person_at:
                continue
            if (si, i) in ctx.country_at or fold(view.words[i]) in gaz.demonyms:
                continue
            for width in (3, 2, 1):
                if i + width > size:
                    continue
                keys = forms.get(fold(view.span_text(i, i + width)), ())
                if len(keys) == 1 and not any((si, j) in ctx.person_at for j in range(i, i + width)):
                    span = doc[i : i + width]
                    key = next(iter(keys))
                    for t in span:
                        ctx.person_at[(si, t.i)] = key
                    ctx.add_mention(Ref(PERSON, key), si, span.start_char, span.end_char)
                    break


def _fold_start(word: str) -> str | None:
    """What fold() of any text beginning with token `word` begins with, or None when that is not sure:
    a word holding a space, or one a leading "the" may be cut from."""
    start = word.replace("\u2019", "'").replace("\u2011", "-").casefold()  # fold's steps that work letter by letter
    if "the".startswith(start) or any(c.isspace() for c in start):
        return None
    return start


def _acts_like_a_person(ctx: ArticleContext, si: int, ent) -> bool:
    """A name NER labelled a place or an organisation (a two-word name tagged GPE) that the syntax shows
    is a person's: after a title or a country's possessive, in apposition to a role, or the
    subject of saying or meeting; and that no country, city or organisation word explains."""
    if ent.label_ not in ("ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"):
        return False
    # Widening only adds words: the entity's own words may already rule it out.
    view = ctx.views[si]
    # Titles and a country NER took into the entity ("HRH Princess X Y", "<country> X Y") come off first.
    lead = 0
    while lead < len(ent) - 1 and (view.lower[ent.start + lead].rstrip(".") in TITLE_WORDS or (si, ent.start + lead) in ctx.country_at):
        lead += 1
    own = [i for i in range(ent.start + lead, ent.end) if view.words[i] not in ("'s", "'", "-")]
    if len(own) > 6 or not all(_name_word(ctx, si, i) for i in own):
        return False
    toks = [t for t in _widen(ctx, si, ent.doc, list(ent)[lead:]) if t.text not in ("'s", "'")]
    words = [t for t in toks if t.text != "-"]
    if not 2 <= len(words) <= 6:
        return False
    if not all(_name_word(ctx, si, t.i) for t in words):
        return False
    gaz = load_gazetteer()
    text = ctx.text(si)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
    if gaz.country_by_name(text) or fold(text) in gaz.cities or fold(text) in gaz.capitals:
        return False
    before = ent.doc[toks[0].i - 1] if toks[0].i > 0 else None
    if before is not None and (before.lower_ in TITLE_WORDS or before.lower_.rstrip(".") in TITLE_WORDS or before.lower_ == "counterpart"):
        return True
    # "President of <country> X Y": a title, "of" and a country before the name.
    i = toks[0].i - 1
    while i >= 0 and (si, i) in ctx.country_at:
        i -= 1
    if i < toks[0].i - 1 and i >= 1 and view.lower[i] == "of" and view.lower[i - 1].rstrip(".") in TITLE_WORDS:
        return True
    if before is not None and before.text in ("'s", "'") and (si, before.i - 1) in ctx.country_at:
        return True
    root = ent.root
    if root.dep_ == "appos" and root.head.lower_ in APPOSITION_HEADS:
        return True
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEAKING_OR_MEETING_VERBS


def _name_word(ctx: ArticleContext, si: int, i: int) -> bool:
    """Whether token i is a capitalised word (or a particle: "da", "von") of no organisation, title or country."""
    view = ctx.views[si]
    word, low = view.words[i], view.lower[i]
    if not (word[:1].isupper() and not word.isupper() or low in NAME_PARTICLES):
        return False
    if low in ORGANIZATION_WORDS or low in TITLE_WORDS or (si, i) in ctx.country_at:
        return False
    return view.doc[i].is_alpha


def _widen(ctx: ArticleContext, si: int, doc, toks: list) -> list:
    """NER often clips a name at a sentence start ("Ana" left out of "Ana Ferreira met"): take in
    adjacent capitalised proper nouns that are no title, country or other entity."""
    gaz = load_gazetteer()
    view = ctx.views[si]
    words, lower, size = view.words, view.lower, len(view.words)

    def name_like(j: int) -> bool:
        word = words[j]
        if not (view.pos[j] == "PROPN" and word[:1].isupper() and lower[j] not in TITLE_WORDS and (si, j) not in ctx.country_at):
            return False
        key = fold(word)
        if key in gaz.cities or key in gaz.names or key in gaz.demonyms:
            return False  # a known place
        t = doc[j]
        # A word of another entity ("... Energy Agency" before a name) or an organisation word is not the name's.
        return t.is_alpha and t.ent_type_ in ("", "PERSON") and lower[j] not in ORGANIZATION_WORDS

    def joins(i: int, step: int) -> int:
        """How many tokens from i on (step -1 or +1) continue the name: a name word, or particles
        ("von der", "da") or a hyphen followed by one."""
        j = i
        while 0 <= j < size and (words[j] == "-" or (lower[j] in NAME_PARTICLES and doc[j].is_lower)):
            j += step
        return abs(j - i) + 1 if 0 <= j < size and name_like(j) else 0

    while toks[0].i > 0 and len(toks) < 6 and (n := joins(toks[0].i - 1, -1)):
        toks = list(doc[toks[0].i - n : toks[0].i]) + toks
    while toks[-1].i + 1 < len(doc) and len(toks) < 6 and (n := joins(toks[-1].i + 1, 1)):
        toks = toks + list(doc[toks[-1].i + 1 : toks[-1].i + 1 + n])
    # Korean given names: "Seo Ha-eun" is tokenised "Ha", "-", "eun".
    while toks[-1].i + 2 < size and words[toks[-1].i + 1] == "-" and doc[toks[-1].i + 2].is_alpha \
            and view.idx[toks[-1].i + 1] == toks[-1].idx + len(toks[-1].text) and toks[-1].text[:1].isupper():
        toks = toks + [doc[toks[-1].i + 1], doc[toks[-1].i + 2]]
    return toks


def _original_name(ctx: ArticleContext, item) -> str:
    si, toks, _, _, part = item
    if part:
        return part
    return recase(ctx.original(si, toks[0].idx, toks[-1].idx + len(toks[-1].text)))


ROMAN_NUMERAL = re.compile(r"^[IVXLC]+\.?,?$")  # a regnal number ("Charles III") is no family name


def recase(name: str) -> str:
    """A family name in capitals beside mixed-case given names ("SEO Haeun", "Ana FERREIRA") in its
    ordinary case; the original form stays an alias. A name all in capitals is left alone."""
    words = name.split()
    caps = [w.isupper() and sum(c.isalpha() for c in w) > 1 and not ROMAN_NUMERAL.match(w) for w in words]
    if not any(caps) or all(caps):
        return name
    return " ".join("-".join(p.capitalize() for p in w.split("-")) if c else w for w, c in zip(words, caps))


CONTRIBUTED = re.compile(r"\bcontributed (reporting )?to (this|the) (report|story|article)\b", re.I)
CREDIT_LINE = re.compile(r"^\W*(by|reporting by|additional reporting by|writing by|editing by|compiled by|photo(graph)?s? by|contributing)\b", re.I)


def _is_byline(doc, toks, text: str) -> bool:
    """A line that holds nothing but a name (optionally after 'By'), or a credit line
    ("Reporting by X; Editing by Y"), names the writers, not people in the news."""
    if CREDIT_LINE.match(text) or CONTRIBUTED.search(text):
        return True
    if len(doc) > 12:
        return False
    rest = [t for t in doc if not t.is_space and not t.is_punct and t.i not in range(toks[0].i, toks[-1].i + 1)]
    return len(doc) <= 6 and all(t.lower_ in ("by", "and", "reporting", "writing") for t in rest)


def _plausible_name(toks, text: str) -> bool:
    words = text[toks[0].idx : toks[-1].idx + len(toks[-1].text)].split()  # "Seo Ha-eun": 2 words
    if len(toks) == 1 and (toks[0].pos_ == "PRON" or toks[0].lower_ in PERSON_PRONOUNS):
        return False  # a capitalised pronoun after a blessing ("... protect Him")
    if sum(c.isalpha() for c in "".join(words)) < 2:
        return False  # a single letter: "X." (the platform), "A."
    if len(words) > 5 or any(any(c.isdigit() for c in w) for w in words):
        return False
    if any(not w[:1].isupper() and w.lower() not in NAME_PARTICLES for w in words):
        return False
    if all(w.lower().rstrip(".") in TITLE_WORDS or w.lower() in MONTH_AND_DAY_WORDS for w in words):
        return False
    if words[0].lower().rstrip(".") in ("st", "saint"):
        return False  # "St Ysolde's Day", "Saint Ysolde": a saint, not a person in the news
    return True


def _link_name(ctx: ArticleContext, name: str, before=None) -> str | None:
    """The person `name` refers to: the same full name, or a unique full name holding all its words."""
    words = fold_words(name)
    key = slug(name)
    if key in ctx.persons:
        return key
    own = set(words)
    matches = [p.key for p in ctx.persons.values() if len(fold_words(p.name)) > len(words) and own <= set(fold_words(p.name))
               and not (son_of(p.name) and not own & SUFFIXES)]  # "X Y" is not "X Y Jr.", his son
    if len(matches) == 1:
        return matches[0]
    if matches and before:
        # The candidate the article has named most so far (its protagonist), the most recent on a tie:
        # a shared family name ("Seo") mostly means the person the story is about.
        counts = Counter(key for _, key in before if key in matches)
        if counts:
            recency = {key: n for n, (_, key) in enumerate(before)}
            return max(counts, key=lambda k: (counts[k], recency[k]))
    return None


def _read_title(ctx: ArticleContext, si: int, toks, titles, person: PersonDraft) -> None:
    """Roles and country from the words before a name ("<Country>'s Defence Minister Admiral X") and appositions."""
    doc = ctx.parsed.docs[si]
    title_toks = list(titles)
    i = (titles[0].i if titles else toks[0].i) - 1
    sent_start = ctx.views[si].sent_of(toks[0].i).start
    while i >= sent_start:
        t = doc[i]
        low = t.lower_
        if low in TITLE_WORDS or low.rstrip(".") in TITLE_WORDS:
            title_toks.insert(0, t)
        elif low == "of" and title_toks and i - 1 >= sent_start and doc[i - 1].lower_ in TITLE_WORDS:
            title_toks.insert(0, t)  # "Secretary of State"
        elif (si, i) in ctx.country_at:
            person.country = person.country or ctx.country_at[(si, i)]
            j = i - 1  # the whole country name (two words, or an abbreviation with dots) is one stop
            if j < sent_start or (si, j) not in ctx.country_at:
                break
        elif low == "," and i - 1 >= sent_start and (si, i - 1) in ctx.country_at and doc[i - 1].head.lower_ == "of":
            # "the Prime Minister of <country>, X Y": country and title before the comma.
            person.country = person.country or ctx.country_at[(si, i - 1)]
            title_head = doc[i - 1].head.head
            if title_head.lower_ in TITLE_WORDS:
                title_toks[:0] = [t for t in title_head.lefts if t.lower_ in TITLE_WORDS] + [title_head]
            break
        elif low not in SKIP_BEFORE_NAME:
            break
        i -= 1
    root = toks[-1]
    if root.dep_ == "appos" and root.head.i < toks[0].i and person.country is None:
        # "his US counterpart, X", "the <demonym> leader, X": the country of the phrase the name stands beside.
        for t in root.head.subtree:
            if t.i >= toks[0].i:
                break
            if (si, t.i) in ctx.country_at and (si, t.i) not in ctx.person_at:
                person.country = ctx.country_at[(si, t.i)]
                break
    for child in toks[-1].children:
        if child.dep_ == "appos":
            for t in child.subtree:
                if (si, t.i) in ctx.country_at:
                    person.country = person.country or ctx.country_at[(si, t.i)]
            words = [t for t in child.subtree if t.lower_ in TITLE_WORDS and t.dep_ != "det"]
            if words and child.lower_ in TITLE_WORDS:
                role = " ".join(t.text for t in words).strip()
                if role and role not in person.roles:
                    person.roles.append(role.title() if role.islower() else role)
    for role in _split_roles(title_toks):
        if role not in person.roles:
            person.roles.append(role)
    if title_toks and title_toks[-1].i + 1 == toks[0].i:
        person.aliases.add(ctx.original(si, title_toks[0].idx, toks[-1].idx + len(toks[-1].text)))


def _split_roles(title_toks) -> list[str]:
    """'Defence Minister Admiral' -> ['Defence Minister', 'Admiral']; honorifics alone are no role;
    'Secretary of State' stays whole."""
    roles, run = [], []
    for t in title_toks:
        if t.lower_ in RANK_WORDS or t.lower_.rstrip(".") in RANK_WORDS:
            if run:
                roles.append(" ".join(run))
                run = []
            if t.lower_.rstrip(".") not in HONORIFICS:
                roles.append(t.text)
        else:
            run.append(t.text)
    if run:
        roles.append(" ".join(run))
    return [r for r in roles if r[:1].isupper() or " " in r]
