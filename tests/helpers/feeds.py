"""A real local HTTP server for feed tests, on 127.0.0.1 and a free port, and feed builders.

Routes answer with fixed bodies (optionally with ETag / Last-Modified and 304s) or behave badly on
purpose: never answer, redirect in a loop, or stream 50 MB without ever holding it in memory.
"""

from __future__ import annotations

import gzip
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RSS_TYPE = "application/rss+xml; charset=utf-8"
CHUNK = b"<!-- padding padding padding padding padding padding padding padding -->\n" * 880


@dataclass
class Route:
    body: bytes | str = b""  # text is sent as UTF-8
    status: int = 200
    content_type: str = RSS_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.body, str):
            self.body = self.body.encode("utf-8")


@dataclass
class Request:
    path: str
    headers: dict[str, str]  # names in lower case


Behaviour = Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.server.lock:
            self.server.requests.append(Request(path, headers))
        route = self.server.routes.get(path)
        try:
            if route is None:
                self._answer(Route(b"not found", 404, "text/plain"))
            elif callable(route):
                route(self)
            else:
                self._answer(route)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _answer(self, route: Route) -> None:
        matches = (route.etag and self.headers.get("If-None-Match") == route.etag) or \
            (route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified)
        status = 304 if matches else route.status
        self.send_response(status)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        self.wfile.write(route.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # every feed connects at once
    routes: dict[str, Route | Behaviour]
    requests: list[Request]
    sent: dict[str, int]
    stop: threading.Event
    lock: threading.Lock


def hang(handler: _Handler) -> None:
    """Accept the connection and never answer (until the server stops)."""
    handler.server.stop.wait()


def redirect_to(target: str) -> Behaviour:
    def redirect(handler: _Handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return redirect


def stream(total: int, declare: bool = False) -> Behaviour:
    """Stream ``total`` bytes of a never-ending feed, 64 KB at a time, counting what was sent."""

    def huge(handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", RSS_TYPE)
        if declare:
            handler.send_header("Content-Length", str(total))
        handler.end_headers()
        sent = 0
        try:
            handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            while sent < total and not handler.server.stop.is_set():
                handler.wfile.write(CHUNK)
                sent += len(CHUNK)
        finally:
            with handler.server.lock:
                handler.server.sent[handler.path] = sent

    return huge


def gzip_bomb(expanded: int) -> Behaviour:
    """A small gzip body that expands to ``expanded`` bytes."""
    body = gzip.compress(b'<?xml version="1.0"?><rss version="2.0"><channel>'
                         + b" " * expanded, compresslevel=9)

    def bomb(handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", RSS_TYPE)
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return bomb


class FeedServer:
    """Serve ``routes`` (path -> Route or behaviour) in a background thread."""

    def __init__(self, routes: dict[str, Route | Behaviour]):
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.routes = routes
        self.httpd.requests = []
        self.httpd.sent = {}
        self.httpd.stop = threading.Event()
        self.httpd.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def routes(self) -> dict[str, Route | Behaviour]:
        return self.httpd.routes

    @property
    def requests(self) -> list[Request]:
        return self.httpd.requests

    @property
    def sent(self) -> dict[str, int]:
        return self.httpd.sent

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def requests_to(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


# Feed builders. ``items`` are dicts with title, link and optional date, summary, extra (raw XML).

def rss2(items: list[dict], *, title: str = "Feed", link: str = "https://partner.example.org/",
         language: str = "en", declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    parts = [declaration, '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
             f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>",
             f"<description>{escape(title)}</description><language>{language}</language>"]
    for item in items:
        parts.append(f"<item><title>{item['title']}</title><link>{escape(item['link'])}</link>"
                     f"<guid isPermaLink=\"false\">{escape(item.get('guid', item['link']))}</guid>")
        if item.get("date"):
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        if item.get("summary"):
            parts.append(f"<description><![CDATA[{item['summary']}]]></description>")
        parts.append(item.get("extra", "") + "</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)


def atom(entries: list[dict], *, title: str = "Feed", link: str = "https://partner.example.org/",
         lang: str = "en") -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
             f'<title>{escape(title)}</title><link rel="alternate" href="{escape(link)}"/>',
             f"<id>{escape(link)}feed</id><updated>2026-11-20T00:00:00Z</updated>"]
    for entry in entries:
        parts.append(f"<entry><title>{entry['title']}</title>"
                     f'<link rel="alternate" href="{escape(entry["link"])}"/>'
                     f"<id>{escape(entry.get('guid', entry['link']))}</id>")
        if entry.get("date"):
            parts.append(f"<published>{entry['date']}</published><updated>{entry['date']}"
                         "</updated>")
        if entry.get("summary"):
            parts.append(f'<summary type="html">{escape(entry["summary"])}</summary>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts)


def rss1(items: list[dict], *, title: str = "Feed", link: str = "https://partner.example.org/",
         language: str = "en") -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
             f'<channel rdf:about="{escape(link)}"><title>{escape(title)}</title>'
             f"<link>{escape(link)}</link><description>{escape(title)}</description>"
             f"<dc:language>{language}</dc:language><items><rdf:Seq>"]
    parts += [f'<rdf:li rdf:resource="{escape(item["link"])}"/>' for item in items]
    parts.append("</rdf:Seq></items></channel>")
    for item in items:
        parts.append(f'<item rdf:about="{escape(item["link"])}"><title>{item["title"]}</title>'
                     f"<link>{escape(item['link'])}</link>"
                     f"<description>{escape(item.get('summary', ''))}</description>"
                     f"<dc:date>{item['date']}</dc:date></item>")
    parts.append("</rdf:RDF>")
    return "\n".join(parts)


def make_site(dest: Path, feeds_yml: str = "") -> Path:
    """A small copy of the site with its own newsletters/ folder: mkdocs.yml and the part of docs/
    the newsletter reads (topics, resources, webinars)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "topics.yml", dest / "docs" / "topics.yml")
    for part in ("resources", "webinars"):
        shutil.copytree(ROOT / "docs" / part, dest / "docs" / part)
    (dest / "newsletters").mkdir()
    if feeds_yml:
        (dest / "newsletters" / "feeds.yml").write_text(feeds_yml, encoding="utf-8")
    return dest


def partner_yaml(name: str, url: str, languages: str = "[en]", country: str = "TH",
                 topics: str = "[trafficking-prevention]",
                 site: str = "https://partner.example.org/") -> str:
    return (f"- name: {name}\n  url: {url}\n  site: {site}\n  languages: {languages}\n"
            f"  country: {country}\n  topics: {topics}\n")
