"""The only IRI constructor: readable, deterministic IRIs that are valid per RFC 3987 whatever the key holds."""
from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import KGError

DEFAULT_BASE = "https://w3id.org/kg/id/"

# RFC 3986 "unreserved" characters stay as they are; every other character is
# percent-encoded as UTF-8, so the encoding is injective (distinct keys, distinct IRIs)
# and safe in any path segment, whatever an article put in a name.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ALL_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*\Z")
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
    if _ALL_UNRESERVED.match(text):  # most keys (slugs, offsets, file names): nothing to encode
        return text
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
    return str.__new__(URIRef, base + kind + "/" + "/".join(map(_encode_segment, parts)))


def _is_ucschar(code: int) -> bool:
    """Whether a non-ASCII code point may stand in an IRI path (RFC 3987 ucschar): no private use, surrogates or non-characters."""
    if code <= 0xFFFF:
        return 0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF
    plane, low = divmod(code, 0x10000)
    return plane <= 13 and low <= 0xFFFD or (plane == 14 and 0x1000 <= low <= 0xFFFD)


def check_base(base: str) -> str:
    """Return `base` if it is an absolute IRI that ends with '/', '#' or ':'; raise KGError naming the fix."""
    fix = "give an absolute IRI such as https://example.org/kg/"
    if not _SCHEME.match(base):
        raise KGError(f"base IRI {base!r} is not absolute (no scheme such as https:); {fix}")
    bad = sorted({c for c in base if c in _FORBIDDEN_IN_BASE or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F})
    if bad:
        raise KGError(f"base IRI {base!r} contains {''.join(bad)!r}, not allowed in an IRI; percent-encode it or {fix}")
    bad = sorted({c for c in base if ord(c) > 0x7F and not _is_ucschar(ord(c))})
    if bad:
        names = ", ".join(f"U+{ord(c):04X}" for c in bad)
        raise KGError(f"base IRI {base!r} contains {names} (private-use or a non-character), not allowed in an IRI path; {fix}")
    authority_end = base.find("/", base.find("//") + 2) if "//" in base else 0
    host = base[:authority_end]
    if "[" in base[authority_end:] or "]" in base[authority_end:] or host.count("[") != host.count("]"):
        raise KGError(f"base IRI {base!r} has '[' or ']' outside an IPv6 host; percent-encode them as %5B and %5D or {fix}")
    if _BAD_PERCENT.search(base):
        raise KGError(f"base IRI {base!r} has a '%' not followed by two hex digits; write it as %25 or {fix}")
    if "?" in base:
        raise KGError(f"base IRI {base!r} has a query ('?'); {fix}")
    try:
        ox.NamedNode(base)  # the last word goes to a strict parser: what it refuses, kg must not write
    except ValueError as e:
        raise KGError(f"base IRI {base!r} is not a valid IRI ({e}); {fix}") from e
    if not base.endswith(("/", "#", ":")):
        raise KGError(f"base IRI {base!r} must end with '/', '#' or ':' so minted IRIs extend it; try {base + '/'!r}")
    if base.count("#") > 1:
        raise KGError(f"base IRI {base!r} has more than one '#'; {fix}")
    return base


GEONAMES = "https://sws.geonames.org/"


def geonames_iri(geonames_id: int) -> URIRef:
    """The GeoNames Semantic Web IRI of a feature, as GeoNames writes it: https://sws.geonames.org/ID/."""
    return URIRef(f"{GEONAMES}{int(geonames_id)}/")
