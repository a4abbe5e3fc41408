"""Which words tell of an agreement made: its nouns and their kinds, the verbs that report it, and
what makes a report unreal (planned, denied, hypothetical).

Rules over spaCy's parse; the word lists are data files in kg/data/words/ (kg.extract.lexicon).
"""
from __future__ import annotations

from kg.extract.lexicon import (
    AGREEMENT_KINDS,
    AGREEMENT_NOUNS,
    AGREEMENT_VERBS,
    APPROVAL_VERBS,
    NAMED_AGREEMENT_NOUNS,
    SIGNING_VERBS,
    UNREAL_WORDS,
    UPGRADE_VERBS,
)
from kg.extract.meetings import DENIAL_VERBS, is_unreal

# Verbs that report an agreement as made, when they govern its noun.
REPORTING_VERBS = AGREEMENT_VERBS | APPROVAL_VERBS
# The last word of every agreement noun: a Doc without one holds no agreement.
HEADS = frozenset(n.split()[-1] for n in AGREEMENT_NOUNS) | NAMED_AGREEMENT_NOUNS
RELATIONS = frozenset({"tie", "ties", "relation", "relations", "relationship"})
# Verbs whose partnership exists once the parties agree to it ("agreed to establish a strategic partnership").
ESTABLISHING_VERBS = frozenset({"establish", "form", "create", "launch", "elevate", "upgrade"})


def kind_of(tok) -> str | None:
    """The kind of agreement the noun names, or None when it names none here."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
        return None
    lemma = tok.lemma_.lower()
    if tok.head.i != tok.i and tok.dep_ in ("nmod", "amod") and kind_of(tok.head):
        return None  # '"Harbour Accord" treaty': one agreement, named by its head
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


def mention_kind(tok) -> str | None:
    """The noun's kind, unless it only renames the agreement before it ('the pact, a ten-year agreement')."""
    kind = kind_of(tok)
    if kind is None or (tok.dep_ == "appos" and kind_of(tok.head) == kind):
        return None
    inside = False
    for t in tok.ancestors:  # "the Declaration on the X partnership": part of another's name
        if t.pos_ in ("VERB", "AUX"):
            break
        inside = inside or t.pos_ == "ADP"
        if inside and kind_of(t):
            return None
    return kind


def _titled(tok) -> bool:
    """'the Joint Statement', '"Pledge to Confer"': the noun heads a title-case name, not a sentence."""
    if not tok.text[:1].isupper() or tok.i == tok.sent.start:
        return False
    before = tok.doc[tok.i - 1]
    if before.is_quote or before.text in ("“", '"', "'", "‘"):
        return True
    lefts = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
    return any(c.text[:1].isupper() and c.i != tok.sent.start for c in lefts)


def reporting_verb(tok):
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
        elif t.pos_ == "ADP" and t.lower_ != "of" and t.head.pos_ in ("NOUN", "PROPN") and not kind_of(t.head):
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


def unreal(verb, view) -> bool:
    """A planned or hypothetical agreement; a verb with its own subject answers only for itself
    ("X, <blessing>, and Y signed")."""
    if verb.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return any(c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in UNREAL_WORDS) for c in verb.children)
    if any(a.lemma_.lower() in DENIAL_VERBS for a in [verb, *list(verb.ancestors)[:2]]):
        return True  # "X denied signing a deal"
    if _agreed_to(verb) and verb.lemma_.lower() in ESTABLISHING_VERBS:
        return is_unreal(verb.head, view)  # "agreed to establish a partnership" establishes it; "agreed to sign" does not
    return is_unreal(verb, view)


def joint_document(tok) -> bool:
    """'in their joint communique': a declaration or communique made jointly is reported as made."""
    return tok.lemma_.lower() in ("declaration", "communique", "communiqué") and any(
        c.dep_ == "amod" and c.lower_ == "joint" for c in tok.children
    ) and any(c.dep_ == "poss" and c.lower_ == "their" for c in tok.children)


def negated(tok, verb) -> bool:
    """'did not sign a pact', 'no deal was reached', 'neither X nor Y announced a deal'."""
    subjects = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    words = list(tok.children) + list(verb.children) + subjects
    return any(c.dep_ == "neg" for c in verb.children) or any(c.lower_ in ("no", "neither", "nor", "without", "none") for c in words)
