"""Deleting my answers: first a page that says plainly what happens to a request already
sent, with keeping everything as the other choice; then the erasure itself."""

from __future__ import annotations

from flask import render_template, url_for

from pathway_bot.errors import NotFound
from pathway_bot.extensions import db_session, runtime
from pathway_bot.web import chat_session
from pathway_bot.web.blueprint import bp
from pathway_bot.web.flow_pages import where_now
from pathway_bot.web.rendering import support_request_for


@bp.get("/delete-answers")
def confirm_deleting() -> str:
    view = chat_session.current_view()
    if view is None:
        raise NotFound("no conversation in this browser")
    # Keeping everything goes back to the page the person came from: the outcome, once shown.
    keep_url = url_for("web.outcome") if view.finished else where_now(view)
    return render_template("delete_answers.html", support_request=support_request_for(view),
                           keep_url=keep_url)


@bp.post("/erase")
def erase() -> str:
    """Erasure on request: the answers go, and any request raised from them is withdrawn
    (if the group has not decided on it yet) and loses every contact detail."""
    runtime().conversations.erase(db_session(), *chat_session.credentials_or_not_found())
    chat_session.forget()
    return render_template("erased.html")
