"""The chat's bodies checked without marshmallow's per-call machinery load exactly as the
schemas load them, and every body they do not vouch for gets the schema's own answer."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate

from api.conversations.schemas import AnswerSchema, ConversationCreateSchema
from api.hot_path import HotSchema


class _Strict(Schema):
    """Every rule the chat's schemas leave at its default, the other way round."""

    value = fields.Raw(required=True)
    code = fields.String(allow_none=True, validate=validate.Length(equal=2))


FLOWS = ("family", "practitioner", "young_person")
SCHEMAS = (AnswerSchema(), ConversationCreateSchema.for_flows(FLOWS), _Strict())
# Strings at and either side of each length limit, the choices, and every other JSON type.
EDGES = ["", "a", "en", "cy", "family", "young_person", "Family", "x" * 12, "x" * 13,
         "q" * 80, "q" * 81, "nul\x00", "\ud800", ["\x00"], {"\ud800": 1}]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=90) | st.sampled_from(EDGES),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=5)


def _bodies(schema):
    """Any of the schema's fields, sometimes an unknown one, and sometimes not an object."""
    known = st.fixed_dictionaries({}, optional={name: VALUES for name in schema.load_fields})
    unknown = st.dictionaries(st.sampled_from(["other", "Question"]), VALUES, max_size=1)
    return st.builds(lambda fields, extra: {**fields, **extra}, known, unknown) | VALUES


ABSENT = object()
SAMPLES = [*EDGES, None, 7, 7.5, True, [], ["a"], {}, {"a": 1}]


def _every_boundary_body(schema):
    """Each field absent or holding each sample, with and without an unknown field."""
    names = list(schema.load_fields)
    for values in product([ABSENT, *SAMPLES], repeat=len(names)):
        body = {name: value for name, value in zip(names, values, strict=True)
                if value is not ABSENT}
        yield body
        yield {**body, "other": "x"}


def _outcome(load, body):
    try:
        return "loaded", load(body)
    except ValidationError as refused:
        return "refused", refused.messages


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: type(s).__name__)
def test_bodies_at_every_boundary_load_or_are_refused_exactly_as_the_schema_does(schema):
    hot = HotSchema(schema)
    for body in _every_boundary_body(schema):
        assert _outcome(hot.load, body) == _outcome(schema.load, body), body


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: type(s).__name__)
@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_every_body_loads_or_is_refused_exactly_as_the_schema_does(schema, data):
    body = data.draw(_bodies(schema))
    assert _outcome(HotSchema(schema).load, body) == _outcome(schema.load, body)


@pytest.mark.parametrize("body", [
    {"question": "age", "answer": 7},
    {"question": "worries", "answer": ["sleep", "speech"]},
    {"question": "postcode", "answer": None},
])
def test_a_valid_answer_is_loaded_without_the_schema(body, monkeypatch):
    hot = HotSchema(AnswerSchema())
    monkeypatch.setattr(hot.schema, "load", lambda _body: pytest.fail("went to the schema"))
    assert hot.load(body) == body


def test_a_missing_language_takes_the_schema_default():
    assert HotSchema(ConversationCreateSchema.for_flows(FLOWS)).load({"flow": "family"}) == {
        "flow": "family", "locale": "en", "area": None}


class _Renamed(Schema):
    name = fields.String(data_key="full_name")


class _Hooked(Schema):
    name = fields.String()

    @post_load
    def shout(self, data, **_kwargs):
        return {key: value.upper() for key, value in data.items()}


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String()


class _Emailed(Schema):
    email = fields.String(validate=validate.Email())


@pytest.mark.parametrize("schema", [_Renamed(), _Hooked(), _Lenient(), _Emailed(),
                                    ConversationCreateSchema(only=("flow",), unknown=EXCLUDE)])
def test_a_schema_whose_rules_it_does_not_know_is_refused_when_the_app_starts(schema):
    with pytest.raises(TypeError):
        HotSchema(schema)
