"""The list service under its real server (uvicorn on 127.0.0.1) with an SQLite file and a real
SMTP sink (aiosmtpd): sign-up, confirmation, one-click unsubscribe, preferences, languages."""

from __future__ import annotations

import logging
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
import yaml

from lumbung.config import Site, load_site
from lumbung.listservice.app import create_app, server_config
from lumbung.listservice.handlers import Service
from lumbung.listservice.limits import Limits
from lumbung.listservice.settings import ListServiceError, list_url, page_url
from lumbung.newsletter.deliver import Mailer, SmtpSettings
from lumbung.subscribers.statuses import Consent, Status
from lumbung.subscribers.store import Store, Subscriber
from tests.helpers.smtp import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
STRINGS = ROOT / "lumbung" / "listservice" / "strings"
LANGS = ("en", "km", "th", "vi", "my", "lo", "ms", "id")
LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "lumbung.listservice")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def strings(lang: str) -> dict[str, str]:
    return yaml.safe_load((STRINGS / f"{lang}.yml").read_text(encoding="utf-8"))


def site_for(base: str) -> Site:
    site = load_site(ROOT / "mkdocs.yml")
    newsletter = {**site.extra.get("newsletter", {}), "list_url": base}
    return replace(site, extra={**site.extra, "newsletter": newsletter})


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name}: {text}")


@dataclass
class Running:
    base: str
    db: Path
    site: Site
    service: Service
    smtp: SmtpServer
    logs: Capture
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base, timeout=10)

    def mails(self, address: str) -> list:
        self.service.outbox.join()
        return list(self.smtp.handler.messages.get(address, []))

    def store(self) -> Store:
        return Store.open(self.db)

    def find(self, address: str) -> Subscriber | None:
        with self.store() as store:
            return next((s for s in store.export()
                         if s.address.casefold() == address.casefold()), None)

    def one(self, address: str) -> Subscriber:
        found = self.find(address)
        assert found is not None, "no such subscriber"
        return found

    def snapshot(self) -> list[tuple[int, str, str, str]]:
        with self.store() as store:
            return [(s.id, s.status, s.language, s.token) for s in store.export()]

    def subscribe(self, address: str, lang: str = "en", **headers: str) -> httpx.Response:
        return self.client.post("/subscribe", data={"email": address, "language": lang,
                                                   "website": ""}, headers=headers)

    def confirm_link(self, address: str) -> str:
        text = self.mails(address)[-1].get_body(("plain",)).get_content()
        links = re.findall(re.escape(self.base) + r"/confirm/[A-Za-z0-9_-]+", text)
        assert links, text
        return links[0]

    def active(self, address: str, lang: str = "en") -> Subscriber:
        """A confirmed subscriber, made through the service itself."""
        assert self.subscribe(address, lang).status_code == 200
        link = self.confirm_link(address)
        assert self.client.post(link, data={"language": lang}).status_code == 200
        found = self.find(address)
        assert found is not None and found.status == Status.ACTIVE
        return found


@contextmanager
def running(tmp_path: Path, limits: Limits | None = None,
            clock: Callable[[], datetime] | None = None, path: str = "") -> Iterator[Running]:
    port = free_port()
    base = f"http://127.0.0.1:{port}{path}"
    site = site_for(base)
    db = tmp_path / "list.sqlite"
    capture = Capture()
    with SmtpServer() as smtp:
        settings = SmtpSettings.from_env(smtp.env())

        def mailer() -> Mailer:
            return Mailer(settings, retries=1, backoff=0.1)

        app = (create_app(db, site, mailer, limits=limits) if clock is None
               else create_app(db, site, mailer, limits=limits, clock=clock))
        server = uvicorn.Server(server_config(app, "127.0.0.1", port, {}))
        for name in LOGGERS:
            logging.getLogger(name).addHandler(capture)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while not server.started:
                assert time.monotonic() < deadline, "the service did not start"
                time.sleep(0.02)
            run = Running(base, db, site, app.state.service, smtp, capture)
            yield run
            run.client.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            for name in LOGGERS:
                logging.getLogger(name).removeHandler(capture)


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Running]:
    with running(tmp_path) as run:
        yield run


