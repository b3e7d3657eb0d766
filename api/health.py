"""Health checks for the process manager and the load balancer."""

from flask import Blueprint, jsonify

from pathway_bot.extensions import rate_limiter_health, runtime

blp = Blueprint("health", __name__)


@blp.get("/livez")
def livez():
    # Touches nothing: answers while the process can serve at all.
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz():
    # A limiter without its Redis still serves (counting per process), so it never makes
    # the service unready; it is reported for the operator to see.
    limiter = rate_limiter_health()
    if runtime().database.is_reachable():
        return jsonify(status="ok", limiter=limiter)
    return jsonify(status="unavailable", limiter=limiter), 503
