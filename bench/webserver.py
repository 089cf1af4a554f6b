"""A local static HTTP server for a built site that behaves like a real host.

Text is compressed (gzip from the standard library; Brotli too when the ``brotli`` module is
installed) according to the browser's Accept-Encoding, every answer carries Content-Length,
Content-Type with a charset for text, Cache-Control (a year and ``immutable`` for content-hashed
file names, ``no-cache`` otherwise) and an ETag, and a matching If-None-Match gets 304. Every
response is logged with the exact number of bytes written to the socket, so a benchmark can count
what a browser really transferred.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import sys
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BufferedIOBase
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

try:  # optional: real hosts prefer Brotli, the standard library has only gzip
    import brotli
except ImportError:  # pragma: no cover - depends on the environment
    brotli = None

GZIP_LEVEL = 6  # what nginx, Apache and most CDNs use for on-the-fly compression
BROTLI_QUALITY = 5
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
TEXT_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
    ".webmanifest": "application/manifest+json", ".xml": "application/xml",
    ".svg": "image/svg+xml", ".txt": "text/plain", ".md": "text/markdown",
}
OTHER_TYPES = {".wasm": "application/wasm", ".woff2": "font/woff2", ".woff": "font/woff",
               ".ico": "image/x-icon", ".gz": "application/gzip"}
# Pagefind's index and WebAssembly files are gzip-compressed already; Pagefind's own script
# decompresses them, so they are served as they are.
PRECOMPRESSED = re.compile(r"\.pf_[a-z]+$|\.pagefind$")
# A content hash in a file name: main.484c7ddc.min.css, lumbung.3f2a9c1b0d.css, en_a1b2c3d.pf_meta
HASHED_NAME = re.compile(r"[._](?=[0-9a-f]*\d)[0-9a-f]{6,64}\.[A-Za-z0-9_.]+$")


@dataclass(frozen=True)
class Served:
    """One answered request: what was asked, what was sent, and how many bytes went out."""

    method: str
    path: str
    status: int
    content_type: str
    encoding: str  # "gzip", "br" or "" (identity)
    body_bytes: int  # bytes of the body as sent (compressed size when compressed)
    wire_bytes: int  # status line + headers + body, as written to the socket


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_TYPES:
        return f"{TEXT_TYPES[suffix]}; charset=utf-8"
    if suffix in OTHER_TYPES:
        return OTHER_TYPES[suffix]
    if PRECOMPRESSED.search(name):
        return "application/octet-stream"
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def is_hashed(name: str) -> bool:
    """True for file names that change whenever their content does (safe to cache forever)."""
    return bool(HASHED_NAME.search(name))


def cache_control(name: str) -> str:
    return IMMUTABLE if is_hashed(name) else REVALIDATE


def compressible(name: str) -> bool:
    return Path(name).suffix.lower() in TEXT_TYPES


def gzip_bytes(data: bytes) -> bytes:
    """gzip as a host would send it (fixed mtime, so equal input gives equal output)."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def accepted_encodings(header: str | None) -> dict[str, float]:
    """Parse Accept-Encoding into {coding: q}; codings with q=0 are refused."""
    result: dict[str, float] = {}
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        result[coding] = q
    return result


def choose_encoding(header: str | None) -> str:
    """The best coding we can produce that the client accepts: 'br', 'gzip' or ''."""
    accepted = accepted_encodings(header)
    offers = ["br", "gzip"] if brotli is not None else ["gzip"]
    best, best_q = "", 0.0
    for coding in offers:
        q = accepted.get(coding, accepted.get("*", 0.0))
        if q > best_q:
            best, best_q = coding, q
    return best


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


