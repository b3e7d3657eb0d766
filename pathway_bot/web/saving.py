"""Save and come back later (the GOV.UK Forms pattern): a resume code, shown once, brings the
conversation back in another browser at the same question, with every answer."""

from __future__ import annotations

from flask import redirect, render_template, request
from werkzeug.wrappers import Response

from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.extensions import db_session, runtime
from pathway_bot.failed_attempts import limited_guessing
from pathway_bot.web import chat_session
from pathway_bot.web.blueprint import bp
from pathway_bot.web.flow_pages import where_now
from pathway_bot.web.locale import t
from pathway_bot.web.requests_views import meeting_day

SEE_OTHER = 303


@bp.get("/save")
def save_for_later() -> str:
    chat_session.credentials_or_not_found()
    return render_template("save.html")


@bp.post("/save")
def issue_resume_code() -> str:
    """The code is shown this once: only its hash is kept."""
    issued = runtime().resume_codes.issue(db_session(), *chat_session.credentials_or_not_found())
    expires_on = runtime().requests.calendar.local_date(issued.expires_at)
    return render_template("saved.html", code=issued.code, expires=meeting_day(expires_on))


@bp.get("/resume")
def resume_form() -> str:
    return render_template("resume.html", code="", error=None)


@bp.post("/resume")
def resume() -> Response | tuple[str, int]:
    code = request.form.get("code", "").strip()
    try:
        with limited_guessing():
            view, token = runtime().resume_codes.resume(db_session(), code)
    except ValidationFailed:
        return render_template("resume.html", code=code,
                               error=t("web.resume.error.shape")), 422
    except NotFound:  # one answer for every code that does not work: unknown, expired, erased
        return render_template("resume.html", code=code,
                               error=t("web.resume.error.not_found")), 422
    chat_session.remember(view, token)
    return redirect(where_now(view), SEE_OTHER)
