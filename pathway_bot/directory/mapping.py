"""Between Service records and their table rows. Plain field copying, nothing clever."""

from __future__ import annotations

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
from pathway_bot.persistence.models.directory import (
    DirectoryAttribute,
    DirectoryContact,
    DirectoryCostOption,
    DirectoryLanguage,
    DirectoryLocation,
    DirectoryOrganisation,
    DirectoryPhone,
    DirectorySchedule,
    DirectoryService,
    DirectoryServiceArea,
    DirectoryTaxonomyTerm,
)

SERVICE_FIELDS = ("name", "description", "url", "email", "status", "fees", "min_age",
                  "max_age", "last_verified", "source")
LOCATION_FIELDS = ("id", "service_at_location_id", "name", "description", "latitude",
                   "longitude", "address_id", "address_1", "city", "state_province",
                   "postal_code", "country")
SCHEDULE_FIELDS = ("id", "description", "freq", "byday", "opens_at", "closes_at",
                   "valid_from", "valid_to", "notes")


def _copy(source: object, fields: tuple[str, ...]) -> dict:
    return {name: getattr(source, name) for name in fields}


def fill_service_row(row: DirectoryService, service: Service) -> None:
    """Scalars and owned children; the organisation and terms are shared, see repository."""
    for name, value in _copy(service, SERVICE_FIELDS).items():
        setattr(row, name, value)
    row.areas = [DirectoryServiceArea(id=a.id, name=a.name, district=a.district)
                 for a in service.areas]
    row.phones = [_phone_row(p) for p in service.phones]
    row.contacts = [DirectoryContact(id=c.id, name=c.name, title=c.title, email=c.email,
                                     phones=[_phone_row(p) for p in c.phones])
                    for c in service.contacts]
    row.locations = [DirectoryLocation(**_copy(loc, LOCATION_FIELDS)) for loc in service.locations]
    row.schedules = [DirectorySchedule(**_copy(s, SCHEDULE_FIELDS)) for s in service.schedules]
    row.languages = [DirectoryLanguage(id=lang.id, name=lang.name, code=lang.code)
                     for lang in service.languages]
    row.cost_options = [DirectoryCostOption(id=c.id, option=c.option, amount=c.amount,
                                            amount_description=c.amount_description)
                        for c in service.cost_options]


def _phone_row(phone: Phone) -> DirectoryPhone:
    return DirectoryPhone(id=phone.id, number=phone.number, description=phone.description)


def fill_organisation_row(row: DirectoryOrganisation, organisation: Organisation) -> None:
    row.name = organisation.name
    row.description = organisation.description
    row.url = organisation.url
    row.email = organisation.email


def fill_term_row(row: DirectoryTaxonomyTerm, term: Term) -> None:
    row.name = term.name
    row.description = term.description
    row.parent_id = term.parent_id
    row.term_uri = term.term_uri


def to_record(row: DirectoryService) -> Service:
    return Service(
        id=row.id,
        organisation=_organisation(row.organisation),
        **_copy(row, SERVICE_FIELDS),
        areas=tuple(ServiceArea(id=a.id, name=a.name, district=a.district) for a in row.areas),
        terms=tuple(_term(attribute) for attribute in row.attributes),
        phones=tuple(_phone(p) for p in row.phones),
        contacts=tuple(Contact(id=c.id, name=c.name, title=c.title, email=c.email,
                               phones=tuple(_phone(p) for p in c.phones))
                       for c in row.contacts),
        locations=tuple(Location(**_copy(loc, LOCATION_FIELDS)) for loc in row.locations),
        schedules=tuple(Schedule(**_copy(s, SCHEDULE_FIELDS)) for s in row.schedules),
        languages=tuple(Language(id=lang.id, name=lang.name, code=lang.code)
                        for lang in row.languages),
        cost_options=tuple(CostOption(id=c.id, option=c.option, amount=c.amount,
                                      amount_description=c.amount_description)
                           for c in row.cost_options),
        last_modified=row.last_modified,
    )


def _organisation(row: DirectoryOrganisation) -> Organisation:
    return Organisation(id=row.id, name=row.name, description=row.description, url=row.url,
                        email=row.email)


def _phone(row: DirectoryPhone) -> Phone:
    return Phone(id=row.id, number=row.number, description=row.description)


def _term(attribute: DirectoryAttribute) -> Term:
    term = attribute.term
    return Term(id=term.id, taxonomy=term.taxonomy, code=term.code, name=term.name,
                description=term.description, parent_id=term.parent_id,
                term_uri=term.term_uri, link_type=attribute.link_type,
                attribute_id=attribute.id)
