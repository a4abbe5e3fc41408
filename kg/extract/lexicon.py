"""Word lists of the English the extractor reads: titles, verbs of saying, meeting and agreement words.

Each list is a reviewed data file in kg/data/words/, one per class, whose opening comment says what
belongs in it. These are closed classes of English, not names: they hold no person, place or event.
"""
from __future__ import annotations

from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("kg.data").joinpath("words", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _words(name: str) -> frozenset[str]:
    return frozenset(_lines(name))


def _table(name: str) -> dict[str, str]:
    """A two-column file, key<TAB>value, as key -> value."""
    return dict(line.split("\t") for line in _lines(name))


def _pairs(name: str) -> dict[str, frozenset[str]]:
    """A two-column file, key<TAB>space-separated values, as key -> the set of values."""
    table = {}
    for line in _lines(name):
        key, values = line.split("\t")
        table[key] = frozenset(values.split())
    return table


TITLE_WORDS = _words("titles.txt")
RANK_WORDS = _words("ranks.txt")
HONORIFICS = _words("honorifics.txt")
ROLE_HEADS = _words("role_heads.txt")
SPEECH_VERBS = _words("speech_verbs.txt")
# Noun -> the kind of meeting it implies.
MEETING_NOUNS = _table("meeting_nouns.tsv")
MEETING_VERBS = _words("meeting_verbs.txt")
OBJECT_MEETING_VERBS = _words("object_meeting_verbs.txt")
AGREEMENT_NOUNS = _words("agreement_nouns.txt")
AGREEMENT_VERBS = _words("agreement_verbs.txt")
# Agreement noun -> the kind of document it names, for nouns that name a kind under another word.
AGREEMENT_KINDS = _table("agreement_kinds.tsv")
NAMED_AGREEMENT_NOUNS = _words("named_agreement_nouns.txt")
APPROVAL_VERBS = _words("approval_verbs.txt")
SIGNING_VERBS = _words("signing_verbs.txt")
UPGRADE_VERBS = _words("upgrade_verbs.txt")
INTERGOVERNMENTAL_WORDS = _words("intergovernmental_words.txt")
COMMERCIAL_PARTIES = _words("commercial_parties.txt")
COMBINING_FORMS = _table("country_combining_forms.tsv")
UNREAL_WORDS = _words("unreal_words.txt")
PERSON_PRONOUNS = _words("person_pronouns.txt")
GROUP_WORDS = _words("group_words.txt")
UNNAMED_SPEAKERS = _words("unnamed_speakers.txt")
ORGANIZATION_WORDS = _words("organization_words.txt")
PLACE_WORDS = _words("place_words.txt")
VENUE_WORDS = _words("venue_words.txt")
# Nouns for a text someone else wrote: a verb hung on one ("a report calling it X") is not its citer's.
CITED_TEXTS = _words("cited_texts.txt")
BODY_NOUNS = _words("body_nouns.txt")
STATE_BODIES = _words("state_bodies.txt")
TEXT_NOUNS = _words("text_nouns.txt")
PERSON_GROUPS = _words("person_groups.txt")
LEADER_ROLES = _words("leader_roles.txt")
QUOTING_VERBS = _words("quoting_verbs.txt")
NAMING_VERBS = _words("naming_verbs.txt")
EPITHETS = _words("epithets.txt")
SPEECH_NOUNS = _words("speech_nouns.txt")
# Verb lemma -> the words beside it that make it a verb of saying ("point" + "out").
SPEECH_PHRASES = _pairs("speech_phrases.tsv")
MEDIA_WORDS = _words("media_words.txt")
# Title or honorific -> "f" or "m"; subject pronoun -> the same.
GENDERED_TITLES = {key: next(iter(values)) for key, values in _pairs("gendered_titles.tsv").items()}
PRONOUN_GENDER = {"he": "m", "she": "f"}
