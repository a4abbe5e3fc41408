"""Meetings read off a sentence's surface, for the sentences whose parse is too weak to trust.

The small English model often misparses exactly the sentences news uses to report meetings
("X hosted Y for lunch and talks", "X, accompanied by A and B, received Y"). Here a spaCy
`Matcher` finds the meeting phrase (a verb, or a light verb and a meeting noun, or a noun and
"with"/"between"), and the participants are the named people in the runs of names, titles and
conjunctions on either side of it. Finding (`match_meetings`) is kept apart from the drafts it
makes (`find_surface_meetings`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.matcher import Matcher

from kg.extract.context import ArticleContext, MeetingDraft
from kg.extract.coref import (
    group_size,
    last_persons,
    meeting_before,
    previous_person,
    refs_for,
    subjects_of,
)
from kg.extract.lexicon import (
    AGREEMENT_NOUNS,
    MEETING_NOUNS,
    PERSON_GROUPS,
    ROLE_HEADS,
    TITLE_WORDS,
    UNREAL_WORDS,
)
from kg.records import CALL, IN_PERSON, PERSON, VIDEO_CALL

# Verbs whose object is the person met ("X received Y"), and verbs of meeting each other ("X and Y met").
OBJECT_VERBS = ["meet", "host", "receive", "welcome", "greet", "call", "phone", "telephone"]
MUTUAL_VERBS = ["meet", "talk", "speak", "confer", "negotiate", "converse"]
LIGHT_VERBS = ["hold", "have", "conduct", "host", "attend", "join"]
SIGN_VERBS = ["sign", "ink", "initial", "co-sign", "countersign"]
ATTEND_VERBS = ["attend", "chair", "co-chair", "host", "join"]
FINITE = ["VBD", "VBZ", "VBP", "VBN"]
NOUNS = sorted(MEETING_NOUNS) + ["conference", "talk", "call", "summit", "tete-a-tete", "lunch", "dinner", "breakfast"]
NOUN_FORMS = sorted({n for noun in NOUNS for n in (noun, noun + "s")})
# Words that may sit between a subject and its verb ("X on Friday also met Y").
FILLER_POS = frozenset({"ADV"})
FILLER_WORDS = frozenset({"on", "late", "early", "earlier", "also", "then", "first", "last", ",", "briefly", "finally", "later"})
# Words that may sit inside a run of participants ("his <demonym> counterpart X", "X, Y and Z").
GLUE_WORDS = frozenset({"and", ",", "the", "his", "her", "their", "counterpart", "counterparts", "'s", "\u2019s", "of", "both", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})
MODALS = frozenset({"will", "would", "could", "may", "might", "should", "shall", "can", "must"})
# Words right before a meeting phrase that make it a plan, a purpose or a negation ("will meet", "to meet", "never met").
NOT_YET = MODALS | {"to", "not", "n't", "never", "cannot"}
DENIALS = frozenset({"deny", "denied", "denies", "dismiss", "refute", "debunk", "alleged", "purported"})
CONDITIONS = frozenset({"if", "unless", "whether"})
JOURNEY_VERBS = frozenset({"travel", "fly", "go", "come", "arrive", "head", "return"})
VIDEO_WORDS = frozenset({"video", "videoconference", "virtual", "virtually", "online", "video-call", "videocall", "video-link"})
PHONE_WORDS = frozenset({"phone", "telephone", "teleconference", "call", "phoned", "telephoned", "calls"})
MAX_PARTICIPANTS = 8
# After a bare "spoke"/"talked", words that make it an address or a topic rather than a conversation.
SPEECH_PREPOSITIONS = frozenset({"at", "about", "to", "on", "before", "of", "out", "up", "from"})


@dataclass(frozen=True)
class SurfaceMatch:
    """A meeting phrase in segment `si`: tokens [start, end), its head word, the kind of meeting its
    words imply, and which pattern found it."""

    si: int
    start: int
    end: int
    head: int
    kind: str
    label: str

    @property
    def mutual(self) -> bool:
        """Whether all the people may stand before the phrase ("X and Y met", "X and Y signed")."""
        return self.label in ("MUTUAL_VERB", "LIGHT_VERB", "SIGN")


def meeting_patterns() -> list[tuple[str, list[list[dict]]]]:
    """The meeting phrases as (label, Matcher patterns), in the order build_matcher adds them."""
    verb = {"LEMMA": {"IN": OBJECT_VERBS}, "TAG": {"IN": FINITE}}
    mutual = {"LEMMA": {"IN": MUTUAL_VERBS}, "TAG": {"IN": FINITE}}
    noun = {"LOWER": {"IN": NOUN_FORMS}, "POS": {"IN": ["NOUN", "PROPN"]}}
    by_phone = [{"LOWER": {"IN": ["by", "over", "on", "via"]}}, {"LOWER": {"IN": ["the", "a"]}, "OP": "?"}, {"LOWER": {"IN": ["phone", "telephone", "video", "videolink", "video-link"]}}, {"LOWER": {"IN": ["link", "call"]}, "OP": "?"}]
    return [
        ("OBJECT_VERB", [[verb], [verb, {"LOWER": "with"}]]),
        ("MUTUAL_VERB", [[mutual], [mutual, {"LOWER": {"IN": ["with", "to"]}}], [mutual, *by_phone, {"LOWER": {"IN": ["with", "to"]}, "OP": "?"}]]),
        # "held phone talks with Y at Y's request", "held a summit (for an hour) and a lunch with Y": the
        # "with" is looked for after the noun (see _with_after).
        ("LIGHT_VERB", [[{"LEMMA": {"IN": LIGHT_VERBS}, "TAG": {"IN": FINITE}}, {"POS": {"IN": ["DET", "ADJ", "NUM", "NOUN", "PROPN", "PUNCT"]}, "OP": "{0,6}"}, noun]]),
        # "the meeting with Y", "a joint press conference in <city> with Y and Z" (see _with_after)
        ("NOUN_WITH", [[noun]]),
        # "X and Y saw each other briefly", "they met one another": only the people before the phrase.
        ("MUTUAL_VERB", [[{"LEMMA": {"IN": ["see", "meet", "greet", "call", "phone", "visit"]}, "TAG": {"IN": FINITE}},
                          {"LOWER": {"IN": ["each", "one"]}}, {"LOWER": {"IN": ["other", "another"]}}]]),
        ("SHAKE_HANDS", [[{"LEMMA": "shake", "TAG": {"IN": FINITE}}, {"LOWER": "hands"}, {"LOWER": "with"}]]),
        # A signing ceremony: "X and Y signed", "signed by X and Y".
        ("SIGN", [[{"LEMMA": {"IN": SIGN_VERBS}, "TAG": {"IN": ["VBD", "VBZ", "VBP"]}}],
                  [{"LEMMA": {"IN": SIGN_VERBS}, "TAG": "VBN"}, {"POS": {"IN": ["ADP", "NOUN"]}, "OP": "{0,2}"}, {"LOWER": "by"}]]),
        # "X and Y struck / sealed agreements": two leaders concluding a deal together.
        ("SIGN", [[{"LEMMA": {"IN": ["strike", "seal", "conclude"]}, "TAG": {"IN": ["VBD", "VBZ", "VBP", "VBN"]}},
                   {"POS": {"IN": ["DET", "ADJ", "NUM", "NOUN"]}, "OP": "{0,3}"}, {"LEMMA": {"IN": sorted(AGREEMENT_NOUNS)}}]]),
        # "The forum, led by X, drew Y and Z": every such run in the sentence.
        ("ATTENDED_BY", [[{"LEMMA": {"IN": ATTEND_VERBS}, "TAG": "VBN"}, {"LOWER": "by"}]]),
        # People present at the meeting the sentence reports: "in the presence of Z", "accompanied by Z".
        ("PRESENT", [[{"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": "presence"}, {"LOWER": "of"}], [{"LOWER": {"IN": ["accompanied", "flanked", "joined"]}}, {"LOWER": "by"}]]),
    ]


def build_matcher(vocab) -> Matcher:
    """The meeting phrases, one pattern each."""
    matcher = Matcher(vocab)
    for label, specs in meeting_patterns():
        matcher.add(label, specs)
    return matcher


_MATCHERS: dict[int, Matcher] = {}


def match_meetings(ctx: ArticleContext) -> list[SurfaceMatch]:
    """Every meeting phrase in the article, longest first where two share a head."""
    found = []
    for si, doc in enumerate(ctx.parsed.docs):
        if not _may_match(ctx.views[si]):
            continue
        matcher = _MATCHERS.get(id(doc.vocab))
        if matcher is None:
            matcher = _MATCHERS[id(doc.vocab)] = build_matcher(doc.vocab)
        seen: set[int] = set()
        view = ctx.views[si]
        # Only sentences with a word a pattern must start from or hold are matched: the Matcher's
        # optional-word patterns cost most where nothing can match. Within them, only the stretches a
        # phrase can start in and reach (see _windows): the Matcher builds a Token for every word it reads.
        spans = [(a, doc[a:b]) for sent in view.sents
                 if not (CUE_FORMS.isdisjoint(view.lemma[sent.start : sent.end]) and CUE_FORMS.isdisjoint(view.lower[sent.start : sent.end]))
                 for a, b in _windows(view, sent.start, sent.end)]
        matches = [(match_id, base + start, base + end) for base, span in spans for match_id, start, end in matcher(span)]
        for match_id, start, end in sorted(matches, key=lambda m: (m[1], -m[2])):
            if start in seen:
                continue
            seen.add(start)
            label = doc.vocab.strings[match_id]
            head = start
            if label in ("LIGHT_VERB", "NOUN_WITH"):
                head = max(i for i in range(start, end) if view.lower[i] in NOUN_FORMS and view.pos[i] in ("NOUN", "PROPN"))
            if label == "LIGHT_VERB":
                end = _with_after(doc, head, 30) or end
            elif label == "NOUN_WITH":
                end = _with_after(doc, head, 8, also=("between", "among"))
                if end is None:
                    continue
            kind = CALL if view.lemma[head] in ("call", "phone", "telephone") else IN_PERSON
            found.append(SurfaceMatch(si, start, end, head, kind, label))
    return found


TRIGGER_FORMS = frozenset(OBJECT_VERBS + MUTUAL_VERBS + LIGHT_VERBS + SIGN_VERBS + ATTEND_VERBS + NOUN_FORMS + ["shake", "presence", "accompanied", "flanked", "joined", "strike", "struck", "seal", "conclude"])
# A sentence must hold one of these for any pattern to match (a light verb alone matches nothing: it needs a noun).
CUE_FORMS = TRIGGER_FORMS - frozenset(LIGHT_VERBS) - {"strike", "seal", "conclude"} | {"shake"}


def _reach(pattern: list[dict]) -> int | None:
    """The most tokens `pattern` can match; None when that has no bound ("+", "*", "{n,}")."""
    total = 0
    for spec in pattern:
        op = spec.get("OP", "1")
        if op in ("1", "!", "?"):
            total += 1
        elif op.startswith("{") and not op.endswith(",}"):
            total += int(op.strip("{}").split(",")[-1])
        else:
            return None
    return total


def _words(spec: dict) -> tuple[str, frozenset[str]] | None:
    """("LEMMA" or "LOWER", the words) when a token spec allows only those words, else None. Lemmas are
    lower-cased, as DocView keeps them: a test looser than the Matcher's, never stricter."""
    for attr in ("LEMMA", "LOWER"):
        value = spec.get(attr)
        if isinstance(value, str):
            value = {"IN": [value]}
        if isinstance(value, dict) and set(value) == {"IN"}:
            return attr, frozenset(w.lower() if attr == "LEMMA" else w for w in value["IN"])
    return None


