"""Insights pages for service managers, under /console/insights (see `viewer` for who is
looking). Server-rendered: every chart is SVG with its table and a summary in words."""

from __future__ import annotations

from flask import Flask


def init_insights_pages(app: Flask) -> None:
    from pathway_bot.web.insights.views import bp

    app.register_blueprint(bp)
