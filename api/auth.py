"""Reading credentials from the Authorization header, before anything else in the request.

A caller without credentials learns nothing about what a valid body looks like: every
secured view checks them (401/403) before its body or query is read (422).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import request

from pathway_bot.conversations.tokens import looks_like_token
from pathway_bot.errors import Unauthorised

SEND_TOKEN = "Send the token as 'Authorization: Bearer <token>'."


def bearer_token(required: bool = True) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        if required:
            raise Unauthorised(SEND_TOKEN)
        return None
    return credentials.strip()


def conversation_token() -> str:
    """The conversation token sent: 401 if there is none, or it is not shaped like one.
    Whether it is the conversation's is for the service to say, in the same read as the
    conversation itself (see Conversations._find)."""
    token = bearer_token()
    assert token is not None
    if not looks_like_token(token):
        raise Unauthorised(SEND_TOKEN)
    return token


def token_first(view: Callable) -> Callable:
    """For a view whose body or query flask-smorest reads before it runs: the token's
    presence and shape are checked first. Put it just under the route decorator."""
    @functools.wraps(view)
    def checked(*args, **kwargs):
        conversation_token()
        return view(*args, **kwargs)

    return checked
