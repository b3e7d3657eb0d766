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
class NotificationSettings:
    """How messages leave the outbox. No sender configured: messages wait in the outbox.

    GOV.UK Notify holds one template per channel whose body is `((body))` (the email
    template's subject is `((subject))`), so every word stays in our own catalogs.
    """

    # smtp://user:pass@host:port?starttls=required, or smtps://user:pass@host:port
    smtp_url: str = ""
    mail_from: str = ""
    notify_api_key: str = ""
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_email_template_id: str = ""
    notify_sms_template_id: str = ""
    # A message's tracking link is this base plus /track.
    public_url: str = "http://127.0.0.1:5000"
    # A message that fails this many times is a dead letter, for an operator to look at.
    max_attempts: int = 8
    # The first retry waits this long; each one after waits twice as long as the last.
    retry_after_seconds: float = 30.0
    retry_at_most_seconds: float = 6 * 3600.0
    # A worker holds the messages it claims this long; one that dies lets them go after it.
    lease_seconds: float = 300.0
    # One message may take this long to hand over; the lease is never cut finer than that.
    send_timeout_seconds: float = 30.0
    batch_size: int = 50
    idle_poll_seconds: float = 2.0

    @property
    def track_url(self) -> str:
        return self.public_url.rstrip("/") + "/track"


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
    # The allocations console signs a person out after this long idle, warning them first.
    console_idle_seconds: int = 20 * 60
    console_warning_seconds: int = 2 * 60
    notifications: NotificationSettings = field(default_factory=NotificationSettings)
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
        notifications=notification_settings_from(env),
    )


def notification_settings_from(env: os._Environ | dict) -> NotificationSettings:
    default = NotificationSettings()
    return NotificationSettings(
        smtp_url=env.get("PATHWAY_SMTP_URL") or "",
        mail_from=env.get("PATHWAY_MAIL_FROM") or "",
        notify_api_key=env.get("PATHWAY_NOTIFY_API_KEY") or "",
        notify_base_url=env.get("PATHWAY_NOTIFY_BASE_URL") or default.notify_base_url,
        notify_email_template_id=env.get("PATHWAY_NOTIFY_EMAIL_TEMPLATE_ID") or "",
        notify_sms_template_id=env.get("PATHWAY_NOTIFY_SMS_TEMPLATE_ID") or "",
        public_url=env.get("PATHWAY_PUBLIC_URL") or default.public_url,
        max_attempts=int(env.get("PATHWAY_OUTBOX_MAX_ATTEMPTS") or default.max_attempts),
        retry_after_seconds=float(env.get("PATHWAY_OUTBOX_RETRY_AFTER_SECONDS")
                                  or default.retry_after_seconds),
        lease_seconds=float(env.get("PATHWAY_OUTBOX_LEASE_SECONDS") or default.lease_seconds),
        send_timeout_seconds=float(env.get("PATHWAY_OUTBOX_SEND_TIMEOUT_SECONDS")
                                   or default.send_timeout_seconds),
        batch_size=int(env.get("PATHWAY_OUTBOX_BATCH_SIZE") or default.batch_size),
        idle_poll_seconds=float(env.get("PATHWAY_OUTBOX_IDLE_POLL_SECONDS")
                                or default.idle_poll_seconds),
    )
