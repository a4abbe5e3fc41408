"""Agreements on sentences written for these tests, with invented people (real spaCy model)."""
from __future__ import annotations

from datetime import date

import pytest

from kg.resolve import resolve

pytestmark = pytest.mark.model


def agreements(reading) -> set[tuple[frozenset, date | None]]:
    return {(frozenset(a.parties), a.date) for a in reading.agreements}


@pytest.mark.parametrize(
    "text",
    [
        "Kenya and Ghana signed a trade pact on Monday. The pact was welcomed by business groups.",
        "Kenya and Ghana signed a trade treaty on Monday. Officials said the agreement would cut tariffs.",
        "Kenya and Ghana struck agreements on roads and power on Monday. The countries struck nearly 20 cooperation agreements.",
    ],
)
def test_later_mentions_of_one_agreement_are_one_agreement(read, text):
    assert agreements(read(text, published="2024-05-07")) == {(frozenset({"KE", "GH"}), date(2024, 5, 6))}


def test_documents_of_different_kinds_are_different_agreements(read):
    reading = read("Kenya and Ghana on Monday announced a strategic partnership and a new Joint Action Plan.", published="2024-05-07")
    assert sorted(a.name for a in reading.agreements) == ["Joint Action Plan", "strategic partnership"]


def test_the_same_kind_in_another_year_is_another_agreement(read):
    reading = read(
        "Kenya and Ghana on Monday signed a port deal, two years after the two countries struck a security pact in 2022.",
        published="2024-05-07",
    )
    assert sorted(a.date or date.min for a in reading.agreements) == [date.min, date(2024, 5, 6)]


def test_a_third_party_welcoming_a_deal_is_no_party(read):
    reading = read("Egyptian Foreign Minister Omar Nabil welcomed a trade framework between Kenya and Ghana on Tuesday.")
    (agreement,) = reading.agreements
    assert set(agreement.parties) == {"KE", "GH"} and agreement.signatories == ()


def test_a_framework_with_an_organisation_has_one_country_party(read):
    reading = read("The head of the World Health Organization, Maria Lunde, hailed a new framework agreement with Ghana on Tuesday.")
    assert [a.parties for a in reading.agreements] == [("GH",)]


@pytest.mark.parametrize(
    "text",
    [
        "President Ana Costa of Brazil announced plans to name Kenya a major ally.",
        "Brazil and Kenya issued a statement on trade.",
        "Kenya said it would study a cooperation framework with Ghana.",
    ],
)
def test_plans_and_statements_are_not_agreements(read, text):
    assert read(text).agreements == ()


def test_a_declared_partnership_with_a_month(read):
    (agreement,) = read("Kenya and Ghana declared a strategic partnership in March 2021.").agreements
    assert set(agreement.parties) == {"KE", "GH"}


def test_named_documents_released_after_the_meeting(read):
    text = (
        "Kenyan President Ana Mwangi met Ghanaian President Kofi Mensah in Accra on Friday. "
        "After the meeting, the Accra Principles and the Kenya-Ghana Joint Leaders' Statement were released."
    )
    reading = read(text, published="2024-05-11")
    assert len(reading.agreements) == 2
    assert all(set(a.parties) == {"KE", "GH"} for a in reading.agreements)


def test_reports_in_two_articles_merge_only_on_the_same_date(read):
    a = read("Kenya and Ghana signed a trade pact on Monday.", published="2024-05-07", name="a.txt")
    b = read("Kenya and Ghana signed a trade pact on Monday.", published="2024-05-07", name="b.txt")
    c = read("Kenya and Ghana signed a trade pact on Monday.", published="2025-09-10", name="c.txt")
    corpus = resolve([a, b, c])
    assert sorted(x.date for x in corpus.agreements) == [date(2024, 5, 6), date(2025, 9, 8)]


