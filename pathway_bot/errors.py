"""Domain errors. Each has a stable code; `api/problems.py` maps them to HTTP problems."""

from __future__ import annotations


class PathwayError(Exception):
    """Base for every error a person or a client system can cause."""

    code = "pathway_error"
    status = 400
    title = "Something was wrong with the request"

    def __init__(self, detail: str, *, errors: dict | None = None, extra: dict | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or {}
        self.extra = extra or {}


class InvalidAnswer(PathwayError):
    """An answer that does not fit its question. Nothing changes."""

    code = "invalid_answer"
    status = 422
    title = "That answer could not be accepted"

    def __init__(self, question_id: str, reason: str, *, message_id: str | None = None,
                 params: dict | None = None):
        super().__init__(f"{question_id}: {reason}", errors={question_id: [reason]})
        self.question_id = question_id
        self.reason = reason
        # The message a person sees, rendered in their language by the transport.
        self.message_id = message_id or "error.invalid_answer"
        self.params = params or {}


class OutOfAreaAnswer(InvalidAnswer):
    """A postcode answer in none of the areas served (422 `out-of-area`)."""

    code = "out-of-area"
    title = "That postcode is outside the areas this service covers"


class NotCurrentQuestion(PathwayError):
    code = "not_current_question"
    status = 409
    title = "That is not the question being asked now"


class ConversationFinished(PathwayError):
    code = "conversation_finished"
    status = 409
    title = "This conversation has already reached its outcome"


class NothingToGoBackTo(PathwayError):
    code = "nothing_to_go_back_to"
    status = 409
    title = "This is the first question"


class NotFound(PathwayError):
    code = "not_found"
    status = 404
    title = "Not found"


class CredentialsRefused:
    """Marks the errors that mean the credentials presented were wrong: an API key, a
    conversation token, a request reference. The transports count them per client and refuse
    a client that keeps guessing; the domain only says which failures they are."""


class NoMatchForCredentials(CredentialsRefused, NotFound):
    """A wrong secret and a missing thing look the same, so that existence is never revealed:
    this is the not-found of an id with its secret."""


class UnknownQuestion(NotFound):
    code = "unknown_question"
    title = "This flow has no such question"


class Conflict(PathwayError):
    code = "conflict"
    status = 409
    title = "That cannot be done in the current state"


class ValidationFailed(PathwayError):
    code = "validation_failed"
    status = 422
    title = "The request did not pass validation"


class OutOfArea(ValidationFailed):
    """A postcode in none of the areas served: the person is pointed to their own council."""

    code = "out-of-area"
    title = "That postcode is outside the areas this service covers"

    def __init__(self, detail: str, *, field: str, find_your_council_url: str):
        super().__init__(detail, errors={field: [detail]},
                         extra={"find_your_council_url": find_your_council_url})


class NotEligible(PathwayError):
    code = "not_eligible"
    status = 422
    title = "A request for support cannot be raised for this outcome"


class Unauthorised(CredentialsRefused, PathwayError):
    code = "unauthorised"
    status = 401
    title = "A valid key is needed"


class IdempotencyKeyReused(PathwayError):
    code = "idempotency_key_reused"
    status = 422
    title = "This Idempotency-Key was used for a different request"


class TooManyFailedAttempts(PathwayError):
    code = "too_many_failed_attempts"
    status = 429
    title = "Too many attempts with wrong credentials"

    def __init__(self, detail: str, *, retry_after_seconds: int):
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


class Forbidden(PathwayError):
    code = "forbidden"
    status = 403
    title = "This key may not do that"


class FlowError(Exception):
    """A flow or rules file that cannot be used. The message says how to fix it."""
