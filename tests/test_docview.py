"""kg.extract.docview: a DocView answers as spaCy's Doc, Span and Token do, on hand-built Docs."""
from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from kg.extract.docview import DocView


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def make_doc(vocab, words: list[str], spaces: list[bool], heads: list[int], deps: list[str], ents: list[str]) -> Doc:
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=["PROPN" if w[:1].isupper() else "NOUN" for w in words],
        lemmas=[w if w[:1].isupper() else w.rstrip("s") for w in words],
        ents=ents,
    )


# Two sentences, a person and a place: "Ana Silva met Talks in Geneva. She said so, not Rome."
EXAMPLE = (
    ["Ana", "Silva", "met", "Talks", "in", "Geneva", ".", "She", "said", "so", ",", "not", "Rome", "."],
    [True, True, True, True, True, False, True, True, True, False, True, True, False, False],
    [1, 2, 2, 2, 2, 4, 2, 8, 8, 8, 8, 12, 8, 8],
    ["compound", "nsubj", "ROOT", "dobj", "prep", "pobj", "punct", "nsubj", "ROOT", "advmod", "punct", "neg", "npadvmod", "punct"],
    ["B-PERSON", "I-PERSON", "O", "O", "O", "B-GPE", "O", "O", "O", "O", "O", "O", "B-GPE", "O"],
)


def test_columns_are_the_token_attributes(vocab):
    doc = make_doc(vocab, *EXAMPLE)
    view = DocView(doc, doc.text)
    assert view.words == [t.text for t in doc]
    assert view.lower == [t.lower_ for t in doc]
    assert view.lemma == [t.lemma_.lower() for t in doc]
    assert view.pos == [t.pos_ for t in doc]
    assert view.idx == [t.idx for t in doc]
    assert view.deps == [t.dep for t in doc]
    assert view.deps[11] == spacy.symbols.neg
    assert view.ents == doc.ents


def test_sentences_and_entities_are_spacys(vocab):
    doc = make_doc(vocab, *EXAMPLE)
    view = DocView(doc, doc.text)
    assert [(s.start, s.end) for s in view.sents] == [(s.start, s.end) for s in doc.sents]
    for t in doc:
        assert view.sent_of(t.i) == t.sent
    for sent in doc.sents:
        assert view.ents_in(sent) == list(sent.ents)
    assert [len(view.ents_in(sent)) for sent in doc.sents] == [2, 1]
    assert view.span_text(0, 2) == doc[0:2].text == "Ana Silva"
    assert view.span_text(5, 7) == doc[5:7].text


def test_capitalised_words(vocab):
    doc = Doc(vocab, words=["Ana", "and", "Bo", "met", "in", "Rome", "."])
    assert DocView(doc, doc.text).capitalised == [0, 2, 5]


def test_a_full_string_table_is_cleared_not_trusted(vocab, monkeypatch):
    from kg.extract import docview

    monkeypatch.setattr(docview, "MAX_NAMES", 2)
    monkeypatch.setattr(docview, "_NAMES", {1: "stale", 2: "stale", 3: "stale"})
    doc = make_doc(vocab, *EXAMPLE)
    assert DocView(doc, doc.text).words == [t.text for t in doc]
    assert "stale" not in docview._NAMES.values()


def test_an_empty_doc_has_no_tokens(vocab):
    view = DocView(Doc(vocab, words=[]), "")
    assert view.words == view.idx == [] and view.char_span(0, 1) is None


WORD = st.text(alphabet="aB.-'", min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(WORD, st.booleans(), st.booleans()), min_size=1, max_size=8))
def test_char_span_expands_as_spacy_does(tokens):
    vocab = spacy.blank("en").vocab
    words, spaces, starts = (list(c) for c in zip(*tokens))
    starts[0] = True
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
    view = DocView(doc, doc.text)
    for a in range(len(doc.text) + 1):
        for b in range(a, len(doc.text) + 2):
            span = doc.char_span(a, b, alignment_mode="expand")
            assert view.char_span(a, b) == (None if span is None else (span.start, span.end)), (a, b)


def test_once_computes_a_key_once_per_doc(vocab):
    view = DocView(make_doc(vocab, ["Talks", "ended"], [True, False], [1, 1], ["nsubj", "ROOT"], ["O", "O"]), "Talks ended")
    calls = []
    assert view.once(("k", 1), lambda: calls.append(1) or "a") == "a"
    assert view.once(("k", 1), lambda: calls.append(2) or "b") == "a"
    assert view.once(("k", 2), lambda: calls.append(3) or False) is False
    assert view.once(("k", 2), lambda: calls.append(4) or True) is False  # a falsy answer is kept too
    assert calls == [1, 3]
