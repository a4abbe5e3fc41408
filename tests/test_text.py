"""Keys from names: letters of every script kept, accents on Latin letters folded, a hash when nothing is left."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text import slug


@pytest.mark.parametrize(
    "name, key",
    [
        ("Nguyễn Phú Trọng", "nguyen-phu-trong"),
        ("O'Brien", "obrien"),
        ("Владимир Путин", "владимир-путин"),
        ("習近平", "習近平"),
        ("नरेन्द्र मोदी", "नरेन्द्र-मोदी"),
        ("محمد بن سلمان", "محمد-بن-سلمان"),
        ("", "x"),
    ],
)
def test_slug_keeps_letters_of_every_script(name, key):
    assert slug(name) == key


@pytest.mark.parametrize(
    "a, b",
    [
        ("Владимир Путин", "Сергей Лавров"),  # once both "x"
        ("Wang Yi", "Wang Yi\u0b83"),  # a Tamil sign after the name is a letter of its own
        ("किम", "कीम"),  # Devanagari vowel signs are combining marks, and part of the name
        ("☃", "☂"),  # no letters at all: a hash of each
    ],
)
def test_different_names_get_different_keys(a, b):
    assert slug(a) != slug(b)


def test_accents_on_latin_letters_fold_away():
    assert slug("José Núñez") == slug("Jose Nunez") == slug("JOSE\u0301 NUN\u0303EZ")


SCRIPTS = st.sampled_from([
    "abcdefghij", "áéíóúñçøßåæ", "абвгдежзий", "αβγδεζηθικ", "ابتثجحخدذر", "中国日本人大小山川王", "कखगघचछजझ\u093f\u0940\u094d",
])


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_slug_is_stable_and_never_empty(data):
    alphabet = data.draw(SCRIPTS)
    name = data.draw(st.text(alphabet=alphabet + " -'.", min_size=1, max_size=20))
    key = slug(name)
    assert key and key == slug(name)
    assert key == slug(key) or key.startswith("x")


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_ascii_text_slugs_and_folds_as_by_the_unicode_rules(text):
    """slug and fold_words take a short way for ASCII text; it gives what the per-character rules give."""
    import unicodedata

    from kg.text import fold_words, slug

    folded = "".join(c for c in unicodedata.normalize("NFKD", text.replace("\u2019", "'")) if not unicodedata.combining(c)).casefold()
    assert fold_words(text) == ["defense" if w == "defence" else w for w in re.findall(r"[\w]+", folded)]
    plain = unicodedata.normalize("NFKC", text).replace("'", "").replace("\u2019", "")
    kept = []
    for char in unicodedata.normalize("NFD", plain):
        if not (unicodedata.combining(char) and (not kept or kept[-1].isascii())):
            kept.append(char if unicodedata.category(char)[0] in "LNM" else " ")
    words = unicodedata.normalize("NFC", "".join(kept)).casefold().split()
    assert slug(text) == "-".join(words) or not words
