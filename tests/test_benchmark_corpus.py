"""The benchmark corpus: deterministic, readable by kg, and owing nothing to seeds/."""
from __future__ import annotations

import re

import pytest

from benchmarks.corpus import CAST_SIZE, make_cast, write_article, write_corpus
from kg.ingest import iter_articles
from kg.text import fold_words

from conftest import ROOT

SAMPLE = 60
SHINGLE = 7  # words: long enough that a shared run of them is copied text, not idiom


@pytest.fixture(scope="module")
def seed_text() -> str:
    return " ".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").iterdir()))


def shingles(text: str) -> set[tuple[str, ...]]:
    words = fold_words(text)
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def test_same_seed_same_bytes_and_smaller_corpora_are_prefixes(tmp_path):
    small, large = write_corpus(3, tmp_path / "small"), write_corpus(5, tmp_path / "large")
    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in large[:3]]
    assert write_article(4) == large[4].read_text(encoding="utf-8")
    assert write_article(4, seed=1) != write_article(4)


def test_kg_reads_every_article_with_its_front_matter(tmp_path):
    write_corpus(SAMPLE, tmp_path)
    warnings: list[str] = []
    articles = list(iter_articles([tmp_path], warn=warnings.append))
    assert warnings == []
    assert len(articles) == SAMPLE
    for article in articles:
        assert article.source.title and article.source.published and article.source.publisher
        assert 150 <= len(article.text.split()) <= 600
        assert '"' in article.text  # every article quotes someone


def test_cast_is_invented_and_unique(seed_text):
    cast = make_cast()
    assert len({f.name for f in cast}) == len({f.surname for f in cast}) == CAST_SIZE
    seed_words = set(fold_words(seed_text))
    assert not [f.name for f in cast if f.surname.casefold() in seed_words]


def test_no_text_or_quote_comes_from_the_seeds(seed_text):
    seen = shingles(seed_text)
    for i in range(SAMPLE):
        article = write_article(i)
        assert not shingles(article) & seen, f"article {i} repeats seed text"
        for quote in re.findall(r'"([^"]+)"', article.split("---", 2)[2]):
            assert quote.casefold() not in seed_text.casefold()
