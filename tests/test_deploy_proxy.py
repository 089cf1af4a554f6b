"""deploy/nginx-lists.conf run for real: Debian's nginx, with TLS, in front of the list service
under uvicorn, all on 127.0.0.1. The shipped file is used as it is but for what only a server has
(its certificate, its ports) and the service's port; each such change must apply exactly once, so
a reworded file fails here instead of being tested half."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from lumbung.listservice.limits import Limits
from tests.test_listservice import ROOT, Running, free_port, running

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = ROOT / "deploy" / "nginx-lists.conf"
HOST = "lists.lumbung.example.org"


@dataclass
class Proxy:
    http: int
    https: int
    folder: Path
    cert: Path
    service: Running

    def client(self, source: str = "127.0.0.1") -> httpx.Client:
        """A client whose connections come from ``source`` (any 127.x address reaches nginx)."""
        trust = ssl.create_default_context(cafile=str(self.cert))  # and nothing else
        return httpx.Client(base_url=f"https://127.0.0.1:{self.https}", timeout=10,
                            headers={"Host": HOST},
                            transport=httpx.HTTPTransport(local_address=source, verify=trust))


def edited(text: str, changes: list[tuple[str, str]]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, f"deploy/nginx-lists.conf: expected '{old}' once"
        text = text.replace(old, new)
    return text


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={HOST}", "-addext",
                    f"subjectAltName=DNS:{HOST},IP:127.0.0.1", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def nginx_conf(folder: Path, http: int, https: int, upstream: int) -> Path:
    cert, key = certificate(folder)
    live = f"/etc/letsencrypt/live/{HOST}"
    site = edited(CONF.read_text(encoding="utf-8"), [
        (f"{live}/fullchain.pem", str(cert)), (f"{live}/privkey.pem", str(key)),
        ("listen 80;", f"listen 127.0.0.1:{http};"), ("    listen [::]:80;\n", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("proxy_pass http://127.0.0.1:8025;", f"proxy_pass http://127.0.0.1:{upstream};")])
    (folder / "site.conf").write_text(site, encoding="utf-8")
    main = folder / "nginx.conf"
    # One process as the test's user; a global access log that the site's "access_log off"
    # must override (the test reads it).
    main.write_text(f"""daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    include {folder}/site.conf;
}}
""", encoding="utf-8")
    return main


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[Proxy]:
    limits = Limits(signups_burst=3, signups_per_hour=1)
    with running(tmp_path, limits=limits) as service:
        folder = tmp_path / "nginx"
        folder.mkdir()
        http, https = free_port(), free_port()
        upstream = int(service.base.rsplit(":", 1)[1])
        main = nginx_conf(folder, http, https, upstream)
        checked = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(main)],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(main)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{http}/", timeout=1)
                    break
                except httpx.TransportError:
                    assert process.poll() is None, process.stderr.read() if process.stderr else ""
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.05)
            yield Proxy(http, https, folder, folder / "cert.pem", service)
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stderr:
                process.stderr.close()


def test_plain_http_is_sent_to_https(proxy: Proxy) -> None:
    answer = httpx.get(f"http://127.0.0.1:{proxy.http}/subscribe?lang=km",
                       headers={"Host": HOST})
    assert answer.status_code == 301
    assert answer.headers["location"] == f"https://{HOST}/subscribe?lang=km"


def test_the_service_answers_over_tls_with_the_proxys_headers(proxy: Proxy) -> None:
    with proxy.client() as client:
        page = client.get("/subscribe")
    assert page.status_code == 200, page.text
    assert page.headers["strict-transport-security"] == "max-age=31536000"
    assert page.headers["server"] == "nginx"  # no version (server_tokens off)
    assert "<form" in page.text


def test_limits_follow_the_real_client_not_a_forged_header(proxy: Proxy) -> None:
    """nginx replaces X-Forwarded-For with the address it saw, and the service trusts only its
    proxy on this machine: a bot that forges the header is still one client."""
    with proxy.client("127.0.0.2") as bot:
        answers = [bot.post("/subscribe", data={"email": f"bot{n}@example.org", "language": "en",
                                                "website": ""},
                            headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
                   for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    with proxy.client("127.0.0.3") as person:
        answer = person.post("/subscribe", data={"email": "person@example.org",
                                                 "language": "en", "website": ""})
    assert answer.status_code == 200
    assert proxy.service.find("person@example.org") is not None
    assert proxy.service.find("bot3@example.org") is None


def test_large_bodies_stop_at_nginx_and_tokens_stay_out_of_its_log(proxy: Proxy) -> None:
    subscriber = proxy.service.active("reader@example.org")
    with proxy.client() as client:
        big = client.post("/subscribe", content=b"email=" + b"a" * 20_000,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
        leave = client.post(f"/unsubscribe/{subscriber.token}",
                            headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert big.status_code == 413
    assert "nginx" in big.text  # nginx's own page: the service never saw the body
    assert leave.status_code == 200
    assert proxy.service.one("reader@example.org").status == "unsubscribed"
    logged = proxy.folder / "access.log"
    assert not logged.exists() or subscriber.token not in logged.read_text(encoding="utf-8")
