"""A Local Offer service as plain, frozen data: what import reads, export writes, search
returns and signposting explains. Shaped on Open Referral UK 3.0 (HSDS 3.0, UK profile).

Only fields we hold are here; `None` or an empty tuple means "not known" and is never filled
in with a guess (no invented phone numbers, addresses or opening times).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from pathway_bot.directory.taxonomy import (
    ACCESS_ROUTES,
    ACCESS_TAXONOMY,
    ASK_TAXONOMY,
    AUDIENCE_TAXONOMY,
    CRISIS_LINE,
    DISAGREEMENT_ROUTE,
    KIND_TAXONOMY,
    NATIONAL,
    NEED_TAXONOMY,
    REACH_TAXONOMY,
    SAMPLE_DATA,
    SELF_REFERRAL,
    TIER_TAXONOMY,
)

ACTIVE = "active"
STATUSES: tuple[str, ...] = (ACTIVE, "inactive", "defunct", "temporarily closed")


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    description: str = ""
    url: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Phone:
    id: str
    number: str
    description: str | None = None


@dataclass(frozen=True)
class Contact:
    id: str
    name: str | None = None
    title: str | None = None
    email: str | None = None
    phones: tuple[Phone, ...] = ()


@dataclass(frozen=True)
class Location:
    """A place the service is delivered, with its first address (ORUK allows several)."""

    id: str
    service_at_location_id: str
    name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    address_id: str | None = None
    address_1: str | None = None
    city: str | None = None
    state_province: str | None = None
    postal_code: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Schedule:
    id: str
    description: str | None = None
    freq: str | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Language:
    id: str
    name: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class CostOption:
    id: str
    option: str | None = None
    amount: float | None = None
    amount_description: str | None = None


@dataclass(frozen=True)
class ServiceArea:
    """Where the service works. `district` is one of the area's districts when recognised."""

    id: str
    name: str
    district: str | None = None


@dataclass(frozen=True)
class Term:
    """A taxonomy term linked to the service (an ORUK `attribute`)."""

    id: str
    taxonomy: str
    code: str
    name: str
    description: str = ""
    parent_id: str | None = None
    term_uri: str | None = None
    link_type: str | None = None
    # The link's own id (ORUK attribute.id): bookkeeping, so not part of equality.
    attribute_id: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    organisation: Organisation
    status: str = ACTIVE
    description: str = ""
    url: str | None = None
    email: str | None = None
    fees: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    areas: tuple[ServiceArea, ...] = ()
    terms: tuple[Term, ...] = ()
    phones: tuple[Phone, ...] = ()
    contacts: tuple[Contact, ...] = ()
    locations: tuple[Location, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    languages: tuple[Language, ...] = ()
    cost_options: tuple[CostOption, ...] = ()
    last_verified: date | None = None
    source: str | None = None
    # The words on the source page that give the way in (every number and address shown).
    source_quote: str | None = None
    eligibility: str | None = None
    # Everyday words and misspellings a search should find the service by; never shown.
    search_words: str | None = None
    last_modified: datetime | None = field(default=None, compare=False)

    def codes(self, taxonomy: str) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms if term.taxonomy == taxonomy)

    # Worked out once per record: records are frozen, and one parsed copy of a service is
    # shared by every outcome that shows it (see directory.snapshot), so ranking reads these
    # many times over.
    @cached_property
    def districts(self) -> tuple[str, ...]:
        return tuple(area.district for area in self.areas if area.district)

    @cached_property
    def needs(self) -> tuple[str, ...]:
        return self.codes(NEED_TAXONOMY)

    @cached_property
    def tiers(self) -> tuple[str, ...]:
        return self.codes(TIER_TAXONOMY)

    @cached_property
    def access(self) -> tuple[str, ...]:
        """How to access it, in a fixed order (self-referral first)."""
        held = set(self.codes(ACCESS_TAXONOMY))
        return tuple(route for route in ACCESS_ROUTES if route in held)

    @cached_property
    def self_referral(self) -> bool:
        return SELF_REFERRAL in self.access

    @cached_property
    def audiences(self) -> frozenset[str]:
        """Who it is for (families, young_people, practitioners); empty when not said."""
        return frozenset(self.codes(AUDIENCE_TAXONOMY))

    @cached_property
    def ask(self) -> str | None:
        """Who to ask, for support reached through someone else (senco, gp, ...)."""
        return next(iter(self.codes(ASK_TAXONOMY)), None)

    @cached_property
    def national(self) -> bool:
        return NATIONAL in self.codes(REACH_TAXONOMY)

    @cached_property
    def crisis_line(self) -> bool:
        return CRISIS_LINE in self.codes(KIND_TAXONOMY)

    @cached_property
    def disagreement_route(self) -> bool:
        return DISAGREEMENT_ROUTE in self.codes(KIND_TAXONOMY)

    @cached_property
    def sample(self) -> bool:
        return SAMPLE_DATA in self.codes(KIND_TAXONOMY)

    @cached_property
    def all_phones(self) -> tuple[Phone, ...]:
        return self.phones + tuple(p for c in self.contacts for p in c.phones)

    @cached_property
    def has_way_in(self) -> bool:
        """A phone, an email or a web address, or someone named to ask."""
        emails = [self.email] + [c.email for c in self.contacts]
        return bool(self.all_phones or any(emails) or self.url or self.ask)

    def covers_age(self, age: int) -> bool:
        return (self.min_age is None or self.min_age <= age) and (
            self.max_age is None or age <= self.max_age)
