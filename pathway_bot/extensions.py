"""Flask glue: the per-request database session, the rate limiter and the runtime."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy.orm import Session

from pathway_bot.runtime import Runtime

# Created here so views can decorate with it; configured per app in init_extensions.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


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
