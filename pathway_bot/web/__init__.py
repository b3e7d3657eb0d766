"""The web chat: server-rendered pages, one question each, that JavaScript turns into a chat.

Views only translate HTTP into calls to the conversation and request services.
"""

from __future__ import annotations

from flask import Flask


def init_web(app: Flask) -> None:
    from pathway_bot.web import deleting, find_support, pages, safety, saving, views  # noqa: F401  (their routes join the blueprint)
    from pathway_bot.web.after_outcome_views import bp as after_outcome_bp
    from pathway_bot.web.blueprint import bp
    from pathway_bot.web.errors import register_pages_for_unknown_urls
    from pathway_bot.web.insights import init_insights_pages
    from pathway_bot.web.requests_views import bp as requests_bp
    from pathway_bot.web.security import init_security

    app.register_blueprint(bp)
    app.register_blueprint(requests_bp)
    app.register_blueprint(after_outcome_bp)
    init_insights_pages(app)
    init_security(app)
    register_pages_for_unknown_urls(app)
