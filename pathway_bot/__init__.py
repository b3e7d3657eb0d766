"""Pathway Bot: guided assessment and signposting for children and young people (0-25)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
