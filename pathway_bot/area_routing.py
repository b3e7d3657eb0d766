"""Which area a web request is in, decided before Flask sees it.

- Routing by host (PATHWAY_ROUTE_BY_HOST): the host name fixes the area (`southglos.example`),
  and a host no pack names is refused with 421 Misdirected Request, never served as the
  default area. Health checks answer on any host, as load balancers probe by address.
- Otherwise a path prefix may name an area (`/south-gloucestershire/...`): it moves into
  SCRIPT_NAME, so every link the app writes keeps it. Without one, a request is in the home
  area until what it carries says otherwise: its API key, its console account, or its
  conversation (whose postcode may have moved it, see Conversations).

Pure WSGI: the API and the web pages are routed alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from pathway_bot.area.packs import AreaMap

AREA_KEY = "pathway_bot.area"
UNROUTED_PATHS = frozenset({"/livez", "/readyz", "/metrics"})
MISDIRECTED = json.dumps({
    "type": "urn:pathway-bot:problem:misdirected-request",
    "title": "This service does not answer for that host name",
    "status": 421,
    "detail": "No local area is served at this address. Check the address, or find your "
              "council's service at https://www.gov.uk/find-local-council.",
}).encode()


def area_slug(area_id: str) -> str:
    """An area's path prefix: `south_gloucestershire` -> `south-gloucestershire`."""
    return area_id.replace("_", "-")


class AreaRouting:
    def __init__(self, app: Callable, areas: AreaMap, *, by_host: bool):
        self.app = app
        self.areas = areas
        self.by_host = by_host
        self.prefixes = {f"/{area_slug(area_id)}": area_id for area_id in areas.ids}

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if self.by_host:
            return self._by_host(environ, start_response)
        path = environ.get("PATH_INFO") or "/"
        first = path.split("/", 2)[1] if path.startswith("/") else ""
        area_id = self.prefixes.get(f"/{first}") if first else None
        if area_id is not None:
            prefix = f"/{first}"
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
            environ["PATH_INFO"] = path[len(prefix):] or "/"
            environ[AREA_KEY] = area_id
        return self.app(environ, start_response)

    def _by_host(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in UNROUTED_PATHS:
            return self.app(environ, start_response)
        area = self.areas.area_for_host(environ.get("HTTP_HOST") or environ.get("SERVER_NAME")
                                        or "")
        if area is None:
            start_response("421 Misdirected Request",
                           [("Content-Type", "application/problem+json"),
                            ("Content-Length", str(len(MISDIRECTED)))])
            return [MISDIRECTED]
        environ[AREA_KEY] = area.id
        return self.app(environ, start_response)