@pytest.mark.parametrize(
    "text, parties",
    [
        ("The Sino-Russian treaty was signed in Moscow on Monday.", {frozenset({"CN", "RU"})}),
        ("The Kenya-Ghana pact and the Peru-Chile deal were announced on Tuesday.", {frozenset({"KE", "GH"}), frozenset({"PE", "CL"})}),
        ("A Kenyan-Ghanaian partnership was declared on Tuesday.", {frozenset({"KE", "GH"})}),
        ("Kenya and Ghana signed the Declaration on the enhanced strategic partnership on Tuesday.", {frozenset({"KE", "GH"})}),
    ],
)
def test_parties_from_the_agreements_own_words(read, text, parties):
    assert {frozenset(a.parties) for a in read(text).agreements} == parties


def test_a_statement_announcing_an_agreement_is_not_one_itself(read):
    reading = read("Kenya and Ghana issued a joint statement on Monday announcing an agreement to cut tariffs for 90 days.", published="2024-05-07")
    (agreement,) = reading.agreements
    assert set(agreement.parties) == {"KE", "GH"} and agreement.duration == "P90D" and agreement.date == date(2024, 5, 6)


def test_a_proposed_agreement_is_not_an_agreement(read):
    assert read("A proposed trade pact between Kenya and Ghana was announced on Monday.").agreements == ()


def test_a_blessing_on_one_signatory_makes_the_signing_no_less_real(read):
    text = "Kenyan President Ana Mwangi, may God keep her, and Ghanaian President Kofi Mensah signed a trade pact between Kenya and Ghana on Monday."
    (agreement,) = read(text).agreements
    assert set(agreement.parties) == {"KE", "GH"}


def signers(reading) -> set[str]:
    names = {p.key: p.name for p in reading.persons}
    return {names[k] for a in reading.agreements for k in a.signatories}


def test_signatories_named_in_a_later_sentence(read):
    text = (
        "Kenya and Ghana signed a ten-year energy treaty in Accra on Monday. "
        "The text was signed by Kenyan Energy Minister Ana Mwangi and Ghanaian Energy Minister Kofi Mensah. "
    )
    assert signers(read(text)) == {"Ana Mwangi", "Kofi Mensah"}


def test_signers_for_their_countries(read):
    text = (
        "Kenya and Ghana signed a ten-year energy treaty in Accra on Monday. "
        "Kenyan President Ana Mwangi and Ghanaian President Kofi Mensah signed for their countries."
    )
    assert signers(read(text)) == {"Ana Mwangi", "Kofi Mensah"}


def test_a_pronoun_inside_the_signers_phrase_adds_no_one(read):
    text = (
        "Kenyan President Ana Mwangi arrived in Accra on Sunday. "
        "A trade pact was signed on Monday by Kenyan Trade Minister Joseph Otieno and his counterpart, Kofi Mensah, of Ghana."
    )
    assert "Ana Mwangi" not in signers(read(text))


def test_leaders_who_strike_or_announce_a_deal_are_no_signatories(read):
    reading = read("Kenyan President Ana Mwangi and Ghanaian President Kofi Mensah struck a trade deal on Monday.")
    (agreement,) = reading.agreements
    assert set(agreement.parties) == {"KE", "GH"} and agreement.signatories == ()


def test_deals_between_companies_are_not_agreements_of_states(read):
    text = "During the visit, deals worth $2 billion were signed between companies of Kenya and Ghana."
    assert read(text).agreements == ()


@pytest.mark.parametrize(
    "text",
    [
        "Peru announced plans for a trade framework with Chile.",
        "Peru and Chile launched talks on a trade agreement.",
        "Peru and Chile are negotiating a free trade agreement.",
        "Peru and Chile failed to reach a deal on Tuesday.",
        "Peru and Chile agreed to work towards a comprehensive trade agreement.",
        "Peru and Chile cooperate under the framework of a regional alliance.",
        "Peru and Chile are upgrading their ties to a strategic partnership.",
    ],
)
def test_talks_plans_and_work_toward_an_agreement_are_not_one(read, text):
    assert read(text).agreements == ()


