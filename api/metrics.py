"""`GET /metrics`: Prometheus text, for a scraper holding PATHWAY_METRICS_TOKEN.

Counters come from every worker's files (see `observability.metrics`); the queue's depth and
the outbox's backlog are read from the database now, once per scrape, never per request.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.auth import bearer_token
from pathway_bot.errors import NotFound, Unauthorised
from pathway_bot.extensions import runtime
from pathway_bot.observability.gauges import database_gauges
from pathway_bot.observability.metrics import exposition
from pathway_bot.persistence.db import begin_read_only

blp = Blueprint("metrics", __name__)

SEND_METRICS_TOKEN = "Send PATHWAY_METRICS_TOKEN as 'Authorization: Bearer <token>'."


@blp.get("/metrics")
def metrics():
    app_runtime = runtime()
    expected = app_runtime.config.metrics_token
    if not expected:
        raise NotFound("Metrics are off: set PATHWAY_METRICS_TOKEN to serve them.")
    sent = bearer_token(required=False) or ""
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Unauthorised(SEND_METRICS_TOKEN)

    def gauges():
        districts = [(app_runtime.area.id, district) for district in app_runtime.area.district_ids]
        with app_runtime.database.session() as session:
            begin_read_only(session)
            return database_gauges(session, districts)

    return Response(exposition(gauges), mimetype=CONTENT_TYPE_LATEST.split(";")[0],
                    headers={"Cache-Control": "no-store"})
