"""REST v1: conversations. The token returned at creation is the only key to one."""

from __future__ import annotations

import json

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from api.auth import conversation_token, token_first
from api.conversations.flows import start_schema
from api.conversations.schemas import (
    AddedInformationSchema,
    AddInformationSchema,
    AnswerSchema,
    ConversationCreatedSchema,
    ConversationCreateSchema,
    ConversationSchema,
    ConversationUpdateSchema,
    OutcomeSchema,
    RaiseRequestSchema,
    RequestTrackingSchema,
    ResumeCodeSchema,
    ResumedConversationSchema,
    ResumeSchema,
    TrackingArgsSchema,
    TurnSchema,
)
from api.hot_path import HotSchema, documented_only, json_body
from api.problems import documents_problems
from pathway_bot.errors import Conflict
from pathway_bot.extensions import db_session, enter_area, rate_limited, runtime
from pathway_bot.failed_attempts import limited_guessing
from pathway_bot.observability.metrics import request_metrics

blp = Blueprint("conversations", __name__, url_prefix="/api/v1/conversations",
                description="A chat: questions one at a time, then the outcome.")
SECURED = [{"conversationToken": []}]


# The chat's hot path (starting and answering) is documented from the schemas but not
# wrapped per call, and writes its bodies directly (see api.hot_path); tests check each body
# against its schema. Starting is checked against the app's flows (see api.conversations.flows).
ANSWER = HotSchema(AnswerSchema())


def _json(body: dict, status: int) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                    status=status, mimetype="application/json")


def _turn(view) -> Response:
    """The next step or the outcome, as TurnSchema documents it."""
    presenter = runtime().presenter
    if view.finished:
        request_metrics().conversation_finished(view.conversation.flow)
    return _json({
        "status": "finished" if view.finished else "in_progress",
        "step": presenter.step(view.step, view.conversation.locale) if view.step else None,
        "outcome": presenter.outcome(view) if view.decision else None,
    }, 200)


@blp.route("")
class Conversations(MethodView):
    decorators = [rate_limited("ratelimit_start")]

    @documented_only(blp.arguments(ConversationCreateSchema),
                     blp.response(201, ConversationCreatedSchema))
    @documents_problems(blp, 400, 413, 429)
    def post(self):
        """Start a conversation in a flow; returns its token and the first question."""
        body = json_body(start_schema())
        if body["area"] is not None:
            enter_area(body["area"])  # refused where the host or path names another area
        app_runtime = runtime()
        view, token = app_runtime.conversations.start(flow=body["flow"], locale=body["locale"],
                                                      area=app_runtime.area.id)
        request_metrics().conversation_started(view.conversation.flow)
        return _json({"id": view.conversation.id, "token": token,
                      "flow": view.conversation.flow, "locale": view.conversation.locale,
                      "step": app_runtime.presenter.step(view.step, body["locale"])}, 201)


@blp.route("/<conversation_id>")
class ConversationById(MethodView):
    @blp.response(200, ConversationSchema)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404, 409, 422, 429)
    def get(self, conversation_id):
        """The current question or the outcome, and the answers so far."""
        view = runtime().conversations.open(conversation_id, conversation_token())
        return runtime().presenter.conversation(view)

    @token_first
    @blp.arguments(ConversationUpdateSchema())
    @blp.response(200, ConversationSchema)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404, 409, 422, 429)
    def patch(self, body, conversation_id):
        """Change the language; every answer is kept."""
        view = runtime().conversations.change_locale(conversation_id, conversation_token(),
                                                     body["locale"])
        return runtime().presenter.conversation(view)

    @blp.response(204)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404, 409, 422, 429)
    def delete(self, conversation_id):
        """Erase the conversation and every answer in it."""
        runtime().conversations.erase(db_session(), conversation_id, conversation_token())


@blp.route("/<conversation_id>/answers")
class Answers(MethodView):
    decorators = [rate_limited("ratelimit_answers")]

    @documented_only(blp.arguments(ANSWER.schema), blp.response(200, TurnSchema),
                     blp.doc(security=SECURED))
    @documents_problems(blp, 401, 404, 409, 422, 429)
    def post(self, conversation_id):
        """Answer the current question; returns the next question or the outcome."""
        token = conversation_token()  # before the body: 401 comes before 422
        body = json_body(ANSWER)
        view = runtime().conversations.answer(conversation_id, token,
                                              body["question"], body["answer"])
        return _turn(view)


