"""The web chat's blueprint: pages, templates and static files."""

from __future__ import annotations

from flask import Blueprint

from pathway_bot.web.context import template_helpers
from pathway_bot.web.errors import register_page_errors
from pathway_bot.web.security import protect_forms

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")
bp.app_context_processor(template_helpers)
register_page_errors(bp)
protect_forms(bp)


@bp.after_request
def never_cache(response):
    # Pages hold a family's answers: nothing is kept in shared caches or the back-forward cache.
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response