@dataclass(frozen=True)
class _Reach:
    """What one pattern needs past its first word, and how many tokens its match can span."""

    fixed: tuple[tuple[int, str, frozenset[str]], ...]  # (offset, attribute, words): the word there is one of these
    within: tuple[tuple[str, frozenset[str]], ...]  # (attribute, words): some word in the span is one of these
    length: int


def _reaches() -> dict[str, dict[str, list[_Reach]]] | None:
    """The meeting patterns by the attribute and word they start with ("LEMMA" -> "meet" -> ...), longest
    first; None when one may start at any word or has no bound."""
    found: dict[str, dict[str, list[_Reach]]] = {"LEMMA": {}, "LOWER": {}}
    for _, specs in meeting_patterns():
        for pattern in specs:
            first, length = _words(pattern[0]), _reach(pattern)
            if first is None or pattern[0].get("OP", "1") != "1" or length is None:
                return None
            fixed, within, offset = [], [], 1  # offset: where the next spec's token is, while that is known
            for spec in pattern[1:]:
                op, words = spec.get("OP", "1"), _words(spec)
                if op == "1" and words is not None:
                    (fixed.append((offset, *words)) if offset is not None else within.append(words))
                if offset is not None:
                    offset = offset + 1 if op in ("1", "!") else None
            for word in first[1]:
                found[first[0]].setdefault(word, []).append(_Reach(tuple(fixed), tuple(within), length))
    for by_word in found.values():
        for reaches in by_word.values():
            reaches.sort(key=lambda r: -r.length)
    return found