def turn_endpoint(rule: str):
    """A POST that moves the conversation on and returns the next step or the outcome."""
    def register(view):
        documented = documents_problems(blp, 401, 404, 409, 429)(view)
        documented = documented_only(blp.response(200, TurnSchema),
                                     blp.doc(security=SECURED))(documented)
        return blp.post(rule)(documented)

    return register


@turn_endpoint("/<conversation_id>/back")
def go_back(conversation_id):
    """Go back one question; its answer is kept so it can be changed."""
    return _turn(runtime().conversations.go_back(conversation_id, conversation_token()))


@turn_endpoint("/<conversation_id>/harm")
def report_harm(conversation_id):
    """Someone is being harmed: stop at once and show who to contact."""
    return _turn(runtime().conversations.report_harm(conversation_id, conversation_token()))


@turn_endpoint("/<conversation_id>/restart")
def restart(conversation_id):
    """Start again from the first question; earlier answers are cleared."""
    return _turn(runtime().conversations.restart(conversation_id, conversation_token()))


@blp.route("/<conversation_id>/outcome")
class Outcome(MethodView):
    @blp.response(200, OutcomeSchema)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404, 409, 422, 429)
    def get(self, conversation_id):
        """The outcome: tier, why, services; 409 while questions remain."""
        view = runtime().conversations.open(conversation_id, conversation_token())
        if view.decision is None:
            raise Conflict("This conversation has not reached its outcome yet.",
                           extra={"current_question": view.snapshot.state})
        return runtime().presenter.outcome(view)


@blp.route("/<conversation_id>/request-for-support")
class RequestForSupport(MethodView):
    @token_first
    @blp.arguments(RaiseRequestSchema())
    @blp.response(201, RequestTrackingSchema)
    @blp.doc(security=SECURED, parameters=[{
        "in": "header", "name": "Idempotency-Key", "schema": {"type": "string"},
        "description": "The same key again returns the same request, never a second one"}])
    @documents_problems(blp, 401, 404, 409, 422)
    def post(self, body, conversation_id):
        """Ask the district allocations group for support (eligible outcomes only).

        Contact details, the child's or young person's name and date of birth, and the rest
        of the story are asked for only now; consent is recorded with its wording and time.
        Every field that is wrong is named at once (422); 422 with the reasons when the
        outcome does not meet the threshold.
        """
        details = {name: value for name, value in body.items()
                   if name not in ("contact", "consent")}
        return runtime().conversation_requests.raise_request(
            db_session(), conversation_id, conversation_token(), contact=body["contact"],
            consent=body["consent"], idempotency_key=request.headers.get("Idempotency-Key"),
            details=details)

    @token_first
    @blp.arguments(TrackingArgsSchema(), location="query", unknown=RAISE)
    @blp.response(200, RequestTrackingSchema)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404)
    def get(self, args, conversation_id):
        """Where the family's request stands, in plain words (optionally by its reference)."""
        return runtime().conversation_requests.track(db_session(), conversation_id,
                                                     conversation_token(),
                                                     reference=args.get("reference"))

    @blp.response(200, RequestTrackingSchema)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404, 409)
    def delete(self, conversation_id):
        """Withdraw the request while it is still waiting in the queue."""
        return runtime().conversation_requests.withdraw(db_session(), conversation_id,
                                                        conversation_token())


@blp.route("/<conversation_id>/request-for-support/additions")
class RequestAdditions(MethodView):
    @blp.arguments(AddInformationSchema())
    @blp.response(201, AddedInformationSchema)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404, 409, 422)
    def post(self, body, conversation_id):
        """Add something new to the request ("things got worse at school this week"): it
        joins the request's history, and the coordinator sees it as new."""
        return runtime().conversation_requests.add_information(
            db_session(), conversation_id, conversation_token(), body["text"])


@blp.route("/<conversation_id>/resume-code")
class SaveForLater(MethodView):
    @blp.response(201, ResumeCodeSchema)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404)
    def post(self, conversation_id):
        """Save and come back later: a code (shown this once) that brings the conversation
        back on any device until it expires. A new code replaces the last one."""
        issued = runtime().resume_codes.issue(db_session(), conversation_id, conversation_token())
        return {"code": issued.code, "expires_at": issued.expires_at}


@blp.route("/resume")
class Resume(MethodView):
    @blp.arguments(ResumeSchema())
    @blp.response(200, ResumedConversationSchema)
    @documents_problems(blp, 404, 422, 429)
    def post(self, body):
        """Bring a saved conversation back with its code: a new token for it, at the same
        question with every answer. Every failure is the same 404; failed tries are limited
        per client address."""
        with limited_guessing():
            view, token = runtime().resume_codes.resume(db_session(), body["code"])
        return {**runtime().presenter.conversation(view), "token": token}
