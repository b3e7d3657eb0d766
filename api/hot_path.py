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
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from api.problems import FIELDS_NOT_VALID, SEND_JSON, UnreadableBody
from pathway_bot.errors import ValidationFailed


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


def json_body(schema: Schema) -> dict[str, Any]:
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
