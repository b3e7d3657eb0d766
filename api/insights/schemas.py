"""Schemas of the insights resources. A count that is null is hidden: fewer than 5, or one
that would let a hidden count under 5 be worked out from the totals."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

HIDDEN = "null: fewer than 5, or hidden so that a count under 5 cannot be worked out"


def _count(description: str = HIDDEN) -> fields.Integer:
    return fields.Integer(allow_none=True, metadata={"description": description})


class InsightsArgsSchema(Schema):
    from_ = fields.String(data_key="from", validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"),
                          metadata={"description": "first month, YYYY-MM (default: 11 "
                                    "months before `to`)"})
    to = fields.String(validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"),
                       metadata={"description": "last month, YYYY-MM (default: this month)"})
    district = fields.String(validate=validate.Length(min=1, max=40),
                             metadata={"description": "one of the key's districts"})
    format = fields.String(validate=validate.OneOf(["json", "csv"]))


class CountTableSchema(Schema):
    rows = fields.List(fields.String())
    columns = fields.List(fields.String())
    cells = fields.List(fields.List(_count()), metadata={"description": "by row, then column; "
                                                         + HIDDEN})
    row_totals = fields.List(_count())
    column_totals = fields.List(_count())
    total = _count()


class InsightsPeriodSchema(Schema):
    from_ = fields.String(data_key="from")
    to = fields.String()


class ConversationFiguresSchema(Schema):
    started = _count()
    finished = _count()
    by_district = fields.Nested(CountTableSchema, metadata={
        "description": "rows: districts ('unknown': not told yet); columns: outcomes, and "
                       "not_finished"})
    by_age_band = fields.Nested(CountTableSchema)
    by_need_area = fields.Nested(CountTableSchema, metadata={
        "description": "conversations with a need at moderate or above, by district; one "
                       "conversation may count under several need areas"})


class FunnelQuestionSchema(Schema):
    question = fields.String()
    reached = _count("how many reached it, rounded to the nearest 5 (null: fewer than 5)")
    stopped = _count("how many stopped there without finishing; " + HIDDEN)


class FunnelSchema(Schema):
    flow = fields.String()
    locale = fields.String()
    started = _count()
    finished = _count()
    questions = fields.List(fields.Nested(FunnelQuestionSchema))


class TimingSchema(Schema):
    district = fields.String()
    requests = _count("how many reached the milestone (null: fewer than 5, and no times)")
    median_days = fields.Float(allow_none=True)
    p90_days = fields.Float(allow_none=True)


class MilestoneSchema(Schema):
    requests = _count()
    median_days = fields.Float(allow_none=True)
    p90_days = fields.Float(allow_none=True)
    by_district = fields.List(fields.Nested(TimingSchema))


class QueuePointSchema(Schema):
    at = fields.String()
    waiting = _count("requests waiting for the allocations group then (null: fewer than 5)")


class RequestFiguresSchema(Schema):
    raised = _count()
    by_status = fields.Nested(CountTableSchema, metadata={
        "description": "requests raised in the period, by district and status now"})
    times = fields.Dict(keys=fields.String(), values=fields.Nested(MilestoneSchema,
                                                                   allow_none=True),
                        metadata={"description": "time from raising to each milestone "
                                  "(allocation, first contact); null: not recorded yet"})
    queue_depth = fields.List(fields.Nested(QueuePointSchema))
    moved = fields.Nested(CountTableSchema, metadata={
        "description": "in the period, by district: 'transferred' (requests moved out of the "
                       "district to another's allocations group; a transfer is not a status) "
                       "and 'closed' (requests that reached closed)"})
    overdue = fields.Nested(CountTableSchema, allow_none=True, metadata={
        "description": "open requests that have missed each response time today, whatever "
                       "the period: rows districts, columns the targets (acknowledge, decide, "
                       "first_contact); a request late on two targets counts under both; "
                       "read again at most once a minute"})


class FeedbackCommentSchema(Schema):
    subject = fields.String()
    month = fields.String()
    helpful = fields.Boolean()
    comment = fields.String()


class FeedbackFiguresSchema(Schema):
    by_subject = fields.Nested(CountTableSchema, metadata={
        "description": "rows: 'conversation', then Local Offer service ids"})
    comments = fields.List(fields.Nested(FeedbackCommentSchema))


class EqualityFiguresSchema(Schema):
    enabled = fields.Boolean()
    ethnicity = fields.Nested(CountTableSchema)
    gender = fields.Nested(CountTableSchema)
    disability = fields.Nested(CountTableSchema)


class InsightsSchema(Schema):
    area = fields.String()
    districts = fields.List(fields.String())
    period = fields.Nested(InsightsPeriodSchema)
    conversations_as_of = fields.String(metadata={
        "description": "when the conversations' anonymous rows were last brought up to date "
                       "(at most a minute before, or the moment the figures were asked for)"})
    conversations = fields.Nested(ConversationFiguresSchema)
    funnels = fields.List(fields.Nested(FunnelSchema))
    requests = fields.Nested(RequestFiguresSchema)
    feedback = fields.Nested(FeedbackFiguresSchema)
    equality = fields.Nested(EqualityFiguresSchema)
