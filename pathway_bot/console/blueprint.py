"""The console's blueprint: CSRF on every form, no caching, its own error pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from pathway_bot.errors import NotFound, PathwayError, TooManyFailedAttempts
from pathway_bot.web.security import protect_forms

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
               static_folder="static", static_url_path="/assets")
protect_forms(bp)


@bp.after_request
def never_cache(response):
    # Every page holds a family's details: nothing in shared caches or the back-forward cache.
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(CSRFError)
def form_expired(_error: CSRFError):
    return render_template("console/error.html", kind="expired"), 400


@bp.errorhandler(NotFound)
def not_found(_error: NotFound):
    return render_template("console/error.html", kind="not_found"), 404


@bp.errorhandler(PathwayError)
def refused(error: PathwayError):
    if isinstance(error, TooManyFailedAttempts):
        return render_template("console/error.html", kind="too_many"), error.status, {
            "Retry-After": str(error.retry_after_seconds)}
    return render_template("console/error.html", kind="invalid"), error.status


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    status = error.code or 500
    return render_template("console/error.html",
                           kind="not_found" if status == 404 else "invalid"), status
