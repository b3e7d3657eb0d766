"""Schemas more than one resource uses: the needs profile (SPEC section 3), the outcome
(section 4) and the receipt for a request raised. Resources import these; none imports
another resource's schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.fields import JsonBoolean, Text
from pathway_bot.assessment import NEED_AREAS, RESPONDENTS, SUPPORT_LEVELS
from pathway_bot.assessment.profile import CHANGES, CIRCUMSTANCES
from pathway_bot.requests.contact import COMMUNICATION_NEEDS, CONTACT_METHODS
from pathway_bot.requests.story import CONSENT_GIVEN_BY, CONSENT_HOW, KNOWN_AGENCIES

LEVEL = validate.Range(min=0, max=4)


# Each area's impact, 0 none to 4 severe; a missing area is 0.
NeedsSchema = Schema.from_dict(
    {area: fields.Integer(strict=True, validate=LEVEL, load_default=0) for area in NEED_AREAS},
    name="Needs",
)


class NeedsProfileSchema(Schema):
    age = fields.Integer(required=True, strict=True, validate=validate.Range(min=0),
                         metadata={"description": "whole years; over 25 is out of scope"})
    district = Text(load_default=None)
    postcode = Text(load_default=None, validate=validate.Length(max=10))
    respondent = Text(required=True, validate=validate.OneOf(RESPONDENTS))
    needs = fields.Nested(NeedsSchema, load_default=dict)
    support_tried = Text(load_default="none", validate=validate.OneOf(SUPPORT_LEVELS))
    progress_with_support = JsonBoolean(load_default=None, allow_none=True)
    has_ehcp = JsonBoolean(load_default=False)
    risk_of_harm = JsonBoolean(load_default=False, metadata={
        "description": "any sign that they are being harmed by someone or are in danger"})
    self_harm = JsonBoolean(load_default=False, metadata={
        "description": "self-harming or having suicidal thoughts: crisis help is shown and "
                       "any request is flagged; it never changes the tier"})
    consent_to_share = JsonBoolean(load_default=False)
    unsure_needs = fields.List(Text(validate=validate.OneOf(NEED_AREAS)), load_default=list,
                               metadata={"description": "areas the person was not sure about "
                                                        "(counted at level 2)"})
    ehcp_requested = JsonBoolean(load_default=False, metadata={
        "description": "an EHC needs assessment has been asked for; no plan yet"})
    changed = Text(load_default=None, allow_none=True, validate=validate.OneOf(CHANGES),
                   metadata={"description": "whether things changed lately, and for how long"})
    review_cycles = fields.Integer(load_default=None, allow_none=True, strict=True,
                                   validate=validate.Range(min=0, max=20), metadata={
                                       "description": "assess-plan-do-review cycles of SEN "
                                                      "support tried so far"})
    circumstances = fields.List(Text(validate=validate.OneOf(CIRCUMSTANCES)),
                                load_default=list, metadata={
                                    "description": "facts that steer signposting and next "
                                                   "steps, never the tier"})


class RequestForSupportEligibilitySchema(Schema):
    eligible = fields.Boolean()
    reason = fields.String()


class TierDescriptionSchema(Schema):
    name = fields.String()
    summary = fields.String()


class OutcomeSchema(Schema):
    outcome = fields.String(validate=validate.OneOf(["safeguarding", "out_of_scope", "tier"]))
    tier = fields.String(allow_none=True)
    tier_level = fields.Integer(allow_none=True)
    tier_description = fields.Nested(TierDescriptionSchema, allow_none=True)
    request_for_support = fields.Nested(RequestForSupportEligibilitySchema)
    reasons = fields.List(fields.String())
    profile = fields.Dict()
    contacts = fields.List(fields.Dict(), metadata={"description": "who to contact now "
                                                    "(safeguarding, out of scope)"})
    services = fields.List(fields.Dict(), metadata={"description": "Local Offer services "
                                                    "that fit, each with why"})
    might_not_know = fields.List(fields.Dict())
    next_steps = fields.List(fields.Dict(), metadata={
        "description": "statutory routes and preparing-for-adulthood prompts, each with the "
                       "public page it comes from"})


class HelpContactSchema(Schema):
    """Someone to contact now, from the local area's data."""

    id = fields.String()
    name = fields.String()
    description = fields.String()
    phone = fields.String()
    email = fields.String()
    url = fields.String()
    check = fields.String(metadata={"description": "present when the detail should be "
                                    "checked before relying on it"})


