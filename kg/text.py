"""Small text helpers shared by the stages: slugs for keys, folding for comparison."""
from __future__ import annotations

import hashlib
import re
import unicodedata


def slug(text: str) -> str:
    """A lower-case ASCII key: 'Nguyễn Phú Trọng' -> 'nguyen-phu-trong'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text.replace("'", "").replace("\u2019", "")).strip("-").lower()
    return text or "x"


def fold_words(text: str) -> list[str]:
    """Words of `text`, case-folded, accents and punctuation dropped ('Defence' spelled 'defense')."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = re.findall(r"[\w]+", text)
    return ["defense" if w == "defence" else w for w in words]


def fold_quote(text: str) -> str:
    """A quote reduced to its words, for recognising the same quote twice."""
    return " ".join(fold_words(text))


def claim_key(speaker_key: str, quote: str) -> str:
    """A readable, stable claim key: the speaker's slug and a short hash of the quote's words."""
    digest = hashlib.sha1(fold_quote(quote).encode("utf-8")).hexdigest()[:10]
    return f"{slug(speaker_key)}-{digest}"
