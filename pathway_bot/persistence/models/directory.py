"""The Local Offer directory, in tables shaped on Open Referral UK 3.0.

Every row carries its ORUK uuid in `id`; `pk` is an integer key for joins and for the
full-text index (SQLite FTS5 needs a stable integer rowid). The full-text index itself
(FTS5 on SQLite, a generated tsvector on PostgreSQL) is made by the migration, per dialect,
from `DirectoryService.search_text`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathway_bot.persistence.base import Base, UTCDateTime

UUID_LENGTH = 36
CHILD_CASCADE = "all, delete-orphan"


class DirectoryOrganisation(Base):
    __tablename__ = "directory_organisation"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(UUID_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)


class DirectoryService(Base):
    __tablename__ = "directory_service"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(UUID_LENGTH), unique=True)
    organisation_pk: Mapped[int] = mapped_column(ForeignKey("directory_organisation.pk"))
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    fees: Mapped[str | None] = mapped_column(Text)
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    last_verified: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime())
    # Name, description and term words (with search synonyms): what full-text search reads.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Filter values as index tokens (directory.text.facet): status, districts, needs, tiers.
    facets: Mapped[str] = mapped_column(Text, default="")
    # The whole service as JSON (directory.snapshot): a page of results in one read.
    snapshot: Mapped[str] = mapped_column(Text, default="{}")

    organisation: Mapped[DirectoryOrganisation] = relationship(lazy="joined")
    areas: Mapped[list[DirectoryServiceArea]] = relationship(
        cascade=CHILD_CASCADE, order_by="DirectoryServiceArea.pk")
    attributes: Mapped[list[DirectoryAttribute]] = relationship(
        cascade=CHILD_CASCADE, order_by="DirectoryAttribute.pk")
    phones: Mapped[list[DirectoryPhone]] = relationship(
        cascade=CHILD_CASCADE, order_by="DirectoryPhone.pk")
    contacts: Mapped[list[DirectoryContact]] = relationship(
        cascade=CHILD_CASCADE, order_by="DirectoryContact.pk")
    locations: Mapped[list[DirectoryLocation]] = relationship(
        cascade=CHILD_CASCADE, order_by="DirectoryLocation.pk")
    schedules: Mapped[list[DirectorySchedule]] = relationship(
        cascade=CHILD_CASCADE, order_by="DirectorySchedule.pk")
    languages: Mapped[list[DirectoryLanguage]] = relationship(
        cascade=CHILD_CASCADE, order_by="DirectoryLanguage.pk")
    cost_options: Mapped[list[DirectoryCostOption]] = relationship(
        cascade=CHILD_CASCADE, order_by="DirectoryCostOption.pk")

    __table_args__ = (
        Index("ix_directory_service_status_name", "status", "name"),
        Index("ix_directory_service_ages", "min_age", "max_age"),
    )


def _service_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("directory_service.pk", ondelete="CASCADE"), index=True)


class DirectoryServiceArea(Base):
    __tablename__ = "directory_service_area"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_pk: Mapped[int] = _service_fk()
    id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    name: Mapped[str] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (Index("ix_directory_service_area_district", "district", "service_pk"),)


class DirectoryTaxonomyTerm(Base):
    __tablename__ = "directory_taxonomy_term"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(UUID_LENGTH), unique=True)
    taxonomy: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str | None] = mapped_column(String(UUID_LENGTH))
    term_uri: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("taxonomy", "code", name="uq_directory_taxonomy_term_code"),)


class DirectoryAttribute(Base):
    """Links a service to a taxonomy term (ORUK `attributes`)."""

    __tablename__ = "directory_attribute"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_pk: Mapped[int] = _service_fk()
    term_pk: Mapped[int] = mapped_column(ForeignKey("directory_taxonomy_term.pk"))
    id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    link_type: Mapped[str | None] = mapped_column(Text)

    term: Mapped[DirectoryTaxonomyTerm] = relationship(lazy="joined")

    __table_args__ = (Index("ix_directory_attribute_term", "term_pk", "service_pk"),)


class DirectoryContact(Base):
    __tablename__ = "directory_contact"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_pk: Mapped[int] = _service_fk()
    id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)

    phones: Mapped[list[DirectoryPhone]] = relationship(
        cascade=CHILD_CASCADE, lazy="selectin", order_by="DirectoryPhone.pk")


class DirectoryPhone(Base):
    """A phone of the service itself (service_pk) or of one of its contacts (contact_pk)."""

    __tablename__ = "directory_phone"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_pk: Mapped[int | None] = mapped_column(
        ForeignKey("directory_service.pk", ondelete="CASCADE"), index=True)
    contact_pk: Mapped[int | None] = mapped_column(
        ForeignKey("directory_contact.pk", ondelete="CASCADE"), index=True)
    id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    number: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class DirectoryLocation(Base):
    __tablename__ = "directory_location"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_pk: Mapped[int] = _service_fk()
    id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    service_at_location_id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address_id: Mapped[str | None] = mapped_column(String(UUID_LENGTH))
    address_1: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state_province: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(8))


class DirectorySchedule(Base):
    __tablename__ = "directory_schedule"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_pk: Mapped[int] = _service_fk()
    id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
    freq: Mapped[str | None] = mapped_column(String(16))
    byday: Mapped[str | None] = mapped_column(String(40))
    opens_at: Mapped[str | None] = mapped_column(String(16))
    closes_at: Mapped[str | None] = mapped_column(String(16))
    valid_from: Mapped[str | None] = mapped_column(String(32))
    valid_to: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)


class DirectoryLanguage(Base):
    __tablename__ = "directory_language"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_pk: Mapped[int] = _service_fk()
    id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    name: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(16))


class DirectoryCostOption(Base):
    __tablename__ = "directory_cost_option"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_pk: Mapped[int] = _service_fk()
    id: Mapped[str] = mapped_column(String(UUID_LENGTH))
    option: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[float | None] = mapped_column(Float)
    amount_description: Mapped[str | None] = mapped_column(Text)


class DirectorySearchTerm(Base):
    """Every word the full-text index holds: the vocabulary typo-tolerant search corrects to."""

    __tablename__ = "directory_search_term"

    term: Mapped[str] = mapped_column(String(64), primary_key=True)


class DirectoryRevision(Base):
    """One row whose number moves with every change to the services, in the same
    transaction (see `directory.repository`): a process holding the Local Offer in memory
    asks it whether what it holds is still current."""

    __tablename__ = "directory_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
