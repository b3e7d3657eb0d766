"""Views on the chat's hot path: documented by flask-smorest, but not wrapped by it.

flask-smorest's decorators both document a view and wrap it for every call (webargs
parsing, response dumping, one wrapper per decorator), and on a chat turn the wrappers cost
more than the engine and the database together. A hot view takes only their documentation,
reads its body with `json_body` and returns a ready Response; the same marshmallow schemas
validate the body and describe it in the OpenAPI document, and bad input gets the same
problem answers as everywhere else in the API.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import request
from marshmallow import RAISE, Schema, ValidationError, fields, missing, validate
from werkzeug.exceptions import RequestEntityTooLarge

from api.fields import Storable, Text
from api.problems import FIELDS_NOT_VALID, SEND_JSON, UnreadableBody
from pathway_bot.errors import ValidationFailed
from pathway_bot.storable_text import is_storable


def documented_only(*decorators: Callable) -> Callable:
    """Apply flask-smorest decorators for what they add to the OpenAPI document only.

    Each records its part in the wrapper's `_apidoc`; the view keeps that record and drops
    the wrappers, so documenting an operation costs nothing per call.
    """
    def decorate(view: Callable) -> Callable:
        documented = view
        for decorator in reversed(decorators):
            documented = decorator(documented)
        view._apidoc = documented._apidoc
        return view

    return decorate


class HotSchema:
    """A flat marshmallow schema's `load`, checked without marshmallow's per-call machinery
    when the body is valid as sent.

    On a chat turn, `Schema.load` cost about 23 us for two fields (measured in place over
    whole conversations), a twentieth of the turn. The schema's own rules are compiled once
    into plain checks: `String` and `Text` (with `Length`, `OneOf` and `Storable`), `Raw`
    (with `Storable`), `required`,
    `allow_none` and `load_default`, and unknown fields refused. A body that passes them
    loads to exactly what the schema would give; anything else goes to the schema, so every
    error, and every body these checks do not vouch for, is marshmallow's to answer.
    """

    def __init__(self, schema: Schema):
        if schema.unknown != RAISE or any(schema._hooks.values()):
            raise TypeError(f"{type(schema).__name__}: only flat schemas that refuse unknown "
                            "fields and have no hooks can be checked this way")
        self.schema = schema
        self._fields = tuple((name, _check(name, field), field.required, field.load_default)
                             for name, field in schema.load_fields.items())
        self._names = frozenset(schema.load_fields)

    def load(self, payload: Any) -> dict[str, Any]:
        if type(payload) is not dict or not self._names.issuperset(payload):
            return self.schema.load(payload)
        loaded: dict[str, Any] = {}
        for name, valid, required, default in self._fields:
            if name in payload:
                if not valid(payload[name]):
                    return self.schema.load(payload)
                loaded[name] = payload[name]
            elif required:
                return self.schema.load(payload)
            elif default is not missing:
                loaded[name] = default() if callable(default) else default
        return loaded


def _check(name: str, field: fields.Field) -> Callable[[Any], bool]:
    if field.data_key not in (None, name) or field.attribute not in (None, name):
        raise TypeError(f"{name}: renamed fields are not supported")
    if type(field) not in (fields.Raw, fields.String, Text):
        raise TypeError(f"{name}: {type(field).__name__} fields are not supported")
    is_text = type(field) is not fields.Raw
    if not is_text and any(type(validator) is not Storable for validator in field.validators):
        raise TypeError(f"{name}: a Raw field may only be checked as Storable")
    rules = [_rule(name, validator) for validator in field.validators]

    def valid(value: Any) -> bool:
        if value is None:
            return field.allow_none
        return (isinstance(value, str) or not is_text) and all(rule(value) for rule in rules)

    return valid


def _rule(name: str, validator: Any) -> Callable[[str], bool]:
    if type(validator) is validate.Length:
        low, high, equal = validator.min, validator.max, validator.equal
        if equal is not None:
            return lambda value: len(value) == equal
        return lambda value: (low is None or len(value) >= low) and (
            high is None or len(value) <= high)
    if type(validator) is validate.OneOf:
        choices = frozenset(validator.choices)
        return lambda value: value in choices
    if type(validator) is Storable:
        return is_storable
    raise TypeError(f"{name}: the {type(validator).__name__} validator is not supported")


def json_body(schema: HotSchema) -> dict[str, Any]:
    """The request's JSON body loaded by `schema`: 400 if it is not JSON, 422 if it is not
    what the schema asks for. A body sent as another content type counts as no fields."""
    payload: Any = {}
    if request.is_json:
        try:
            payload = json.loads(_body())
        except ValueError:
            raise UnreadableBody(SEND_JSON, errors={"json": ["Invalid JSON body."]}) from None
    try:
        return schema.load(payload)
    except ValidationError as invalid:
        raise ValidationFailed(FIELDS_NOT_VALID, errors=_as_dict(invalid.messages)) from None


def _body() -> bytes:
    """The request body. Sent with a Content-Length, as every chat client sends it, it is read
    in one call from the server's stream once the length is within MAX_CONTENT_LENGTH:
    werkzeug's stream wrappers cost as much again as parsing the JSON."""
    length = request.content_length
    if length is None:
        return request.get_data(cache=False)
    limit = request.max_content_length
    if limit is not None and length > limit:
        raise RequestEntityTooLarge()
    return request.input_stream.read(length)


def _as_dict(messages: Any) -> dict:
    return messages if isinstance(messages, dict) else {"_schema": messages}
