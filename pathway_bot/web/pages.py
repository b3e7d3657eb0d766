"""Pages around the conversation: start, language, privacy and accessibility."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pathway_bot.extensions import runtime
from pathway_bot.web import chat_session
from pathway_bot.web.blueprint import bp
from pathway_bot.web.locale import set_locale
from pathway_bot.web.rendering import render_start

SEE_OTHER = 303


@bp.get("/")
def start_page() -> str:
    return render_start()


@bp.get("/privacy")
def privacy() -> str:
    return render_template("privacy.html", retention_days=runtime().config.retention_days)


@bp.get("/accessibility")
def accessibility() -> str:
    return render_template("accessibility.html")


@bp.get("/session-ended")
def session_ended() -> str:
    return render_template("session_ended.html")


@bp.post("/language")
def change_language() -> Response:
    """Switch language; the conversation keeps every answer given so far."""
    locale = request.form.get("locale", "")
    if runtime().catalogs.supports(locale):
        set_locale(locale)
        held = chat_session.credentials()
        if held is not None and chat_session.current_view() is not None:
            runtime().conversations.change_locale(*held, locale)
    return redirect(_same_site_path(request.form.get("next")), SEE_OTHER)


def _same_site_path(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if not target:
        return url_for("web.start_page")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("web.start_page")
    return target