class _CountingWriter:
    """Wraps the socket writer and counts every byte written through it."""

    def __init__(self, raw: BufferedIOBase):
        self._raw = raw
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self._raw.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, like every real host
    server_version = "LumbungStatic/1"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)  # type: ignore[assignment]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def _serve(self, *, body: bool) -> None:
        self.server.touch()
        before = self.wfile.count  # type: ignore[attr-defined]
        status, ctype, encoding, payload = self._respond(body)
        self.wfile.flush()
        self.server.record(Served(self.command, self.path, status, ctype, encoding, payload,
                                  self.wfile.count - before))  # type: ignore[attr-defined]

    def _respond(self, body: bool) -> tuple[int, str, str, int]:
        url_path = unquote(urlsplit(self.path).path)
        root = self.server.root
        target = (root / url_path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            return self._not_found(body)
        if target.is_dir():
            if not url_path.endswith("/"):
                return self._redirect(urlsplit(self.path).path + "/", body)
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(body)
        return self._file(target, HTTPStatus.OK, body)

    def _send(self, status: int, headers: list[tuple[str, str]], data: bytes, body: bool,
              ctype: str = "", encoding: str = "") -> tuple[int, str, str, int]:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body and data:
            self.wfile.write(data)
        return status, ctype, encoding, len(data) if body else 0

    def _redirect(self, location: str, body: bool) -> tuple[int, str, str, int]:
        return self._send(HTTPStatus.MOVED_PERMANENTLY, [("Location", location)], b"", body)

    def _not_found(self, body: bool) -> tuple[int, str, str, int]:
        page = self.server.root / "404.html"
        if page.is_file():
            return self._file(page, HTTPStatus.NOT_FOUND, body)
        ctype = "text/plain; charset=utf-8"
        return self._send(HTTPStatus.NOT_FOUND, [("Content-Type", ctype),
                                                 ("Cache-Control", REVALIDATE)],
                          b"404 Not Found\n", body, ctype)

    def _file(self, path: Path, status: int, body: bool) -> tuple[int, str, str, int]:
        ctype = content_type(path.name)
        encoding = choose_encoding(self.headers.get("Accept-Encoding"))
        encoding = encoding if compressible(path.name) else ""
        data, etag = self.server.representation(path, encoding)
        headers = [("Content-Type", ctype), ("Cache-Control", cache_control(path.name)),
                   ("ETag", etag)]
        if compressible(path.name):
            headers.append(("Vary", "Accept-Encoding"))
        match = self.headers.get("If-None-Match")
        if status == HTTPStatus.OK and match and _etag_matches(match, etag):
            return self._send(HTTPStatus.NOT_MODIFIED, headers, b"", body, ctype)
        if encoding:
            headers.append(("Content-Encoding", encoding))
        return self._send(status, headers, data, body, ctype, encoding)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, host: str, port: int):
        self.root = root
        self._lock = threading.Lock()
        self._cache: dict[tuple[Path, int, int, str], tuple[bytes, str]] = {}
        self.log: list[Served] = []
        self.last_activity = time.monotonic()
        super().__init__((host, port), _Handler)

    def representation(self, path: Path, encoding: str) -> tuple[bytes, str]:
        """The file's bytes in the given coding, and that representation's ETag (cached)."""
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size, encoding)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        raw = path.read_bytes()
        tag = hashlib.sha256(raw).hexdigest()[:20]
        if encoding == "gzip":
            data, etag = gzip_bytes(raw), f'"{tag}-gz"'
        elif encoding == "br" and brotli is not None:
            data, etag = brotli.compress(raw, quality=BROTLI_QUALITY), f'"{tag}-br"'
        else:
            data, etag = raw, f'"{tag}"'
        with self._lock:
            self._cache[key] = (data, etag)
        return data, etag

    def record(self, served: Served) -> None:
        with self._lock:
            self.log.append(served)
            self.last_activity = time.monotonic()

    def touch(self) -> None:
        with self._lock:
            self.last_activity = time.monotonic()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a browser dropping a kept-alive connection is normal: stay quiet
        super().handle_error(request, client_address)


class CompressingServer:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a background thread.

    Use as a context manager; ``origin`` and ``url(path)`` give addresses, ``requests()`` the log
    of answered requests, ``reset_log()`` clears it and ``wait_quiet()`` waits for silence.
    """

    def __init__(self, directory: Path, *, host: str = "127.0.0.1", port: int = 0):
        root = Path(directory).resolve()
        if not root.is_dir():
            raise FileNotFoundError(f"{root}: not a directory")
        self._host = host
        self._server = _Server(root, host, port)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="CompressingServer", daemon=True)

    @property
    def origin(self) -> str:
        return f"http://{self._host}:{self._server.server_address[1]}"

    def url(self, path: str = "/") -> str:
        return self.origin + "/" + path.lstrip("/")

    def requests(self) -> list[Served]:
        with self._server._lock:
            return list(self._server.log)

    def reset_log(self) -> None:
        with self._server._lock:
            self._server.log.clear()

    def wait_quiet(self, quiet: float = 1.0, timeout: float = 20.0) -> bool:
        """Wait until no request has started or ended for ``quiet`` seconds; False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._server._lock:
                idle = time.monotonic() - self._server.last_activity
            if idle >= quiet:
                return True
            time.sleep(min(0.1, quiet))
        return False

    def __enter__(self) -> CompressingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
