"""`pathway-bot serve` runs a worker beside the web server and stops it with the server."""

from __future__ import annotations

import time

from pathway_bot.commands.outbox import worker_beside


def test_the_worker_beside_the_server_runs_while_it_does_and_stops_with_it(
        monkeypatch, tmp_path):
    monkeypatch.setenv("PATHWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setenv("PATHWAY_INSTANCE_DIR", str(tmp_path))
    with worker_beside() as child:
        time.sleep(1.0)
        assert child.poll() is None  # still running
    assert child.returncode is not None
