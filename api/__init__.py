"""REST API v1. One blueprint per resource; the OpenAPI document comes from the schemas."""

from __future__ import annotations

from flask import Flask

from api import health, metrics, openapi_rules, path_ids, problems, request_limits
from api.conversations.flows import init_conversation_flows


def init_api(app: Flask) -> problems.ProblemApi:
    app.config.update(
        API_TITLE="Pathway Bot",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {
                "description": "Guided assessment, Local Offer signposting and requests for "
                "support for children and young people (0-25) with additional needs.\n\n"
                "One deployment may serve several local areas. A request is in the area "
                "its path prefix names (`/south-gloucestershire/api/v1/...`) or, where the "
                "deployment routes by host name, its host's: an unknown host is answered "
                "`421 Misdirected Request` (`urn:pathway-bot:problem:misdirected-request`). "
                "Otherwise an API key's area, or a conversation's, decides; a conversation's "
                "postcode may move it to the area it is in. A postcode in none of the areas "
                "is `422` `urn:pathway-bot:problem:out-of-area`, with `find_your_council_url`."
            },
            "components": {
                "securitySchemes": {
                    "conversationToken": {"type": "http", "scheme": "bearer",
                                          "description": "The token returned when the "
                                          "conversation was created"},
                    "apiKey": {"type": "http", "scheme": "bearer",
                               "description": "A coordinator or practitioner API key"},
                }
            },
        },
    )
    rest = problems.ProblemApi(app)
    served = app.extensions["pathway_bot"]
    init_conversation_flows(app, rest, served.flows.names, served.deployment.runtimes)
    for blueprint in _resource_blueprints():
        rest.register_blueprint(blueprint)
    openapi_rules.document_area_rules(rest.spec, app.extensions["pathway_bot"])
    app.register_blueprint(health.blp)
    app.register_blueprint(metrics.blp)
    problems.register_error_handlers(app)
    path_ids.init_path_ids(app)
    request_limits.init_request_limits(app)
    return rest


def _resource_blueprints():
    from api.assessments.views import blp as assessments
    from api.conversations.views import blp as conversations
    from api.districts.views import blp as districts
    from api.feedback.views import blp as feedback
    from api.insights.views import blp as insights
    from api.requests import casework_views  # noqa: F401  its routes join the requests blueprint
    from api.requests.views import blp as requests
    from api.services.views import blp as services

    return [conversations, assessments, services, requests, districts, insights, feedback]
