"""Every table the application owns. Import a model module here so Alembic sees it."""

import pathway_bot.persistence.models.outbox
import pathway_bot.persistence.models.requests
import pathway_bot.persistence.models.scheduled_job
import pathway_bot.persistence.models.staff  # noqa: F401
from pathway_bot.persistence.base import Base
from pathway_bot.persistence.models.conversation import Conversation, ResumeCode
from pathway_bot.persistence.models.directory import DirectoryService  # noqa: F401

__all__ = ["Base", "Conversation", "ResumeCode"]
