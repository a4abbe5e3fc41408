"""kg/extract/entities.py without the model: which names outside the gazetteer become places (the syntax shows them as locations)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.extract.entities import _located


LEMMAS = {"visiting": "visit", "met": "meet", "categorized": "categorize", "were": "be", "released": "release"}


def parsed(words: list[str], heads: list[int], deps: list[str], ent: tuple[int, int, str], other=None) -> Span:
    """A Doc with the given parse (heads as token indices), lemmas and entities; returns the entity `ent`."""
    lemmas = [LEMMAS.get(w, w.lower()) for w in words]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, lemmas=lemmas, pos=["X"] * len(words))
    doc.ents = sorted([Span(doc, *ent)] + ([Span(doc, *other)] if other else []))
    return next(e for e in doc.ents if (e.start, e.end) == ent[:2])


@pytest.mark.parametrize("words, heads, deps, ent, located", [
    # "They met on the South Lawn": the object of a preposition of place.
    (["They", "met", "on", "the", "South", "Lawn"], [1, 1, 1, 5, 5, 2], ["nsubj", "ROOT", "prep", "det", "compound", "pobj"], (4, 6, "FAC"), True),
    # "talks in Oslo and Lysaker": joined by "and" to one.
    (["talks", "in", "Oslo", "and", "Lysaker"], [0, 0, 1, 2, 2], ["ROOT", "prep", "pobj", "cc", "conj"], (4, 5, "GPE"), True),
    # "after visiting Camp David": the object of a verb of travel.
    (["after", "visiting", "Camp", "David"], [1, 1, 3, 1], ["mark", "ROOT", "compound", "dobj"], (2, 4, "FAC"), True),
    # "Crawley, West Sussex": in apposition to a place.
    (["Crawley", ",", "West", "Sussex"], [0, 0, 3, 0], ["ROOT", "punct", "compound", "appos"], (2, 4, "GPE", (0, 1, "GPE")), True),
    # "Carney categorized it": a surname NER took for a place, as a subject.
    (["Carney", "categorized", "it"], [1, 1, 1], ["nsubj", "ROOT", "dobj"], (0, 1, "GPE"), False),
    # "spoke with Biden": "with" is no preposition of place.
    (["spoke", "with", "Biden"], [0, 0, 1], ["ROOT", "prep", "pobj"], (2, 3, "GPE"), False),
    # "the Camp David Principles were released": a document's name.
    (["the", "Camp", "David", "Principles", "were", "released"], [3, 3, 3, 5, 5, 5], ["det", "compound", "compound", "nsubjpass", "auxpass", "ROOT"], (1, 4, "FAC"), False),
])
def test_only_names_the_syntax_shows_as_locations(words, heads, deps, ent, located):
    ent, other = ent[:3], (ent[3] if len(ent) > 3 else None)
    assert _located(parsed(words, heads, deps, ent, other)) is located
