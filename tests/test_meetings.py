"""Meetings in the phrasings and layouts of world news (real spaCy model, invented people)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def met(reading) -> set[tuple[frozenset, str]]:
    names = {p.key: p.name for p in reading.persons}
    return {(frozenset(names[k] for k in m.participants), m.kind) for m in reading.meetings}


def groups(reading) -> set[frozenset]:
    return {people for people, _ in met(reading)}


@pytest.mark.parametrize(
    "text, people, kind",
    [
        ("Prime Minister Ana Ferreira hosted President Tomas Lindqvist for lunch and further talks on Monday.",
         {"Ana Ferreira", "Tomas Lindqvist"}, "in-person"),
        ("President Oren Halevi (left) shakes hands with President of Kenya Daniel Omondi Kariuki at the end of their news conference.",
         {"Oren Halevi", "Daniel Omondi Kariuki"}, "in-person"),
        ("Foreign Minister Li Wenhao held phone talks at request with Foreign Minister Sato Kenji of Japan on Monday.",
         {"Li Wenhao", "Sato Kenji"}, "call"),
        ("Chancellor Ilse Brandt held a summit (for about an hour) and a working lunch with President Marco Bellini and Prime Minister Jan Kowal.",
         {"Ilse Brandt", "Marco Bellini", "Jan Kowal"}, "in-person"),
        ("President Amara Diallo and Prime Minister Luc Moreau signed a declaration on Monday in the capital.",
         {"Amara Diallo", "Luc Moreau"}, "in-person"),
        ("The summit, chaired by President Ravi Menon, was attended by President Aigerim Bekova, President Timur Saidov and President Olga Petrenko.",
         {"Ravi Menon", "Aigerim Bekova", "Timur Saidov", "Olga Petrenko"}, "in-person"),
        ("Foreign Minister Karim Haddad and envoy Paul Grant spoke briefly in the presence of Foreign Minister Sami Nasser, officials said.",
         {"Karim Haddad", "Paul Grant", "Sami Nasser"}, "in-person"),
        ("President Mira Sokolova spoke by phone with Prime Minister Henrik Dahl on Tuesday.",
         {"Mira Sokolova", "Henrik Dahl"}, "call"),
        ("President Chen Hao held a video call with President Ivan Orlov on Tuesday.",
         {"Chen Hao", "Ivan Orlov"}, "video-call"),
    ],
)
def test_meeting_phrasings(read, text, people, kind):
    assert (frozenset(people), kind) in met(read(text))


@pytest.mark.parametrize(
    "text",
    [
        # denied, in the same sentence or elsewhere in the article
        "The government denied a report that President Oren Halevi held a phone call with President Ivan Orlov last week.",
        "Officials denied that President Oren Halevi and President Ivan Orlov held a call.\nA newspaper said President Oren Halevi spoke with President Ivan Orlov on Thursday.",
        # a purpose or readiness, not an event
        "President Oren Halevi does not intend to travel to hold talks with President Ivan Orlov.",
        "Both President Oren Halevi and President Ivan Orlov said they are willing to talk with each other.",
        "President Oren Halevi hopes to meet President Ivan Orlov this year.",
        # no meeting at all
        "\u201cNo such talk ever happened, and there was no call,\u201d said spokesman Oren Halevi, asked about President Ivan Orlov.",
        # speeches, reactions and letters
        "President Oren Halevi and President Ivan Orlov spoke about trade on Monday.",
        "President Oren Halevi and President Ivan Orlov spoke to reporters on Monday.",
        "The plan met with criticism from President Oren Halevi and President Ivan Orlov.",
        "President Oren Halevi welcomed the decision by President Ivan Orlov.",
        "President Oren Halevi received President Ivan Orlov's letter on Monday.",
    ],
)
def test_meetings_that_did_not_happen(read, text):
    assert not groups(read(text))


def test_he_and_a_named_partner_signed(read):
    reading = read("President Oren Halevi arrived in the capital on Monday.\nOn Tuesday he and Prime Minister Luc Moreau signed a border treaty.\n")
    assert frozenset({"Oren Halevi", "Luc Moreau"}) in groups(reading)


def dated_places(reading) -> set[tuple[frozenset, object, str | None]]:
    names = {p.key: p.name for p in reading.persons}
    places = {p.key: p.name for p in reading.places}
    return {(frozenset(names[k] for k in m.participants), m.date_text, places.get(m.place)) for m in reading.meetings}


def test_today_after_a_dateline_and_the_dateline_city(read):
    reading = read("Leaders meet\n\nNAIROBI, March 3 (Wire) - Today, President Amara Diallo met with Prime Minister Luc Moreau at the presidential palace.\n",
                   published="2026-03-03")
    assert (frozenset({"Amara Diallo", "Luc Moreau"}), "Today", "Nairobi") in dated_places(reading)


def test_a_venue_yields_to_the_city_the_sentence_names(read):
    reading = read("President Amara Diallo received Prime Minister Luc Moreau on Friday in the Blue Hall of the palace in Lisbon.\n",
                   published="2026-03-03")
    assert any(people == {"Amara Diallo", "Luc Moreau"} and place == "Lisbon" for people, _, place in dated_places(reading))


def test_the_meeting_with_takes_the_sentence_subject(read):
    reading = read("President Amara Diallo said his visit to the capital Wednesday was a success despite a row during the meeting with President Luc Moreau.\n",
                   published="2026-03-05")
    assert (frozenset({"Amara Diallo", "Luc Moreau"}), "Wednesday", None) in dated_places(reading)


def test_a_meeting_word_that_only_dates_a_call_adds_no_meeting(read):
    reading = read("President Amara Diallo also spoke by phone with President Luc Moreau over the weekend before the summit.\n")
    assert met(reading) == {(frozenset({"Amara Diallo", "Luc Moreau"}), "call")}


def test_the_one_actor_of_a_sentence_opened_by_a_meeting(read):
    reading = read("Following a meeting with President Ana Ferreira in the capital, envoy Paul Grant, Prime Minister Joe Carver's adviser, announced on Friday night that he was leaving.\n",
                   published="2026-03-07")
    assert frozenset({"Ana Ferreira", "Paul Grant"}) in groups(reading)


def test_the_lead_meeting_takes_the_lead_date(read):
    reading = read("Deal hailed\n\nPresident Ana Ferreira hailed a new agreement on Tuesday.\n\nAt a joint news conference in Lisbon with President Tomas Lindqvist and envoy Paul Grant, Ferreira said talks would go on.\n",
                   published="2026-03-04")
    assert (frozenset({"Ana Ferreira", "Tomas Lindqvist", "Paul Grant"}), "Tuesday", "Lisbon") in dated_places(reading)


@pytest.mark.parametrize(
    "text, people",
    [
        # the person is the name after a possessor's role, not the possessor
        ("Kenyan President Daniel Omondi Kariuki arrived on Sunday.\nLater the Kenyan president met with Oren Halevi's special envoy for Africa, Paul Grant, in the capital.",
         {"Daniel Omondi Kariuki", "Paul Grant"}),
        # two leaders concluding agreements together, their subject far from the verb
        ("President Chen Hao and his Brazilian peer Luiz Carvalho on Monday upgraded relations and struck agreements on mining.",
         {"Chen Hao", "Luiz Carvalho"}),
    ],
)
def test_participants_through_roles_and_coordination(read, text, people):
    assert frozenset(people) in groups(read(text))


@pytest.mark.parametrize(
    "text, published, month",
    [
        ("President Oren Halevi met President Ivan Orlov in Geneva in June 2018.", "2026-03-03", "2018-06"),
        ("President Oren Halevi met President Ivan Orlov in Geneva last month.", "2026-03-03", "2026-02"),
        ("President Oren Halevi met President Ivan Orlov in Geneva in September.", "2026-03-03", "2025-09"),
    ],
)
def test_a_month_without_a_day_is_the_meetings_month(read, text, published, month):
    from kg.resolve import resolve

    corpus = resolve([read(text, published=published)])
    assert [(m.date, m.month) for m in corpus.meetings] == [(None, month)]


def test_a_month_is_written_as_gyearmonth(read):
    from rdflib import XSD

    from kg.rdf import build_dataset
    from kg.resolve import resolve
    from kg.vocab import KG

    corpus = resolve([read("President Oren Halevi met President Ivan Orlov in Geneva in June 2018.", published="2026-03-03")])
    dates = {o for _, _, o, _ in build_dataset(corpus).quads((None, KG.date, None, None))}
    assert {(str(d), d.datatype) for d in dates} == {("2018-06", XSD.gYearMonth)}


def test_a_story_of_several_meetings_of_one_pair(read):
    from kg.resolve import resolve

    text = (
        "Talks in the capital\n\n"
        "Russian President Ivan Orlov and Georgian President Nika Beridze held their first talks since winter in Tbilisi.\n\n"
        "In September of this year, Orlov and Beridze saw each other for a few minutes at a forum, without real talks.\n\n"
        "Orlov and Beridze have not spoken on the phone for months. On October 7, Beridze called the Russian president to wish him well.\n"
    )
    corpus = resolve([read(text, published="2025-10-09")])
    got = {(m.kind, m.date.isoformat() if m.date else m.month) for m in corpus.meetings}
    assert got == {("in-person", "2025-10-09"), ("in-person", "2025-09"), ("call", "2025-10-07")}


def test_a_date_inside_the_meeting_phrase_and_a_bare_march(read):
    from kg.resolve import resolve

    corpus = resolve([read("On October 7, President Ivan Orlov called President Nika Beridze, but before that, they last met in March at a forum.\n",
                           published="2025-10-09")])
    got = {(m.kind, m.date.isoformat() if m.date else m.month) for m in corpus.meetings}
    assert got == {("call", "2025-10-07"), ("in-person", "2025-03")}


def test_today_in_a_publication_name_is_no_date(read):
    reading = read("Leaders meet\n\nHanoi, April 15, 2025 \u2014 The Asia Today: President Chen Hao on Monday held talks with President Luc Moreau in Hanoi.\n",
                   published="2025-04-15")
    assert {text for _, text, _ in dated_places(reading)} == {"Monday"}


@pytest.mark.parametrize(
    "text",
    [
        "Brazilian President Luiz Carvalho arrived on Tuesday at the Blue House for his first meeting with Peruvian President Ana Torres.",
        "Peruvian President Ana Torres hosted Brazilian President Luiz Carvalho for lunch and talks on Tuesday.",
    ],
)
def test_a_meeting_at_a_building_or_nowhere_is_in_the_hosts_capital(read, text):
    from kg.resolve import resolve

    corpus = resolve([read(text, published="2026-03-04")])
    places = {p.key: p.name for p in corpus.places}
    assert [places.get(m.place) for m in corpus.meetings] == ["Lima"]


def test_a_sentence_that_lists_meetings_by_place_and_date(read):
    from kg.resolve import resolve

    text = ("President Oren Halevi met with President Ivan Orlov three times -- two summits, in Vienna in June 2018 and in Oslo in "
            "February 2019, and a brief meeting at the border town of Dorovo in June 2019.\n")
    corpus = resolve([read(text, published="2025-09-22")])
    places = {p.key: p.name for p in corpus.places}
    assert {(m.month, places.get(m.place)) for m in corpus.meetings} == {("2018-06", "Vienna"), ("2019-02", "Oslo"), ("2019-06", "Dorovo")}


def test_a_denied_call_leaves_a_meeting_dated_apart(read):
    from kg.resolve import resolve

    text = ("The presidency on Tuesday denied reports that President Levent Aksoy had spoken by telephone with his counterpart, Bashar Haddad.\n"
            "Aksoy last met Haddad in Sochi in October 2024.\n")
    corpus = resolve([read(text, published="2026-06-02")])
    assert [(m.kind, m.month) for m in corpus.meetings] == [("in-person", "2024-10")]


def test_signed_by_a_group_then_listed(read):
    text = ("The charter was signed into force by the three states' rulers, who seized power last year, including "
            "Chad's Idriss Mahamat Kaka, Mali's Amadou Keita and Niger's Issa Moussa.\n")
    assert frozenset({"Idriss Mahamat Kaka", "Amadou Keita", "Issa Moussa"}) in groups(read(text, published="2026-03-03"))


def test_the_n_leaders_met_are_the_last_n_named(read):
    text = ("President Ana Ferreira and Chancellor Ilse Brandt signed for their bloc. Prime Minister Luc Moreau, President Chen Hao "
            "and President Tomas Lindqvist signed on behalf of their states, once the five leaders met privately for an hour.\n")
    assert frozenset({"Ana Ferreira", "Ilse Brandt", "Luc Moreau", "Chen Hao", "Tomas Lindqvist"}) in groups(read(text))


def test_the_storys_meeting_stays_apart_from_one_years_before(read):
    from kg.resolve import resolve

    text = ("CAPITAL \u2013 President Oren Halevi welcomed President Ivan Orlov on Monday.\n\n"
            "The leaders talked for three hours.\n\n"
            "On December 7, 2023, during a visit to Vienna, Halevi and Orlov signed a declaration.\n")
    corpus = resolve([read(text, published="2026-04-08")])
    assert sorted(str(m.date) for m in corpus.meetings) == ["2023-12-07", "2026-04-06"]


def test_the_event_takes_the_city_of_the_sentence_before(read):
    from kg.resolve import resolve

    text = ("On May 6, a summit of five leaders was held at the palace in Vienna.\n"
            "The event, chaired by President Ravi Menon, was attended by President Aigerim Bekova and President Timur Saidov.\n")
    corpus = resolve([read(text, published="2026-05-07")])
    places = {p.key: p.name for p in corpus.places}
    assert [places.get(m.place) for m in corpus.meetings] == ["Vienna"]


def test_they_last_spoke_in_a_sentence_about_calls_is_a_call(read):
    from kg.resolve import resolve

    corpus = resolve([read("On May 3, President Ivan Orlov called President Nika Beridze; before that, they last talked in January.\n",
                           published="2025-10-09")])
    assert {(m.kind, m.date.isoformat() if m.date else m.month) for m in corpus.meetings} == {("call", "2025-05-03"), ("call", "2025-01")}


def test_the_sentence_subjects_at_a_summit_met_and_a_modal_reaches_a_conjoined_verb(read):
    met_at_summit = read("President Ana Ferreira and Chancellor Ilse Brandt failed on Tuesday to settle the quarrel over the jet, and no contract was signed at a summit in Lyon.\n",
                         published="2026-03-04")
    assert frozenset({"Ana Ferreira", "Ilse Brandt"}) in groups(met_at_summit)
    not_met = read("\u201cWe would not have backed or blocked the call,\u201d spokesman Paul Grant told President Ana Ferreira.\n")
    assert not groups(not_met)


def test_they_met_to_discuss_is_a_meeting(read):
    assert frozenset({"Oren Halevi", "Ivan Orlov"}) in groups(read("President Oren Halevi and President Ivan Orlov met to discuss grain exports on Monday.\n"))


def test_one_who_joined_the_talks_is_one_more_participant(read):
    text = ("President Ana Ferreira received Prime Minister Luc Moreau at the palace on Sunday.\n"
            "Field Marshal Asif Karimov, the army chief, joined the talks by video link.\n")
    assert groups(read(text, published="2026-09-15")) == {frozenset({"Ana Ferreira", "Luc Moreau", "Asif Karimov"})}


def test_joining_a_new_event_adds_no_one(read):
    text = ("President Ana Ferreira received Prime Minister Luc Moreau at the palace on Sunday.\n"
            "Field Marshal Asif Karimov joined a summit of generals in Rome on Monday.\n")
    assert groups(read(text, published="2026-09-15")) == {frozenset({"Ana Ferreira", "Luc Moreau"})}


@pytest.mark.parametrize("text", [
    "President Ana Ferreira, accompanied by her foreign minister, held lengthy and very frank bilateral talks with Luc Moreau.",
    "The two leaders shook hands with the envoys in the presence of Ivan Orlov and later spoke by phone with Ilse Brandt.",
    "The accord, signed in Rome by Ana Ferreira and Luc Moreau, was struck after talks; the summit was attended by Ivan Orlov.",
    "They met each other at a dinner, conferred over the telephone link with aides and had a long meeting on trade.",
])
def test_matching_the_windows_finds_the_sentences_meeting_phrases(nlp, text):
    from kg.extract.docview import DocView
    from kg.extract.meeting_patterns import REACHES, _windows, build_matcher

    doc = nlp(text)
    view, matcher = DocView(doc, text), build_matcher(nlp.vocab)
    assert REACHES is not None  # every pattern starts at a given word and has a bounded length
    for sent in view.sents:
        whole = sorted((m, sent.start + s, sent.start + e) for m, s, e in matcher(doc[sent.start : sent.end]))
        windows = _windows(view, sent.start, sent.end)
        assert sum(b - a for a, b in windows) < sent.end - sent.start  # fewer tokens are read
        assert sorted((m, a + s, a + e) for a, b in windows for m, s, e in matcher(doc[a:b])) == whole
        assert whole


@pytest.mark.parametrize(
    "text, day",
    [
        ("Prime Minister Luc Moreau arrived in Lisbon on Sunday for talks with President Amara Diallo on Monday.\n", "Monday"),
        ("Prime Minister Luc Moreau landed in Lisbon on Sunday for a meeting with President Amara Diallo on Tuesday.\n", "Tuesday"),
    ],
)
def test_the_date_of_a_journey_to_talks_is_not_the_talks_date(read, text, day):
    # A verb whose prepositional object is the meeting word reports something else (an arrival): its date is not the meeting's.
    assert {date for _, date, _ in dated_places(read(text, published="2026-03-04"))} == {day}
