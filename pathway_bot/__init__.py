"""Pathway Bot: guided assessment and signposting for children and young people with additional needs."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
