"""Prometheus metrics: cheap counters on the request path, the database read at scrape time.

Under gunicorn each worker is its own process: `pathway-bot serve` points
PROMETHEUS_MULTIPROC_DIR at an emptied folder before the workers start, each worker writes
its counters there, a scrape adds them up (`MultiProcessCollector`), and `child_exit` marks a
worker's files dead when it exits (`gunicorn_hooks`). Without that folder (one process, a
test), the counters live in this process's own registry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.core import GaugeMetricFamily

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class RequestMetrics:
    """The process's counters, each labelled child looked up once and kept."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter("pathway_http_requests", "HTTP requests by route and status",
                                ["method", "route", "status"], registry=registry)
        self.latency = Histogram("pathway_http_request_duration_seconds",
                                 "Time to answer a request, by route", ["route"],
                                 buckets=LATENCY_BUCKETS, registry=registry)
        self.started = Counter("pathway_conversations_started",
                               "Conversations started, by flow", ["flow"], registry=registry)
        self.finished = Counter("pathway_conversations_finished",
                                "Conversations that reached their outcome, by flow", ["flow"],
                                registry=registry)
        self._counted: dict[tuple[str, str, int], Any] = {}
        self._timed: dict[str, Any] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        counted = self._counted.get(key)
        if counted is None:
            counted = self._counted[key] = self.requests.labels(method, route, str(status))
        counted.inc()
        timed = self._timed.get(route)
        if timed is None:
            timed = self._timed[route] = self.latency.labels(route)
        timed.observe(seconds)

    def conversation_started(self, flow: str) -> None:
        self.started.labels(flow).inc()

    def conversation_finished(self, flow: str) -> None:
        self.finished.labels(flow).inc()


_OWN_REGISTRY = CollectorRegistry()


@cache
def request_metrics() -> RequestMetrics:
    """One set per process: every app a process builds (tests build many) counts into it."""
    return RequestMetrics(_OWN_REGISTRY)


Gauges = Callable[[], list[GaugeMetricFamily]]


class _ScrapeTime:
    def __init__(self, gauges: Gauges) -> None:
        self.gauges = gauges

    def collect(self) -> list[GaugeMetricFamily]:
        return self.gauges()


def exposition(gauges: Gauges) -> bytes:
    """The text a scrape gets: every worker's counters, then what the database says now."""
    scraped = CollectorRegistry()
    scraped.register(_ScrapeTime(gauges))
    return generate_latest(_counters()) + generate_latest(scraped)


def _counters() -> CollectorRegistry:
    # The counters write to files only if the folder was set when prometheus-client was
    # imported (it chooses then): that, not the environment now, says where they are.
    if values.ValueClass is values.MutexValue:
        return _OWN_REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry
