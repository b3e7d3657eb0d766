"""Pages around the conversation: start, safety, language, privacy and accessibility."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pathway_bot.area import Area
from pathway_bot.assessment.outcome import present_contact
from pathway_bot.conversations import service
from pathway_bot.extensions import runtime
from pathway_bot.persistence.base import utcnow
from pathway_bot.web import chat_session
from pathway_bot.web.blueprint import bp
from pathway_bot.web.flow_pages import where_now
from pathway_bot.web.locale import current_locale, set_locale

SEE_OTHER = 303


def render_start(error: str | None = None) -> str:
    view = chat_session.current_view()
    return render_template("start.html", who_options=runtime().flows.start_choices(),
                           error=error,
                           in_progress=view is not None and not view.finished,
                           finished=view is not None and view.finished)


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


def safeguarding_contacts(area: Area) -> list[dict]:
    """999 and the area's safeguarding front door first, then the others, from area data."""
    locale, catalogs = current_locale(), runtime().catalogs
    return [present_contact(contact, catalogs, locale)
            for contact in area.contacts_for("safeguarding")]


def render_danger() -> str:
    return render_template("danger.html", contacts=safeguarding_contacts(runtime().area))


@bp.get("/someone-is-in-danger")
def danger_page() -> str:
    return render_danger()


@bp.post("/someone-is-in-danger")
def someone_is_in_danger() -> str | Response:
    """Report harm in the conversation under way and show its safeguarding outcome."""
    view = chat_session.current_view()
    if view is None or view.finished:
        return render_danger()
    held = chat_session.credentials()
    assert held is not None
    view = service.report_harm(runtime(), *held, utcnow())
    return redirect(where_now(view), SEE_OTHER)


@bp.post("/language")
def change_language() -> Response:
    """Switch language; the conversation keeps every answer given so far."""
    locale = request.form.get("locale", "")
    if runtime().catalogs.supports(locale):
        set_locale(locale)
        held = chat_session.credentials()
        if held is not None and chat_session.current_view() is not None:
            service.change_locale(runtime(), *held, locale, utcnow())
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
