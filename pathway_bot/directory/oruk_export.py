"""Write services as Open Referral UK 3.0 JSON (the UK profile of HSDS 3.0).

The UK profile has no phones and drops a language's name and code; HSDS 3.0 core has them,
and no ORUK schema forbids extra fields, so we write them in the core shape beside the rest.
Unknown values are left out, never written as empty guesses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pathway_bot.directory.oruk_import import (
    QUOTE_FIELD,
    SEARCH_WORDS_FIELD,
    SOURCE_FIELD,
)
from pathway_bot.directory.records import Contact, Location, Phone, Service, Term
from pathway_bot.directory.taxonomy import attribute_id

ORUK_VERSION = "HSDS-UK-3.0"


def _compact(data: dict) -> dict:
    """Drop unknown (None) values and empty lists: absent means not known."""
    return {k: v for k, v in data.items() if v is not None and v != []}


def service_to_oruk(service: Service) -> dict:
    sid = service.id
    return _compact({
        "id": sid,
        "organization_id": service.organisation.id,
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "fees": service.fees,
        "minimum_age": service.min_age,
        "maximum_age": service.max_age,
        "assured_date": service.last_verified.isoformat() if service.last_verified else None,
        SOURCE_FIELD: service.source,
        QUOTE_FIELD: service.source_quote,
        "eligibility_description": service.eligibility,
        SEARCH_WORDS_FIELD: service.search_words,
        "last_modified": _moment(service),
        "organization": _organisation(service),
        "service_areas": [_compact({"id": a.id, "service_id": sid, "name": a.name,
                                    "service_area": a.name}) for a in service.areas],
        "attributes": [_attribute(sid, term) for term in service.terms],
        "phones": [_phone(p, service_id=sid) for p in service.phones],
        "contacts": [_contact(sid, c) for c in service.contacts],
        "service_at_locations": [_service_at_location(sid, loc) for loc in service.locations],
        "schedules": [_compact({"service_id": sid, **vars(s)}) for s in service.schedules],
        "languages": [_compact({"service_id": sid, **vars(lang)}) for lang in service.languages],
        "cost_options": [_compact({"service_id": sid, **vars(c)}) for c in service.cost_options],
    })


def _moment(service: Service) -> str | None:
    if service.last_modified is None:
        return None
    return service.last_modified.isoformat(timespec="seconds").replace("+00:00", "Z")


def _organisation(service: Service) -> dict:
    org = service.organisation
    return _compact({"id": org.id, "name": org.name, "description": org.description,
                     "website": org.url, "email": org.email})


def _attribute(service_id: str, term: Term) -> dict:
    return _compact({
        "id": term.attribute_id or attribute_id(service_id, term.id),
        "link_id": service_id,
        "link_type": term.link_type,
        "taxonomy_term_id": term.id,
        "taxonomy_term": _compact({"id": term.id, "name": term.name,
                                   "description": term.description, "taxonomy": term.taxonomy,
                                   "term": term.code, "parent_id": term.parent_id,
                                   "term_uri": term.term_uri}),
    })


def _phone(phone: Phone, **link: str) -> dict:
    return _compact({"id": phone.id, **link, "number": phone.number,
                     "description": phone.description})


def _contact(service_id: str, contact: Contact) -> dict:
    return _compact({"id": contact.id, "service_id": service_id, "name": contact.name,
                     "title": contact.title, "email": contact.email,
                     "phones": [_phone(p, contact_id=contact.id) for p in contact.phones]})


def _service_at_location(service_id: str, loc: Location) -> dict:
    return _compact({"id": loc.service_at_location_id, "service_id": service_id,
                     "location_id": loc.id, "location": _location(loc)})


def _location(loc: Location) -> dict:
    return _compact({"id": loc.id, "location_type": "physical", "name": loc.name,
                     "description": loc.description, "latitude": loc.latitude,
                     "longitude": loc.longitude, "addresses": _addresses(loc)})


def _addresses(loc: Location) -> list[dict]:
    if loc.address_id is None:
        return []
    # The profile requires these address fields; a part we do not know is written empty.
    required = {"address_1": loc.address_1, "city": loc.city,
                "state_province": loc.state_province, "postal_code": loc.postal_code,
                "country": loc.country}
    return [{"id": loc.address_id, "location_id": loc.id, "address_type": "physical",
             **{k: v or "" for k, v in required.items()}}]


def services_page(services: Sequence[Service], *, total_items: int, page_number: int,
                  size: int, extra: dict | None = None) -> dict:
    """An ORUK 3.0 page. Page numbers start at 1."""
    total_pages = max(1, math.ceil(total_items / size)) if size else 1
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": size,
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not services,
        "contents": [service_to_oruk(s) for s in services],
        **(extra or {}),
    }


def export_feed(services: Sequence[Service], extra: dict | None = None) -> dict:
    """Every service as one ORUK 3.0 page: the file `services export` writes."""
    return services_page(services, total_items=len(services), page_number=1,
                         size=max(1, len(services)), extra=extra)
