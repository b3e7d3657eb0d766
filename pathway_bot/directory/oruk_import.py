"""Read an Open Referral UK feed (3.0 or 1.0) into Service records, or say everything wrong.

Accepted shapes: a page (`contents` in 3.0, `content` in 1.0), a list of services, or one
service. Nothing is stored here; see `directory.importing` for the all-or-nothing save.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pathway_bot.directory.oruk_reader import Reader, is_uuid
from pathway_bot.directory.records import (
    STATUSES,
    Contact,
    CostOption,
    Language,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    Term,
)
from pathway_bot.directory.taxonomy import CODES, derived_id

ORUK_3 = "3.0"
ORUK_1 = "1.0"
# Fields only ORUK 1.0 has: any of them on a service marks the feed as 1.0.
_ONLY_IN_1_0 = ("eligibilitys", "eligibilities", "service_taxonomys", "service_taxonomies",
                "regular_schedules", "holiday_schedules", "fundings")
SOURCE_FIELD = "assurance_source"  # ours: where the service's details were last checked
QUOTE_FIELD = "assurance_source_quote"  # ours: the words there that give the way in
SEARCH_WORDS_FIELD = "pathway_bot_search_words"  # ours: words to find it by, never shown


@dataclass(frozen=True)
class AreaNames:
    """How service areas in a feed are recognised as our districts (by id or by name)."""

    districts: dict[str, str]  # district id -> its name
    area_name: str
    # The area's id: the ids derived for its own records carry it, so two areas' records of
    # one name (each pack's "childline") never overwrite each other.
    area_id: str = ""

    def match(self, text: str) -> tuple[str, ...]:
        wanted = _key(text)
        if wanted == _key(self.area_name):
            return tuple(self.districts)
        return tuple(d for d, name in self.districts.items() if wanted in (_key(d), _key(name)))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", (text or "").lower()).strip("_")


@dataclass
class FeedReading:
    version: str
    services: list[Service] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_feed(data: object, area: AreaNames, version: str | None = None) -> FeedReading:
    items, path, problems = _service_items(data)
    version = version or _detect_version(data, items)
    reading = FeedReading(version=version, problems=problems)
    read_one = _read_service_3 if version == ORUK_3 else _read_service_1
    for index, item in enumerate(items):
        service = read_one(Reader(item, f"{path}[{index}]", reading.problems,
                                  any_ids=version == ORUK_1), area)
        if service is not None:
            reading.services.append(service)
    _check_unique_ids(reading)
    return reading


def _service_items(data: object) -> tuple[list, str, list[str]]:
    if isinstance(data, list):
        return data, "services", []
    if isinstance(data, dict):
        for key in ("contents", "content"):
            if key in data:
                items = data[key]
                if isinstance(items, list):
                    return items, key, []
                return [], key, [f"{key}: must be a list of services"]
        if "id" in data or "name" in data:
            return [data], "service", []
    return [], "file", ["file: expected an Open Referral page ('contents' or 'content'), "
                        "a list of services, or one service"]


def _detect_version(data: object, items: list) -> str:
    if isinstance(data, dict) and "content" in data:
        return ORUK_1
    for item in items:
        if isinstance(item, dict) and any(key in item for key in _ONLY_IN_1_0):
            return ORUK_1
    return ORUK_3


def _present(items: Iterable) -> tuple:
    return tuple(item for item in items if item is not None)


def _check_unique_ids(reading: FeedReading) -> None:
    seen: set[str] = set()
    for service in reading.services:
        if service.id in seen:
            reading.problems.append(f"service {service.id}: appears more than once in the file")
        seen.add(service.id)


# ---- ORUK 3.0 -------------------------------------------------------------------------------

def _read_service_3(r: Reader, area: AreaNames) -> Service | None:
    service_id = r.uuid("id", required=True)
    name = r.text("name", required=True)
    status = r.choice("status", STATUSES, required=True)
    organisation = _organisation_3(r)
    min_age, max_age = r.age("minimum_age"), r.age("maximum_age")
    _check_age_range(r, min_age, max_age)
    fields = dict(
        description=r.text("description") or "", url=r.url("url"), email=r.email("email"),
        fees=r.text("fees"), min_age=min_age, max_age=max_age,
        areas=_areas(r, area), terms=_terms_3(r),
        phones=_present(_phone(p) for p in r.objects("phones")),
        contacts=tuple(_contact(c, "phones") for c in r.objects("contacts")),
        locations=_present(_location_3(s) for s in r.objects("service_at_locations")),
        schedules=tuple(_schedule(s) for s in r.objects("schedules")),
        languages=tuple(_language(lang, "name") for lang in r.objects("languages")),
        cost_options=tuple(_cost(c) for c in r.objects("cost_options")),
        last_verified=r.day("assured_date"), source=r.text(SOURCE_FIELD),
        source_quote=r.text(QUOTE_FIELD),
        eligibility=r.text("eligibility_description"),
        search_words=r.text(SEARCH_WORDS_FIELD),
        last_modified=r.moment("last_modified"),
    )
    if None in (service_id, name, status, organisation):
        return None
    return Service(id=service_id, name=name, status=status, organisation=organisation, **fields)


def _check_age_range(r: Reader, min_age: int | None, max_age: int | None) -> None:
    if min_age is not None and max_age is not None and min_age > max_age:
        r.problem(f"minimum age {min_age} is above maximum age {max_age}", "minimum_age")


def _organisation_3(r: Reader) -> Organisation | None:
    org = r.child("organization")
    if org is None:
        r.problem("is required: the organisation that runs the service (id and name)",
                  "organization")
        return None
    org_id, name = org.uuid("id", required=True), org.text("name", required=True)
    if org_id is None or name is None:
        return None
    return Organisation(id=org_id, name=name, description=org.text("description") or "",
                        url=org.url("website") or org.url("url"), email=org.email("email"))


def _areas(r: Reader, area: AreaNames) -> tuple[ServiceArea, ...]:
    areas: list[ServiceArea] = []
    for item in r.objects("service_areas"):
        name = item.text("name") or item.text("service_area") or item.text("extent")
        if name is None:
            item.problem("needs a name or service_area")
            continue
        area_id = item.ident("area")
        districts = area.match(name)
        if len(districts) > 1:  # the whole area: one row per district, so filters work
            areas += [ServiceArea(derived_id("area", area_id, d), area.districts[d], d)
                      for d in districts]
        else:
            areas.append(ServiceArea(area_id, name, districts[0] if districts else None))
    return tuple(areas)


def _terms_3(r: Reader) -> tuple[Term, ...]:
    terms = []
    for item in r.objects("attributes"):
        term = item.child("taxonomy_term")
        if term is None:
            continue  # a bare taxonomy_term_id: nothing we can hold or show
        code = term.text("term") or term.text("name", required=True)
        taxonomy = term.text("taxonomy") or "unknown"
        _check_our_code(term, taxonomy, code)
        term_id = term.uuid("id", required=True)
        if code is None or term_id is None:
            continue
        terms.append(Term(id=term_id, taxonomy=taxonomy, code=code,
                          name=term.text("name") or code,
                          description=term.text("description") or "",
                          parent_id=term.uuid("parent_id"), term_uri=term.url("term_uri"),
                          link_type=item.text("link_type"),
                          attribute_id=item.ident("attribute")))
    return tuple(terms)


def _check_our_code(r: Reader, taxonomy: str, code: str | None) -> None:
    known = CODES.get(taxonomy)
    if known is not None and code is not None and code not in known:
        r.problem(f"{code!r} is not in {taxonomy} (expected one of {', '.join(known)})", "term")


def _phone(r: Reader) -> Phone | None:
    number = r.text("number", required=True)
    if number is None:
        return None
    return Phone(id=r.ident("phone"), number=number,
                 description=r.text("description"))


def _contact(r: Reader, phones_key: str) -> Contact:
    phones = _present(_phone(x) for x in r.objects(phones_key))
    return Contact(id=r.ident("contact"), name=r.text("name"),
                   title=r.text("title"), email=r.email("email"), phones=phones)


def _location_3(r: Reader) -> Location | None:
    place = r.child("location")
    if place is None:
        r.problem("needs its location", "location")
        return None
    return _location(place, r.ident("sal"), "addresses")


def _location(place: Reader, link_id: str, addresses_key: str) -> Location:
    address = next(iter(place.objects(addresses_key)), None)
    held = {}
    if address is not None:
        held = dict(address_id=address.ident("address"),
                    address_1=address.text("address_1"),
                    city=address.text("city"), state_province=address.text("state_province"),
                    postal_code=address.text("postal_code"), country=address.text("country"))
    return Location(id=place.ident("location"),
                    service_at_location_id=link_id, name=place.text("name"),
                    description=place.text("description"), latitude=place.number("latitude"),
                    longitude=place.number("longitude"), **held)


def _schedule(r: Reader) -> Schedule:
    return Schedule(id=r.ident("schedule"),
                    description=r.text("description"), freq=r.text("freq"),
                    byday=r.text("byday"), opens_at=r.text("opens_at"),
                    closes_at=r.text("closes_at"), valid_from=r.text("valid_from"),
                    valid_to=r.text("valid_to"), notes=r.text("notes"))


def _language(r: Reader, name_key: str) -> Language:
    return Language(id=r.ident("language"), name=r.text(name_key),
                    code=r.text("code"))


def _cost(r: Reader) -> CostOption:
    return CostOption(id=r.ident("cost"), option=r.text("option"),
                      amount=r.number("amount"),
                      amount_description=r.text("amount_description"))


# ---- ORUK 1.0 (ids may be any text: we derive stable uuids from them) ----------------------

def _read_service_1(r: Reader, area: AreaNames) -> Service | None:
    service_id = r.ident("service", required=True)
    name = r.text("name", required=True)
    status = r.choice("status", STATUSES) or "active"
    organisation = _organisation_1(r)
    min_age, max_age = _eligibility_1(r)
    fields = dict(
        description=r.text("description") or "", url=r.url("url"), email=r.email("email"),
        fees=r.text("fees"), min_age=min_age, max_age=max_age,
        areas=_areas(r, area), terms=_terms_1(r),
        contacts=tuple(_contact(c, "phones") for c in r.objects("contacts")),
        locations=_present(_location_1(s) for s in r.objects("service_at_locations")),
        schedules=tuple(_schedule(s) for s in r.objects("regular_schedules")),
        languages=tuple(_language(lang, "language") for lang in r.objects("languages")),
        cost_options=tuple(_cost(c) for c in r.objects("cost_options")),
        last_verified=r.day("assured_date"), source=r.text(SOURCE_FIELD),
        source_quote=r.text(QUOTE_FIELD), eligibility=_eligibility_text_1(r),
    )
    if None in (service_id, name, organisation):
        return None
    return Service(id=service_id, name=name, status=status, organisation=organisation, **fields)


def _organisation_1(r: Reader) -> Organisation | None:
    org = r.child("organization")
    if org is None:
        r.problem("is required: the organisation that runs the service", "organization")
        return None
    org_id, name = org.ident("organisation", required=True), org.text("name", required=True)
    if org_id is None or name is None:
        return None
    return Organisation(id=org_id, name=name, description=org.text("description") or "",
                        url=org.url("url"), email=org.email("email"))


def _eligibility_1(r: Reader) -> tuple[int | None, int | None]:
    """1.0 keeps ages in eligibility rows; the service's range spans them all."""
    key = "eligibilitys" if r.has("eligibilitys") else "eligibilities"
    lows, highs = [], []
    for item in r.objects(key):
        low, high = item.age("minimum_age"), item.age("maximum_age")
        _check_age_range(item, low, high)
        lows += [low] if low is not None else []
        highs += [high] if high is not None else []
    return (min(lows) if lows else None), (max(highs) if highs else None)


