"""One spaCy Doc as the extractors scan it: token attributes, entities and sentences, each read once.

Iterating a Doc builds a Token object per token, and each attribute read looks its string
up again; Doc.ents and Token.sent scan the whole Doc on every call. Scanning a DocView's
lists builds and scans nothing, so Tokens are built only for the few words worth a closer look.
Like the rest of kg it expects Docs without user hooks (Doc.user_hooks and the like), as kg's
pipeline makes them.
"""
from __future__ import annotations

import bisect

from spacy.attrs import DEP, IDX, LEMMA, LOWER, ORTH, POS

# String-store hash -> string, and -> its lower case: a hash is the same in every vocab. A table
# is cleared when it grows past MAX_NAMES entries (some 25 MB; 315 test articles use 4,000).
_NAMES: dict[int, str] = {}
_LOWER_NAMES: dict[int, str] = {}
MAX_NAMES = 200_000


class DocView:
    def __init__(self, doc, text: str):
        self.doc = doc
        self.text = text  # doc.text, which spaCy would rebuild from the tokens on every call
        if len(doc):
            orth, lower, lemma, pos, idx, dep = doc.to_array([ORTH, LOWER, LEMMA, POS, IDX, DEP]).T.tolist()
        else:
            orth = lower = lemma = pos = idx = dep = []
        strings = doc.vocab.strings
        self.words = _strings(strings, orth, _NAMES, str)  # Token.text
        self.lower = _strings(strings, lower, _NAMES, str)
        self.lemma = _strings(strings, lemma, _LOWER_NAMES, str.lower)  # lower-cased, as the extractors compare it
        self.pos = _strings(strings, pos, _NAMES, str)
        self.idx = idx  # Token.idx: each token's character offset in the Doc
        self.deps = dep  # Token.dep: the relation's id (spacy.symbols for the usual labels)
        self.capitalised = [i for i, word in enumerate(self.words) if word[:1].isupper()]  # where names can start
        self.ents = doc.ents
        self._sents: list | None = None  # read on first use: many segments need none
        self._memo: dict = {}  # what the finders derive from this Doc and ask for again, keyed by what (and its arguments)
        self._sent_starts: list[int] = []

    def once(self, key, compute):
        """What compute() gives, computed once per Doc under `key` (what is derived, and from which arguments)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def token_at(self, char: int) -> int:
        """The token holding character `char` or the whitespace after it, or -1."""
        # Tokens and their trailing whitespace tile the text.
        return bisect.bisect_right(self.idx, char) - 1 if char < len(self.text) else -1

    def char_span(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """Tokens [start, end) of Doc.char_span(start_char, end_char, alignment_mode="expand"), or None."""
        start, last = self.token_at(start_char), self.token_at(end_char - 1)
        if start < 0 or last < 0:
            return None
        if start_char == self.idx[start] + len(self.words[start]):
            start += 1  # the whitespace after a token is no part of it
        return start, last + 1

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end), as Span.text gives it."""
        return self.text[self.idx[start] : self.idx[end - 1] + len(self.words[end - 1])]

    def ents_in(self, span) -> list:
        """The entities inside `span`, as Span.ents gives them."""
        found = []
        for ent in self.ents:
            if ent.start >= span.start:
                if ent.end > span.end:
                    break
                found.append(ent)
        return found

    @property
    def sents(self) -> list:
        if self._sents is None:
            self._sents = list(self.doc.sents)
            self._sent_starts = [sent.start for sent in self._sents]
        return self._sents

    def sent_of(self, i: int):
        """The sentence holding token i, as Token.sent (or Span.sent of a span starting at i) gives it."""
        sents = self.sents
        return sents[bisect.bisect_right(self._sent_starts, i) - 1]


def _strings(strings, hashes: list[int], table: dict[int, str], convert) -> list[str]:
    """The strings of `hashes`, converted, looked up in `strings` once per distinct hash."""
    try:
        return list(map(table.__getitem__, hashes))
    except KeyError:
        if len(table) > MAX_NAMES:
            table.clear()
        for h in hashes:
            if h not in table:
                table[h] = convert(strings[h])
        return list(map(table.__getitem__, hashes))
