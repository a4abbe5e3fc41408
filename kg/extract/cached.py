"""Pure text helpers of other modules, memoised: extraction asks them about the same strings over and over
(a person's name for every later mention, a date for every meeting it is compared with)."""
from __future__ import annotations

from functools import lru_cache

from kg import dates, text

parse_when = lru_cache(maxsize=4096)(dates.parse_when)
slug = lru_cache(maxsize=4096)(text.slug)


@lru_cache(maxsize=4096)
def fold_words(s: str) -> tuple[str, ...]:
    """kg.text.fold_words, as a tuple."""
    return tuple(text.fold_words(s))
