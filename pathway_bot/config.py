"""Configuration. The only module that reads the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from pathway_bot.locations import default_flows_dir, default_instance_dir, default_locales_dir


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Config:
    database_url: str
    secret_key: str
    ratelimit_enabled: bool = True
    ratelimit_storage_uri: str = "memory://"
    # How long a rate limit waits for Redis before counting in memory instead.
    ratelimit_storage_timeout_seconds: float = 0.25
    retention_days: int = 90
    flows_dir: Path = field(default_factory=default_flows_dir)
    locales_dir: Path = field(default_factory=default_locales_dir)
    instance_dir: Path = field(default_factory=default_instance_dir)
    production: bool = False
    max_body_bytes: int = 64 * 1024
    ratelimit_start: str = "20 per minute"
    ratelimit_answers: str = "240 per minute"
    # Wrong API keys, conversation tokens and request references, counted per client address.
    ratelimit_failed_authentication: str = "10 per minute"
    ratelimit_pull: str = "120 per minute"  # per API key
    ratelimit_assessments: str = "60 per minute"
    # How many proxies in front of the app may be believed about the client's address.
    trusted_proxies: int = 0
    # A request in a final status keeps its personal details this long after reaching it.
    request_retention_days: int = 365
    testing: bool = False
    extra: dict = field(default_factory=dict)

    def with_overrides(self, **overrides) -> Config:
        return replace(self, **overrides)


def local_secret_key(instance_dir: Path) -> str:
    """For a laptop: one key made on first run and kept in the instance folder, so every
    worker process (and every restart) signs sessions alike."""
    path = instance_dir / "secret_key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
                f.write(secrets.token_hex(32))
        except FileExistsError:
            pass  # another worker made it first: use theirs
    return path.read_text().strip()


def default_sqlite_url(instance_dir: Path) -> str:
    return f"sqlite:///{instance_dir / 'pathway_bot.db'}"


def config_from_environment(environ: os._Environ | dict | None = None) -> Config:
    env = os.environ if environ is None else environ
    instance_dir = Path(env.get("PATHWAY_INSTANCE_DIR") or default_instance_dir())
    secret_key = env.get("PATHWAY_SECRET_KEY") or ""
    production = _flag(env.get("PATHWAY_PRODUCTION"), False)
    if not secret_key:
        if production:
            raise RuntimeError("PATHWAY_SECRET_KEY must be set in production")
        secret_key = local_secret_key(instance_dir)
    return Config(
        database_url=env.get("PATHWAY_DATABASE_URL") or default_sqlite_url(instance_dir),
        secret_key=secret_key,
        ratelimit_enabled=_flag(env.get("PATHWAY_RATELIMIT_ENABLED"), True),
        ratelimit_storage_uri=env.get("PATHWAY_RATELIMIT_STORAGE_URI") or "memory://",
        retention_days=int(env.get("PATHWAY_RETENTION_DAYS") or 90),
        request_retention_days=int(env.get("PATHWAY_REQUEST_RETENTION_DAYS") or 365),
        trusted_proxies=int(env.get("PATHWAY_TRUSTED_PROXIES") or 0),
        flows_dir=Path(env.get("PATHWAY_FLOWS_DIR") or default_flows_dir()),
        locales_dir=Path(env.get("PATHWAY_LOCALES_DIR") or default_locales_dir()),
        instance_dir=instance_dir,
        production=production,
    )
