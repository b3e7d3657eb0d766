"""The application factory."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from pathway_bot.config import Config, config_from_environment
from pathway_bot.extensions import apply_rate_limits, init_extensions
from pathway_bot.runtime import Runtime


def create_app(config: Config | None = None) -> Flask:
    config = config or config_from_environment()
    app = Flask(__name__, instance_path=str(config.instance_dir))
    app_runtime = Runtime.build(config)
    configure_flask(app, config)
    trust_proxies(app, config)
    route_areas(app, app_runtime)
    observe_requests(app, config)
    init_extensions(app, app_runtime)
    register_blueprints(app)
    refuse_prefixes_that_shadow_pages(app, app_runtime)
    register_commands(app)
    return app


def configure_flask(app: Flask, config: Config) -> None:
    app.config.update(
        SECRET_KEY=config.secret_key,
        MAX_CONTENT_LENGTH=config.max_body_bytes,
        TESTING=config.testing,
        RATELIMIT_ENABLED=config.ratelimit_enabled,
        RATELIMIT_STORAGE_URI=config.ratelimit_storage_uri,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.production,
        JSON_SORT_KEYS=False,
    )


def trust_proxies(app: Flask, config: Config) -> None:
    """Behind trusted proxies, the client's address (which rate limits count) and scheme are
    the ones they forward; with none, a forwarded header is a client's say-so and ignored."""
    hops = config.trusted_proxies
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def route_areas(app: Flask, app_runtime: Runtime) -> None:
    """Serving several areas, each request is put in one by its host or path prefix first."""
    from pathway_bot.area_routing import AreaRouting

    deployment = app_runtime.deployment
    if len(deployment.runtimes) > 1 or app_runtime.config.route_by_host:
        app.wsgi_app = AreaRouting(  # type: ignore[method-assign]
            app.wsgi_app, deployment.areas, by_host=app_runtime.config.route_by_host)


def refuse_prefixes_that_shadow_pages(app: Flask, app_runtime: Runtime) -> None:
    """An area whose path prefix is one of the app's own first path segments (`api`,
    `console`) would hide those pages from every other area: refused at start-up."""
    from pathway_bot.area_routing import area_slug
    from pathway_bot.errors import FlowError

    segments = {rule.rule.split("/")[1] for rule in app.url_map.iter_rules()}
    clashing = sorted(area for area in app_runtime.deployment.runtimes
                      if area_slug(area) in segments)
    if clashing and len(app_runtime.deployment.runtimes) > 1:
        raise FlowError(f"the area ids {clashing} are also paths of the service "
                        f"(/{area_slug(clashing[0])}): give the pack another id")


def observe_requests(app: Flask, config: Config) -> None:
    """Outermost: a request id, one JSON log line and the metrics of every request."""
    from pathway_bot.observability.metrics import request_metrics
    from pathway_bot.observability.request_log import RequestLog, RoutedRequest, write_to_stderr

    app.request_class = RoutedRequest
    app.wsgi_app = RequestLog(  # type: ignore[method-assign]
        app.wsgi_app, observe=request_metrics().observe,
        write=write_to_stderr if config.request_log else None)


def register_blueprints(app: Flask) -> None:
    from api import init_api
    from pathway_bot.console import init_console
    from pathway_bot.web import init_web

    init_api(app)
    init_web(app)
    init_console(app)
    apply_rate_limits(app, app.extensions["pathway_bot"])


def register_commands(app: Flask) -> None:
    from pathway_bot.cli import cli

    app.cli.add_command(cli)