class Html(HTMLParser):
    """What a page would make a browser fetch, and where its links and forms go."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []  # src, srcset, <link href>, url(...) in styles
        self.links: list[str] = []
        self.actions: list[str] = []
        self.scripts = 0
        self.lang = ""
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "script":
            self.scripts += 1
        if tag == "style":
            self._in_style = True
        for name in ("src", "srcset", "poster", "data"):
            if name in values:
                self.fetches.append(values[name])
        if tag == "link" and "href" in values:
            self.fetches.append(values["href"])
        if tag == "a":
            self.links.append(values.get("href", ""))
        if tag == "form":
            self.actions.append(values.get("action", ""))
        if "style" in values:
            self.fetches.extend(re.findall(r"url\(([^)]*)\)", values["style"]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.fetches.append(values.get("content", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
            self.fetches.extend(re.findall(r"url\(([^)]*)\)|@import", data))


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_page(run: Running, response: httpx.Response, lang: str, *keys: str) -> Html:
    """lang attribute, translated strings, no script, nothing fetched from anywhere, forms to
    this service only, links only to this service or the site."""
    page = Html()
    page.feed(response.text)
    assert page.lang == lang
    assert response.headers["content-language"] == lang
    table = strings(lang)
    for key in keys:
        text = table[key].split("{")[0].strip() or table[key].split("}")[-1].strip()
        assert text in response.text, (lang, key)
    assert page.scripts == 0 and "<script" not in response.text.lower()
    assert page.fetches == []
    assert re.findall(r"https?://", page.style) == []
    for action in page.actions:
        assert not action.startswith(("http:", "https:", "//")), action
    allowed = {origin_of(run.base), origin_of(run.site.site_url)}
    for link in page.links:
        assert origin_of(link) in allowed, link
    return page


# --- the whole path of a subscriber -------------------------------------------------------


def test_signup_confirm_flow_on_the_wire(svc: Running) -> None:
    address = "Reader.One@Example.ORG"
    response = svc.subscribe(address, "km", Origin=svc.base)
    assert response.status_code == 200
    check_page(svc, response, "km", "sent.title", "sent.spam")
    assert address.lower() not in response.text.lower()

    mails = svc.mails(address)
    assert len(mails) == 1
    mail = mails[0]
    raw = mail.as_bytes()
    assert mail["Content-Language"] == "km"
    assert mail["Subject"] == strings("km")["mail.subject"].format(site=svc.site.site_name)
    assert mail["Auto-Submitted"] == "auto-generated" and mail["Message-ID"]
    assert b"List-Unsubscribe" not in raw
    html = mail.get_body(("html",)).get_content()
    assert 'lang="km"' in html and "<script" not in html
    link = svc.confirm_link(address)
    assert link in html

    before = svc.snapshot()
    page = svc.client.get(link)
    assert page.status_code == 200
    check_page(svc, page, "km", "confirm.title", "confirm.button")
    assert '<form method="post" action="">' in page.text
    assert svc.snapshot() == before
    assert svc.one(address).status == Status.PENDING

    done = svc.client.post(link, data={"language": "km"}, headers={"Origin": svc.base})
    assert done.status_code == 200
    check_page(svc, done, "km", "confirmed.title", "settings.link")
    subscriber = svc.one(address)
    assert subscriber.status == Status.ACTIVE and subscriber.language == "km"
    assert f"{svc.base}/preferences/{subscriber.token}" in done.text

    again = svc.client.post(link, data={"language": "km"})
    assert again.status_code == 404  # a used confirmation link stops working
    check_page(svc, again, "km", "error.link")


@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_one_click_unsubscribe_as_a_mail_provider_sends_it(svc: Running, kind: str) -> None:
    subscriber = svc.active(f"one-click-{kind}@example.org", "th")
    url = f"{svc.base}/unsubscribe/{subscriber.token}"
    # A fresh client: no cookies, no Origin, no Referer, as a provider's server posts it.
    with httpx.Client(timeout=10) as provider:
        if kind == "urlencoded":
            response = provider.post(url, content=b"List-Unsubscribe=One-Click", headers={
                "Content-Type": "application/x-www-form-urlencoded"})
        else:
            response = provider.post(url, files={"List-Unsubscribe": (None, "One-Click")})
    assert response.status_code == 200
    assert "location" not in response.headers and not response.is_redirect
    assert svc.one(subscriber.address).status == Status.UNSUBSCRIBED
    check_page(svc, response, "th", "unsubscribed.title")
    # Posting again (a provider retrying) still answers 200 and changes nothing more.
    with httpx.Client(timeout=10) as provider:
        assert provider.post(url, content=b"List-Unsubscribe=One-Click", headers={
            "Content-Type": "application/x-www-form-urlencoded"}).status_code == 200


def test_link_scanners_change_nothing(svc: Running) -> None:
    subscriber = svc.active("scanned@example.org", "vi")
    svc.subscribe("pending-scan@example.org", "lo")
    pending_link = svc.confirm_link("pending-scan@example.org")
    before = svc.snapshot()
    urls = [pending_link, f"{svc.base}/unsubscribe/{subscriber.token}",
            f"{svc.base}/preferences/{subscriber.token}", f"{svc.base}/subscribe",
            f"{svc.base}/healthz"]
    with httpx.Client(timeout=10, follow_redirects=True) as scanner:
        for url in urls:
            for _ in range(2):
                assert scanner.get(url).status_code == 200
                assert scanner.head(url).status_code == 200
    assert svc.snapshot() == before
    assert svc.one("pending-scan@example.org").status == Status.PENDING
    assert svc.one("scanned@example.org").status == Status.ACTIVE
    # ... and the confirmation link still works afterwards.
    assert svc.client.post(pending_link).status_code == 200
    assert svc.one("pending-scan@example.org").status == Status.ACTIVE


def test_preferences_change_language_then_unsubscribe(svc: Running) -> None:
    subscriber = svc.active("prefs@example.org", "en")
    url = f"/preferences/{subscriber.token}"
    page = svc.client.get(url)
    check_page(svc, page, "en", "settings.title", "settings.save", "settings.leave")
    assert 'value="en" checked' in page.text
    saved = svc.client.post(url, data={"do": "language", "language": "my"})
    assert saved.status_code == 200
    check_page(svc, saved, "my", "settings.title")
    assert strings("my")["settings.saved"].split("{")[0] in saved.text
    assert svc.one("prefs@example.org").language == "my"
    assert svc.client.post(url, data={"do": "language", "language": "xx"}).status_code == 400
    assert svc.one("prefs@example.org").language == "my"
    left = svc.client.post(url, data={"do": "unsubscribe", "language": "my"})
    assert left.status_code == 200
    check_page(svc, left, "my", "unsubscribed.title")
    assert svc.one("prefs@example.org").status == Status.UNSUBSCRIBED
    after = svc.client.get(url)
    check_page(svc, after, "my", "settings.inactive")
    assert "<form" not in after.text


def test_every_page_in_every_language(svc: Running) -> None:
    for lang in LANGS:
        form = svc.client.get("/subscribe", params={"language": lang})
        check_page(svc, form, lang, "subscribe.title", "subscribe.button", "subscribe.trap")
        assert 'name="website"' in form.text and 'tabindex="-1"' in form.text
        address = f"lang-{lang}@example.org"
        check_page(svc, svc.subscribe(address, lang), lang, "sent.title")
        mail = svc.mails(address)[0]
        assert mail["Content-Language"] == lang
        assert strings(lang)["mail.button"] in mail.get_body(("plain",)).get_content()
        link = svc.confirm_link(address)
        check_page(svc, svc.client.get(link), lang, "confirm.title", "confirm.button")
        check_page(svc, svc.client.post(link, data={"language": lang}), lang, "confirmed.title")
        token = svc.one(address).token
        check_page(svc, svc.client.get(f"/unsubscribe/{token}"), lang, "unsubscribe.title",
                   "unsubscribe.button")
        check_page(svc, svc.client.get(f"/preferences/{token}"), lang, "settings.title")
        check_page(svc, svc.client.post(f"/unsubscribe/{token}"), lang, "unsubscribed.title")
        missing = svc.client.get("/confirm/" + "x" * 32, headers={"Accept-Language": lang})
        assert missing.status_code == 404
        check_page(svc, missing, lang, "error.link")


def test_language_order_form_then_subscriber_then_accept_language(svc: Running) -> None:
    subscriber = svc.active("order@example.org", "lo")
    url = f"/unsubscribe/{subscriber.token}"
    page = svc.client.get(url, headers={"Accept-Language": "vi, en;q=0.5"})
    check_page(svc, page, "lo", "unsubscribe.title")  # the subscriber's, not the browser's
    check_page(svc, svc.client.get("/subscribe", headers={"Accept-Language": "fr, ms;q=0.8"}),
               "ms", "subscribe.title")
    check_page(svc, svc.client.get("/subscribe", headers={"Accept-Language": "fr"}),
               "en", "subscribe.title")
    posted = svc.client.post("/subscribe", data={"email": "x", "language": "id"},
                             headers={"Accept-Language": "th"})
    assert posted.status_code == 400
    check_page(svc, posted, "id", "error.address")


def test_headers_and_weight(svc: Running) -> None:
    import base64
    import gzip
    import hashlib

    subscriber = svc.active("headers@example.org")
    for url in ("/subscribe", f"/preferences/{subscriber.token}", "/nowhere"):
        response = svc.client.get(url)
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "form-action 'self'" in csp
        assert "script-src" not in csp and "unsafe-inline" not in csp
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "server" not in response.headers
        page = Html()
        page.feed(response.text)
        digest = base64.b64encode(hashlib.sha256(page.style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp  # the one inline stylesheet is the one allowed
        assert len(gzip.compress(response.content)) < 4000, url
    assert "Traceback" not in svc.client.get("/nowhere").text


def test_strings_complete_in_every_language() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english = strings("en")
    assert sorted(p.stem for p in STRINGS.glob("*.yml")) == sorted(LANGS)
    for lang in LANGS:
        table = strings(lang)
        assert set(table) == set(english), lang
        for key, text in english.items():
            assert str(table[key]).strip(), (lang, key)
            assert fields(str(table[key])) == fields(text), (lang, key)


def test_list_url_is_read_and_checked_in_one_place() -> None:
    assert list_url(site_for("https://lists.example.org/")) == "https://lists.example.org"
    assert list_url(site_for("http://127.0.0.1:8025")) == "http://127.0.0.1:8025"
    assert list_url(site_for("http://[::1]:8025/x/")) == "http://[::1]:8025/x"
    assert list_url(site_for(""), required=False) == ""
    for bad in ("http://lists.example.org", "ftp://lists.example.org", "https://",
                "https://lists.example.org/?a=1", "https://u:p@lists.example.org",
                "lists.example.org"):
        with pytest.raises(ListServiceError, match="list_url"):
            list_url(site_for(bad))
    with pytest.raises(ListServiceError, match="not set"):
        list_url(site_for(""))
    base = list_url(site_for("https://lists.example.org/lumbung/"))
    assert page_url(base, "unsubscribe", "T0k3n") == \
        "https://lists.example.org/lumbung/unsubscribe/T0k3n"
    with pytest.raises(ValueError, match="token page"):
        page_url(base, "subscribe", "T0k3n")


def test_unconfirmed_requests_expire_at_startup(tmp_path: Path) -> None:
    old = datetime.now(UTC) - timedelta(days=8)
    with Store.open(tmp_path / "list.sqlite") as store:
        stale = store.request("stale@example.org", "en", how=Consent.FORM, text="test", now=old)
        fresh = store.request("fresh@example.org", "en", how=Consent.FORM, text="test",
                              now=datetime.now(UTC) - timedelta(days=2))
    with running(tmp_path) as run:
        assert run.find("stale@example.org") is None
        assert run.client.get(f"/confirm/{stale.confirm_token}").status_code == 404
        assert run.client.get(f"/confirm/{fresh.confirm_token}").status_code == 200


def test_service_under_a_path_of_list_url(tmp_path: Path) -> None:
    with running(tmp_path, path="/lists") as run:
        form = run.client.get("/subscribe")  # the client's base URL holds /lists
        assert 'action="/lists/subscribe"' in form.text
        subscriber = run.active("prefixed@example.org", "ms")
        assert run.confirm_link("prefixed@example.org").startswith(run.base + "/confirm/")
        assert run.client.get(f"/preferences/{subscriber.token}").status_code == 200
        root = origin_of(run.base)
        assert httpx.get(f"{root}/subscribe").status_code == 404


def test_unconfirmed_requests_expire_on_a_later_signup(tmp_path: Path) -> None:
    now = [datetime.now(UTC)]
    with running(tmp_path, clock=lambda: now[0]) as run:
        run.subscribe("late@example.org")
        link = run.confirm_link("late@example.org")
        now[0] += timedelta(days=7, minutes=30)
        assert run.client.get(link).status_code == 404  # the link has expired ...
        assert run.find("late@example.org") is not None  # ... and is forgotten at the next
        run.subscribe("someone-else@example.org")  # sign-up (at most once an hour)
        assert run.find("late@example.org") is None
        assert run.find("someone-else@example.org") is not None


def test_serve_runs_under_uvicorn_with_redacted_access_log(tmp_path: Path) -> None:
    """``serve`` itself, in its own process, as ``newsletter.py serve`` runs it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    db = tmp_path / "list.sqlite"
    code = (
        "import sys; from dataclasses import replace; from pathlib import Path\n"
        "from lumbung.config import load_site; from lumbung.listservice.app import serve\n"
        "import os\n"
        f"site = load_site(Path({str(ROOT / 'mkdocs.yml')!r}))\n"
        f"nl = {{**site.extra['newsletter'], 'list_url': {base!r}}}\n"
        "site = replace(site, extra={**site.extra, 'newsletter': nl})\n"
        f"serve({str(db)!r}, site, '127.0.0.1', {port}, os.environ)\n"
    )
    with SmtpServer() as smtp:
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **smtp.env()}
        process = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            with httpx.Client(base_url=base, timeout=5) as client:
                deadline = time.monotonic() + 20
                while True:
                    try:
                        if client.get("/healthz").status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    assert time.monotonic() < deadline and process.poll() is None
                    time.sleep(0.1)
                address = "served@example.org"
                assert client.post("/subscribe", data={"email": address,
                                                       "language": "ms"}).status_code == 200
                while not smtp.handler.messages.get(address):
                    assert time.monotonic() < deadline + 10
                    time.sleep(0.05)
                text = smtp.handler.messages[address][0].get_body(("plain",)).get_content()
                link = re.findall(re.escape(base) + r"/confirm/[A-Za-z0-9_-]+", text)[0]
                assert client.get(link).status_code == 200
                assert client.post(link).status_code == 200
        finally:
            process.terminate()
            out, err = process.communicate(timeout=20)
    logs = out + err
    token = link.rsplit("/", 1)[1]
    assert "POST /subscribe 200" in logs
    assert "GET /confirm/… 200" in logs and "POST /confirm/… 200" in logs
    assert token not in logs and "@" not in logs
    access = [line for line in logs.splitlines() if "uvicorn.access" in line]
    assert len(access) >= 4
    for line in access:  # method, path without tokens, status; no client address
        assert re.search(r"uvicorn\.access: (GET|POST) /[a-z]*(/…)? \d{3}$", line), line
    assert "Traceback" not in logs


@pytest.mark.browser
def test_a_browser_uses_the_pages_without_script_or_other_origins(svc: Running,
                                                                 page_with_log: tuple) -> None:
    """Chromium fills in the service's own forms: the Origin it sends (null, because of
    Referrer-Policy no-referrer) is accepted, the CSP blocks nothing, nothing else is fetched."""
    page, log = page_with_log
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.goto(f"{svc.base}/subscribe?language=vi")
    trap = page.locator("#website").bounding_box()
    assert trap is not None and trap["x"] < 0  # the honeypot is off-screen for people
    page.fill("#email", "browser@example.org")
    page.select_option("#language", "id")
    page.click("button[type=submit]")
    assert page.locator("html").get_attribute("lang") == "id"
    assert strings("id")["sent.title"] in page.content()

    page.goto(svc.confirm_link("browser@example.org"))
    assert svc.one("browser@example.org").status == Status.PENDING
    page.click("button[type=submit]")
    assert strings("id")["confirmed.title"] in page.content()
    assert svc.one("browser@example.org").status == Status.ACTIVE

    page.click(f"text={strings('id')['settings.link']}")
    page.click("button[value=unsubscribe]")
    assert strings("id")["unsubscribed.title"] in page.content()
    assert svc.one("browser@example.org").status == Status.UNSUBSCRIBED
    assert log.foreign(svc.base) == []
    assert problems == []
