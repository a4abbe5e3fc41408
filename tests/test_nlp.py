"""kg.nlp without the model: typography normalised one character for one, articles cut into segments."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.nlp import MAX_SEGMENT_CHARS, normalize_text, split_segments


@pytest.mark.parametrize("typographic, plain", [
    ("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2010", "-"), ("\u2011", "-"), ("\u00ad", "-"),
    ("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("\t", " "),
])
def test_a_typographic_character_becomes_its_ascii_twin(typographic, plain):
    assert normalize_text(f"the minister{typographic}s talks") == f"the minister{plain}s talks"


def test_other_characters_stay_and_a_lone_surrogate_becomes_the_replacement_character():
    assert normalize_text("caf\u00e9 \u201cyes\u201d \u2014 ok") == "caf\u00e9 \u201cyes\u201d \u2014 ok"
    assert normalize_text("a\ud800b") == "a\ufffdb"


TEXT = st.text(alphabet=st.sampled_from(list("ab .\n\"'-\u00e9\u201c\u2019\u2018\u02bc\u2010\u2011\u00ad\u00a0\u202f\u2009\t\ud800\udfff")))
TABLE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u00ad": "-",
                       "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "} | {chr(c): "\ufffd" for c in (0xD800, 0xDFFF)})


@given(TEXT)
def test_normalising_is_a_character_for_a_character(text):
    assert normalize_text(text) == text.translate(TABLE)


def test_lines_are_segments_and_a_line_without_final_punctuation_is_a_heading():
    text = "Talks end in Lisbon\n\n  The two ministers met on Monday.  \n\"We agreed,\" she said.\n"
    segments = split_segments(text)
    assert [text[s.start:s.end] for s in segments] == ["Talks end in Lisbon", "The two ministers met on Monday.", "\"We agreed,\" she said."]
    assert [s.heading for s in segments] == [True, False, False]


def test_an_overlong_line_is_cut_at_a_sentence_end():
    sentence = "The delegation met the envoy again. "
    text = sentence * (2 * MAX_SEGMENT_CHARS // len(sentence))
    segments = split_segments(text)
    assert len(segments) >= 2 and all(s.end - s.start <= MAX_SEGMENT_CHARS for s in segments)
    assert all(text[s.start:s.end].endswith(".") for s in segments)
