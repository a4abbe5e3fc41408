"""Where quotes are in a paragraph, and which quoted words are names or labels rather than words said."""
from __future__ import annotations

import re

from kg.extract.lexicon import NAMING_VERBS, SPEECH_PHRASES, SPEECH_VERBS

OPENERS_BEFORE = set(" \t\n([{\u2014\u2013-/:;,")
MAX_QUOTE_CHARS = 2_000
MAX_SINGLE_QUOTE_CHARS = 1_000  # an apostrophe is no closing mark, so a single-quoted quote is looked for less far
QUOTE_MARK = re.compile("[\u201c\"'\u00ab\u201e\u2039\u201a]")
# Marks that open a quote in other typographies (« », „ “, ‹ ›, ‚ ‘), and the marks that close each.
OTHER_PAIRS = {"\u00ab": "\u00bb", "\u201e": "\u201c\u201d\"", "\u2039": "\u203a", "\u201a": "'\u2018\u2019"}
CLOSING_MARK = re.compile('[\u201d"]')


def find_quotes(text: str) -> list[tuple[int, int]]:
    """[start, end) of the text inside each outermost pair of quote marks; nested quotes stay inside."""
    spans, i, n = [], 0, len(text)
    while i < n:
        # Skip to the next quote mark: no other character opens a quote.
        m = QUOTE_MARK.search(text, i)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c in OTHER_PAIRS:
            j = next((k for k in range(i + 1, min(n, i + 1 + MAX_QUOTE_CHARS)) if text[k] in OTHER_PAIRS[c]), n)
            a, b = i + 1, j
            while a < b and text[a].isspace():  # « like this »
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a and j - i - 1 <= MAX_QUOTE_CHARS:
                spans.append((a, b))
            i = j + 1
            continue
        if c == "\u201c" or (c == '"' and (i == 0 or text[i - 1] in OPENERS_BEFORE)):
            j = i + 1
            while j < n and not (text[j] == "\u201d" or (text[j] == '"' and not text[j - 1].isspace())):
                m = CLOSING_MARK.search(text, j + 1)  # the closer can only be one of these
                j = m.start() if m else n
            if j - i - 1 <= MAX_QUOTE_CHARS and j > i + 1:
                spans.append((i + 1, j))  # an unclosed quote runs to the end of its paragraph
            i = j + 1
            continue
        if c == "'" and (i == 0 or text[i - 1] in OPENERS_BEFORE) and i + 1 < n and text[i + 1].isalnum():
            j = i + 2
            while j < n and j - i <= MAX_SINGLE_QUOTE_CHARS and not (
                text[j] == "'" and not text[j - 1].isspace() and (j + 1 == n or not text[j + 1].isalnum()) and not _is_plural_possessive(text, j)
            ):
                if text[j] in "\u201c\u201d\"\n":
                    break
                j += 1
            if j < n and text[j] == "'":
                spans.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return spans


def _is_plural_possessive(text: str, j: int) -> bool:
    """"the leaders' views": an apostrophe after a plural s, a space and a lower-case word, with a closing mark still to come."""
    return (
        text[j - 1] == "s" and text[j + 1 : j + 2] == " " and text[j + 2 : j + 3].islower()
        and re.search(r"\S'(?![\w])", text[j + 1 :]) is not None
    )


def is_scare_quote(qtoks) -> bool:
    """'"grey-zone" tactics': one or two words that modify a noun outside the quote."""
    words = [t for t in qtoks if t.is_alpha]
    if len(words) > 2:
        return False
    inside = {t.i for t in qtoks}
    head = next((t for t in qtoks if t.head.i not in inside), qtoks[0])
    return head.dep_ in ("amod", "compound", "nmod") and head.head.i > qtoks[-1].i


def is_name_given(qtoks) -> bool:
    """'the so-called "X"', 'a plan dubbed "X"', 'a book titled "X"', 'known as "X"': a name, not words said."""
    doc = qtoks[0].doc
    k = qtoks[0].i - 1
    while k >= 0 and doc[k].is_quote:
        k -= 1
    if k < 0:
        return False
    before = doc[k]
    if before.lower_ == "as" and before.head.lower_ == "known":
        return True
    return (
        before.lemma_.lower() in NAMING_VERBS and before.tag_ == "VBN" and before.dep_ in ("acl", "amod", "relcl", "advcl")
        and not any(c.dep_ == "agent" for c in before.children)  # 'the deal, called "historic" by X'
    )


def is_attributed_label(qtoks) -> bool:
    """'praised the "steady course"', 'declared an "all-weather" partnership', '"useful" talks, according to X':
    a label a verb of saying puts in someone's mouth."""
    inside = {t.i for t in qtoks}
    if all(t.text[:1].isupper() for t in qtoks if t.is_alpha):
        return False  # 'the "Open Seas" plan': a name
    noun = next((t for t in qtoks if t.head.i not in inside), qtoks[0]).head
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head if noun.dep_ == "dobj" else None
    if verb is not None and is_speech(verb):
        return True
    # 'X says she had a "very good" call': the clause a verb of saying reports.
    clause = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if clause is not None and clause.dep_ in ("ccomp", "xcomp") and is_speech(clause.head):
        return True
    return any(t.lower_ == "according" and t.nbor().lower_ == "to" for t in noun.sent if t.i + 1 < len(t.doc))


def is_speech(tok) -> bool:
    """A verb of saying, alone ("said") or with the word that makes it one ("pointed out", "as X put it", "made clear")."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return True
    words = SPEECH_PHRASES.get(lemma)
    return words is not None and any(c.lower_ in words for c in tok.children)
