"""A corpus of hostile inputs against every endpoint: bodies that cannot be read (10 MB, bad
UTF-8, deep nesting, not an object), wrong types and untextable text (NUL, lone surrogates)
in every field, injection strings in every id, query and structured field, and other
people's tokens and keys. Each must get a clear 4xx application/problem+json answer, and the
database must be exactly as it was."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest

from tests.api.helpers import PROBLEM
from tests.api.test_conversation_requests_api import CONTACT
from tests.api.test_requests_api import practitioner_body
from tests.hostile.conftest import CASES_SENT, Cast, database_fingerprint
from tests.requests_factories import eligible_profile

TEN_MB = 10 * 1024 * 1024
INJECTIONS = (
    "' OR '1'='1' --", "1; DROP TABLE support_request; --", "\" OR \"\"=\"",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "{{7*7}}", "${jndi:ldap://127.0.0.1/x}", "../../../../etc/passwd", "..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "\u202eevil", "a" * 5000,
)
UNTEXTABLE = ("nul\u0000here", "\ud800", "lone \udfff low", "\u0000")

pytestmark = pytest.mark.hostile


@dataclass(frozen=True)
class Endpoint:
    """One operation, the credentials it takes, and a body it would accept."""

    method: str
    path: str  # {conversation}, {request} and {district} are filled in from the cast
    caller: str  # whose credentials: family, other_family, coordinator, practitioner, none
    body: dict | None = None
    # Fields whose values are a person's own words: any text is a valid value there, so
    # injection strings go in only with someone else's credentials.
    free_text: frozenset[str] = field(default_factory=frozenset)
    queries: tuple[str, ...] = ()  # query parameters whose values are checked
    body_optional: bool = False  # no body at all is a valid request

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


LEAD = {"name": "A. Teacher", "role": "SENCo", "organisation": "School", "email": "a@example.org"}
ENDPOINTS = (
    Endpoint("POST", "/api/v1/conversations", "none", {"flow": "family", "locale": "en"}),
    Endpoint("GET", "/api/v1/conversations/{conversation}", "other_family"),
    Endpoint("PATCH", "/api/v1/conversations/{conversation}", "other_family", {"locale": "cy"}),
    Endpoint("DELETE", "/api/v1/conversations/{conversation}", "other_family"),
    Endpoint("POST", "/api/v1/conversations/{conversation}/answers", "other_family",
             {"question": "harm", "answer": False}),
    Endpoint("POST", "/api/v1/conversations/{conversation}/back", "other_family"),
    Endpoint("POST", "/api/v1/conversations/{conversation}/harm", "other_family"),
    Endpoint("POST", "/api/v1/conversations/{conversation}/restart", "other_family"),
    Endpoint("GET", "/api/v1/conversations/{conversation}/outcome", "family"),
    Endpoint("POST", "/api/v1/conversations/{conversation}/request-for-support", "family",
             {"contact": CONTACT, "consent": True},
             frozenset({"contact.name", "contact.own_words", "contact.preferred_language"})),
    Endpoint("GET", "/api/v1/conversations/{conversation}/request-for-support", "family",
             queries=("reference",)),
    Endpoint("DELETE", "/api/v1/conversations/{conversation}/request-for-support", "family"),
    Endpoint("POST", "/api/v1/assessments", "none", eligible_profile()),
    Endpoint("GET", "/api/v1/services", "none", queries=("age", "tier", "per_page")),
    Endpoint("GET", "/api/v1/services/{request}", "none"),
    Endpoint("POST", "/api/v1/requests", "practitioner", practitioner_body(),
             frozenset({"summary", "lead_professional.name", "lead_professional.role",
                        "lead_professional.organisation"})),
    Endpoint("GET", "/api/v1/requests", "coordinator", queries=("status", "page", "per_page")),
    Endpoint("POST", "/api/v1/requests/pull", "coordinator"),
    Endpoint("GET", "/api/v1/requests/{request}", "coordinator"),
    Endpoint("GET", "/api/v1/requests/{request}/history", "coordinator"),
    Endpoint("POST", "/api/v1/requests/{request}/claim", "coordinator"),
    Endpoint("POST", "/api/v1/requests/{request}/allocate", "coordinator",
             {"to": "Stroud Early Help", "lead_professional": LEAD, "note": "Agreed"},
             frozenset({"to", "note", "lead_professional.name", "lead_professional.role",
                        "lead_professional.organisation"})),
    Endpoint("POST", "/api/v1/requests/{request}/decline", "coordinator",
             {"reason": "Met by school", "signposted_to": "The Local Offer"},
             frozenset({"reason", "signposted_to"})),
    Endpoint("POST", "/api/v1/requests/{request}/release", "coordinator", {"note": "Back"},
             frozenset({"note"}), body_optional=True),
    Endpoint("GET", "/api/v1/districts/{district}/meetings/next", "coordinator",
             queries=("format",)),
)
WITH_BODIES = tuple(endpoint for endpoint in ENDPOINTS if endpoint.body is not None)
WITH_IDS = tuple(endpoint for endpoint in ENDPOINTS if "{" in endpoint.path)
SECURED = tuple(endpoint for endpoint in ENDPOINTS if endpoint.caller != "none")
WITH_QUERIES = tuple(endpoint for endpoint in ENDPOINTS if endpoint.queries)


@dataclass(frozen=True)
class Attack:
    what: str
    path: str
    headers: dict
    raw: bytes | None = None  # a body sent as it is, not as JSON
    body: Any = None
    query: str | None = None


def url(endpoint: Endpoint, cast: Cast, **ids: str) -> str:
    chat = cast.family if endpoint.caller == "family" else cast.other_family
    filled = {"conversation": chat.id, "request": cast.held_request, "district": "stroud"}
    filled.update(ids)
    return endpoint.path.format(**filled)


def credentials(caller: str, cast: Cast) -> dict[str, str]:
    secrets = {"family": cast.family.token, "other_family": cast.other_family.token,
               "coordinator": cast.coordinator, "practitioner": cast.practitioner}
    headers = {"Idempotency-Key": "hostile-key"}
    return {**headers, **cast.bearer(secrets[caller])} if caller in secrets else headers


def leaves(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every field of a body, nested ones by dotted name, objects included."""
    if isinstance(value, dict):
        for name, inner in value.items():
            dotted = f"{prefix}{name}"
            yield dotted, inner
            yield from leaves(inner, f"{dotted}.")


