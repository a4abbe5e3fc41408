"""The only IRI constructor: readable, deterministic IRIs that are valid per RFC 3987 whatever the key holds."""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib import URIRef

from kg.errors import KGError

DEFAULT_BASE = "https://w3id.org/kg/id/"

# RFC 3986 "unreserved" characters stay as they are; every other character is
# percent-encoded as UTF-8, so the encoding is injective (distinct keys, distinct IRIs)
# and safe in any path segment, whatever an article put in a name.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_KIND = re.compile(r"[a-z][a-z0-9-]*\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Characters RFC 3987 forbids anywhere in an IRI (besides controls and non-characters).
_FORBIDDEN_IN_BASE = frozenset(' <>"{}|\\^`')
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_KINDS_SEEN: set[str] = set()


@lru_cache(maxsize=262144)  # keys repeat across the many IRIs of one entity
def _encode_segment(part: str | int) -> str:
    """Percent-encode one path segment; a segment of dots only is encoded too, so it is never a dot-segment."""
    text = str(part)
    if text and set(text) == {"."}:
        return "%2E" * len(text)
    data = text.encode("utf-8", errors="surrogatepass")
    return "".join(chr(b) if chr(b) in _UNRESERVED else f"%{b:02X}" for b in data)


def mint_iri(kind: str, key: str | tuple[str | int, ...], base: str = DEFAULT_BASE) -> URIRef:
    """Return `{base}{kind}/{key}`; a tuple key gives one path segment per part, e.g. ("a.txt", "10-20")."""
    if kind not in _KINDS_SEEN:
        if not _KIND.match(kind):
            raise ValueError(f"IRI kind must be a lower-case slug, not {kind!r}")
        _KINDS_SEEN.add(kind)
    parts = key if isinstance(key, tuple) else (key,)
    # Every part is percent-encoded and the base checked, so the IRI is valid: skip URIRef's own check,
    # a third of the cost of a graph's hundreds of thousands of IRIs.
    return str.__new__(URIRef, base + kind + "/" + "/".join([_encode_segment(p) for p in parts]))


def check_base(base: str) -> str:
    """Return `base` if it is an absolute IRI that ends with '/', '#' or ':'; raise KGError naming the fix."""
    fix = "give an absolute IRI such as https://example.org/kg/"
    if not _SCHEME.match(base):
        raise KGError(f"base IRI {base!r} is not absolute (no scheme such as https:); {fix}")
    bad = sorted({c for c in base if c in _FORBIDDEN_IN_BASE or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F})
    if bad:
        raise KGError(f"base IRI {base!r} contains {''.join(bad)!r}, not allowed in an IRI; percent-encode it or {fix}")
    if any(0xD800 <= ord(c) <= 0xDFFF or (ord(c) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(c) <= 0xFDEF for c in base):
        raise KGError(f"base IRI {base!r} contains a non-character; {fix}")
    if _BAD_PERCENT.search(base):
        raise KGError(f"base IRI {base!r} has a '%' not followed by two hex digits; write it as %25 or {fix}")
    if "?" in base:
        raise KGError(f"base IRI {base!r} has a query ('?'); {fix}")
    if not base.endswith(("/", "#", ":")):
        raise KGError(f"base IRI {base!r} must end with '/', '#' or ':' so minted IRIs extend it; try {base + '/'!r}")
    if base.count("#") > 1:
        raise KGError(f"base IRI {base!r} has more than one '#'; {fix}")
    return base


GEONAMES = "https://sws.geonames.org/"


def geonames_iri(geonames_id: int) -> URIRef:
    """The GeoNames Semantic Web IRI of a feature, as GeoNames writes it: https://sws.geonames.org/ID/."""
    return URIRef(f"{GEONAMES}{int(geonames_id)}/")
