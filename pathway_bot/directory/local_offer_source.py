"""The Local Offer's reviewed source (flows/area/local_offer.yaml) into Service records.

The source is what a council officer edits; `pathway-bot services build` writes the shipped
Open Referral UK feed from it. Every record is checked here first: a way in that a family
can use, and the public page, the quoted words and the date behind it. A record that fails is
a problem to fix, never a record to guess at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pathway_bot import yaml_data
from pathway_bot.directory.oruk_import import AreaNames
from pathway_bot.directory.records import (
    CostOption,
    Language,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    Term,
)
from pathway_bot.directory.taxonomy import (
    ACCESS_TAXONOMY,
    ASK_TAXONOMY,
    AUDIENCE_TAXONOMY,
    CODES,
    CRISIS_LINE,
    DISAGREEMENT_ROUTE,
    KIND_TAXONOMY,
    LOCAL,
    NEED_TAXONOMY,
    REACH_TAXONOMY,
    SAMPLE_DATA,
    TIER_TAXONOMY,
    derived_id,
    term_id,
)

SOURCE_FILE = "local_offer.yaml"
MAX_AGE = 25
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_WEB = re.compile(r"^https?://[^\s]+$")
# Language names we write a code for (ORUK keeps both).
_LANGUAGE_CODES = {"English": "en", "Welsh": "cy"}
_TERM_FIELDS = ((NEED_TAXONOMY, "needs"), (TIER_TAXONOMY, "tiers"), (ACCESS_TAXONOMY, "access"),
                (AUDIENCE_TAXONOMY, "audience"))


@dataclass
class SourceReading:
    services: list[Service] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    withheld: list[dict] = field(default_factory=list)


def read_source(path: Path, area: AreaNames) -> SourceReading:
    data = yaml_data.safe_load(path.read_text(encoding="utf-8")) or {}
    defaults = data.get("defaults") or {}
    reading = SourceReading(withheld=list(data.get("withheld") or ()))
    seen: set[str] = set()
    for index, item in enumerate(data.get("services") or ()):
        record = {**defaults, **item}
        where = f"services[{index}] {record.get('id', '?')}"
        problems = check_record(record, area)
        if record.get("id") in seen:
            problems.append("id: appears more than once")
        seen.add(record.get("id"))
        reading.problems += [f"{where}: {problem}" for problem in problems]
        if not problems:
            reading.services.append(to_service(record, area))
    return reading


# ---- checks ---------------------------------------------------------------------------------

def check_record(record: dict, area: AreaNames) -> list[str]:
    """Everything wrong with one record, each as a sentence that says how to fix it."""
    problems = [f"{key}: is required" for key in
                ("id", "name", "organisation", "description", "source", "source_quote",
                 "last_verified", "audience", "needs", "tiers", "access")
                if not record.get(key)]
    if problems:
        return problems
    if not _SLUG.match(str(record["id"])):
        problems.append("id: use lower-case words joined by hyphens")
    if not _WEB.match(str(record["source"])):
        problems.append("source: must be the public page's web address")
    if not isinstance(record["last_verified"], date):
        problems.append("last_verified: must be a date (YYYY-MM-DD)")
    problems += _code_problems(record)
    problems += way_in_problems(record)
    problems += _age_problems(record)
    unknown = [d for d in record.get("districts") or () if d not in area.districts]
    if unknown:
        problems.append(f"districts: {', '.join(unknown)} not in the area")
    return problems


def _code_problems(record: dict) -> list[str]:
    problems = []
    for taxonomy, key in _TERM_FIELDS:
        wrong = [c for c in record.get(key) or () if c not in CODES[taxonomy]]
        if wrong:
            problems.append(f"{key}: {', '.join(map(str, wrong))} not one of "
                            f"{', '.join(CODES[taxonomy])}")
    if record.get("ask") and record["ask"] not in CODES[ASK_TAXONOMY]:
        problems.append(f"ask: not one of {', '.join(CODES[ASK_TAXONOMY])}")
    if record.get("reach", LOCAL) not in CODES[REACH_TAXONOMY]:
        problems.append(f"reach: not one of {', '.join(CODES[REACH_TAXONOMY])}")
    return problems


def way_in_problems(record: dict) -> list[str]:
    """A way in a family can use, each part of it found in the quoted words."""
    quote = str(record.get("source_quote") or "")
    phones = [str(p) for p in record.get("phones") or ()]
    email, url, ask = record.get("email"), record.get("url"), record.get("ask")
    if not (phones or email or url or ask):
        return ["no way in: give a phone, email or web address from the source page, or "
                "who to ask (ask)"]
    problems = [f"phone {p}: not in source_quote" for p in phones if not quotes_number(quote, p)]
    if email and str(email).lower() not in quote.lower():
        problems.append(f"email {email}: not in source_quote")
    if url and url != record.get("source") and _bare(url) not in _bare(quote):
        problems.append(f"url {url}: must be the source page or appear in source_quote")
    return problems


def quotes_number(quote: str, number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    return bool(digits) and digits in re.sub(r"\D", "", quote)


def _bare(text: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", str(text).lower()).rstrip("/")


def _age_problems(record: dict) -> list[str]:
    low, high = record.get("min_age"), record.get("max_age")
    problems = [f"{key}: must be a whole number of years, 0 to {MAX_AGE}"
                for key, value in (("min_age", low), ("max_age", high))
                if value is not None and (not isinstance(value, int) or not 0 <= value <= 120)]
    if not problems and low is not None and high is not None and low > high:
        problems.append("min_age: above max_age")
    return problems


# ---- records --------------------------------------------------------------------------------

def to_service(record: dict, area: AreaNames) -> Service:
    service_id = derived_id("local-offer", *([area.area_id] if area.area_id else []),
                            record["id"])
    districts = record.get("districts") or tuple(area.districts)
    return Service(
        id=service_id,
        name=record["name"],
        organisation=Organisation(id=derived_id("organisation", record["organisation"]),
                                  name=record["organisation"]),
        description=record["description"],
        url=record.get("url"), email=record.get("email"),
        fees=record.get("cost"),
        min_age=record.get("min_age"), max_age=record.get("max_age"),
        areas=tuple(ServiceArea(derived_id("area", service_id, d), area.districts[d], d)
                    for d in districts),
        terms=_terms(record),
        phones=tuple(Phone(id=derived_id("phone", service_id, n), number=str(n))
                     for n in record.get("phones") or ()),
        schedules=tuple(_schedule(service_id, i, s)
                        for i, s in enumerate(record.get("schedule") or ())),
        languages=tuple(Language(id=derived_id("language", service_id, name), name=name,
                                 code=_LANGUAGE_CODES.get(name))
                        for name in record.get("languages") or ()),
        cost_options=(CostOption(id=derived_id("cost", service_id), option=record["cost"]),)
        if record.get("cost") else (),
        last_verified=record["last_verified"], source=record["source"],
        source_quote=record["source_quote"], eligibility=record.get("eligibility"),
        search_words=record.get("search_words"),
    )


def _terms(record: dict) -> tuple[Term, ...]:
    wanted = [(taxonomy, code) for taxonomy, key in _TERM_FIELDS
              for code in record.get(key) or ()]
    wanted.append((REACH_TAXONOMY, record.get("reach", LOCAL)))
    if record.get("ask"):
        wanted.append((ASK_TAXONOMY, record["ask"]))
    if record.get("crisis"):
        wanted.append((KIND_TAXONOMY, CRISIS_LINE))
    if record.get("disagreement"):
        wanted.append((KIND_TAXONOMY, DISAGREEMENT_ROUTE))
    wanted.append((KIND_TAXONOMY, SAMPLE_DATA))
    return tuple(_term(taxonomy, code) for taxonomy, code in wanted)


def _term(taxonomy: str, code: str) -> Term:
    name = code.replace("_", " ")
    return Term(id=term_id(taxonomy, code), taxonomy=taxonomy, code=code, name=name,
                description=f"{name} (Pathway Bot {taxonomy.split(':')[1].replace('-', ' ')})")


def _schedule(service_id: str, index: int, item: dict[str, Any]) -> Schedule:
    return Schedule(id=derived_id("schedule", service_id, index),
                    description=item.get("description"),
                    freq="WEEKLY" if item.get("byday") else None, byday=item.get("byday"),
                    opens_at=item.get("opens_at"), closes_at=item.get("closes_at"))
