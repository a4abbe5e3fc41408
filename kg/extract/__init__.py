"""The extraction stage: parsed articles in, one Reading (typed records, article-local keys) out.

spaCy objects stay inside this package; rdflib never enters it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from kg.extract.agreements import find_agreements
from kg.extract.cached import parse_when
from kg.extract.claims import find_claims
from kg.extract.context import ArticleContext
from kg.extract.entities import find_entities
from kg.extract.meetings import find_meetings
from kg.gazetteer import load_gazetteer
from kg.nlp import ParsedArticle, parse_articles
from kg.records import (
    Agreement,
    Article,
    Claim,
    Country,
    ORGANIZATION,
    Meeting,
    Organization,
    Person,
    Place,
    Reading,
)
from kg.text import claim_key


def read_articles(nlp, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Reading]:
    """Read each article into a Reading, streaming: one article's Docs are dropped before the next is read."""
    for parsed in parse_articles(nlp, articles, batch_size=batch_size):
        yield read_parsed(parsed)


def read_parsed(parsed: ParsedArticle) -> Reading:
    """Extract every record kind from one parsed article."""
    ctx = ArticleContext(parsed)
    find_entities(ctx)
    find_meetings(ctx)
    claims = find_claims(ctx)
    agreements = find_agreements(ctx)
    _date_meetings_by_signings(ctx, agreements)
    gaz = load_gazetteer()
    countries = set(ctx.countries) | {p.country for p in ctx.persons.values() if p.country}
    countries |= {c for a in agreements for c in a.parties}
    # Countries a place lies in or an organisation belongs to are nodes too (not mentions).
    countries |= {c for _, c in ctx.places.values() if c} | {c for _, c in ctx.organizations.values() if c}
    return Reading(
        source=parsed.article.source,
        persons=tuple(sorted(
            Person(p.key, p.name, tuple(sorted(p.aliases)), tuple(p.roles), p.country) for p in ctx.persons.values()
        )),
        countries=tuple(sorted(Country(c, gaz.countries[c].name, gaz.countries[c].alpha3) for c in countries if c in gaz.countries)),
        places=tuple(sorted(Place(k, name, country) for k, (name, country) in ctx.places.items())),
        # Coreference looks at many organisations; the graph keeps those that speak.
        organizations=tuple(sorted(
            Organization(k, name, country) for k, (name, country) in ctx.organizations.items()
            if any(c.speaker.kind == ORGANIZATION and c.speaker.key == k for c in claims)
        )),
        mentions=tuple(sorted(ctx.mentions)),
        meetings=tuple(
            Meeting(
                key=f"m{m.order}",
                participants=tuple(sorted(m.participants)),
                kind=m.kind,
                date=_absolute(m.date_text),
                date_text=m.date_text,
                place=m.place,
                occasion=m.occasion,
                evidence=tuple(sorted(m.evidence)),
                host=m.host,
            )
            for m in ctx.meetings
        ),
        agreements=tuple(
            Agreement(
                key=f"a{i}",
                name=a.name,
                parties=tuple(sorted(a.parties)),
                signatories=tuple(sorted(a.signatories)),
                duration=a.duration,
                date=a.date or _absolute(a.date_text),
                evidence=(a.evidence,),
            )
            for i, a in enumerate(agreements)
        ),
        claims=tuple(sorted(
            Claim(
                key=claim_key(c.speaker.key, c.quote),
                speaker=c.speaker,
                quote=c.quote,
                topics=c.topics,
                evidence=(c.evidence,),
            )
            for c in claims
        )),
    )


def _date_meetings_by_signings(ctx: ArticleContext, agreements) -> None:
    """Talks whose only date is the day their participants signed an agreement took place that day."""
    from dataclasses import replace

    for i, m in enumerate(ctx.meetings):
        if m.date_text or m.kind != "in-person":
            continue
        dates = {a.date_text for a in agreements if a.date_text and m.participants <= a.signatories}
        if len(dates) == 1:
            ctx.meetings[i] = replace(m, date_text=dates.pop())


def _absolute(text: str | None):
    when = parse_when(text) if text else None
    if when is not None and when.kind == "absolute":
        return date(when.year, when.month, when.day)
    return None
