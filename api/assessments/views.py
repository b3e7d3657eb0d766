"""REST v1: stateless assessments for practitioners' systems. Nothing is stored."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.problems import documents_problems
from api.schemas import NeedsProfileSchema, OutcomeSchema
from pathway_bot.extensions import fixed_area, rate_limited, runtime

blp = Blueprint("assessments", __name__, url_prefix="/api/v1/assessments",
                description="Decide the outcome of a needs profile, without storing it.")


@blp.route("")
class Assessments(MethodView):
    decorators = [rate_limited("ratelimit_assessments")]

    @blp.arguments(NeedsProfileSchema())
    @blp.response(200, OutcomeSchema)
    @documents_problems(blp, 400, 413, 422, 429)
    def post(self, body):
        """The outcome of SPEC section 4 for a needs profile: tier, reasons, services.

        Decided by the rules of the area the profile's district or postcode is in (of those
        served, where the host or path prefix does not fix one)."""
        app_runtime = runtime()
        if fixed_area() is None:
            found = app_runtime.deployment.areas.area_for(body.get("district"),
                                                          body.get("postcode"))
            app_runtime = app_runtime.for_area(found.id if found else None)
        decision = app_runtime.assessments.decide_submission(body)
        return app_runtime.presenter.decision(decision, "en")
