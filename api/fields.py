"""Fields every request body and query string uses, so one text rule holds everywhere."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from pathway_bot.storable_text import UNSTORABLE_TEXT, is_storable


class Storable(validate.Validator):
    """Refuses a value holding text no database can store (see `storable_text`)."""

    error = UNSTORABLE_TEXT

    def __call__(self, value: Any) -> Any:
        if not is_storable(value):
            raise ValidationError(self.error)
        return value


# The text rule as the OpenAPI document can state it: no NUL. (A lone surrogate, sent as a
# JSON escape, has no pattern that JSON Schema's validators agree on; it is refused all
# the same, with the same 422.)
STORABLE_PATTERN = "^[^\\u0000]*$"


class _StorableField(fields.Field):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators.insert(0, Storable())
        self.metadata = {"pattern": STORABLE_PATTERN, **self.metadata}


class Text(_StorableField, fields.String):
    """A string that can be stored as sent: no NUL character, no lone surrogate."""


class Email(_StorableField, fields.Email):
    """An email address that can be stored as sent."""


class JsonBoolean(fields.Boolean):
    """Only JSON true or false. fields.Boolean also takes "yes", "1" and 1, and even with
    truthy={True} it takes 1 and 0, which Python counts equal to True and False: consent
    given must be said as true."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value
