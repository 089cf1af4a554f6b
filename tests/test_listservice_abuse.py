"""Abuse limits of the list service, on its real server: subscription bombing, honeypot, body
size, per-client limits, foreign origins, tokens, and no address in any log line or page."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lumbung.listservice.limits import Buckets, Limits, client_key
from lumbung.listservice.logs import redact
from lumbung.subscribers.statuses import Status
from tests.test_listservice import Running, check_page, running, strings


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Running]:
    with running(tmp_path) as run:
        yield run


def test_a_thousand_signups_for_one_address_send_at_most_the_daily_limit(svc: Running) -> None:
    """Subscription bombing from many client addresses (X-Forwarded-For from the trusted
    loopback proxy), all within a minute: the store's per-address limit holds."""
    victim = "victim@example.org"
    limit = Limits().per_address_day
    started = time.monotonic()
    answers = set()
    for n in range(1000):
        response = svc.client.post(
            "/subscribe", data={"email": victim, "language": "en", "website": ""},
            headers={"X-Forwarded-For": f"198.51.{n // 250}.{n % 250 + 1}"})
        assert response.status_code == 200
        answers.add(response.text)
    elapsed = time.monotonic() - started
    assert elapsed < 60
    assert len(svc.mails(victim)) == limit  # counted at the SMTP sink
    assert svc.smtp.handler.accepted == limit
    assert len(answers) == 1  # the same page whether a mail went out or not


