"""The allocations console at /console: staff sign in, work their districts' queue and run
the allocations meeting. Server-rendered GOV.UK pages that work without JavaScript.

Views only translate forms into calls on the staff, queue, transfer and agenda services.
"""

from __future__ import annotations

from flask import Flask


def init_console(app: Flask) -> None:
    from pathway_bot.console import casework_views, meetings, queue_views, set_up, signing_in  # noqa: F401  (their routes join the blueprint)
    from pathway_bot.console.blueprint import bp

    app.register_blueprint(bp)
