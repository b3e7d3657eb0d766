"""Shared helpers for the directory tests: the ORUK schemas and test services."""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from pathway_bot import PROJECT_ROOT
from pathway_bot.directory.records import Organisation, Phone, Service, ServiceArea, Term
from pathway_bot.directory.taxonomy import (
    ACCESS_TAXONOMY,
    NEED_TAXONOMY,
    TIER_TAXONOMY,
    term_id,
)

ORUK_DIR = PROJECT_ROOT.parent / "shared" / "oruk"
COMPILED = ORUK_DIR / "schemas" / "oruk-3.0-uk-profile" / "compiled"
EXAMPLES = ORUK_DIR / "examples-3.0"

needs_oruk = pytest.mark.skipif(not COMPILED.is_dir(),
                                reason=f"the ORUK schemas folder {ORUK_DIR} is absent")


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((COMPILED / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def schema_errors(name: str, document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(name).iter_errors(document)]


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def our_term(taxonomy: str, code: str) -> Term:
    return Term(id=term_id(taxonomy, code), taxonomy=taxonomy, code=code, name=code,
                description=f"{code} ({taxonomy})")


def create_service(**overrides) -> Service:
    """A complete service; override any field."""
    service_id = overrides.pop("id", str(uuid.uuid4()))
    needs = overrides.pop("needs", ("cognition_learning",))
    tiers = overrides.pop("tiers", ("early_help",))
    access = overrides.pop("access", ("self_referral",))
    districts = overrides.pop("districts", ("stroud",))
    fields = dict(
        id=service_id,
        name="Reading help club",
        description="Weekly reading support for children who find reading hard.",
        organisation=Organisation(id=str(uuid.uuid4()), name="Test Trust",
                                  description="A test charity", url="https://example.org"),
        url="https://example.org/reading", email="hello@example.org", fees="Free",
        min_age=5, max_age=11,
        areas=tuple(ServiceArea(str(uuid.uuid4()), d.title(), d) for d in districts),
        terms=tuple(our_term(NEED_TAXONOMY, n) for n in needs)
        + tuple(our_term(TIER_TAXONOMY, t) for t in tiers)
        + tuple(our_term(ACCESS_TAXONOMY, a) for a in access),
        phones=(Phone(str(uuid.uuid4()), "01234 567890", "Test number"),),
    )
    fields.update(overrides)
    return Service(**fields)


def default_feed_path() -> Path:
    return PROJECT_ROOT / "flows" / "area" / "services.json"
