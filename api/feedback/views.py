"""REST v1: "Was this helpful?" after the outcome, and the optional equality monitoring
questions where the area has switched them on. Both take the conversation's token."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from api.auth import conversation_token, token_first
from api.problems import documents_problems
from pathway_bot.extensions import db_session, runtime
from pathway_bot.insights.equality import CHOICES
from pathway_bot.insights.feedback import COMMENT_MAX_LENGTH, Feedback
from pathway_bot.insights.figures import CONVERSATION_SUBJECT

blp = Blueprint("feedback", __name__, url_prefix="/api/v1/conversations",
                description="After the outcome: was it helpful, and equality monitoring")
SECURED = [{"conversationToken": []}]


class FeedbackGivenSchema(Schema):
    class Meta:
        unknown = RAISE

    helpful = fields.Boolean(required=True, metadata={"description": "Was this helpful?"})
    service = fields.String(validate=validate.Length(min=1, max=40), metadata={
        "description": "the id of a service suggested in the outcome; without it, the "
                       "feedback is about the conversation"})
    comment = fields.String(validate=validate.Length(max=COMMENT_MAX_LENGTH), allow_none=True,
                            metadata={"description": "optional, short; ask people not to "
                                      "type names. Read by the safety net first"})



class FeedbackKeptSchema(Schema):
    comment_kept = fields.Boolean(metadata={
        "description": "false when there was no comment, or it suggested a risk (then its "
                       "words are not kept and `help` is shown)"})
    help = fields.Dict(allow_none=True, metadata={
        "description": "help to show at once, as a step's help: {kind, text, contacts}"})


class EqualityAnswersSchema(Schema):
    class Meta:
        unknown = RAISE

    ethnicity = fields.String(allow_none=True,
                              validate=validate.OneOf(CHOICES["ethnicity"]),
                              metadata={"description": "ONS 2021 ethnic group"})
    gender = fields.String(allow_none=True, validate=validate.OneOf(CHOICES["gender"]))
    disability = fields.String(allow_none=True, validate=validate.OneOf(CHOICES["disability"]))


@blp.route("/<conversation_id>/feedback")
class ConversationFeedback(MethodView):
    @token_first
    @blp.arguments(FeedbackGivenSchema())
    @blp.response(201, FeedbackKeptSchema)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404, 409, 422)
    def post(self, body, conversation_id):
        """Was this helpful? About the conversation, or one suggested service (`service`).

        Asked after the outcome (409 before). A second answer about the same thing replaces
        the first. Kept without personal data: yes or no, the short comment, the flow, the
        district and the month."""
        feedback = Feedback(body.get("service") or CONVERSATION_SUBJECT, body["helpful"],
                            body.get("comment"))
        return runtime().after_outcome.feedback(db_session(), conversation_id,
                                                conversation_token(), feedback)


@blp.route("/<conversation_id>/equality")
class EqualityMonitoring(MethodView):
    @token_first
    @blp.arguments(EqualityAnswersSchema())
    @blp.response(204)
    @blp.doc(security=SECURED)
    @documents_problems(blp, 401, 404, 409, 422)
    def post(self, body, conversation_id):
        """Optional equality monitoring answers about the child or young person, where the
        area has switched them on (404 where not). Every question may be left out, and
        "prefer_not_to_say" is always a choice. Kept apart from the conversation and any
        request, never shown to coordinators, erased with the conversation."""
        runtime().after_outcome.equality(db_session(), conversation_id, conversation_token(),
                                         body)
        return None
