"""What each page does. No GET changes anything: GETs only read, every change is a POST."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from lumbung.listservice.limits import Buckets, Limits, client_key
from lumbung.listservice.mail import (
    Job,
    MailerLike,
    Outbox,
    confirmation_bytes,
    render_confirmation,
)
from lumbung.listservice.pages import CONFIRM_DAYS, Link, Pages
from lumbung.listservice.settings import ServiceConfig, page_url
from lumbung.subscribers.addresses import valid
from lumbung.subscribers.statuses import Consent, Status
from lumbung.subscribers.store import Store, Subscriber
from lumbung.subscribers.tokens import well_formed

log = logging.getLogger("lumbung.listservice")
EXPIRY_EVERY = timedelta(hours=1)  # forget unconfirmed requests at most this often
CONSENT = "{url}/subscribe form ({lang}): asked for the weekly newsletter; confirmed by the link " \
          "sent to the address"


class Service:
    def __init__(self, store_target: str | Path, pages: Pages, config: ServiceConfig,
                 mailer_factory: Callable[[], MailerLike], clock: Callable[[], datetime],
                 limits: Limits):
        self.store_target = store_target
        self.pages = pages
        self.config = config
        self.clock = clock
        self.limits = limits
        self.outbox = Outbox(mailer_factory, config.envelope_from)
        hour = 3600.0
        self.signups = Buckets(limits.signups_burst, limits.signups_per_hour / hour,
                               limits.buckets_kept)
        self.misses = Buckets(limits.misses_burst, limits.misses_per_minute / 60.0,
                              limits.buckets_kept)
        self.mails = Buckets(limits.mails_burst, limits.mails_per_hour / hour)
        self._store: Store | None = None
        self.next_expiry: datetime | None = None

    # lifetime ------------------------------------------------------------------------------

    def open(self) -> None:
        self._store = Store.open(self.store_target)
        self.expire(force=True)
        self.outbox.start()

    def close(self) -> None:
        self.outbox.stop()
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the list service is not started")
        return self._store

    def expire(self, force: bool = False) -> None:
        now = self.clock()
        if force or self.next_expiry is None or now >= self.next_expiry:
            gone = self.store.expire_pending(now, days=CONFIRM_DAYS)
            self.next_expiry = now + EXPIRY_EVERY
            if gone:
                log.info("expired %d unconfirmed sign-up(s)", gone)

    # helpers -------------------------------------------------------------------------------

    async def form(self, request: Request) -> dict[str, str] | None:
        """The posted fields (text only); None when the body is not a form we can read."""
        try:
            form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
        except HTTPException:
            return None
        return {key: value for key, value in form.items() if not isinstance(value, UploadFile)}

    def lang(self, request: Request, *choices: str | None) -> str:
        return self.pages.language(*choices, accept=request.headers.get("accept-language", ""))

    def url(self, route: str, token: str) -> str:
        return page_url(self.config.base_url, route, token)

    def _settings_page(self, lang: str, subscriber: Subscriber, saved: bool = False) -> Response:
        t = self.pages.t(lang)
        active = subscriber.status == Status.ACTIVE
        lines = []
        if saved:
            lines.append(t("settings.saved",
                           language=self.pages.language_label(subscriber.language, lang)))
        if not active:
            lines.append(t("settings.inactive"))
        return self.pages.render(lang, t("settings.title"), *lines, kind="settings",
                                 active=active, chosen=subscriber.language)

    def _unsubscribed_page(self, lang: str) -> Response:
        t = self.pages.t(lang)
        site = self.config.site_name
        return self.pages.render(lang, t("unsubscribed.title"), t("unsubscribed.body", site=site),
                                 t("unsubscribed.again"))

    @staticmethod
    def client(request: Request) -> str:
        return client_key(request.client.host if request.client else None)

    def _bad_link(self, request: Request, lang: str | None = None) -> Response:
        """A link that leads nowhere; each one counts against the client's network."""
        self.misses.take(self.client(request))
        return self.pages.error(lang or self.lang(request), "error.link", 404)

    def _guessing(self, request: Request, lang: str | None = None) -> Response | None:
        """429 once a client network has followed too many links that lead nowhere."""
        if self.misses.has(self.client(request)):
            return None
        log.warning("token link refused: too many unknown links from one client network")
        return self.pages.error(lang or self.lang(request), "error.busy", 429)

    # sign-up --------------------------------------------------------------------------------

    async def subscribe_form(self, request: Request) -> Response:
        lang = self.lang(request, request.query_params.get("language"))
        t = self.pages.t(lang)
        return self.pages.render(lang, t("subscribe.title"),
                                 t("subscribe.intro", site=self.config.site_name),
                                 kind="subscribe")

    def _sent_page(self, lang: str) -> Response:
        t = self.pages.t(lang)
        return self.pages.render(lang, t("sent.title"), t("sent.body", days=CONFIRM_DAYS),
                                 t("sent.spam"))

    async def subscribe(self, request: Request) -> Response:
        form = await self.form(request)
        lang = self.lang(request, (form or {}).get("language"))
        if form is None:
            return self.pages.error(lang, "error.form", 400)
        if form.get("website", "").strip():
            log.info("sign-up: honeypot filled; nothing done")
            return self._sent_page(lang)
        address = form.get("email", "").strip()
        if not address:
            return self.pages.error(lang, "error.form", 400)
        if not valid(address):
            return self.pages.error(lang, "error.address", 400)
        if not self.signups.take(self.client(request)):
            log.warning("sign-up: too many from one client network")
            return self.pages.error(lang, "error.busy", 429)
        self.expire()
        requested = self.store.request(
            address, lang, how=Consent.FORM, now=self.clock(),
            text=CONSENT.format(url=self.config.base_url, lang=lang),
            per_day=self.limits.per_address_day)
        if requested.confirm_token is None:
            log.info("sign-up: no mail (already on the list, or the address's daily limit)")
        elif not self.mails.take("all"):
            log.warning("sign-up: the service-wide confirmation mail limit is reached")
            return self.pages.error(lang, "error.busy", 429)
        else:
            url = self.url("confirm", requested.confirm_token)
            t, config = self.pages.t(requested.language), self.config

            def compose() -> bytes:
                mail = render_confirmation(t, config.site_name, url)
                return confirmation_bytes(mail, config.sender, config.envelope_from, address)

            self.outbox.put(Job(address, compose))
            log.info("sign-up: confirmation mail queued (%s)", requested.language)
        return self._sent_page(lang)

    # confirmation ---------------------------------------------------------------------------

    async def confirm_page(self, request: Request) -> Response:
        token = request.path_params["token"]
        if (refusal := self._guessing(request)) is not None:
            return refusal
        found = self.store.pending_by_token(token, self.clock()) if well_formed(token) else None
        if found is None:
            return self._bad_link(request)
        lang = self.lang(request, found.language)
        t = self.pages.t(lang)
        return self.pages.render(lang, t("confirm.title"),
                                 t("confirm.body", site=self.config.site_name),
                                 kind="button", button=t("confirm.button"))

    async def confirm(self, request: Request) -> Response:
        token = request.path_params["token"]
        form = await self.form(request) or {}
        if (refusal := self._guessing(request, form.get("language"))) is not None:
            return refusal
        found = self.store.confirm(token, self.clock()) if well_formed(token) else None
        if found is None:
            return self._bad_link(request, self.lang(request, form.get("language")))
        log.info("confirmed a subscription (%s)", found.language)
        lang = self.lang(request, form.get("language"), found.language)
        t = self.pages.t(lang)
        return self.pages.render(lang, t("confirmed.title"), t("confirmed.body"),
                                 links=(Link(self.url("preferences", found.token),
                                             t("settings.link")),))

    # unsubscribe (RFC 8058 one-click: a POST with List-Unsubscribe=One-Click, answered 200) ---

    async def unsubscribe_page(self, request: Request) -> Response:
        token = request.path_params["token"]
        if (refusal := self._guessing(request)) is not None:
            return refusal
        found = self.store.by_token(token) if well_formed(token) else None
        if found is None:
            return self._bad_link(request)
        lang = self.lang(request, found.language)
        if found.status != Status.ACTIVE:
            return self._unsubscribed_page(lang)
        t = self.pages.t(lang)
        return self.pages.render(lang, t("unsubscribe.title"),
                                 t("unsubscribe.body", site=self.config.site_name),
                                 kind="button", button=t("unsubscribe.button"))

    async def unsubscribe(self, request: Request) -> Response:
        token = request.path_params["token"]
        form = await self.form(request) or {}
        if (refusal := self._guessing(request, form.get("language"))) is not None:
            return refusal
        found = self.store.unsubscribe(token, self.clock()) if well_formed(token) else None
        if found is None:
            return self._bad_link(request, self.lang(request, form.get("language")))
        how = "one-click" if form.get("List-Unsubscribe") == "One-Click" else "page"
        log.info("unsubscribed (%s)", how)
        return self._unsubscribed_page(self.lang(request, form.get("language"), found.language))

    # preferences ----------------------------------------------------------------------------

    async def preferences_page(self, request: Request) -> Response:
        token = request.path_params["token"]
        if (refusal := self._guessing(request)) is not None:
            return refusal
        found = self.store.by_token(token) if well_formed(token) else None
        if found is None:
            return self._bad_link(request)
        return self._settings_page(self.lang(request, found.language), found)

    async def preferences(self, request: Request) -> Response:
        token = request.path_params["token"]
        form = await self.form(request)
        if (refusal := self._guessing(request, (form or {}).get("language"))) is not None:
            return refusal
        found = self.store.by_token(token) if well_formed(token) else None
        if found is None:
            return self._bad_link(request, self.lang(request, (form or {}).get("language")))
        lang = self.lang(request, (form or {}).get("language"), found.language)
        action = (form or {}).get("do")
        if action == "unsubscribe":
            self.store.unsubscribe(token, self.clock())
            log.info("unsubscribed (preferences)")
            return self._unsubscribed_page(lang)
        chosen = (form or {}).get("language", "")
        if action != "language" or chosen not in self.pages.translators:
            return self.pages.error(lang, "error.form", 400)
        changed = self.store.set_language(token, chosen, self.clock())
        if changed is None:
            return self._bad_link(request, lang)
        log.info("language changed (%s)", chosen)
        return self._settings_page(chosen, changed, saved=True)

    async def healthz(self, request: Request) -> Response:
        return PlainTextResponse("ok")

    async def http_error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        key = {404: "error.link", 405: "error.method", 400: "error.form"}.get(status,
                                                                             "error.server")
        response: HTMLResponse = self.pages.error(self.lang(request), key, status)
        if isinstance(exc, HTTPException) and exc.headers and "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response
