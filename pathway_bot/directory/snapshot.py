"""A service record as compact JSON, stored beside its rows so that a page of results is
read in one query. Written on every save; the rows stay the truth for filters and search."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from functools import lru_cache

from pathway_bot.directory.records import (
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

_CHILDREN = {"areas": ServiceArea, "terms": Term, "phones": Phone, "locations": Location,
             "schedules": Schedule, "languages": Language, "cost_options": CostOption}


def dump(service: Service) -> str:
    data = asdict(service)
    data["terms"] = [{**asdict(t), "attribute_id": t.attribute_id} for t in service.terms]
    data["last_verified"] = service.last_verified.isoformat() if service.last_verified else None
    data["last_modified"] = service.last_modified.isoformat() if service.last_modified else None
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


@lru_cache(maxsize=4096)
def load(document: str) -> Service:
    """Records are frozen, so one parsed copy per distinct document can be shared: the same
    services come back for outcome after outcome."""
    data = json.loads(document)
    for key, kind in _CHILDREN.items():
        data[key] = tuple(kind(**item) for item in data[key])
    data["contacts"] = tuple(
        Contact(**{**c, "phones": tuple(Phone(**p) for p in c["phones"])})
        for c in data["contacts"])
    data["organisation"] = Organisation(**data["organisation"])
    if data["last_verified"]:
        data["last_verified"] = date.fromisoformat(data["last_verified"])
    if data["last_modified"]:
        data["last_modified"] = datetime.fromisoformat(data["last_modified"])
    return Service(**data)
