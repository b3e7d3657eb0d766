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
    # One JSON line per request on stderr (PATHWAY_REQUEST_LOG=off to stop it).
    request_log: bool = True
    # /metrics answers only a caller sending this token; with none set it is not served.
    metrics_token: str = ""
    # Where gunicorn's workers keep their metrics (PROMETHEUS_MULTIPROC_DIR); `serve` makes
    # one in the instance folder when it is not set.
    metrics_dir: str = ""
    # How often the worker looks for scheduled jobs that are due (see pathway_bot.jobs).
    jobs_poll_seconds: float = 60.0
    # Area packs served besides flows/area and flows/areas/* (PATHWAY_AREA_PACKS).
    area_packs: tuple[Path, ...] = ()
    # Each request's area fixed by its host name (PATHWAY_ROUTE_BY_HOST): an unknown host is
    # refused (421), and a postcode of another area is outside rather than a way into it.
    route_by_host: bool = False
    # Host name -> area id (PATHWAY_AREA_HOSTS), instead of the hosts the packs name.
    area_hosts: dict[str, str] = field(default_factory=dict)

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
    if production:
        refuse_incomplete_production(env)
    if not secret_key:
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
        request_log=_flag(env.get("PATHWAY_REQUEST_LOG"), True),
        metrics_token=env.get("PATHWAY_METRICS_TOKEN") or "",
        metrics_dir=env.get("PROMETHEUS_MULTIPROC_DIR") or "",
        jobs_poll_seconds=float(env.get("PATHWAY_JOBS_POLL_SECONDS") or 60.0),
        area_packs=tuple(Path(folder) for folder in _listed(env.get("PATHWAY_AREA_PACKS"))),
        route_by_host=_flag(env.get("PATHWAY_ROUTE_BY_HOST"), False),
        area_hosts=_host_map(env.get("PATHWAY_AREA_HOSTS")),
    )


def _listed(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").replace(",", ":").split(":") if item.strip()]


def _host_map(value: str | None) -> dict[str, str]:
    """"glos.example=gloucestershire,southglos.example=south_gloucestershire"."""
    pairs = [item.split("=", 1) for item in (value or "").split(",") if "=" in item]
    return {host.strip().lower(): area.strip() for host, area in pairs}


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


# ---- production mode ----------------------------------------------------------------------

class ProductionSettingsMissing(RuntimeError):
    """PATHWAY_PRODUCTION=true without what production needs; the message names each one."""


def production_shortfalls(env: os._Environ | dict) -> list[str]:
    """What production mode needs and this environment lacks, each said with how to fix it."""
    missing = []
    if not env.get("PATHWAY_SECRET_KEY"):
        missing.append("PATHWAY_SECRET_KEY (a long random secret, e.g. the output of "
                       "`python3 -c 'import secrets; print(secrets.token_hex(32))'`)")
    if not _is_postgresql(env.get("PATHWAY_DATABASE_URL") or ""):
        missing.append("PATHWAY_DATABASE_URL as a postgresql:// URL (SQLite serves one "
                       "machine only and cannot be shared by app servers)")
    if not (env.get("PATHWAY_RATELIMIT_STORAGE_URI") or "").startswith(("redis://",
                                                                         "rediss://")):
        missing.append("PATHWAY_RATELIMIT_STORAGE_URI as a redis:// URL (limits counted in "
                       "memory are counted by each worker alone)")
    return missing


def refuse_incomplete_production(env: os._Environ | dict) -> None:
    missing = production_shortfalls(env)
    if missing:
        raise ProductionSettingsMissing(
            "Production mode (PATHWAY_PRODUCTION=true) will not start without: "
            + "; ".join(missing) + ".")


def _is_postgresql(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0] in {"postgresql", "postgres"}


# Every setting `pathway-bot check-config` reports: (name, secret?, what it is for).
SETTINGS: tuple[tuple[str, bool, str], ...] = (
    ("PATHWAY_PRODUCTION", False, "production mode: refuses to start without the three below"),
    ("PATHWAY_SECRET_KEY", True, "signs sessions; derives the keys for resume codes"),
    ("PATHWAY_DATABASE_URL", True, "postgresql:// in production (default: SQLite)"),
    ("PATHWAY_RATELIMIT_STORAGE_URI", True, "redis:// in production (default: memory://)"),
    ("PATHWAY_RATELIMIT_ENABLED", False, "rate limits on (default true)"),
    ("PATHWAY_TRUSTED_PROXIES", False, "proxies in front whose X-Forwarded-* are believed"),
    ("PATHWAY_RETENTION_DAYS", False, "abandoned conversations erased after (default 90)"),
    ("PATHWAY_REQUEST_RETENTION_DAYS", False,
     "finished requests keep personal details for (default 365)"),
    ("PATHWAY_PUBLIC_URL", False, "the address families are sent for tracking"),
    ("PATHWAY_SMTP_URL", True, "email by SMTP"),
    ("PATHWAY_MAIL_FROM", False, "the sender of email"),
    ("PATHWAY_NOTIFY_API_KEY", True, "email and SMS by GOV.UK Notify"),
    ("PATHWAY_METRICS_TOKEN", True, "the token /metrics asks for (unset: /metrics is off)"),
    ("PATHWAY_REQUEST_LOG", False, "one JSON line per request on stderr (default on)"),
    ("PROMETHEUS_MULTIPROC_DIR", False, "metrics folder for gunicorn's workers"),
    ("PATHWAY_INSTANCE_DIR", False, "the instance folder"),
    ("PATHWAY_AREA_PACKS", False, "more area pack folders, besides flows/area and flows/areas"),
    ("PATHWAY_ROUTE_BY_HOST", False, "the host name fixes the area; unknown hosts get 421"),
    ("PATHWAY_AREA_HOSTS", False, "host=area pairs, instead of the hosts the packs name"),
)


def _shown(value: str, secret: bool) -> str:
    if not secret:
        return value
    if "://" in value:  # a URL: its scheme and host, never a password
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        return f"{parts.scheme}://{parts.hostname or ''}{parts.path} (set)"
    return "(set)"


def describe_settings(env: os._Environ | dict | None = None) -> list[tuple[str, str, str]]:
    """(name, what it is set to, what it is for); secrets show only that they are set."""
    env = os.environ if env is None else env
    rows = []
    for name, secret, purpose in SETTINGS:
        value = env.get(name) or ""
        rows.append((name, _shown(value, secret) if value else "(not set)", purpose))
    return rows