def _eligibility_text_1(r: Reader) -> str | None:
    key = "eligibilitys" if r.has("eligibilitys") else "eligibilities"
    texts = [text for item in r.objects(key) if (text := item.text("eligibility"))]
    return "; ".join(texts) or None


def _terms_1(r: Reader) -> tuple[Term, ...]:
    key = "service_taxonomys" if r.has("service_taxonomys") else "service_taxonomies"
    terms = []
    for item in r.objects(key):
        taxonomy = item.child("taxonomy")
        if taxonomy is None:
            continue
        name = taxonomy.text("name", required=True)
        vocabulary = taxonomy.text("vocabulary") or "unknown"
        _check_our_code(taxonomy, vocabulary, name)
        term_id = taxonomy.ident("term", required=False) if taxonomy.has("id") else None
        if name is None:
            continue
        terms.append(Term(id=term_id or derived_id("oruk1-term", vocabulary, name),
                          taxonomy=vocabulary, code=name, name=name,
                          parent_id=_parent_1(taxonomy),
                          attribute_id=item.ident("attribute")))
    return tuple(terms)


def _parent_1(taxonomy: Reader) -> str | None:
    parent = taxonomy.text("parent_id") or taxonomy.text("parent")
    if parent is None:
        return None
    return parent.lower() if is_uuid(parent) else derived_id("oruk1-term", parent)


def _location_1(r: Reader) -> Location | None:
    place = r.child("location")
    if place is None:
        r.problem("needs its location", "location")
        return None
    return _location(place, r.ident("sal"), "physical_addresses")

