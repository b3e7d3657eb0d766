"""A thin WSGI middleware: a request id, one JSON log line per request, request metrics.

A Flask before/after-request hook doing this costs a chat turn 10-15% more server CPU; this
costs a few microseconds: the id is nginx's `X-Request-Id` when it sends a safe one, else a
per-process prefix and a counter; the route is the rule Flask matched (recorded by
`RoutedRequest` as it is set, no extra work); the line is one pre-built format string.

Never personal data: the route template (`/api/v1/conversations/<conversation_id>/answers`),
never the path, query string, body, token, reference or postcode.
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Request

REQUEST_ID = "pathway.request_id"
ROUTE = "pathway.route"
UNMATCHED = "unmatched"
HSTS = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")

# What a forwarded id may look like: nginx's $request_id is 32 hex digits.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}").fullmatch
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Every field is ours or checked above, so nothing needs escaping.
_LINE = ('{"time":"%s.%03dZ","level":"info","event":"request","method":"%s","route":"%s",'
         '"status":%d,"duration_ms":%.2f,"request_id":"%s"}\n')

Observe = Callable[[str, str, int, float], None]


class RoutedRequest(Request):
    """Flask's request, which also leaves the matched rule in the WSGI environ, where the
    middleware reads it after the request context has gone."""

    @property  # type: ignore[override]
    def url_rule(self):
        return self.__dict__.get("_url_rule")

    @url_rule.setter
    def url_rule(self, rule) -> None:
        self.__dict__["_url_rule"] = rule
        if rule is not None:
            self.environ[ROUTE] = rule.rule


class RequestIds:
    """`<8 hex digits of this process>-<counter>`: unique across processes and restarts,
    without the cost of a uuid4 per request."""

    def __init__(self) -> None:
        self._fresh()
        os.register_at_fork(after_in_child=self._fresh)

    def _fresh(self) -> None:
        self._prefix = secrets.token_hex(4) + "-"
        self._counter = itertools.count(1)

    def __call__(self, forwarded: str | None) -> str:
        if forwarded is not None and _SAFE_ID(forwarded):
            return forwarded
        return f"{self._prefix}{next(self._counter):x}"


def write_to_stderr(line: str) -> None:
    # One write(2) per line: lines from several workers sharing stderr never interleave.
    os.write(2, line.encode())


class RequestLog:
    def __init__(self, app: Callable, *, observe: Observe | None = None,
                 write: Callable[[str], None] | None = write_to_stderr,
                 hsts: bool = False) -> None:
        self.app = app
        self.observe = observe
        self.write = write
        self.ids = RequestIds()
        self.extra_headers = [HSTS] if hsts else []

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        request_id = environ[REQUEST_ID] = self.ids(environ.get("HTTP_X_REQUEST_ID"))
        seen: list[Any] = ["500"]
        extra = [("X-Request-Id", request_id), *self.extra_headers]

        def start(status: str, headers: list, exc_info: Any = None) -> Callable:
            seen[0] = status
            headers.extend(extra)
            return start_response(status, headers, exc_info)

        body = self.app(environ, start)
        self._record(environ, int(seen[0][:3]), time.perf_counter() - started, request_id)
        return body

    def _record(self, environ: dict, status: int, duration: float, request_id: str) -> None:
        method = environ.get("REQUEST_METHOD", "")
        if method not in _METHODS:
            method = "OTHER"
        route = environ.get(ROUTE, UNMATCHED)
        if self.observe is not None:
            self.observe(method, route, status, duration)
        if self.write is not None:
            now = time.time()
            self.write(_LINE % (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)),
                                int(now % 1 * 1000), method, route, status,
                                duration * 1000, request_id))


def request_id_of(environ: dict) -> str | None:
    return environ.get(REQUEST_ID)