REACHES = _reaches()


def _windows(view, start: int, end: int) -> list[tuple[int, int]]:
    """The token ranges of sentence [start, end) that hold all its meeting phrases: from each word a
    pattern starts with, if the words the pattern needs further on are there, as far as its match can
    reach; ranges that meet are joined.

    Every match the Matcher finds in the sentence lies inside one range, and every match in a range is
    one in the sentence, so matching the ranges gives the sentence's matches.
    """
    if REACHES is None:
        return [(start, end)]
    words = {"LEMMA": view.lemma, "LOWER": view.lower}
    lemmas, lowers = REACHES["LEMMA"], REACHES["LOWER"]
    windows: list[list[int]] = []
    for i in [i for i in range(start, end) if view.lemma[i] in lemmas or view.lower[i] in lowers]:
        reach = 0
        for attr, by_word in REACHES.items():
            for r in by_word.get(words[attr][i], ()):
                if r.length <= reach:
                    break  # the rest are no longer
                if all(i + k < end and words[a][i + k] in allowed for k, a, allowed in r.fixed) \
                        and all(not allowed.isdisjoint(words[a][i + 1 : min(end, i + r.length)]) for a, allowed in r.within):
                    reach = r.length
                    break
        if not reach:
            continue
        a, b = i, min(end, i + reach)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    return [(a, b) for a, b in windows]


