"""Three app servers behind nginx, sharing one PostgreSQL database, one Redis and one SMTP
server: started once for the module, on a database made for it and dropped after."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.support.balanced import NGINX, Balanced, balanced
from tests.support.databases import POSTGRES_URL, throwaway_database
from tests.support.mail import SmtpServer
from tests.support.served import serve_environment

REDIS_URL = os.environ.get("PATHWAY_TEST_REDIS_URL")
SERVERS = 3


def scale_environment(database_url: str, folder, smtp_url: str) -> dict:
    return serve_environment(
        database_url, folder,
        PATHWAY_RATELIMIT_STORAGE_URI=REDIS_URL or "",
        # nginx is the one proxy in front: the client's address is the one it forwards.
        PATHWAY_TRUSTED_PROXIES="1",
        PATHWAY_SMTP_URL=smtp_url, PATHWAY_MAIL_FROM="pathway@example.org",
        PATHWAY_OUTBOX_IDLE_POLL_SECONDS="0.2", PATHWAY_JOBS_POLL_SECONDS="1")


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, smtp) -> Iterator[Balanced]:
    if not (POSTGRES_URL and REDIS_URL):
        pytest.skip("needs PATHWAY_TEST_DATABASE_URL and PATHWAY_TEST_REDIS_URL")
    if not shutil.which(NGINX) and not os.path.exists(NGINX):
        pytest.skip("needs Debian's nginx (apt-get install -y nginx)")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    folder = tmp_path_factory.mktemp("scale")
    with throwaway_database() as url, balanced(scale_environment(url, folder, smtp.url),
                                              folder, servers=SERVERS) as running:
        running.database_url = url  # type: ignore[attr-defined]
        yield running
    redis.Redis.from_url(REDIS_URL).flushdb()
