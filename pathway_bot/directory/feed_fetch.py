"""Fetch an Open Referral UK feed from a web address, every page of it.

`pathway-bot services import URL` reads a live directory's `/services` (ORUK 3.0 pages carry
`total_pages` and items in `contents`; ORUK 1.0 pages `totalPages` and `content`), asking for
`page=2`, `page=3`, ... until the last, and hands the items on as one page. Bounded: a feed
that never ends, answers with something that is not JSON, or is too large is refused whole.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from pathway_bot.directory.importing import FeedRejected

MAX_PAGES = 1000
MAX_PAGE_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 30


def is_web_address(location: str) -> bool:
    return urllib.parse.urlsplit(location).scheme in ("http", "https")


def fetch_feed(url: str) -> dict:
    """Every page of the feed at `url`, as one page of the same ORUK version."""
    first = _get_json(url)
    if not isinstance(first, dict):
        return {"contents": first} if isinstance(first, list) else first
    key = "content" if "content" in first else "contents"
    pages = first.get("totalPages") if key == "content" else first.get("total_pages")
    items = list(first.get(key) or [])
    total = pages if isinstance(pages, int) and pages > 0 else 1
    if total > MAX_PAGES:
        raise FeedRejected(f"The feed has {total} pages; at most {MAX_PAGES} are read.",
                           errors={"feed": [f"pages: {total} is more than {MAX_PAGES}"]})
    start = _first_page_number(first, key)
    for number in range(start + 1, start + total):
        page = _get_json(_with_page(url, number))
        more = page.get(key) if isinstance(page, dict) else None
        if not isinstance(more, list):
            raise FeedRejected(f"Page {number} of the feed has no {key!r} list.",
                               errors={"feed": [f"page {number}: no {key} list"]})
        items += more
    return {**{k: v for k, v in first.items() if k != key}, key: items}


def _first_page_number(page: dict, key: str) -> int:
    # ORUK 3.0 counts pages from 1; ORUK 1.0 (Spring's paging) from 0.
    number = page.get("number" if key == "content" else "page_number")
    return number if isinstance(number, int) else (0 if key == "content" else 1)


def _with_page(url: str, number: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "page"]
    query.append(("page", str(number)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _get_json(url: str) -> object:
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "pathway-bot"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise FeedRejected(f"The feed could not be fetched: {error.__class__.__name__}",
                           errors={"feed": [f"{url}: could not be fetched ({error})"]}
                           ) from error
    if len(body) > MAX_PAGE_BYTES:
        raise FeedRejected("A page of the feed is too large.",
                           errors={"feed": [f"{url}: over {MAX_PAGE_BYTES} bytes"]})
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FeedRejected("The feed is not valid JSON.",
                           errors={"feed": [f"{url}: not valid JSON ({error})"]}) from error
