"""REST v1: stateless assessments for practitioners' systems. Nothing is stored."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.assessments.schemas import NeedsProfileSchema
from api.conversations.schemas import OutcomeSchema
from api.problems import documents_problems
from pathway_bot.assessment import decide
from pathway_bot.assessment.intake import profile_from_submission
from pathway_bot.assessment.outcome import present_outcome
from pathway_bot.directory.signposting import signpost
from pathway_bot.extensions import runtime

blp = Blueprint("assessments", __name__, url_prefix="/api/v1/assessments",
                description="Decide the outcome of a needs profile, without storing it.")


@blp.route("")
class Assessments(MethodView):
    @blp.arguments(NeedsProfileSchema())
    @blp.response(200, OutcomeSchema)
    @documents_problems(blp, 400, 413)
    def post(self, body):
        """The outcome of SPEC section 4 for a needs profile: tier, reasons, services."""
        app_runtime = runtime()
        decision = decide(profile_from_submission(body, app_runtime.area), app_runtime.rules)
        found = signpost(app_runtime, decision, "en")
        return present_outcome(decision, app_runtime.area, app_runtime.catalogs, "en",
                               services=found.services, might_not_know=found.might_not_know)
