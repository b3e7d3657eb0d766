"""The person's language: chosen with the switcher, else their browser's, else English."""

from __future__ import annotations

from typing import Any

from flask import g, request, session

from pathway_bot.extensions import runtime
from pathway_bot.i18n import SOURCE_LOCALE

LOCALE_KEY = "locale"


def current_locale() -> str:
    if "web_locale" not in g:
        g.web_locale = _chosen_locale()
    return g.web_locale


def _chosen_locale() -> str:
    catalogs = runtime().catalogs
    chosen = session.get(LOCALE_KEY)
    if chosen and catalogs.supports(chosen):
        return chosen
    best = request.accept_languages.best_match(catalogs.locales)
    return best or SOURCE_LOCALE


def set_locale(locale: str) -> None:
    session[LOCALE_KEY] = locale
    g.web_locale = locale


def t(message_id: str, **params: Any) -> str:
    """A message in the person's language (English where it is not translated yet)."""
    return runtime().text(message_id, current_locale(), **params)
