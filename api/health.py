"""Health checks for the process manager and the load balancer."""

from flask import Blueprint, jsonify

from pathway_bot.extensions import runtime

blp = Blueprint("health", __name__)


@blp.get("/livez")
def livez():
    # Touches nothing: answers while the process can serve at all.
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz():
    if runtime().database.is_reachable():
        return jsonify(status="ok")
    return jsonify(status="unavailable"), 503