@pytest.mark.parametrize(
    "text, name",
    [
        ("Peru and Chile upgraded their ties to a strategic partnership on Tuesday.", "strategic partnership"),
        ("Peru and Vietnam announced a 90-day tariff pause on Friday.", "90-day tariff pause"),
        ("Peru and Chile signed the Treaty of Amity and Cooperation on Monday.", "Treaty of Amity and Cooperation"),
    ],
)
def test_kinds_of_agreement(read, text, name):
    (agreement,) = read(text).agreements
    assert agreement.name == name and len(agreement.parties) == 2


def test_sides_named_in_separate_sentences_make_one_agreement(read):
    text = (
        "Sir John Okoro has signed a deal to hand the islands to Ghana.\n\n"
        "Under the terms of the agreement, the navy keeps its base for an initial period of 50 years.\n\n"
        "Kenya signed the agreement after a court ruling."
    )
    (agreement,) = read(text).agreements
    assert set(agreement.parties) == {"KE", "GH"} and agreement.duration == "P50Y" and agreement.signatories == ("john-okoro",)


def test_an_undated_signing_by_the_people_of_a_meeting_takes_its_date(read):
    text = (
        "Kenyan President Ana Mwangi met Ghanaian President Kofi Mensah in Accra on Friday. "
        "The two leaders signed a trade pact."
    )
    (agreement,) = read(text, published="2024-05-11").agreements
    assert agreement.date == date(2024, 5, 10) and set(agreement.parties) == {"KE", "GH"}


MEETING = "Kenyan President Ana Mwangi held talks with Ghanaian President Kofi Mensah in Accra on Monday. "


@pytest.mark.parametrize(
    "second",
    [
        "The two leaders witnessed the signing of five memoranda of understanding.",
        "The two sides exchanged MoUs on health and education.",
        "Several agreements were also signed.",
        "The two sides signed 12 cooperation documents covering trade and energy.",
    ],
)
def test_documents_signed_at_a_meeting_are_between_its_countries(read, second):
    (agreement,) = read(MEETING + second, published="2024-05-08").agreements
    assert set(agreement.parties) == {"KE", "GH"} and agreement.date == date(2024, 5, 6) and agreement.signatories == ()


@pytest.mark.parametrize(
    "text, count",
    [
        ("Kenya and Ghana signed a joint statement on deepening their partnership.", 1),
        ("Kenya and Ghana issued a joint statement on maritime security.", 0),
        ("Kenya and Ghana signed the Lake Volta Accords on Monday.", 1),
    ],
)
def test_joint_statements_signed_and_accords_named_in_the_plural(read, text, count):
    assert len(read(text).agreements) == count


def test_a_joint_declaration_beside_a_deal_of_the_same_two(read):
    text = (
        "Kenya's President Ana Mwangi and her Ghanaian peer Kofi Mensah on Monday upgraded relations and struck agreements on roads and power. "
        "Mwangi and Mensah said ties had become a model for Africa in their joint declaration at the palace."
    )
    reading = read(text, published="2024-05-07")
    assert sorted((a.name, a.parties) for a in reading.agreements) == [("agreements", ("GH", "KE")), ("joint declaration", ("GH", "KE"))]


def test_signatories_of_unsaid_countries_sign_for_the_two_the_article_is_about(read):
    text = (
        "Relations between Kenya and Ghana have warmed. Kenya sent rescue teams to Ghana after the floods, "
        "and Ghana thanked Kenya.\n\n"
        "On Friday, John Okoro and Mary Asante signed the Accra Declaration on good-neighbourly relations."
    )
    (agreement,) = read(text).agreements
    assert set(agreement.parties) == {"KE", "GH"}


def test_no_guess_when_a_third_country_comes_close(read):
    text = (
        "Kenya, Ghana and Peru have warmed to each other. Kenya, Ghana and Peru held a summit.\n\n"
        "On Friday, John Okoro and Mary Asante signed the Accra Declaration on good-neighbourly relations."
    )
    assert read(text).agreements == ()


