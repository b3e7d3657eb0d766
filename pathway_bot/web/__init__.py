"""The web chat: server-rendered pages, one question each, that JavaScript turns into a chat.

Views only translate HTTP into calls to the conversation and request services.
"""

from __future__ import annotations

from flask import Flask


def init_web(app: Flask) -> None:
    from pathway_bot.web import deleting, find_support, pages, safety, saving, views  # noqa: F401  (their routes join the blueprint)
    from pathway_bot.web.after_outcome_views import bp as after_outcome_bp
    from pathway_bot.web.blueprint import bp
    from pathway_bot.web.chat_session import enter_held_area
    from pathway_bot.web.errors import register_pages_for_unknown_urls
    from pathway_bot.web.insights import init_insights_pages
    from pathway_bot.web.requests_views import bp as requests_bp
    from pathway_bot.web.security import init_security

    # The pages show the area of the conversation this browser holds: its words, its
    # contacts, its Local Offer (a postcode may have moved it from the home area).
    for blueprint in (bp, requests_bp, after_outcome_bp):
        if enter_held_area not in blueprint.before_request_funcs.get(None, []):
            blueprint.before_request(enter_held_area)
    app.register_blueprint(bp)
    app.register_blueprint(requests_bp)
    app.register_blueprint(after_outcome_bp)
    init_insights_pages(app)
    init_security(app)
    register_pages_for_unknown_urls(app)
