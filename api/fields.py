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


class _StorableField(fields.Field):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators.insert(0, Storable())


class Text(_StorableField, fields.String):
    """A string that can be stored as sent: no NUL character, no lone surrogate."""


class Email(_StorableField, fields.Email):
    """An email address that can be stored as sent."""
