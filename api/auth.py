"""Reading credentials from the Authorization header."""

from __future__ import annotations

from flask import request

from pathway_bot.errors import Unauthorised


def bearer_token(required: bool = True) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        if required:
            raise Unauthorised("Send the token as 'Authorization: Bearer <token>'.")
        return None
    return credentials.strip()
