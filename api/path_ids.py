"""Ids in a URL path obey the same text rule as bodies: an id no database can store (a NUL,
a lone surrogate) names nothing, so it is a 404 before any view looks it up."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import NotFound

from pathway_bot.storable_text import is_storable_text


def refuse_unstorable_path_ids() -> None:
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and not is_storable_text(value):
            raise NotFound("Nothing has that id.")


def init_path_ids(app: Flask) -> None:
    # For the whole app: the web chat's pages take ids in their paths as well.
    app.before_request(refuse_unstorable_path_ids)
