"""The word lists are reviewed data files: each says what belongs in it, and holds lower-case entries once."""
from importlib import resources

import pytest

WORD_FILES = sorted(p.name for p in resources.files("kg.data").joinpath("words").iterdir() if p.name.endswith((".txt", ".tsv")))


@pytest.mark.parametrize("name", WORD_FILES)
def test_word_file_is_described_and_clean(name):
    lines = resources.files("kg.data").joinpath("words", name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 20, f"{name} must open with a line saying what belongs in it"
    entries = [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]
    assert entries, name
    assert all(e == e.strip().lower() for e in entries), name
    duplicates = sorted({e for e in entries if entries.count(e) > 1})
    assert not duplicates, f"{name} repeats {duplicates}"


def test_lexicon_reads_every_file():
    from kg.extract import lexicon

    assert "minister" in lexicon.TITLE_WORDS and "say" in lexicon.SPEECH_VERBS
    assert lexicon.MEETING_NOUNS["call"] == "call"
