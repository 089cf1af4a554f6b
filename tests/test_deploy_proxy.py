"""deploy/nginx-lists.conf and deploy/Caddyfile run for real: Debian's nginx and Caddy, with TLS,
in front of the list service under uvicorn, all on 127.0.0.1. The shipped files are used as they
are but for what only a server has (certificate, ports; Caddy also answers for 127.0.0.1, as a
client connecting to an address sends no host name for the certificate) and the service's port;
each such change must apply exactly once, so a reworded file fails here instead of being tested
half."""

from __future__ import annotations

import os
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
CADDY = shutil.which("caddy") or "/usr/bin/caddy"
CONF = ROOT / "deploy" / "nginx-lists.conf"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
HOST = "lists.lumbung.example.org"


@dataclass
class Proxy:
    kind: str
    http: int
    https: int
    folder: Path
    cert: Path  # what the client trusts: the test certificate, or Caddy's own authority
    service: Running

    def client(self, source: str = "127.0.0.1") -> httpx.Client:
        """A client whose connections come from ``source`` (any 127.x address reaches the proxy)."""
        trust = ssl.create_default_context(cafile=str(self.cert))  # and nothing else
        return httpx.Client(base_url=f"https://127.0.0.1:{self.https}", timeout=10,
                            headers={"Host": HOST},
                            transport=httpx.HTTPTransport(local_address=source, verify=trust))


def edited(text: str, changes: list[tuple[str, str]]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, f"deploy file: expected '{old}' once"
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


def caddyfile(folder: Path, http: int, https: int, upstream: int) -> Path:
    options = (f"{{\n\thttp_port {http}\n\thttps_port {https}\n\tdefault_bind 127.0.0.1\n"
               f"\tadmin off\n\tlocal_certs\n\tskip_install_trust\n"
               f"\tstorage file_system {folder}/data\n}}\n")
    site = edited(CADDYFILE.read_text(encoding="utf-8"), [
        (f"{HOST} {{", f"{HOST}, 127.0.0.1 {{"),
        ("reverse_proxy 127.0.0.1:8025", f"reverse_proxy 127.0.0.1:{upstream}")])
    path = folder / "Caddyfile"
    path.write_text(options + site, encoding="utf-8")
    return path


def commands(kind: str, folder: Path, http: int, https: int,
             upstream: int) -> tuple[list[str], list[str]]:
    """The command that checks the configuration, and the one that runs the server."""
    if kind == "nginx":
        main = nginx_conf(folder, http, https, upstream)
        run = [NGINX, "-p", str(folder), "-c", str(main)]
        return [*run, "-t"], run
    config = ["--adapter", "caddyfile", "--config", str(caddyfile(folder, http, https, upstream))]
    return [CADDY, "validate", *config], [CADDY, "run", *config]


def wait_for(process: subprocess.Popen[bytes], proxy: Proxy, said: Path) -> None:
    """Until the proxy answers over TLS (Caddy makes its certificates after it listens)."""
    deadline = time.monotonic() + 15
    while True:
        try:
            if proxy.cert.exists():
                with proxy.client() as client:
                    client.get("/", timeout=1)
                return
        except (httpx.TransportError, ssl.SSLError):  # no certificate yet, or half written
            pass
        assert process.poll() is None, said.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"{proxy.kind} did not start"
        time.sleep(0.05)


@pytest.fixture(params=["nginx", "caddy"])
def proxy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Proxy]:
    kind: str = request.param
    limits = Limits(signups_burst=3, signups_per_hour=1)
    with running(tmp_path, limits=limits) as service:
        folder = tmp_path / kind
        folder.mkdir()
        http, https = free_port(), free_port()
        upstream = int(service.base.rsplit(":", 1)[1])
        check, run = commands(kind, folder, http, https, upstream)
        env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "xdg"),
               "XDG_CONFIG_HOME": str(folder / "xdg")}
        checked = subprocess.run(check, capture_output=True, text=True, env=env)
        assert checked.returncode == 0, checked.stderr
        said = folder / "stderr.log"  # all a server prints, which the tests read too
        with said.open("wb") as output:
            process = subprocess.Popen(run, stdout=output, stderr=output, env=env)
        try:
            trust = (folder / "cert.pem" if kind == "nginx"
                     else folder / "data" / "pki" / "authorities" / "local" / "root.crt")
            started = Proxy(kind, http, https, folder, trust, service)
            wait_for(process, started, said)
            yield started
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_plain_http_is_sent_to_https(proxy: Proxy) -> None:
    answer = httpx.get(f"http://127.0.0.1:{proxy.http}/subscribe?lang=km",
                       headers={"Host": HOST})
    assert answer.status_code in (301, 308)
    assert answer.headers["location"].startswith(f"https://{HOST}")
    assert answer.headers["location"].endswith("/subscribe?lang=km")


def test_the_service_answers_over_tls_with_the_proxys_headers(proxy: Proxy) -> None:
    with proxy.client() as client:
        page = client.get("/subscribe")
    assert page.status_code == 200, page.text
    assert page.headers["strict-transport-security"] == "max-age=31536000"
    # no version (nginx: server_tokens off), or none at all (Caddy: -Server)
    assert page.headers.get("server") == ("nginx" if proxy.kind == "nginx" else None)
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


def test_large_bodies_are_refused_and_tokens_stay_out_of_the_proxys_log(proxy: Proxy) -> None:
    subscriber = proxy.service.active("reader@example.org")
    with proxy.client() as client:
        big = client.post("/subscribe", content=b"email=" + b"a" * 20_000,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
        leave = client.post(f"/unsubscribe/{subscriber.token}",
                            headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert big.status_code == 413
    if proxy.kind == "nginx":
        assert "nginx" in big.text  # nginx's own page (16 KiB): the service never saw the body
    assert leave.status_code == 200
    assert proxy.service.one("reader@example.org").status == "unsubscribed"
    for logged in (proxy.folder / "access.log", proxy.folder / "stderr.log"):
        assert not logged.exists() or subscriber.token not in logged.read_text(encoding="utf-8")
    assert "/unsubscribe/" not in (proxy.folder / "stderr.log").read_text(encoding="utf-8")
