"""The Local Offer directory (Open Referral UK 3.0 shaped) and its full-text index.

Revision ID: 0002
Revises: 0001

The full-text index differs by dialect: SQLite gets an FTS5 table kept in step by triggers,
plus a trigram FTS5 table over the vocabulary for typo correction; PostgreSQL gets a
generated tsvector with a GIN index, and pg_trgm over the vocabulary.
"""

import sqlalchemy as sa
from alembic import op

from pathway_bot.persistence.base import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UUID = sa.String(36)


def _pk() -> sa.Column:
    return sa.Column("pk", sa.Integer, primary_key=True)


def _service_fk(nullable: bool = False) -> sa.Column:
    return sa.Column("service_pk", sa.Integer,
                     sa.ForeignKey("directory_service.pk", ondelete="CASCADE"),
                     nullable=nullable, index=True)


def _create_core_tables() -> None:
    op.create_table(
        "directory_organisation", _pk(),
        sa.Column("id", UUID, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("url", sa.Text), sa.Column("email", sa.Text),
    )
    op.create_table(
        "directory_service", _pk(),
        sa.Column("id", UUID, nullable=False, unique=True),
        sa.Column("organisation_pk", sa.Integer, sa.ForeignKey("directory_organisation.pk"),
                  nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("url", sa.Text), sa.Column("email", sa.Text),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("fees", sa.Text),
        sa.Column("min_age", sa.Integer), sa.Column("max_age", sa.Integer),
        sa.Column("last_verified", sa.Date), sa.Column("source", sa.Text),
        sa.Column("last_modified", UTCDateTime(), nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("facets", sa.Text, nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
    )
    op.create_index("ix_directory_service_status_name", "directory_service", ["status", "name"])
    op.create_index("ix_directory_service_ages", "directory_service", ["min_age", "max_age"])
    op.create_table(
        "directory_taxonomy_term", _pk(),
        sa.Column("id", UUID, nullable=False, unique=True),
        sa.Column("taxonomy", sa.String(120), nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("parent_id", UUID), sa.Column("term_uri", sa.Text),
        sa.UniqueConstraint("taxonomy", "code", name="uq_directory_taxonomy_term_code"),
    )
    op.create_table("directory_search_term", sa.Column("term", sa.String(64), primary_key=True))


def _create_child_tables() -> None:
    op.create_table(
        "directory_service_area", _pk(), _service_fk(),
        sa.Column("id", UUID, nullable=False), sa.Column("name", sa.Text, nullable=False),
        sa.Column("district", sa.String(40)),
    )
    op.create_index("ix_directory_service_area_district", "directory_service_area",
                    ["district", "service_pk"])
    op.create_table(
        "directory_attribute", _pk(), _service_fk(),
        sa.Column("term_pk", sa.Integer, sa.ForeignKey("directory_taxonomy_term.pk"),
                  nullable=False),
        sa.Column("id", UUID, nullable=False), sa.Column("link_type", sa.Text),
    )
    op.create_index("ix_directory_attribute_term", "directory_attribute",
                    ["term_pk", "service_pk"])
    op.create_table(
        "directory_contact", _pk(), _service_fk(),
        sa.Column("id", UUID, nullable=False), sa.Column("name", sa.Text),
        sa.Column("title", sa.Text), sa.Column("email", sa.Text),
    )
    op.create_table(
        "directory_phone", _pk(), _service_fk(nullable=True),
        sa.Column("contact_pk", sa.Integer,
                  sa.ForeignKey("directory_contact.pk", ondelete="CASCADE"), index=True),
        sa.Column("id", UUID, nullable=False), sa.Column("number", sa.Text, nullable=False),
        sa.Column("description", sa.Text),
    )
    op.create_table(
        "directory_location", _pk(), _service_fk(),
        sa.Column("id", UUID, nullable=False),
        sa.Column("service_at_location_id", UUID, nullable=False),
        sa.Column("name", sa.Text), sa.Column("description", sa.Text),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("address_id", UUID), sa.Column("address_1", sa.Text),
        sa.Column("city", sa.Text), sa.Column("state_province", sa.Text),
        sa.Column("postal_code", sa.String(16)), sa.Column("country", sa.String(8)),
    )
    op.create_table(
        "directory_schedule", _pk(), _service_fk(),
        sa.Column("id", UUID, nullable=False), sa.Column("description", sa.Text),
        sa.Column("freq", sa.String(16)), sa.Column("byday", sa.String(40)),
        sa.Column("opens_at", sa.String(16)), sa.Column("closes_at", sa.String(16)),
        sa.Column("valid_from", sa.String(32)), sa.Column("valid_to", sa.String(32)),
        sa.Column("notes", sa.Text),
    )
    op.create_table(
        "directory_language", _pk(), _service_fk(),
        sa.Column("id", UUID, nullable=False), sa.Column("name", sa.Text),
        sa.Column("code", sa.String(16)),
    )
    op.create_table(
        "directory_cost_option", _pk(), _service_fk(),
        sa.Column("id", UUID, nullable=False), sa.Column("option", sa.Text),
        sa.Column("amount", sa.Float), sa.Column("amount_description", sa.Text),
    )


SQLITE_SEARCH = [
    # External-content FTS5 over the service's words and its filter tokens, keyed by pk.
    """CREATE VIRTUAL TABLE directory_service_fts USING fts5(
           search_text, facets, content='directory_service', content_rowid='pk',
           tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON directory_service BEGIN
           INSERT INTO directory_service_fts(rowid, search_text, facets)
           VALUES (new.pk, new.search_text, new.facets);
       END""",
    """CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON directory_service BEGIN
           INSERT INTO directory_service_fts(directory_service_fts, rowid, search_text, facets)
           VALUES ('delete', old.pk, old.search_text, old.facets);
       END""",
    """CREATE TRIGGER directory_service_fts_update AFTER UPDATE OF search_text, facets
           ON directory_service BEGIN
           INSERT INTO directory_service_fts(directory_service_fts, rowid, search_text, facets)
           VALUES ('delete', old.pk, old.search_text, old.facets);
           INSERT INTO directory_service_fts(rowid, search_text, facets)
           VALUES (new.pk, new.search_text, new.facets);
       END""",
    # Trigrams of every indexed word: candidates for correcting a misspelt search word.
    "CREATE VIRTUAL TABLE directory_search_term_trigram USING fts5(term, tokenize='trigram')",
    """CREATE TRIGGER directory_search_term_trigram_insert AFTER INSERT ON directory_search_term
       BEGIN INSERT INTO directory_search_term_trigram(term) VALUES (new.term); END""",
    """CREATE TRIGGER directory_search_term_trigram_delete AFTER DELETE ON directory_search_term
       BEGIN DELETE FROM directory_search_term_trigram WHERE term = old.term; END""",
]

POSTGRES_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Words weigh A (ranked); filter tokens weigh D and are not stemmed (ranked at zero).
    """ALTER TABLE directory_service ADD COLUMN search_vector tsvector
           GENERATED ALWAYS AS (setweight(to_tsvector('english', search_text), 'A')
                                || setweight(to_tsvector('simple', facets), 'D')) STORED""",
    "CREATE INDEX ix_directory_service_search_vector ON directory_service "
    "USING gin (search_vector)",
    "CREATE INDEX ix_directory_search_term_trigram ON directory_search_term "
    "USING gin (term gin_trgm_ops)",
]


def upgrade() -> None:
    _create_core_tables()
    _create_child_tables()
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_SEARCH if dialect == "sqlite" else POSTGRES_SEARCH:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS directory_search_term_trigram")
        op.execute("DROP TABLE IF EXISTS directory_service_fts")
    for table in ("directory_cost_option", "directory_language", "directory_schedule",
                  "directory_location", "directory_phone", "directory_contact",
                  "directory_attribute", "directory_service_area", "directory_search_term",
                  "directory_taxonomy_term", "directory_service", "directory_organisation"):
        op.drop_table(table)
