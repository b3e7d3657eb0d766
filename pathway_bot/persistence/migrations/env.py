"""Alembic environment: run with the connection the caller hands over (see migrate.py)."""

from alembic import context

from pathway_bot.persistence.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