def test_same_answer_whether_the_address_is_known_or_not(svc: Running) -> None:
    svc.active("known@example.org")
    known = svc.subscribe("known@example.org")
    unknown = svc.subscribe("unknown@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert len(svc.mails("known@example.org")) == 1  # only the first confirmation
    assert len(svc.mails("unknown@example.org")) == 1


def test_honeypot_gets_the_same_answer_and_nothing_happens(svc: Running) -> None:
    normal = svc.subscribe("person@example.org")
    trapped = svc.client.post("/subscribe", data={"email": "bot@example.org", "language": "en",
                                                  "website": "https://spam.example"})
    assert trapped.status_code == 200 and trapped.text == normal.text
    assert svc.find("bot@example.org") is None
    assert svc.mails("bot@example.org") == []


def test_oversize_bodies_are_refused_before_parsing(svc: Running) -> None:
    big = {"email": "big@example.org", "language": "vi", "website": "", "pad": "x" * 10_000}
    response = svc.client.post("/subscribe", data=big, headers={"Accept-Language": "vi"})
    assert response.status_code == 413
    check_page(svc, response, "vi", "error.large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        yield b"email=big%40example.org&language=vi&pad="
        for _ in range(10):
            yield b"x" * 1000

    chunked = svc.client.post("/subscribe", content=chunks(), headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    assert chunked.status_code == 413
    assert svc.find("big@example.org") is None
    files = svc.client.post("/subscribe", files={"email": ("a.txt", b"big@example.org")},
                            headers={"Accept-Language": "id"})
    assert files.status_code == 400  # a file upload is not a form we read: Accept-Language
    check_page(svc, files, "id", "error.form")


def test_per_client_signup_limit_answers_429_in_the_form_language(svc: Running) -> None:
    burst = int(Limits().signups_burst)
    headers = {"X-Forwarded-For": "203.0.113.9"}
    for n in range(burst):
        assert svc.subscribe(f"office{n}@example.org", "lo", **headers).status_code == 200
    refused = svc.subscribe("one-too-many@example.org", "lo", **headers)
    assert refused.status_code == 429
    check_page(svc, refused, "lo", "error.busy")
    assert svc.find("one-too-many@example.org") is None
    # Another client network is not affected.
    other = svc.subscribe("elsewhere@example.org", "lo", **{"X-Forwarded-For": "203.0.113.10"})
    assert other.status_code == 200


def test_unknown_links_are_limited_per_client_but_genuine_unsubscribes_never(
        tmp_path: Path) -> None:
    limits = Limits(misses_burst=5, misses_per_minute=1)
    with running(tmp_path, limits) as run:
        tokens = [run.active(f"many{n}@example.org").token for n in range(3)]
        guess = {"X-Forwarded-For": "192.0.2.50", "Accept-Language": "km"}
        codes = [run.client.post("/unsubscribe/" + "a" * 32, headers=guess).status_code
                 for _ in range(7)]
        assert codes == [404] * 5 + [429] * 2
        refused = run.client.get(f"/preferences/{tokens[0]}", headers=guess)
        assert refused.status_code == 429  # even a good token, once guessing has begun
        check_page(run, refused, "km", "error.busy")
        assert run.one("many0@example.org").status == Status.ACTIVE
        # A mail provider's one-click posts from one address: all honoured, many times over.
        provider = {"X-Forwarded-For": "192.0.2.77",
                    "Content-Type": "application/x-www-form-urlencoded"}
        for _ in range(20):
            for token in tokens:
                response = run.client.post(f"/unsubscribe/{token}",
                                           content=b"List-Unsubscribe=One-Click",
                                           headers=provider)
                assert response.status_code == 200
        assert {run.one(f"many{n}@example.org").status for n in range(3)} == \
            {Status.UNSUBSCRIBED}


def test_token_bucket_refills() -> None:
    now = [0.0]
    buckets = Buckets(burst=2, per_second=1.0, clock=lambda: now[0])
    assert buckets.take("a") and buckets.take("a") and not buckets.take("a")
    assert buckets.take("b")
    now[0] = 1.0
    assert buckets.take("a") and not buckets.take("a")
    assert client_key("2001:db8:1:2:3:4:5:6") == client_key("2001:db8:1:2:ffff::1")
    assert client_key("192.0.2.1") != client_key("192.0.2.2")
    small = Buckets(burst=1, per_second=0.0, kept=10, clock=lambda: now[0])
    for n in range(100):
        small.take(str(n))
    assert len(small.state) <= 10


def test_posts_from_foreign_origins_are_refused(svc: Running) -> None:
    subscriber = svc.active("origin@example.org")
    url = f"/unsubscribe/{subscriber.token}"
    for headers in ({"Origin": "https://evil.example"},
                    {"Origin": "null", "Sec-Fetch-Site": "cross-site"}):
        refused = svc.client.post(url, headers={**headers, "Accept-Language": "th"})
        assert refused.status_code == 403
        check_page(svc, refused, "th", "error.origin")
        signup = svc.client.post("/subscribe", data={"email": "csrf@example.org"},
                                 headers=headers)
        assert signup.status_code == 403
    assert svc.find("csrf@example.org") is None
    assert svc.one("origin@example.org").status == Status.ACTIVE
    site_origin = svc.site.site_url.rstrip("/").rsplit("/", 0)[0]
    from urllib.parse import urlsplit
    parts = urlsplit(site_origin)
    allowed = svc.subscribe("from-site@example.org", Origin=f"{parts.scheme}://{parts.netloc}")
    assert allowed.status_code == 200
    own = svc.client.post(url, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 200
    assert svc.one("origin@example.org").status == Status.UNSUBSCRIBED


def test_tokens_cannot_be_swapped_guessed_or_reused(svc: Running) -> None:
    alice = svc.active("alice@example.org")
    svc.subscribe("bob@example.org")
    bob_confirm = svc.confirm_link("bob@example.org").rsplit("/", 1)[1]
    # A confirmation token is not a subscriber token, and the other way round.
    assert svc.client.post(f"/unsubscribe/{bob_confirm}").status_code == 404
    assert svc.client.get(f"/preferences/{bob_confirm}").status_code == 404
    assert svc.client.post(f"/confirm/{alice.token}").status_code == 404
    # Malformed and guessed tokens.
    for token in ("x", "a" * 200, "../../etc", alice.token[:-1], alice.token + "A",
                  alice.token.swapcase()):
        for path in ("confirm", "unsubscribe", "preferences"):
            response = svc.client.post(f"/{path}/{token}", data={"do": "unsubscribe"})
            assert response.status_code in (404, 400), (path, token)
    assert svc.one("alice@example.org").status == Status.ACTIVE
    assert svc.one("bob@example.org").status == Status.PENDING
    assert len(alice.token) >= 32


def test_no_address_in_any_log_line_or_page(svc: Running) -> None:
    address = "private.person@mail.test"
    pages = [svc.subscribe(address, "ms"), svc.subscribe(address, "ms")]
    link = svc.confirm_link(address)
    pages += [svc.client.get(link), svc.client.post(link)]
    token = svc.one(address).token
    pages += [svc.client.get(f"/preferences/{token}"),
              svc.client.post(f"/preferences/{token}", data={"do": "language", "language": "id"}),
              svc.client.post("/subscribe", data={"email": "not an address@@", "language": "ms"}),
              svc.client.get(f"/confirm/{address}"), svc.client.get(f"/x/{address}?e={address}"),
              svc.client.post(f"/unsubscribe/{token}")]
    svc.service.outbox.join()
    for page in pages:
        assert address not in page.text and "mail.test" not in page.text
    lines = svc.logs.lines
    assert any(line.startswith("uvicorn.access: POST /subscribe 200") for line in lines), lines
    assert any(line.startswith("uvicorn.access: GET /confirm/… 200") for line in lines)
    for line in lines:
        assert "@" not in line and "mail.test" not in line and "%40" not in line, line
        assert token not in line and link.rsplit("/", 1)[1] not in line, line
    for line in lines:
        if line.startswith("uvicorn.access"):  # no client address either
            assert "127.0.0.1" not in line and "198.51." not in line, line


def test_unexpected_errors_are_plain_pages_without_traceback(svc: Running,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    address = "crash@example.org"

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError(f"database is locked while writing {address}")

    monkeypatch.setattr(svc.service.store, "request", broken)
    response = svc.client.post("/subscribe", data={"email": address, "language": "my"},
                               headers={"Accept-Language": "my"})
    assert response.status_code == 500
    check_page(svc, response, "my", "error.server")
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()
    assert any("request failed (OperationalError)" in line for line in svc.logs.lines)
    for line in svc.logs.lines:
        assert address not in line and "Traceback" not in line
    put = svc.client.put("/subscribe", headers={"Accept-Language": "vi"})
    assert put.status_code == 405
    check_page(svc, put, "vi", "error.method")
    assert strings("vi")["error.method"] in put.text


def test_access_log_paths_are_redacted() -> None:
    assert redact("/confirm/AbCdEf0123456789_-xyz") == "/confirm/…"
    assert redact("/preferences/short") == "/preferences/…"
    assert redact("/subscribe?email=a%40b.org") == "/subscribe"
    assert redact("/x/person@example.org/y") == "/x/…/y"
    assert redact("/lists/unsubscribe/abc/") == "/lists/unsubscribe/…/"


def test_a_refused_confirmation_mail_changes_no_answer_and_logs_no_address(svc: Running
                                                                           ) -> None:
    address = "refused@mail.test"
    svc.smtp.handler.permanent.add(address)
    normal = svc.subscribe("accepted@example.org", "th")
    refused = svc.subscribe(address, "th")
    assert refused.status_code == 200 and refused.text == normal.text
    svc.service.outbox.join()
    assert svc.mails(address) == []
    assert any("confirmation mail: failed (550)" in line for line in svc.logs.lines)
    assert not [line for line in svc.logs.lines if "mail.test" in line or "refused@" in line]
