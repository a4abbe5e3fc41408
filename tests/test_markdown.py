"""blank_markdown: markup becomes spaces one for one; a Markdown article reads as the same prose in a .txt would."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.markdown import blank_markdown


@pytest.mark.parametrize(
    "markdown, prose",
    [
        ("# Leaders meet ##", "  Leaders meet   "),
        ("> Ana met **Kenji** in *Sydney*.", "  Ana met   Kenji   in  Sydney ."),
        ("> > nested quote", "    nested quote"),
        ("- a bullet", "  a bullet"),
        ("12. a numbered item", "    a numbered item"),
        ("see [the report](http://x.org/a_b) now", "see  the report                    now"),
        ("an ![image](a.png) here", "an " + " " * len("![image](a.png)") + " here"),
        ("use `code` and <b>bold</b>", "use  code  and    bold    "),
        ("__strong__ and _weak_", "  strong   and  weak "),
        ("[ref]: http://example.org", "                         "),
        ("---", "   "),
        ("snake_case and 2*3 and 4 * 5 stay", "snake_case and 2*3 and 4 * 5 stay"),
        ("an escaped \\*star\\*", "an escaped  *star *"),
    ],
)
def test_markup_is_blanked_and_the_words_stay_in_place(markdown, prose):
    assert blank_markdown(markdown) == prose


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_only_markup_characters_turn_into_spaces(text):
    blanked = blank_markdown(text)
    assert len(blanked) == len(text)
    assert all(b == t or b == " " for b, t in zip(blanked, text))
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(blanked) if c == "\n"]


@pytest.mark.model
def test_a_markdown_article_keeps_its_place_and_its_sentences_lose_the_markup(nlp, tmp_path):
    from kg.extract import read_articles
    from kg.ingest import iter_articles

    text = "# Leaders meet\n\n> Brazilian minister Ana Silva met Japanese minister Kenji Sato in **Sydney** on 3 May 2024.\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    (md,) = read_articles(nlp, list(iter_articles([tmp_path / "a.md"])))
    assert [m.place for m in md.meetings] == [next(p.key for p in md.places if p.name == "Sydney")]
    assert md.source.title == "Leaders meet"
    for mention in md.mentions:
        assert text[mention.evidence.start : mention.evidence.end] == mention.surface  # offsets index the file
        assert not set("#>*") & set(mention.evidence.sentence), mention.evidence.sentence