def _may_match(view) -> bool:
    return not (TRIGGER_FORMS.isdisjoint(view.lemma) and TRIGGER_FORMS.isdisjoint(view.lower))


def _with_after(doc, head: int, limit: int, also: tuple[str, ...] = ()) -> int | None:
    """Where the people start after "held <noun> ... with": the token after the first "with" within
    `limit` tokens in the same clause (no finite verb or full stop between), skipping parentheses."""
    depth = 0
    for i in range(head + 1, min(len(doc), head + limit)):
        t = doc[i]
        depth += t.text == "("
        depth -= t.text == ")"
        if depth > 0:
            continue
        if t.lower_ == "with" or (i == head + 1 and t.lower_ in also):
            return i + 1
        if t.tag_ in ("VBD", "VBZ", "VBP") or t.text in (".", ";", ":") or t.is_sent_start:
            return None
    return None


def find_surface_meetings(ctx: ArticleContext, add) -> None:
    """Draft a meeting for each surface match that names two to eight people and reports a real meeting;
    `add(draft)` merges it with what the article already holds."""
    from kg.extract.meetings import (  # one module's helpers, shared
        _date_text,
        _occasion,
        _only_date,
        _place,
        deny,
        is_unreal,
    )

    matches = match_meetings(ctx)
    for m in matches:
        if m.label == "PRESENT":
            continue
        doc, view = ctx.parsed.docs[m.si], ctx.views[m.si]
        sent = view.sent_of(m.head)
        if view.span_text(sent.start, sent.end).rstrip().endswith("?"):
            continue
        if _denied_here(view, sent, m):
            deny(ctx, set(_run(ctx, m.si, doc, m.end, +1, sent)) | set(_run(ctx, m.si, doc, _skip_fillers(view, m.start - 1, sent), -1, sent)),
                 _kind(view, sent, m) != IN_PERSON)
            continue
        if _unreal_here(doc, view, sent, m) or is_unreal(doc[m.start], view):
            continue
        right = _run(ctx, m.si, doc, m.end, +1, sent)
        if not right and doc[m.end - 1].lower_ == "by":
            # "signed by the three leaders, who ..., including A, B and C"
            listed = next((t.i for t in doc[m.end : sent.end] if t.lower_ in ("including", "namely")), None)
            right = _run(ctx, m.si, doc, listed + 1, +1, sent) if listed is not None else right
        if not right and m.label == "OBJECT_VERB":
            right = _verb_objects(ctx, m.si, doc[m.start])  # "called the <demonym> president": coreference
        if _joins_the_meeting_before(ctx, m, doc, sent, right):
            continue
        if m.label == "ATTENDED_BY":
            # every "chaired by"/"attended by" run of the sentence; nobody before the phrase
            persons = {p for o in matches if o.label == "ATTENDED_BY" and o.si == m.si and sent.start <= o.start < sent.end
                       for p in _run(ctx, o.si, doc, o.end, +1, sent)}
            if not _names_an_event(view, sent, m):
                continue
        else:
            if _speech_only(doc, m, right):
                continue
            left = _subject_side(ctx, m, doc, sent, right)
            persons = set(left) | set(right)
            mutual = m.mutual or doc[m.start].lemma_.lower() in MUTUAL_VERBS  # "the five ministers met"
            if not right and not (mutual and len(left) >= 2):
                continue
        persons |= {p for o in matches if o.label == "PRESENT" and o.si == m.si and sent.start <= o.start < sent.end
                    for p in _run(ctx, o.si, doc, o.end, +1, sent)}
        if not 2 <= len(persons) <= MAX_PARTICIPANTS:
            continue
        tok = doc[m.head]
        kind = _kind(view, sent, m)
        add(MeetingDraft(
            participants=frozenset(persons),
            kind=kind,
            date_text=_date_text(view, sent, tok, loose=True) or _only_date(view, sent, months=True),
            place=_place(ctx, m.si, sent, tok) if kind == IN_PERSON else None,
            occasion=_occasion(ctx, m.si, sent),
            evidence=(ctx.evidence(m.si, tok.idx, tok.idx + len(tok.text)),),
            order=len(ctx.meetings),
        ))