def replaced(body: dict, dotted: str, value: Any) -> dict:
    copy = json.loads(json.dumps(body))
    *parents, last = dotted.split(".")
    target = copy
    for parent in parents:
        target = target[parent]
    target[last] = value
    return copy


def wrong_types(value: Any) -> tuple[Any, ...]:
    if isinstance(value, bool):  # not None: a yes or no may be "not known"
        return ("true", 1, 0, [], {})
    if isinstance(value, int | float):
        return ("9", "nine", True, [], {}, 1e308, -(2 ** 70))
    if isinstance(value, str):
        return (123, 1.5, True, [], {"nested": "object"}, ["a", "list"])
    if isinstance(value, dict):
        return ("text", 1, True, [], [value])
    return ("text", 1, {}, [[[]]])


# ---- the attacks, by kind -------------------------------------------------------------------


def unreadable_bodies(endpoint: Endpoint, cast: Cast) -> Iterator[Attack]:
    path, headers = url(endpoint, cast), credentials(endpoint.caller, cast)
    json_headers = {**headers, "Content-Type": "application/json"}
    for what, raw in (("10 MB", b'{"x": "' + b"a" * TEN_MB + b'"}'),
                      ("invalid UTF-8", b'{"locale": "\xff\xfe\xc3\x28"}'),
                      ("deep nesting", b"[" * 100_000 + b"]" * 100_000),
                      ("deep objects", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
                      ("not JSON", b"{'flow': 'family',}"), ("truncated", b'{"flow": "fam'),
                      ("empty", b""), ("NUL bytes", b"\x00" * 64)):
        if not (raw == b"" and endpoint.body_optional):
            yield Attack(what, path, json_headers, raw=raw)
    for what, body in (("an array", [endpoint.body]), ("a string", "body"), ("a number", 7),
                       ("true", True)):
        yield Attack(what, path, headers, body=body)
    if not endpoint.body_optional:  # flask-smorest reads JSON null as no body
        yield Attack("null", path, json_headers, raw=b"null")


def bad_fields(endpoint: Endpoint, cast: Cast) -> Iterator[Attack]:
    path, headers = url(endpoint, cast), credentials(endpoint.caller, cast)
    assert endpoint.body is not None
    for dotted, value in leaves(endpoint.body):
        for wrong in wrong_types(value):
            yield Attack(f"{dotted}={wrong!r:.40}", path, headers,
                         body=replaced(endpoint.body, dotted, wrong))
        texts = UNTEXTABLE if dotted in endpoint.free_text else UNTEXTABLE + INJECTIONS
        if isinstance(value, str) or not isinstance(value, dict | list):
            for text in texts:
                yield Attack(f"{dotted}={text!r:.40}", path, headers,
                             body=replaced(endpoint.body, dotted, text))
    yield Attack("an unknown field", path, headers, body={**endpoint.body, "admin": True})


def hostile_ids(endpoint: Endpoint, cast: Cast) -> Iterator[Attack]:
    headers = credentials(endpoint.caller, cast)
    for text in (*INJECTIONS[:12], "%00", "%ED%A0%80", "..", "."):
        hostile = text if text.startswith("%") else quote(text, safe="")
        for name in ("conversation", "request", "district"):
            if "{" + name + "}" in endpoint.path:
                yield Attack(f"{name} id {text!r:.40}", url(endpoint, cast, **{name: hostile}),
                             headers, body=endpoint.body)


def hostile_queries(endpoint: Endpoint, cast: Cast) -> Iterator[Attack]:
    path, headers = url(endpoint, cast), credentials(endpoint.caller, cast)
    for name in endpoint.queries:
        for text in (*UNTEXTABLE, *INJECTIONS, "-1", "1e9", "[]"):
            yield Attack(f"?{name}={text!r:.40}", path, headers, query=f"{name}={escaped(text)}")


def escaped(text: str) -> str:
    """Percent-encoded as sent on the wire; a lone surrogate as its (invalid) UTF-8 bytes."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def other_peoples_credentials(endpoint: Endpoint, cast: Cast) -> Iterator[Attack]:
    path = url(endpoint, cast)
    family_owned = endpoint.caller in ("family", "other_family")
    intruders = {
        "another family's token": cast.family.token if endpoint.caller == "other_family"
        else cast.other_family.token,
        "a revoked key": cast.revoked, "a coordinator key": cast.coordinator,
        "a practitioner key": cast.practitioner, "another district's key": cast.other_coordinator,
        "a token as a key": cast.family.token, "no credentials": None,
    }
    for what, secret in intruders.items():
        if secret == credentials(endpoint.caller, cast).get("Authorization", "")[7:]:
            continue  # the caller's own
        if family_owned and what == "a token as a key":
            continue
        if what == "another district's key" and "{" not in endpoint.path:
            continue  # the queue and pulls are every coordinator's own: no one else's to reach
        headers = {"Idempotency-Key": "intruder"}
        if secret:
            headers.update(cast.bearer(secret))
        body = endpoint.body
        if body is not None and endpoint.free_text:
            # The person's own words fields carry the injection strings here.
            for dotted in endpoint.free_text:
                body = replaced(body, dotted, INJECTIONS[0] + INJECTIONS[3])
        yield Attack(what, path, headers, body=body)


ATTACKS: dict[str, tuple[Callable[[Endpoint, Cast], Iterator[Attack]], tuple]] = {
    "unreadable bodies": (unreadable_bodies, WITH_BODIES),
    "bad fields": (bad_fields, WITH_BODIES),
    "hostile ids": (hostile_ids, WITH_IDS),
    "hostile queries": (hostile_queries, WITH_QUERIES),
    "other people's credentials": (other_peoples_credentials, SECURED),
}
CASES = [pytest.param(kind, endpoint, id=f"{kind}: {endpoint.name}")
         for kind, (_, endpoints) in ATTACKS.items() for endpoint in endpoints]


def send(client, endpoint: Endpoint, attack: Attack):
    if attack.raw is not None:
        return client.open(attack.path, method=endpoint.method, data=attack.raw,
                           headers=attack.headers, query_string=attack.query)
    if attack.body is None and endpoint.body is None:
        return client.open(attack.path, method=endpoint.method, headers=attack.headers,
                           query_string=attack.query)
    return client.open(attack.path, method=endpoint.method, headers=attack.headers,
                       data=json.dumps(attack.body), content_type="application/json",
                       query_string=attack.query)


def refusal_problem(response) -> str | None:
    """What is wrong with the answer to an attack, or None if it is a clear 4xx problem."""
    if not 400 <= response.status_code < 500:
        return f"status {response.status_code}"
    if response.content_type != PROBLEM:
        return f"content type {response.content_type}"
    problem = response.get_json()
    if not (problem and problem.get("status") == response.status_code and problem.get("title")
            and problem.get("type")):
        return f"not a problem: {response.get_data(as_text=True)[:200]}"
    return None


@pytest.mark.timeout(300)
@pytest.mark.parametrize("kind, endpoint", CASES)
def test_each_attack_is_a_clear_4xx_problem_and_changes_nothing(kind, endpoint, cast,
                                                                 hostile_client,
                                                                 hostile_runtime):
    make_attacks, _ = ATTACKS[kind]
    before = database_fingerprint(hostile_runtime)
    wrong = []
    for attack in make_attacks(endpoint, cast):
        response = send(hostile_client, endpoint, attack)
        CASES_SENT[kind] += 1
        if (complaint := refusal_problem(response)) is not None:
            wrong.append(f"{attack.what}: {complaint}")
    assert wrong == []
    assert database_fingerprint(hostile_runtime) == before
