"""Forms of one person's name across articles: nicknames, initials, suffixes, spellings and word order.

"Tom X" and "Thomas Q. X" are one name (but "X Y" and "X Y Jr." are two); so are two transliterations that differ in a letter or two
of one long word, and the same words in another order ("FAMILY Given" in government styles).
Nicknames come from the maintained `nicknames` table (Carlton Northern's curated English names).
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from functools import cache

# Generational suffixes: they tell a son from his father, so two names must agree on them.
SUFFIXES = frozenset({"jr", "jnr", "sr", "snr", "ii", "iii", "iv"})
# Two spellings of one long word at least this similar are one transliteration ("-iy" / "-yy").
SPELLING_SIMILARITY = 0.85
MIN_SPELLING_LENGTH = 6


FORMAL_SUFFIX = re.compile(r",\s*(jr|sr|jnr|snr)\.?$", re.I)
SON_SUFFIX = re.compile(r"\s(jr|sr|jnr|snr|ii|iii|iv)\.?$", re.I)


def son_of(name: str) -> bool:
    """Whether a name ends in a generational suffix that tells a son from his father ("X Y Jr."), not a
    formal style's comma-set suffix ("X Y, Jr.", the one name written in full)."""
    return bool(SON_SUFFIX.search(name)) and not FORMAL_SUFFIX.search(name)


def core_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Folded name words without suffixes and single-letter initials: what identifies the person."""
    core = tuple(w for w in words if w not in SUFFIXES and len(w) > 1)
    return core or words


@cache
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


@cache
def _given_names_match(a: str, b: str) -> bool:
    if a == b:
        return True
    namer = _nicknamer()
    return a in namer.canonicals_of(b) or b in namer.canonicals_of(a)


def _spelled_alike(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= MIN_SPELLING_LENGTH and difflib.SequenceMatcher(None, a, b).ratio() >= SPELLING_SIMILARITY)


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two folded full names (two words or more) name one person."""
    ca, cb = core_words(a), core_words(b)
    if len(ca) < 2 or len(cb) < 2:
        return False
    if {w for w in a if w in SUFFIXES} != {w for w in b if w in SUFFIXES}:
        return False  # a father and his son ("X Y" and "X Y Jr.") are two people
    if sorted(ca) == sorted(cb):
        return True  # the same words in another order
    if len(ca) != len(cb):
        return False
    if ca[-1] == cb[-1]:
        return _given_names_match(ca[0], cb[0]) and ca[1:-1] == cb[1:-1]
    # One word spelled two ways, the rest equal.
    diffs = [(x, y) for x, y in zip(ca, cb) if x != y]
    return len(diffs) == 1 and _spelled_alike(*diffs[0])


def group_names(names: list[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Map each full name to a representative of the names it is one person with (union-find).

    Candidates are only compared within a bucket of shared last or first core word, so the work
    grows with the names that could match, not with the square of all names."""
    parent = {n: n for n in names}

    def root(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    buckets: dict[tuple[int, str], list] = defaultdict(list)
    for n in sorted(names):
        core = core_words(n)
        if len(core) >= 2:
            buckets[(0, core[-1])].append(n)
            buckets[(1, core[0])].append(n)
            buckets[(2, " ".join(sorted(core)))].append(n)
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if root(a) != root(b) and same_name(a, b):
                    ra, rb = sorted((root(a), root(b)))
                    parent[rb] = ra
    return {n: root(n) for n in names}
