#!/usr/bin/env python3
"""Consistency checks for the held-out gold set.

Usage: python tests/data/heldout_gold/check.py   (from anywhere)

Checks, per article/gold pair:
  - every article has a gold file with the same stem and vice versa; "article" names its file
  - "published" equals the article's front-matter date (or null when there is none)
  - the article body is 250-700 words and names none of the development-set subjects
  - every person name occurs in some article of the set, every alias in its own article
  - every country alias occurs in its own article
  - every claim quote is a verbatim substring of the article, enclosed by quote marks
  - every claim speaker is a person or country of the file, or a body named verbatim in the article
  - every meeting participant and agreement signatory is in persons; every agreement party
    and every person country is in countries
  - dates are ISO dates or null, kinds are in-person/call/video-call, durations ISO 8601 or null
  - no two claims of one file are identical after case folding and punctuation stripping
  - across the set (plus the seed gold in ../shared/eval/gold/seeds, when present): a surface
    form (name or alias) maps to one canonical name only; and no two agreements share a party
    set (score.py merges agreements by party set)
Exits non-zero and lists the problems if any check fails.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent / "heldout"
OPEN = "\"'“‘"
CLOSE = "\"'”’"
KINDS = {"in-person", "call", "video-call"}
FORBIDDEN = ["Hegseth", "Dong Jun", "Rajnath", "Kuala Lumpur", "ASEAN"]
DURATION = re.compile(r"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    head, body = text[4:].split("\n---\n", 1)
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip().strip('"')
    return meta, body


def occurs(form: str, text: str) -> bool:
    """Whole-word occurrence (form may start or end with punctuation)."""
    pat = (r"(?<!\w)" if form[:1].isalnum() else "") + re.escape(form) + (r"(?!\w)" if form[-1:].isalnum() else "")
    return re.search(pat, text) is not None


def quoted(quote: str, text: str) -> bool:
    start = 0
    while (i := text.find(quote, start)) >= 0:
        before, after = text[i - 1:i], text[i + len(quote):i + len(quote) + 1]
        if before and before in OPEN and after and after in CLOSE:
            return True
        start = i + 1
    return False


def is_date(value) -> bool:
    if value is None:
        return True
    try:
        dt.date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False


def main() -> int:
    problems: list[str] = []
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(HERE.glob("*.json"))}
    for stem in sorted(set(texts) ^ set(golds)):
        problems.append(f"{stem}: article without gold or gold without article")
    corpus = "\n".join(texts.values())
    surface: dict[str, set[str]] = {}
    party_sets: dict[frozenset, str] = {}
    totals = {k: 0 for k in ("persons", "countries", "meetings", "agreements", "claims")}

    for stem in sorted(set(texts) & set(golds)):
        text, g = texts[stem], golds[stem]
        meta, body = split_front_matter(text)

        def bad(msg: str) -> None:
            problems.append(f"{stem}: {msg}")

        if g.get("article") != stem + ".txt":
            bad(f"article field {g.get('article')!r}")
        if g.get("published") != (meta.get("published") or None):
            bad(f"published {g.get('published')!r} != front matter {meta.get('published')!r}")
        n_words = len(body.split())
        if not 250 <= n_words <= 700:
            bad(f"{n_words} words")
        for word in FORBIDDEN:
            if word.lower() in text.lower():
                bad(f"mentions {word!r}")
        for k in totals:
            totals[k] += len(g.get(k, []))

        persons = {p["name"]: p for p in g["persons"]}
        countries = {c["name"]: c for c in g["countries"]}
        if len(persons) != len(g["persons"]) or len(countries) != len(g["countries"]):
            bad("duplicate person or country")
        for kind, ents in (("person", g["persons"]), ("country", g["countries"])):
            for e in ents:
                if kind == "person" and not occurs(e["name"], corpus):
                    bad(f"person name {e['name']!r} occurs in no article")
                if kind == "country" and not (occurs(e["name"], text) or e["aliases"]):
                    bad(f"country {e['name']!r} neither named nor aliased")
                for form in e["aliases"]:
                    if not occurs(form, text):
                        bad(f"alias {form!r} of {e['name']!r} not in article")
                for form in [e["name"], *e["aliases"]]:
                    surface.setdefault(norm(form), set()).add(e["name"])
        for p in g["persons"]:
            if p["country"] is not None and p["country"] not in countries:
                bad(f"country {p['country']!r} of {p['name']!r} not in countries")
            if p["name"] not in text and not any(occurs(a, text) for a in p["aliases"]):
                bad(f"person {p['name']!r} not mentioned in article")

        for m in g["meetings"]:
            if len(m["participants"]) < 2:
                bad(f"meeting with fewer than two participants: {m}")
            for who in m["participants"]:
                if who not in persons:
                    bad(f"participant {who!r} not in persons")
            if not is_date(m["date"]):
                bad(f"meeting date {m['date']!r}")
            if m["kind"] not in KINDS:
                bad(f"meeting kind {m['kind']!r}")
            if m["place"] is not None and not occurs(m["place"], corpus):
                bad(f"meeting place {m['place']!r} occurs in no article")

        for a in g["agreements"]:
            for who in a["signatories"]:
                if who not in persons:
                    bad(f"signatory {who!r} not in persons")
            for party in a["parties"]:
                if party not in countries:
                    bad(f"party {party!r} not in countries")
            key = frozenset(a["parties"])
            if key in party_sets:
                bad(f"agreement parties {sorted(key)} also in {party_sets[key]}")
            party_sets[key] = stem
            if a["duration"] is not None and not DURATION.match(a["duration"]):
                bad(f"duration {a['duration']!r}")
            if not is_date(a["date"]):
                bad(f"agreement date {a['date']!r}")

        seen = set()
        for c in g["claims"]:
            q, sp = c["quote"], c["speaker"]
            if q not in text:
                bad(f"quote not verbatim: {q!r}")
            elif not quoted(q, text):
                bad(f"quote not enclosed by quote marks: {q!r}")
            if sp not in persons and sp not in countries and not occurs(sp, text):
                bad(f"speaker {sp!r} is not a person, a country or a body named in the article")
            key = (sp, norm(q))
            if key in seen:
                bad(f"duplicate claim {key}")
            seen.add(key)

    # the same must hold with the seed gold added, when it is beside the project
    seeds = HERE.parents[3] / "shared" / "eval" / "gold" / "seeds"
    for f in sorted(seeds.glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        for e in doc.get("persons", []) + doc.get("countries", []):
            for form in [e["name"], *e.get("aliases", [])]:
                surface.setdefault(norm(form), set()).add(e["name"])

    for form, names in sorted(surface.items()):
        if len(names) > 1:
            problems.append(f"surface form {form!r} maps to several entities: {sorted(names)}")

    print(f"{len(golds)} gold files, {len(texts)} articles")
    print(" | ".join(f"{k} {v}" for k, v in totals.items()))
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
