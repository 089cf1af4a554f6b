"""The sign-up form of the site, end to end: a built copy of the site whose list_url points at
the list service running under uvicorn on 127.0.0.1 (SQLite file, aiosmtpd sink); Chromium,
with and without JavaScript, fills the form on the newsletter pages and in the footer in Khmer
and Burmese; the confirmation mail arrives in that language; its link confirms."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from email import message_from_bytes, policy
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
import yaml
from aiosmtpd.controller import Controller

from bench.smtpsink import Sink
from bench.webserver import CompressingServer
from lumbung.config import Site, list_url, load_site
from lumbung.listservice.app import create_app, server_config
from lumbung.listservice.handlers import Service
from lumbung.newsletter.deliver import Mailer, SmtpSettings
from lumbung.subscribers.statuses import Consent, Status
from lumbung.subscribers.store import Store, Subscriber
from tests.conftest import ROOT, Build, copy_site, run_build

pytestmark = [pytest.mark.build, pytest.mark.browser]
SITE_STRINGS = ROOT / "lumbung" / "data" / "strings"
SERVICE_STRINGS = ROOT / "lumbung" / "listservice" / "strings"
LIST_URL_LINE = re.compile(r"^(\s+list_url:).*$", re.MULTILINE)
WEEK = sorted((ROOT / "newsletters" / "issues").rglob("*.yml"))[-1].stem


def strings(folder: Path, lang: str) -> dict[str, str]:
    return yaml.safe_load((folder / f"{lang}.yml").read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def site_with_list_url(root: Path, url: str) -> Path:
    """A copy of the site whose mkdocs.yml says ``list_url: url``."""
    copy_site(root)
    config = root / "mkdocs.yml"
    text, count = LIST_URL_LINE.subn(rf"\g<1> {url!r}" if url else r'\g<1> ""',
                                     config.read_text(encoding="utf-8"))
    assert count == 1, "mkdocs.yml: expected one list_url line"
    config.write_text(text, encoding="utf-8")
    return root


class RawSink(Sink):
    """The project's SMTP sink, also keeping the bytes each recipient received on the wire."""

    def __init__(self) -> None:
        super().__init__(keep=True)
        self.raw: dict[str, list[bytes]] = defaultdict(list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if answer.startswith("250"):
            with self.lock:
                for rcpt in envelope.rcpt_tos:
                    self.raw[rcpt].append(bytes(envelope.content))
        return answer


@dataclass
class World:
    with_list: Build
    without_list: Build
    static: CompressingServer
    base: str  # the list service, as the site's list_url says
    db: Path
    service: Service
    sink: RawSink
    site: Site

    def raw_mails(self, address: str) -> list[bytes]:
        self.service.outbox.join()
        with self.sink.lock:
            return list(self.sink.raw.get(address, []))

    def subscriber(self, address: str) -> Subscriber | None:
        with Store.open(self.db) as store:
            return next((s for s in store.export() if s.address == address), None)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/lists"
    tmp = tmp_path_factory.mktemp("signup")
    with ThreadPoolExecutor(2) as pool:  # the two builds at once: half the wait
        builds = [pool.submit(run_build, site_with_list_url(tmp / name, url))
                  for name, url in (("with", base), ("without", ""))]
        with_list, without_list = (future.result() for future in builds)
    assert with_list.ok, with_list.output
    assert without_list.ok, without_list.output
    sink = RawSink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    settings = SmtpSettings.from_env({"LUMBUNG_SMTP_HOST": "127.0.0.1",
                                      "LUMBUNG_SMTP_PORT": str(smtp.port),
                                      "LUMBUNG_SMTP_SECURITY": "none"})
    with CompressingServer(with_list.site) as static:
        # The service allows posts from its own origin and the site's: here the local server.
        site = replace(load_site(with_list.root / "mkdocs.yml"), site_url=static.url("/"))
        assert list_url(site) == base
        db = tmp / "list.sqlite"
        app = create_app(db, site, lambda: Mailer(settings, retries=1, backoff=0.1))
        server = uvicorn.Server(server_config(app, "127.0.0.1", port, {}))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while not server.started:
                assert time.monotonic() < deadline, "the list service did not start"
                time.sleep(0.02)
            yield World(with_list, without_list, static, base, db, app.state.service, sink,
                        site)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            smtp.stop()


class Forms(HTMLParser):
    """The sign-up forms of a page: their fields, labels and the trap's surroundings."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.hidden_depth: list[int] = []  # depths of open aria-hidden elements
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag not in ("input", "meta", "link", "br", "img"):
            self.depth += 1
            if values.get("aria-hidden") == "true":
                self.hidden_depth.append(self.depth)
        if tag == "form" and "lb-signup" in values.get("class", ""):
            self.forms.append({"action": values.get("action"), "method": values.get("method"),
                               "inputs": {}, "labels": set()})
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "label":
            form["labels"].add(values.get("for"))
        if tag == "input":
            form["inputs"][values.get("name")] = {**values, "in_hidden": bool(self.hidden_depth)}

    def handle_endtag(self, tag: str) -> None:
        if self.hidden_depth and self.hidden_depth[-1] == self.depth:
            self.hidden_depth.pop()
        self.depth -= 1


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def test_form_html_posts_the_language_with_a_label_and_a_hidden_trap(world: World) -> None:
    for lang in ("en", "km", "my"):
        for path, where in ((f"{prefix(lang)}newsletters/", "page"),
                            (f"{prefix(lang)}newsletters/{WEEK}/", "page"),
                            (f"{prefix(lang)}library/", "footer")):
            html = world.with_list.html(f"{path}index.html")
            forms = forms_of(html)
            assert len(forms) == 1, f"/{path}: one sign-up form, not {len(forms)}"
            form = forms[0]
            assert form["action"] == f"{world.base}/subscribe" and form["method"] == "post"
            assert form["inputs"]["language"]["type"] == "hidden"
            assert form["inputs"]["language"]["value"] == lang
            email = form["inputs"]["email"]
            assert email["type"] == "email" and email["autocomplete"] == "email"
            assert "required" in email and email["id"] in form["labels"]
            trap = form["inputs"]["website"]
            assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
            assert trap["in_hidden"] and not email["in_hidden"]
            assert strings(SITE_STRINGS, lang)["signup.note"] in html
            assert ('lb-signup-footer' in html) == (where == "footer")


def test_without_list_url_no_form_and_the_feeds_instead(world: World) -> None:
    for lang in ("en", "km", "my"):
        for path in (f"{prefix(lang)}newsletters/", f"{prefix(lang)}newsletters/{WEEK}/",
                     f"{prefix(lang)}library/", prefix(lang)):
            html = world.without_list.html(f"{path}index.html")
            assert forms_of(html) == [], path
            assert "/subscribe" not in html and 'name="website"' not in html
        index = world.without_list.html(f"{prefix(lang)}newsletters/index.html")
        feed = strings(SITE_STRINGS, lang)["newsletter.feed"]
        assert re.search(r'<a href="[^"]*newsletters/feed\.xml">' + re.escape(feed) + "</a>",
                         index), f"/{prefix(lang)}newsletters/: no link to the feed"


def follow(world: World, raw: bytes) -> str:
    """The confirmation link, read from the bytes the mail server received."""
    message = message_from_bytes(raw, policy=policy.default)
    text = message.get_body(("plain",))
    assert text is not None
    links = re.findall(re.escape(world.base) + r"/confirm/[A-Za-z0-9_-]+", text.get_content())
    assert len(set(links)) == 1, links
    return links[0]


CASES = {  # id: (language, JavaScript, page, which form)
    "km-js-archive": ("km", True, "newsletters/", "#lb-signup"),
    "km-nojs-issue": ("km", False, f"newsletters/{WEEK}/", "#lb-signup"),
    "my-js-issue": ("my", True, f"newsletters/{WEEK}/", "#lb-signup"),
    "my-nojs-archive": ("my", False, "newsletters/", "#lb-signup"),
    "km-nojs-footer": ("km", False, "", "#lb-signup-footer"),
    "my-js-footer": ("my", True, "library/", "#lb-signup-footer"),
}


@pytest.mark.parametrize(("lang", "js", "path", "form"), CASES.values(), ids=CASES.keys())
def test_a_reader_signs_up_and_confirms_in_their_language(world: World, browser, lang: str,
                                                         js: bool, path: str,
                                                         form: str) -> None:
    case = next(key for key, value in CASES.items() if value == (lang, js, path, form))
    address = f"reader-{case}@example.org"
    service = strings(SERVICE_STRINGS, lang)
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.goto(world.static.url(f"{prefix(lang)}{path}"))
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("form.lb-signup").count() == 1

    # The trap: off-screen, out of the tab order, absent from the accessibility tree.
    trap = page.locator(f"{form}-website")
    box = trap.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 0
    assert page.get_by_role("textbox", name=strings(SITE_STRINGS, lang)["signup.trap"],
                            exact=True).count() == 0
    email = page.get_by_role("textbox", name=strings(SITE_STRINGS, lang)["signup.email"],
                             exact=True)
    assert email.count() == 1  # found by its label
    email.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "submit"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") != "website"

    email.fill(address)
    with page.expect_navigation():
        page.locator(f"{form}-email ~ button[type=submit]").click()
    assert page.url == f"{world.base}/subscribe"
    assert page.locator("html").get_attribute("lang") == lang
    assert service["sent.title"] in page.content()
    assert world.subscriber(address) is not None

    raws = world.raw_mails(address)
    assert len(raws) == 1
    mail = message_from_bytes(raws[0], policy=policy.default)
    assert mail["Content-Language"] == lang
    assert mail["Subject"] == service["mail.subject"].format(site=world.site.site_name)
    link = follow(world, raws[0])

    # GET shows the button and changes nothing; the reader's press (a POST) confirms.
    before = world.subscriber(address)
    assert before is not None and before.status == Status.PENDING
    with httpx.Client(timeout=10) as client:  # as a link scanner would fetch it
        scanned = client.get(link)
    assert scanned.status_code == 200 and service["confirm.button"] in scanned.text
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("button", name=service["confirm.button"]).count() == 1
    assert world.subscriber(address) == before
    with page.expect_navigation():
        page.get_by_role("button", name=service["confirm.button"]).click()
    assert service["confirmed.title"] in page.content()
    subscriber = world.subscriber(address)
    assert subscriber is not None
    assert subscriber.status == Status.ACTIVE and subscriber.language == lang
    assert subscriber.consent == Consent.FORM and f"({lang})" in subscriber.consent_text

    local = (world.static.origin, world.base.rsplit("/", 1)[0], "data:", "about:")
    assert [url for url in requests if not url.startswith(local)] == []
    assert problems == []
    context.close()


def test_axe_finds_nothing_serious_on_the_newsletter_page_with_the_form(world: World, browser
                                                                         ) -> None:
    from tests.test_accessibility import AXE, report, run_axe, serious

    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from the npm registry")
    source = AXE.read_text(encoding="utf-8")
    failures: list[str] = []
    page = browser.new_page()
    for path in ("km/newsletters/", f"my/newsletters/{WEEK}/", "library/"):  # form, footer
        page.goto(world.static.url(path))
        assert page.locator("form.lb-signup").count() == 1
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            found = run_axe(page, source) if scheme == "light" else \
                run_axe(page, source, ["color-contrast"])
            failures += report(f"/{path} ({scheme})", serious(found))
            page.reload()
    page.close()
    assert failures == []