class HelpSchema(Schema):
    """Help shown at once, before anything else, when harm or self-harm is noticed or told."""

    kind = fields.String(required=True, validate=validate.OneOf(["harm", "self_harm"]),
                         metadata={"description": "harm: being hurt by someone or in danger; "
                                   "self_harm: self-harm or suicidal thoughts"})
    text = fields.String(metadata={"description": "what to do now, in a sentence"})
    contacts = fields.List(fields.Nested(HelpContactSchema), required=True, metadata={
        "description": "999 first, then the area's contacts that fit the child's age"})


class ReceiptSchema(Schema):
    id = fields.String()
    reference = fields.String(metadata={"description": "Easy to read aloud: no 0/O or 1/I"})
    district = fields.String()
    status = fields.String()
    next_meeting = fields.String(metadata={"description": "ISO date of the next allocations "
                                                          "meeting"})


class PractitionerReceiptSchema(ReceiptSchema):
    """The receipt a practitioner's system gets for a request it raised; `risk_flag` and
    `help` only when the request is flagged."""

    risk_flag = fields.Boolean(metadata={"description": "true: the summary may describe a "
                                         "risk, or self-harm was told; coordinators read it "
                                         "first"})
    help = fields.Nested(HelpSchema, metadata={
        "description": "when flagged: follow your own safeguarding procedures and "
                       "designated safeguarding lead; the professionals' contacts"})


# ---- the story a request tells once (raised from a conversation or by a practitioner) -----

def _optional_text(maximum: int, **kwargs) -> Text:
    return Text(validate=validate.Length(max=maximum), **kwargs)


class ContactSchema(Schema):
    """How to reach someone, asked only when a request is raised. Whether it is safe to
    call, text, email or leave a message is each its own answer: only channels marked true
    are used."""

    name = _optional_text(120)
    relationship = _optional_text(60, metadata={"description": "to the child, e.g. mum"})
    phone = _optional_text(30)
    email = _optional_text(254)
    preferred_contact_method = Text(validate=validate.OneOf(CONTACT_METHODS))
    safe_to_call = JsonBoolean()
    safe_to_text = JsonBoolean()
    safe_to_email = JsonBoolean()
    safe_to_leave_message = JsonBoolean()
    preferred_language = _optional_text(60)
    interpreter_needed = JsonBoolean()
    communication_needs = fields.List(Text(validate=validate.OneOf(COMMUNICATION_NEEDS)))
    communication_other = _optional_text(200)
    own_words = _optional_text(4000, metadata={"description": "anything else, in their own "
                                                "words"})


class ChildSchema(Schema):
    """The child or young person the request is about."""

    name = _optional_text(120)
    date_of_birth = Text(metadata={"format": "date", "description": "YYYY-MM-DD; checked "
                                   "against the age given in the conversation"})
    age_confirmed = JsonBoolean(metadata={"description": "true: the date of birth is right "
                                          "although it gives another age than the one told"})
    school_or_setting = _optional_text(200)
    postcode = _optional_text(10)
    address = _optional_text(300)
    parental_responsibility = _optional_text(300, metadata={
        "description": "who has parental responsibility"})


class SupportTriedSchema(Schema):
    review_cycles = fields.Integer(strict=True, validate=validate.Range(min=0, max=20),
                                   metadata={"description": "assess-plan-do-review cycles"})
    description = _optional_text(4000)


class ConsentDetailsSchema(Schema):
    given_by = Text(validate=validate.OneOf(CONSENT_GIVEN_BY))
    given_on = Text(metadata={"format": "date"})
    how = Text(validate=validate.OneOf(CONSENT_HOW))
    wording = _optional_text(2000, metadata={"description": "the exact words shown or read "
                                             "to them"})


class StorySchema(Schema):
    """What a request carries beyond the assessment, in one body."""

    child = fields.Nested(ChildSchema)
    child_view = _optional_text(4000, metadata={
        "description": "the child's or young person's own view, kept apart from the adult's"})
    agencies_involved = fields.List(Text(validate=validate.Length(min=1, max=200)),
                                    validate=validate.Length(max=20), metadata={
        "description": f"names; the web form offers {', '.join(KNOWN_AGENCIES)}"})
    family_contact = fields.Nested(ContactSchema, metadata={
        "description": "a practitioner's request: the family's contact"})
    support_tried = fields.Nested(SupportTriedSchema)
    consent_details = fields.Nested(ConsentDetailsSchema, metadata={
        "description": "who gave consent, when and how (practitioners)"})
