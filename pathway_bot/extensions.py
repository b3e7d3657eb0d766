"""Flask glue: the per-request database session, the rate limiter and the runtime."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy.orm import Session

from pathway_bot.runtime import Runtime

# Created here so views can decorate with it; configured per app in init_extensions.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def rate_limited(setting: str):
    """Mark a view as limited by a Config setting (e.g. "ratelimit_answers"), per client
    address. The limit is applied when the app is built, and only if limits are on, so a
    view costs nothing extra when they are off."""
    def mark(view):
        view.rate_limit_setting = setting
        return view

    return mark


def apply_rate_limits(app: Flask, app_runtime: Runtime) -> None:
    if not app_runtime.config.ratelimit_enabled:
        return
    for endpoint, view in list(app.view_functions.items()):
        setting = getattr(view, "rate_limit_setting", None)
        if setting:
            limit = getattr(app_runtime.config, setting)
            app.view_functions[endpoint] = limiter.limit(limit)(view)


def runtime() -> Runtime:
    return current_app.extensions["pathway_bot"]


def db_session() -> Session:
    """The request's session, opened on first use and closed when the request ends."""
    if "db_session" not in g:
        g.db_session = runtime().database.sessions()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_extensions(app: Flask, app_runtime: Runtime) -> None:
    app.extensions["pathway_bot"] = app_runtime
    app.teardown_appcontext(_close_session)
    limiter.init_app(app)
