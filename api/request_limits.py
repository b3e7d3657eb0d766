"""Requests too large to serve are refused as problems before any view runs.

gunicorn refuses a request line over 4094 bytes (414) and a header field over 8190 bytes or
past 100 fields (431) itself, as HTML. The application's own limits sit below those, so a
long URL or a heavy set of headers gets the same application/problem+json answer as every
other error; only requests past gunicorn's limits still get gunicorn's page (see README).

A body sent in chunks has no Content-Length for MAX_CONTENT_LENGTH to be checked against,
and werkzeug then cuts it at the limit without a word, which reads as broken JSON. Such a
body is read here, up to one byte past the limit: over it is a 413; within it, the request
goes on as if it had been sent with its length.
"""

from __future__ import annotations

import io

from flask import Flask, request
from werkzeug.exceptions import (
    RequestEntityTooLarge,
    RequestHeaderFieldsTooLarge,
    RequestURITooLarge,
)

MAX_URL_BYTES = 2 * 1024
MAX_HEADER_BYTES = 8 * 1024


def refuse_oversized_requests() -> None:
    environ = request.environ
    if _url_bytes(environ) > MAX_URL_BYTES:
        raise RequestURITooLarge(f"Use a URL of at most {MAX_URL_BYTES} bytes.")
    if _header_bytes(environ) > MAX_HEADER_BYTES:
        raise RequestHeaderFieldsTooLarge(
            f"Send at most {MAX_HEADER_BYTES} bytes of headers in all.")
    if _is_chunked(environ):
        _read_chunked_body(environ, request.max_content_length)


def _url_bytes(environ: dict) -> int:
    # gunicorn passes the URL as sent; otherwise rebuild it (WSGI strings are latin-1 bytes).
    raw = environ.get("RAW_URI")
    if raw is not None:
        return len(raw)
    query = environ.get("QUERY_STRING", "")
    return len(environ.get("SCRIPT_NAME", "")) + len(environ.get("PATH_INFO", "")) + (
        len(query) + 1 if query else 0)


def _header_bytes(environ: dict) -> int:
    # Each header as "Name: value\r\n"; the name's "HTTP_" prefix stands in for ": \r\n".
    return sum(len(key) + len(value) for key, value in environ.items()
               if key.startswith("HTTP_") and isinstance(value, str)) + len(
        environ.get("CONTENT_TYPE", "")) + len(environ.get("CONTENT_LENGTH", ""))


def _is_chunked(environ: dict) -> bool:
    return "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()


def _read_chunked_body(environ: dict, limit: int | None) -> None:
    if limit is None or "wsgi.input_terminated" not in environ:
        return  # no limit to keep, or a server that does not end the stream: leave it be
    body = environ["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        raise RequestEntityTooLarge(f"Send a body of at most {limit} bytes.")
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    del environ["HTTP_TRANSFER_ENCODING"]


def init_request_limits(app: Flask) -> None:
    # Before every other check: the limiter and CSRF run after, on a request already bounded.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_oversized_requests)