def _joins_the_meeting_before(ctx: ArticleContext, m: SurfaceMatch, doc, sent, right: list[str]) -> bool:
    """'Z joined the talks (by video link)': Z is one more participant of the meeting last told of.
    Returns whether the phrase was read so."""
    if m.label != "LIGHT_VERB" or doc[m.start].lemma_.lower() != "join" or right:
        return False
    if not any(c.lower_ in ("the", "these", "those") for c in doc[m.head].children):
        return False  # "joined a summit" is a new event, "joined the talks" the one told of
    last = meeting_before(ctx, ctx.offset(m.si) + doc[m.start].idx)
    joiners = set(_run(ctx, m.si, doc, _skip_fillers(ctx.views[m.si], m.start - 1, sent), -1, sent)) or set(_verb_subjects(ctx, m.si, doc[m.start]))
    if last is None or not joiners or joiners <= last.participants or len(last.participants | joiners) > MAX_PARTICIPANTS:
        return False
    index = ctx.meetings.index(last)
    ctx.meetings[index] = replace(last, participants=last.participants | frozenset(joiners))
    return True


def _subject_side(ctx: ArticleContext, m: SurfaceMatch, doc, sent, right: list[str]) -> list[str]:
    """The people before the phrase, tried in order: the run of names before it; for a signing, the
    subjects of the first conjoined verb; a group word ("the two leaders"); the verb's subject by
    coreference; for "the meeting with Y", its possessor or the sentence's one actor."""
    if doc[m.end - 1].lower_ == "by":
        return []  # "signed by X and Y", "attended by ...": everyone is after the phrase
    before = _skip_fillers(ctx.views[m.si], m.start - 1, sent)
    left = _run(ctx, m.si, doc, before, -1, sent)
    if m.label == "SIGN" and len(left) < 2:
        left = _conjoined_subjects(ctx, m.si, doc[m.start]) or left  # "X and his peer Y upgraded ties and struck deals"
    if m.label != "NOUN_WITH":
        return left or _group_before(ctx, m.si, doc, before, sent) or _verb_subjects(ctx, m.si, doc[m.start])
    if left or doc[m.end - 1].lower_ in ("between", "among"):
        return left
    return _possessor(ctx, m.si, doc, m.head) or _sentence_subject(ctx, m.si, doc, sent, exclude=right)


