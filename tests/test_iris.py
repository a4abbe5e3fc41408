"""mint_iri: deterministic, injective, readable, valid RFC 3987 for any key; check_base rejects bad bases."""
from __future__ import annotations

import pytest
import rfc3987
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import KGError
from kg.iris import DEFAULT_BASE, check_base, mint_iri

# Any code point but surrogates, which a str read from UTF-8 cannot hold.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
KINDS = st.sampled_from(["person", "country", "article", "claim", "mention", "graph"])


def is_iri(text: str) -> bool:
    return rfc3987.match(text, rule="IRI") is not None


@pytest.mark.parametrize("kind, key, expected", [
    ("person", "ana-silva", "person/ana-silva"),
    ("country", "CN", "country/CN"),
    ("article", "world/b c.txt", "article/world%2Fb%20c.txt"),
    ("article", "feed.jsonl#12", "article/feed.jsonl%2312"),
    ("place", "são-paulo", "place/s%C3%A3o-paulo"),
    ("claim", "..", "claim/%2E%2E"),
    ("mention", ("a.txt", "10-20", "person", "ana-silva"), "mention/a.txt/10-20/person/ana-silva"),
])
def test_readable(kind, key, expected):
    assert str(mint_iri(kind, key)) == DEFAULT_BASE + expected


@given(KINDS, ANY_TEXT)
def test_any_key_gives_a_valid_deterministic_iri(kind, key):
    iri = mint_iri(kind, key)
    assert iri == mint_iri(kind, key)
    assert is_iri(str(iri)), str(iri)
    assert str(iri).startswith(DEFAULT_BASE + kind + "/")


@given(ANY_TEXT, ANY_TEXT)
def test_distinct_keys_give_distinct_iris(a, b):
    if a != b:
        assert mint_iri("person", a) != mint_iri("person", b)


@given(st.lists(st.one_of(ANY_TEXT, st.integers(0, 10**6)), min_size=1, max_size=4))
def test_tuple_keys_are_valid(parts):
    assert is_iri(str(mint_iri("mention", tuple(parts))))


@given(ANY_TEXT)
def test_key_characters_never_escape_their_segment(key):
    rest = str(mint_iri("person", key))[len(DEFAULT_BASE + "person/"):]
    assert not set(rest) & set("/?#[]@ \"<>{}|\\^`%") - {"%"} and rest.count("/") == 0


@pytest.mark.parametrize("base", [DEFAULT_BASE, "http://localhost:8000/kg/", "https://example.org/ns#", "urn:kg:"])
def test_good_bases(base):
    assert check_base(base) == base
    assert is_iri(str(mint_iri("person", "x", base)))


@pytest.mark.parametrize("base, says", [
    ("example.org/kg/", "not absolute"),
    ("/kg/", "not absolute"),
    ("https://example.org/my kg/", "not allowed"),
    ("https://example.org/<kg>/", "not allowed"),
    ("https://example.org/kg\n/", "not allowed"),
    ("https://example.org/kg", "must end with"),
    ("https://example.org/%zz/", "two hex digits"),
    ("https://example.org/kg?x=1/", "query"),
    ("", "not absolute"),
])
def test_bad_bases(base, says):
    with pytest.raises(KGError, match=says) as info:
        check_base(base)
    assert "\n" not in str(info.value).replace(repr(base), "")


def test_kind_must_be_a_slug():
    with pytest.raises(ValueError):
        mint_iri("Person/x", "a")
