"""The list service as one Starlette application, and ``serve`` to run it under uvicorn.

Routes: GET+POST /subscribe, GET+POST /confirm/{token}, GET+POST /unsubscribe/{token} (RFC 8058
one-click), GET+POST /preferences/{token}, GET /healthz; under the path of ``list_url``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lumbung.config import Site
from lumbung.listservice.handlers import Service
from lumbung.listservice.limits import Limits, origin_allowed
from lumbung.listservice.logs import log_config
from lumbung.listservice.mail import MailerLike
from lumbung.listservice.pages import Pages
from lumbung.listservice.settings import origin, service_config
from lumbung.newsletter.deliver import Mailer, SmtpSettings
from lumbung.subscribers.store import Store

log = logging.getLogger("lumbung.listservice")


def _now() -> datetime:
    return datetime.now(UTC)


class TooLarge(Exception):
    pass


class Guard:
    """Outermost checks and headers: security headers on every answer; for posts, the Origin
    check and the body size limit (413 before any parsing); and a
    plain page in place of any unexpected error (logged by type only: no traceback, no
    address)."""

    def __init__(self, app: ASGIApp, service: Service, headers: Mapping[str, str]):
        self.app = app
        self.service = service
        self.headers = dict(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        headers = Headers(scope=scope)
        pages = self.service.pages
        lang = pages.language(accept=headers.get("accept-language", ""))
        try:
            if scope["method"] == "POST":
                refusal = await self._refuse(scope, headers)
                if refusal is not None:
                    await pages.error(lang, *refusal)(scope, receive, send_with_headers)
                    return
                try:
                    body = await self._read(receive, self.service.limits.max_body)
                except TooLarge:
                    await pages.error(lang, "error.large", 413)(scope, receive,
                                                                 send_with_headers)
                    return
                receive = _replay(body)
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001  (an error page, never a traceback)
            log.error("request failed (%s)", type(exc).__name__)
            if not started:
                await pages.error(lang, "error.server", 500)(scope, receive, send_with_headers)

    async def _refuse(self, scope: Scope, headers: Headers) -> tuple[str, int] | None:
        if not origin_allowed(headers, self.service.config.origins):
            log.warning("post refused: foreign Origin")
            return "error.origin", 403
        length = headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > self.service.limits.max_body):
            return "error.large", 413
        return None

    @staticmethod
    async def _read(receive: Receive, limit: int) -> bytes:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def create_app(store_target: str | Path, site: Site, mailer_factory: Callable[[], MailerLike],
               *, clock: Callable[[], datetime] = _now, limits: Limits | None = None
               ) -> Starlette:
    config = service_config(site)
    pages = Pages(site, config)
    service = Service(store_target, pages, config, mailer_factory, clock, limits or Limits())
    routes: list[BaseRoute] = [
        Route("/subscribe", service.subscribe_form, methods=["GET"]),
        Route("/subscribe", service.subscribe, methods=["POST"]),
        Route("/confirm/{token}", service.confirm_page, methods=["GET"]),
        Route("/confirm/{token}", service.confirm, methods=["POST"]),
        Route("/unsubscribe/{token}", service.unsubscribe_page, methods=["GET"]),
        Route("/unsubscribe/{token}", service.unsubscribe, methods=["POST"]),
        Route("/preferences/{token}", service.preferences_page, methods=["GET"]),
        Route("/preferences/{token}", service.preferences, methods=["POST"]),
        Route("/healthz", service.healthz, methods=["GET"]),
    ]
    if config.prefix:
        routes = [Mount(config.prefix, routes=routes)]
    allowed_forms = " ".join(sorted({"'self'", origin(config.base_url)}))
    headers = {
        "Content-Security-Policy": f"default-src 'none'; style-src {pages.style_hash}; "
        f"form-action {allowed_forms}; base-uri 'none'; frame-ancestors 'none'",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.open()
        try:
            yield
        finally:
            service.close()

    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(Guard, service=service, headers=headers)],
                    exception_handlers={404: service.http_error, 405: service.http_error,
                                        400: service.http_error})
    app.state.service = service
    return app


def server_config(app: Starlette, host: str, port: int, env: Mapping[str, str]) -> uvicorn.Config:
    """uvicorn's settings: HTTP/1.1 only, redacted access log, no Server header; client
    addresses from X-Forwarded-For only when the proxy is in LUMBUNG_FORWARDED_ALLOW_IPS
    (default: a proxy on this machine)."""
    return uvicorn.Config(
        app, host=host, port=port, http="h11", ws="none", lifespan="on", loop="asyncio",
        log_config=log_config(), access_log=True, server_header=False, proxy_headers=True,
        forwarded_allow_ips=env.get("LUMBUNG_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        limit_concurrency=200, timeout_keep_alive=5, h11_max_incomplete_event_size=16 * 1024)


def serve(store_target: str | Path, site: Site, host: str, port: int,
          env: Mapping[str, str]) -> None:
    """Run the service until interrupted; SMTP settings from the environment as for ``send``."""
    settings = SmtpSettings.from_env(env)
    Store.open(store_target).close()  # a store that cannot open is a plain error, here
    app = create_app(store_target, site,
                     lambda: Mailer(settings, retries=2, backoff=2.0))
    uvicorn.Server(server_config(app, host, port, env)).run()