def _speech_only(doc, m: SurfaceMatch, right: list[str]) -> bool:
    """"X and Y spoke at the summit / about trade / to reporters": speeches, not a talk together."""
    if m.label != "MUTUAL_VERB" or doc[m.start].lemma_.lower() not in ("speak", "talk"):
        return False
    if m.end == m.start + 1:
        return m.end < len(doc) and doc[m.end].lower_ in SPEECH_PREPOSITIONS
    return doc[m.end - 1].lower_ == "to" and not right


EVENT_NOUNS = frozenset(NOUNS) | {"event", "ceremony", "forum", "gathering", "conference", "lunch", "dinner", "banquet", "reception"}


def _names_an_event(view, sent, m: SurfaceMatch) -> bool:
    """Whether the sentence's subject, before an "attended by" phrase, is a meeting or an event."""
    return any(view.lemma[i] in EVENT_NOUNS and view.pos[i] in ("NOUN", "PROPN") for i in range(sent.start, m.start))


def _denied_here(view, sent, m: SurfaceMatch) -> bool:
    return not (DENIALS.isdisjoint(view.lemma[sent.start : m.start]) and DENIALS.isdisjoint(view.lower[sent.start : m.start]))


def _unreal_here(doc, view, sent, m: SurfaceMatch) -> bool:
    """A modal, infinitive or negation just before the phrase, or a condition before it in the sentence."""
    i = m.start - 1
    lower, lemma = view.lower, view.lemma
    while i >= sent.start and (view.pos[i] == "ADV" and lower[i] not in NOT_YET):
        i -= 1
    if i >= sent.start and lower[i] == "to" and i - 1 >= sent.start and lemma[i - 1] in JOURNEY_VERBS and doc[i - 1].tag_ in ("VBD", "VBZ"):
        return False  # "flew to X to meet Y" reads as done; but "to" right after the journey verb is its destination
    if i >= sent.start and (lower[i] in NOT_YET or lemma[i] in UNREAL_WORDS):
        return True
    return not CONDITIONS.isdisjoint(view.lower[sent.start : m.start])


