"""REST v1: stateless assessments for practitioners' systems. Nothing is stored."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.problems import documents_problems
from api.schemas import NeedsProfileSchema, OutcomeSchema
from pathway_bot.extensions import rate_limited, runtime

blp = Blueprint("assessments", __name__, url_prefix="/api/v1/assessments",
                description="Decide the outcome of a needs profile, without storing it.")


@blp.route("")
class Assessments(MethodView):
    decorators = [rate_limited("ratelimit_assessments")]

    @blp.arguments(NeedsProfileSchema())
    @blp.response(200, OutcomeSchema)
    @documents_problems(blp, 400, 413, 422, 429)
    def post(self, body):
        """The outcome of SPEC section 4 for a needs profile: tier, reasons, services."""
        app_runtime = runtime()
        decision = app_runtime.assessments.decide_submission(body)
        return app_runtime.presenter.decision(decision, "en")
