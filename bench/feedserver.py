"""A local feed server on 127.0.0.1 and a free port, shared by the tests and the benchmarks.

Routes answer with fixed bodies (gzip-compressed when the client asks and the route allows it,
optionally with ETag / Last-Modified and 304s) or behave badly on purpose: never answer, redirect,
or stream a never-ending feed without ever holding it in memory. Every request is logged.
"""

from __future__ import annotations

import gzip
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RSS_TYPE = "application/rss+xml; charset=utf-8"
CHUNK = b"<!-- padding padding padding padding padding padding padding padding -->\n" * 880
GZIP_LEVEL = 6  # what most web servers use


@dataclass
class Route:
    body: bytes | str = b""  # text is sent as UTF-8
    status: int = 200
    content_type: str = RSS_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    compress: bool = False  # gzip the body when the request's Accept-Encoding allows it
    gzipped: bytes = field(default=b"", init=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.body, str):
            self.body = self.body.encode("utf-8")
        if self.compress:
            self.gzipped = gzip.compress(self.body, compresslevel=GZIP_LEVEL)


@dataclass
class Request:
    path: str
    headers: dict[str, str]  # names in lower case


Behaviour = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.server.lock:
            self.server.requests.append(Request(path, headers))
        route = self.server.routes.get(path)
        try:
            if route is None:
                self._answer(Route(b"not found", 404, "text/plain"))
            elif isinstance(route, Route):
                self._answer(route)
            else:
                route(self)
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
        gzipped = route.compress and "gzip" in self.headers.get("Accept-Encoding", "").lower()
        data = route.gzipped if gzipped else route.body
        assert isinstance(data, bytes)
        self.send_header("Content-Type", route.content_type)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # every feed may connect at once
    routes: dict[str, Route | Behaviour]
    requests: list[Request]
    sent: dict[str, int]
    stop: threading.Event
    lock: threading.Lock


def hang(handler: Handler) -> None:
    """Accept the connection, read the request and never answer (until the server stops)."""
    handler.server.stop.wait()


def redirect_to(target: str) -> Behaviour:
    def redirect(handler: Handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return redirect


def stream(total: int, declare: bool = False) -> Behaviour:
    """Stream ``total`` bytes of a never-ending feed, 64 KB at a time, counting what was sent."""

    def huge(handler: Handler) -> None:
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

    def bomb(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", RSS_TYPE)
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return bomb


def feed_routes(feeds: Mapping[str, tuple[str, bytes]], hanging: Iterable[str] = ()
                ) -> dict[str, Route | Behaviour]:
    """Routes for ``feeds`` (path -> (content type, bytes)), gzip when asked, as most hosts do;
    the ``hanging`` paths never answer."""
    routes: dict[str, Route | Behaviour] = {
        path: Route(data, content_type=kind, compress=True) for path, (kind, data) in feeds.items()}
    routes.update(dict.fromkeys(hanging, hang))
    return routes


class FeedServer:
    """Serve ``routes`` (path -> Route or behaviour) in a background thread."""

    def __init__(self, routes: dict[str, Route | Behaviour]):
        self.httpd = _Server(("127.0.0.1", 0), Handler)
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
        port = self.httpd.server_address[1]
        return f"http://127.0.0.1:{port}{path}"

    def requests_to(self, path: str) -> list[Request]:
        with self.httpd.lock:
            return [r for r in self.httpd.requests if r.path == path]

    def hits(self) -> dict[str, int]:
        """Requests per path so far."""
        with self.httpd.lock:
            return dict(Counter(r.path for r in self.httpd.requests))

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
