"""Health checks for the process manager and the load balancer."""

from flask import Blueprint, jsonify

from pathway_bot.extensions import rate_limiter_health, runtime
from pathway_bot.observability.readiness import outbox_state

blp = Blueprint("health", __name__)


@blp.get("/livez")
def livez():
    # Touches nothing: answers while the process can serve at all.
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz():
    # A limiter without its Redis still serves (counting per process), so it never makes
    # the service unready; it is reported for the operator to see, as is the outbox (a
    # backlog is the worker's or the sender's trouble, not a reason to stop serving).
    limiter = rate_limiter_health()
    app_runtime = runtime()
    redis = _redis_state(limiter, app_runtime.config.ratelimit_storage_uri)
    if not app_runtime.database.is_reachable():
        return jsonify(status="unavailable", database="unreachable", limiter=limiter,
                       redis=redis, outbox="unknown"), 503
    return jsonify(status="ok", database="ok", limiter=limiter, redis=redis,
                   outbox=outbox_state(app_runtime.database.session, app_runtime.clock()))


def _redis_state(limiter: str, storage_uri: str) -> str:
    """Redis holds only the rate limits: "ok", "degraded" (not answering), "off" (limits off)
    or "not_used" (limits counted in memory)."""
    if limiter == "off":
        return "off"
    return limiter if storage_uri.startswith(("redis", "rediss")) else "not_used"
