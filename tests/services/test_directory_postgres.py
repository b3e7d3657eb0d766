"""PostgreSQL only: the full-text index and trigram vocabulary the migration makes there."""

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.postgres


@pytest.fixture
def session(runtime):
    if runtime.database.dialect != "postgresql":
        pytest.skip("needs PATHWAY_TEST_DATABASE_URL pointing at PostgreSQL")
    with runtime.database.session() as db:
        yield db


def test_postgres_has_pg_trgm_and_the_gin_indexes(session):
    assert session.scalar(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")) == 1
    indexes = set(session.scalars(text(
        "SELECT indexname FROM pg_indexes WHERE tablename LIKE 'directory_%'")))
    assert {"ix_directory_service_search_vector", "ix_directory_search_term_trigram"} <= indexes


def test_postgres_trigram_similarity_shortlists_the_right_spelling(session):
    shortlist = list(session.scalars(text(
        "SELECT term FROM directory_search_term WHERE term % 'autisim' "
        "ORDER BY similarity(term, 'autisim') DESC LIMIT 5")))
    assert "autism" in shortlist