def _skip_fillers(view, i: int, sent) -> int:
    while i >= sent.start:
        if view.words[i] == ")":
            i = _skip_parenthesis(view, i, -1, sent)
        elif view.pos[i] in FILLER_POS or view.lower[i] in FILLER_WORDS or view.doc[i].ent_type_ in ("DATE", "TIME"):
            i -= 1
        else:
            break
    return i


def _skip_parenthesis(view, i: int, step: int, sent) -> int:
    """The token past the parenthesis that opens (step +1) or closes (step -1) at token i."""
    close, open_ = ("(", ")") if step < 0 else (")", "(")
    depth = 0
    while sent.start <= i < sent.end:
        depth += view.words[i] == open_
        depth -= view.words[i] == close
        i += step
        if depth == 0:
            break
    return i


def _glue(ctx: ArticleContext, si: int, i: int) -> bool:
    view = ctx.views[si]
    low, word, pos = view.lower[i], view.words[i], view.pos[i]
    return (
        low in GLUE_WORDS
        or low in TITLE_WORDS
        or low.rstrip(".") in TITLE_WORDS
        or (si, i) in ctx.country_at
        or (pos == "ADJ" and word[:1].isupper())  # "his <demonym> counterpart"
        or (pos == "PROPN" and word[:1].isupper())  # "US envoy X", a name NER missed
        or word in ("-", "\u2013")
    )


def _description(view, i: int) -> bool:
    """Words of a role between a possessor and a name: "Y's special envoy for Z, X"."""
    return view.pos[i] == "ADJ" or view.lower[i] in ("for", "to", "on") or (view.pos[i] == "NOUN" and view.lower[i] in ROLE_HEADS)


def _run(ctx: ArticleContext, si: int, doc, i: int, step: int, sent) -> list[str]:
    """The people named in the run of names and glue words from token i on (step +1 rightward, -1 leftward)."""
    view = ctx.views[si]
    people: list[str] = []
    pending: list[str] = []  # people after the last "and"/",": kept unless a verb follows them (a new clause)
    while sent.start <= i < sent.end:
        word, low = view.words[i], view.lower[i]
        key = ctx.person_at.get((si, i))
        if word in ("(", ")") and (word == "(") == (step > 0):
            i = _skip_parenthesis(view, i, step, sent)  # "X (right)", "the Republic of X (ROX)"
            continue
        if key is not None:
            if not _possessor_at(ctx, si, doc, i, key):
                pending.append(key)  # "Y's envoy Z": Z, not Y
        elif low in ("he", "she") and step < 0:
            # "he and Y signed": the pronoun's person, who is not Y
            key = previous_person(ctx, si, i)
            if key and key not in pending and key not in people:
                pending.append(key)
            i += step
            continue
        elif _glue(ctx, si, i) or (step > 0 and _description(view, i)):
            if low in ("and", ",") and pending:
                people.extend(pending)
                pending = []
        else:
            break
        i += step
    if pending and not (step > 0 and sent.start <= i < sent.end and view.pos[i] in ("VERB", "AUX") and view.lower[i - 1] not in (",",)):
        people.extend(pending)
    elif pending and step > 0 and not people:
        people.extend(pending)  # "met Y said ..." still has Y: only the people after a conjunction start a clause
    return list(dict.fromkeys(people))


def _possessor_at(ctx: ArticleContext, si: int, doc, i: int, key: str) -> bool:
    """Whether the name at token i ends in a possessive ("X's")."""
    j = i
    while j + 1 < len(doc) and ctx.person_at.get((si, j + 1)) == key:
        j += 1
    return j + 1 < len(doc) and ctx.views[si].lower[j + 1] in ("'s", "\u2019s")


