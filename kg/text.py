"""Small text helpers shared by the stages: slugs for keys, folding for comparison."""
from __future__ import annotations

import hashlib
import re
import unicodedata


_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]")  # of ASCII, letters and digits are the categories L and N


def slug(text: str) -> str:
    """A lower-case key that keeps letters of every script: 'Nguyễn Phú Trọng' -> 'nguyen-phu-trong', 'Сергей' -> 'сергей'.

    Accents on Latin letters fold away, so spellings with and without them share a key; marks on
    letters of other scripts (Devanagari vowel signs, say) are part of the letter and stay. A name
    with no letter or digit at all gets 'x-' and a hash of its text, so it still has a key of its own.
    """
    text = unicodedata.normalize("NFKC", text).replace("'", "").replace("\u2019", "")
    if text.isascii():  # nothing to fold but case (the per-character pass is most of the cost)
        words = _NOT_ASCII_ALNUM.sub(" ", text).lower().split()
    else:
        kept: list[str] = []
        for char in unicodedata.normalize("NFD", text):
            if unicodedata.combining(char) and (not kept or kept[-1].isascii()):
                continue
            kept.append(char if unicodedata.category(char)[0] in "LNM" else " ")
        words = unicodedata.normalize("NFC", "".join(kept)).casefold().split()
    if words:
        return "-".join(words)
    if not text.strip():
        return "x"
    return "x-" + hashlib.blake2b(text.casefold().encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()


def fold_words(text: str) -> list[str]:
    """Words of `text`, case-folded, accents and punctuation dropped ('Defence' spelled 'defense')."""
    if not text.isascii():  # ASCII text has no accent to drop (the per-character pass is most of the cost)
        text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[\w]+", text.casefold())
    return ["defense" if w == "defence" else w for w in words]


def fold_quote(text: str) -> str:
    """A quote reduced to its words, for recognising the same quote twice."""
    return " ".join(fold_words(text))


def claim_key(speaker_key: str, quote: str) -> str:
    """A readable, stable claim key: the speaker's slug and a short hash of the quote's words."""
    digest = hashlib.sha1(fold_quote(quote).encode("utf-8")).hexdigest()[:10]
    return f"{slug(speaker_key)}-{digest}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 article', '2 articles', '1 country' / '3 countries' (given the plural), thousands separated."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
