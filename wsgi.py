"""`gunicorn wsgi:app` serves Pathway Bot with configuration from the environment."""

from pathway_bot.app import create_app

app = create_app()
