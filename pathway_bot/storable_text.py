"""One rule for every piece of text a person or a system sends: it must be storable as sent.

PostgreSQL text cannot hold a NUL character, and a lone UTF-16 surrogate ("\\ud800") cannot
be encoded as UTF-8 by any database driver. Both arrive easily in JSON ("\\u0000") or a URL
("%00"), and both used to fail only when written, as a 500 — or later, when an answer
stored safely inside a JSON snapshot was copied as text into a request for support.
"""

from __future__ import annotations

import re
from typing import Any

UNSTORABLE_TEXT = "Text must not contain NUL characters or unpaired surrogates."
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def is_storable_text(text: str) -> bool:
    return _UNSTORABLE.search(text) is None


def is_storable(value: Any) -> bool:
    """Every string in a JSON value, keys included, is storable text."""
    if isinstance(value, str):
        return is_storable_text(value)
    if isinstance(value, list):
        return all(is_storable(item) for item in value)
    if isinstance(value, dict):
        return all(is_storable(key) and is_storable(item) for key, item in value.items())
    return True
