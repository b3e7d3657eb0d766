"""The flows a conversation may start in are the ones the app loaded.

The body of `POST /api/v1/conversations` is checked by a schema made for those flows when the
app is built: it refuses any other flow, and the OpenAPI document lists them.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, current_app
from flask_smorest import Api

from api.conversations.schemas import ConversationCreateSchema
from api.hot_path import HotSchema

START_SCHEMA = "api.conversation_start"


def init_conversation_flows(app: Flask, rest: Api, flow_names: Iterable[str],
                            area_ids: Iterable[str] = ()) -> None:
    schema = ConversationCreateSchema.for_flows(flow_names, area_ids)
    # Registered before the blueprint that refers to ConversationCreateSchema, so the
    # document describes it by this instance, with the flows.
    rest.spec.components.schema("ConversationCreate", schema=schema)
    app.extensions[START_SCHEMA] = HotSchema(schema)


def start_schema() -> HotSchema:
    """The app's schema for starting a conversation."""
    return current_app.extensions[START_SCHEMA]
