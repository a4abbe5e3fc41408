"""Resolution across articles: one node per place whatever name variant an article used."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.records import COUNTRY, PERSON, PLACE, Evidence, Mention, Place, Ref
from kg.resolve import Keys, merge_places


@pytest.mark.parametrize("names, kept", [
    (["Taiwan Strait", "Taiwan Straits"], ["Taiwan Strait"]),  # a plural of another place's name
    (["The Hague", "Hague"], ["The Hague"]),  # a leading "the"
    (["Mumbai", "Bombay"], ["Mumbai"]),  # a GeoNames alternate name of a city the corpus names
    (["Bombay"], ["Bombay"]),  # alone, an alternate name is left as written
    (["Paris", "Athens"], ["Athens", "Paris"]),  # a final "s" alone merges nothing
])
def test_name_variants_become_one_place(names, kept):
    from kg.text import slug

    merges = []
    places, mapping = merge_places([Place(slug(n), n) for n in names], merges)
    assert [p.name for p in places] == kept
    assert {slug(n) for n in names} == {p.key for p in places} | set(mapping)
    assert all(target in {p.key for p in places} for target in mapping.values())
    assert len(merges) == (len(names) > len(kept))


def test_merged_place_keeps_a_known_country():
    places, mapping = merge_places([Place("hague", "Hague"), Place("the-hague", "The Hague", "NL")], [])
    assert places == [Place("the-hague", "The Hague", "NL")] and mapping == {"hague": "the-hague"}


def test_claims_worded_alike_link_to_each_other_and_to_a_variant():
    """Speakers who say the same words are compared once as one wording; every claim still gets its own links."""
    from kg.records import ORGANIZATION, Claim, Reading, Ref, Source
    from kg.resolve import resolve_facts

    quotes = {
        "alpha": "the harbour tariffs must fall before the winter session",
        "beta": "The harbour tariffs must fall before the winter session!",
        "gamma": "the harbour tariffs should fall before the spring session",
        "delta": "harbour lights",  # one content word shared: no candidate
    }
    readings = [
        Reading(Source(f"{org}.txt"), claims=(Claim("c", Ref(ORGANIZATION, org), quote),)) for org, quote in quotes.items()
    ]
    corpus, _ = resolve_facts(readings)
    links = {c.speaker.key: {(v.claim.split("-")[0], v.similarity) for v in c.variants} for c in corpus.claims}
    assert links["alpha"] == {("beta", 1.0), ("gamma", 0.714)}
    assert links["beta"] == {("alpha", 1.0), ("gamma", 0.714)}
    assert links["gamma"] == {("alpha", 0.714), ("beta", 0.714)}
    assert links["delta"] == set()


WORDINGS = st.one_of(st.lists(st.sampled_from("abcdefghij"), max_size=12), st.lists(st.sampled_from("abcdefghij"), max_size=10, unique=True))


@given(WORDINGS, WORDINGS)
def test_numbered_words_intersect_as_many_as_two_wordings_share(a, b):
    """What _link_variants counts with a set intersection: each word as often as both wordings hold it."""
    from collections import Counter

    from kg.resolve import _numbered

    assert len(frozenset(_numbered(tuple(a))) & frozenset(_numbered(tuple(b)))) == sum((Counter(a) & Counter(b)).values())


@given(WORDINGS, WORDINGS)
def test_similarity_is_difflibs_ratio(a, b):
    """The shortcut for wordings without repeats, in one order, gives difflib's ratio exactly."""
    import difflib
    from collections import Counter

    from kg.resolve import _similarity

    a, b = tuple(a), tuple(b)
    if not a and not b:
        return
    common = sum((Counter(a) & Counter(b)).values())
    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(b)
    assert _similarity(matcher, a, b, common) == round(difflib.SequenceMatcher(None, a, b).ratio(), 3)


def test_keys_give_a_mention_its_corpus_key():
    keys = Keys(persons={("a.txt", "ana"): "ana-silva", ("a.txt", "kenji-sato"): "kenji-sato"}, places={"lisboa": "lisbon"})
    evidence = Evidence("a.txt", 0, 3, 0, 20, "Ana met Kenji Sato.")

    def mention(kind: str, key: str) -> Mention:
        return Mention(Ref(kind, key), "Ana", evidence)

    assert keys.mention("a.txt", mention(PERSON, "ana")) == mention(PERSON, "ana-silva")
    assert keys.mention("a.txt", mention(PLACE, "lisboa")) == mention(PLACE, "lisbon")
    for kind, key in ((PERSON, "kenji-sato"), (PLACE, "porto"), (COUNTRY, "PT")):  # keys that stay
        assert keys.mention("a.txt", mention(kind, key)) == mention(kind, key)
    with pytest.raises(KeyError):  # a person the readings never had: a bug upstream, not a silent new key
        keys.mention("b.txt", mention(PERSON, "ana"))