def _possessor(ctx: ArticleContext, si: int, doc, head: int) -> list[str]:
    """'his meeting with Y' -> him; "X's meeting with Y" -> X; 'their talks' -> nobody more (both are named)."""
    i = head - 1
    pos, lower = ctx.views[si].pos, ctx.views[si].lower
    while i >= 0 and pos[i] in ("ADJ", "NUM", "NOUN") and lower[i] not in ("his", "her"):
        i -= 1
    if i < 0:
        return []
    if lower[i] in ("his", "her"):
        key = previous_person(ctx, si, i)
        return [key] if key else []
    if lower[i] in ("'s", "\u2019s") and (key := ctx.person_at.get((si, i - 1))):
        return [key]
    return []


GROUP_PRONOUNS = frozenset({"they", "both"})


def _group_before(ctx: ArticleContext, si: int, doc, i: int, sent) -> list[str]:
    """People a group word before the phrase stands for: "they", "both", "the two leaders", "the three
    ministers": the people of the meeting last told of, else the last that many people named."""
    if i < sent.start:
        return []
    tok = doc[i]
    size = 2 if tok.lower_ in GROUP_PRONOUNS else group_size(tok)
    # "the leaders", "the two men" with no number: like "they", the people last met or the last two named
    unnumbered = size is None and tok.lower_ in PERSON_GROUPS and any(c.lower_ == "the" for c in tok.children)
    if size is None and not unnumbered:
        return []
    last = meeting_before(ctx, ctx.offset(si) + tok.idx)
    if last is not None and (tok.lower_ == "they" or unnumbered or len(last.participants) == size):
        return sorted(last.participants)
    size = size or 2
    people = last_persons(ctx, si, i, size)
    return people if len(people) == size else []


def _verb_objects(ctx: ArticleContext, si: int, verb) -> list[str]:
    """The people coreference finds as the verb's object ("called the <demonym> president")."""
    return list(dict.fromkeys(r.key for c in verb.children if c.dep_ in ("dobj", "dative") for r in refs_for(ctx, si, c) if r.kind == PERSON))


def _verb_subjects(ctx: ArticleContext, si: int, verb) -> list[str]:
    """The people coreference finds as the verb's subject ("the <demonym> leader", "the minister")."""
    return list(dict.fromkeys(r.key for r in subjects_of(ctx, si, verb) if r.kind == PERSON))


def _conjoined_subjects(ctx: ArticleContext, si: int, verb) -> list[str]:
    """The people who are the subject of a verb, or of the verb it is conjoined to."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    people = [r.key for r in subjects_of(ctx, si, verb) if r.kind == PERSON]
    return list(dict.fromkeys(people)) if len(set(people)) >= 2 else []


def _sentence_subject(ctx: ArticleContext, si: int, doc, sent, exclude) -> list[str]:
    """Who a sentence is about, for "the meeting with Y" with no one else named beside it: the
    person subject of the sentence's main verb, or the person the sentence opens with."""
    root = sent.root
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass") and (key := ctx.person_at.get((si, c.i))) and key not in exclude:
            return [key]
    opening = [k for k in _run(ctx, si, doc, sent.start, +1, sent) if k not in exclude]
    if opening:
        return opening[:1]
    # The one other person the sentence names, not as a possessor ("X's envoy Y": Y, not X).
    named = {i: key for i in range(sent.start, sent.end) if (key := ctx.person_at.get((si, i))) and key not in exclude}
    possessors = {key for i, key in named.items() if i + 1 < sent.end and ctx.views[si].lower[i + 1] in ("'s", "\u2019s")}
    others = set(named.values()) - possessors
    return sorted(others) if len(others) == 1 else []


def _kind(view, sent, m: SurfaceMatch) -> str:
    window = set(view.lower[max(sent.start, m.start - 3) : min(sent.end, m.end + 12)])
    if window & VIDEO_WORDS:
        return VIDEO_CALL
    if window & PHONE_WORDS or m.kind == CALL:
        return CALL
    if view.lemma[m.start] in ("speak", "talk") and m.end == m.start + 1 \
            and set(view.lower[sent.start : sent.end]) & (PHONE_WORDS | {"called", "rang"}):
        return CALL  # "X called Y on Monday; they last talked in May": the same means
    return IN_PERSON
