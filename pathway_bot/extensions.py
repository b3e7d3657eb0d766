"""Flask glue: the per-request database session, the rate limiter and the runtime."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter, RateLimiter
from sqlalchemy.orm import Session

from pathway_bot.area_routing import AREA_KEY
from pathway_bot.config import Config
from pathway_bot.errors import Forbidden, TooManyFailedAttempts
from pathway_bot.runtime import Runtime

LIMITER = "pathway_bot.limiter"
FAILED_AUTHENTICATION = "pathway_bot.failed_authentication"
log = logging.getLogger(__name__)


def rate_limited(setting: str, per: Callable[[], str] = get_remote_address):
    """Mark a view as limited by a Config setting (e.g. "ratelimit_answers"), per client
    address or per what `per` returns for the request. The limit is applied when the app is
    built, and only if limits are on, so a view costs nothing extra when they are off."""
    def mark(view):
        view.rate_limit_setting = setting
        view.rate_limit_per = per
        return view

    return mark


def apply_rate_limits(app: Flask, app_runtime: Runtime) -> None:
    if not app_runtime.config.ratelimit_enabled:
        return
    limiter = app.extensions[LIMITER]
    for endpoint, view in list(app.view_functions.items()):
        setting = getattr(view, "rate_limit_setting", None)
        if setting:
            limit = getattr(app_runtime.config, setting)
            app.view_functions[endpoint] = limiter.limit(limit, key_func=view.rate_limit_per)(
                view)


def runtime() -> Runtime:
    """The Runtime of the area this request is in (see area_routing): the home area's until
    a host, a path prefix, a key, an account or a conversation says otherwise."""
    home: Runtime = current_app.extensions["pathway_bot"]
    area = g.get("area")
    return home if area is None else home.deployment.runtimes[area]


def enter_area(area_id: str, *, refuse_another: bool = True) -> None:
    """What the request carries (an API key, a console account, a conversation) puts it in
    that thing's area. Where the host or the path fixed another area it is refused: one
    council's service never acts on another's (or, not refusing, the fixed area stays)."""
    if not current_app.extensions["pathway_bot"].deployment.serves(area_id):
        raise Forbidden("That belongs to an area this service does not serve.")
    fixed = request.environ.get(AREA_KEY)
    if fixed is not None and fixed != area_id:
        if refuse_another:
            raise Forbidden("That belongs to another area's service.")
        return
    g.area = area_id


def fixed_area() -> str | None:
    """The area the host name or path prefix fixed for this request, if any."""
    return request.environ.get(AREA_KEY)


def _area_from_routing() -> None:
    area = request.environ.get(AREA_KEY)
    if area is not None:
        g.area = area


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
    if len(app_runtime.deployment.runtimes) > 1 or app_runtime.config.route_by_host:
        app.before_request(_area_from_routing)
    init_rate_limiter(app, app_runtime.config)


class FailedAuthentication:
    """Wrong credentials (API keys, conversation tokens, request references), counted per
    client address in the limiter's storage; past the limit, TooManyFailedAttempts (429).

    Only failures are counted, so a caller with the right credentials pays nothing for this:
    the chat's turns never touch the limiter's storage on its account. A client past the
    limit gets 429 for each further wrong guess, which stops guessing within the window.
    """

    def __init__(self, limiter: Limiter, limit: str):
        self._limiter = limiter
        self._limit = parse(limit)
        # Redis away: keep counting in this process, as the limiter's own routes do.
        self._fallback: RateLimiter = FixedWindowRateLimiter(MemoryStorage())

    def count_failure(self) -> None:
        client = get_remote_address()
        if not self._hit(client):
            raise TooManyFailedAttempts(
                "Too many attempts with wrong credentials from your address. Wait, then "
                "try again with the right ones.", retry_after_seconds=self._wait(client))

    def _hit(self, client: str) -> bool:
        try:
            return self._limiter.limiter.hit(self._limit, "failed-authentication", client)
        except Exception as storage_error:  # any storage failure: count in memory instead
            log.warning("failed authentication counted in memory: %s",
                        type(storage_error).__name__)
            return self._fallback.hit(self._limit, "failed-authentication", client)

    def _wait(self, client: str) -> int:
        try:
            stats = self._limiter.limiter.get_window_stats(self._limit, "failed-authentication",
                                                          client)
            return max(1, math.ceil(stats.reset_time - time.time()))
        except Exception:
            return self._limit.get_expiry()


class _NotCounted:
    """Limits off: failures are not counted."""

    def count_failure(self) -> None:
        return None


def count_failed_authentication() -> None:
    """Count one wrong credential from this request's client: TooManyFailedAttempts (429) once
    it has sent too many."""
    current_app.extensions[FAILED_AUTHENTICATION].count_failure()


def init_rate_limiter(app: Flask, config: Config) -> None:
    """One limiter per app: flask-limiter keeps its settings and its storage's health on the
    limiter itself, so a limiter shared by two apps would mix theirs up."""
    app.config.update(
        # Redis away: count in this process's memory, each route keeping its own limits, and
        # log a warning; never fail the request. (RATELIMIT_IN_MEMORY_FALLBACK would replace
        # every route's limits with its own list, so it stays unset.)
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_SWALLOW_ERRORS=True,
        RATELIMIT_STORAGE_OPTIONS=_storage_options(config),
    )
    # Registered first so that it runs last: Flask runs after_request functions in reverse.
    app.after_request(_retry_after_only_when_refused)
    limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
    limiter.init_app(app)
    app.extensions[LIMITER] = limiter
    app.extensions[FAILED_AUTHENTICATION] = FailedAuthentication(
        limiter, config.ratelimit_failed_authentication) if config.ratelimit_enabled \
        else _NotCounted()


# Retry-After tells a client to wait before sending again: it belongs on a refusal only.
_WAIT_AND_RETRY = frozenset({429, 503})


def _retry_after_only_when_refused(response: Response) -> Response:
    """flask-limiter adds Retry-After to every response of a limited route, a 201 included,
    telling well-behaved clients to pause for no reason."""
    if response.status_code not in _WAIT_AND_RETRY:
        response.headers.pop("Retry-After", None)
    return response


def _storage_options(config: Config) -> dict:
    # redis-py waits for ever by default: a Redis that stops answering (paused, or its host
    # gone without a reset) would hold every request. A short timeout lets the fallback start.
    if not config.ratelimit_storage_uri.startswith(("redis", "rediss")):
        return {}
    timeout = config.ratelimit_storage_timeout_seconds
    return {"socket_timeout": timeout, "socket_connect_timeout": timeout}


def rate_limiter_health() -> str:
    """"ok", "degraded" (its storage does not answer: limits count per process) or "off"."""
    limiter: Limiter = current_app.extensions[LIMITER]
    if not limiter.enabled:
        return "off"
    try:
        return "ok" if limiter.storage.check() else "degraded"
    except Exception:  # check() catches most storage errors itself, not every one
        return "degraded"