def test_a_truce_and_a_ceasefire_of_the_same_day_are_one(read):
    text = "Kenya and Ghana agreed to a truce on Monday. Kenya and Ghana announced a ceasefire on Monday in a joint statement."
    assert len(read(text, published="2024-05-07").agreements) == 1


def test_a_list_of_documents_signed_is_one_agreement_per_line(read):
    text = (
        MEETING + "The following documents were signed in the presence of the two leaders:\n"
        "- Memorandum of Understanding on Cooperation in Health\n"
        "- Agreement on Visa Exemption for Diplomatic Passports\n"
        "- Programme of Cultural Exchanges\n"
    )
    reading = read(text, published="2024-05-08")
    assert sorted(a.name for a in reading.agreements) == [
        "Agreement on Visa Exemption for Diplomatic Passports", "Memorandum of Understanding on Cooperation in Health",
    ]
    assert all(set(a.parties) == {"KE", "GH"} and a.date == date(2024, 5, 6) for a in reading.agreements)


def test_a_broker_is_no_party(read):
    (agreement,) = read("Peru brokered a ceasefire between Kenya and Ghana on Friday.").agreements
    assert set(agreement.parties) == {"KE", "GH"}


@pytest.mark.parametrize(
    "text",
    [
        "Under the 2018 pact, Peru agreed to supply Chile with gas.",
        "Despite the ceasefire, Peru and Chile exchanged fire on Monday.",
        "Within the framework of the treaty, Peru and Chile announced joint patrols.",
    ],
)
def test_an_agreement_as_the_setting_of_another_deed_is_not_made_there(read, text):
    assert read(text).agreements == ()


def test_a_treaty_named_a_partnership_is_the_partnership(read):
    text = (
        "Kenyan leader signs 'Lake Partnership' with Ghana in Accra\n\n"
        "Kenyan President Ana Mwangi and Ghanaian President Kofi Mensah signed a landmark \"Lake Partnership\" treaty on Monday."
    )
    assert len(read(text, published="2024-05-07").agreements) == 1


@pytest.mark.parametrize(
    "text, count",
    [
        ("Kenyan President Ana Mwangi and Ghanaian President Kofi Mensah on Monday agreed to establish a strategic partnership.", 1),
        ("Kenya and Ghana agreed to upgrade their ties to a comprehensive strategic partnership.", 1),
        ("Kenya and Ghana agreed to sign a trade deal next year.", 0),
        ("Kenya and Ghana could agree to establish a partnership.", 0),
    ],
)
def test_agreeing_to_establish_a_partnership_establishes_it(read, text, count):
    assert len(read(text).agreements) == count


def test_a_denied_signing_is_no_agreement(read):
    assert read("Kenya denied signing a secret deal with Ghana.").agreements == ()


@pytest.mark.parametrize(
    "text, parties",
    [
        ("The IMF reached a staff-level agreement with Ghana on Monday.", [("GH",)]),
        ("Kenya launched a partnership with Microsoft on Monday.", []),
        ("Kenya signed a deal with IBM on Monday.", []),
    ],
)
def test_one_country_with_a_body_of_states_but_not_with_a_company(read, text, parties):
    assert [a.parties for a in read(text).agreements] == parties


@pytest.mark.parametrize(
    "text",
    [
        "Kenya and Ghana reached a common understanding on migration.",
        "The two ministers were in full agreement on regional security.",
        "There was broad agreement between Kenya and Ghana that tariffs should fall.",
    ],
)
def test_a_meeting_of_minds_is_no_document(read, text):
    assert read(text).agreements == ()


def test_the_dateline_date_is_not_the_signing_date(read):
    text = "NAIROBI, May 7 (Reuters) - Kenya and Ghana signed a trade pact on Monday, officials said."
    (agreement,) = read(text, published="2024-05-07").agreements
    assert agreement.date == date(2024, 5, 6)
