"""gunicorn's configuration hooks for `pathway-bot serve` (`-c python:<this module>`)."""

from __future__ import annotations


def child_exit(_server, worker) -> None:
    """A worker gone: its live gauges stop counting; its counters still add up."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
