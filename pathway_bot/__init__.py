"""Pathway Bot: guided assessment and signposting for children and young people (0-25)."""

from pathlib import Path

# The source checkout's root. An installed copy has none: pathway_bot.locations says where
# its data files are.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
