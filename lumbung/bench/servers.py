"""Local servers for the newsletter benchmarks, on 127.0.0.1 and a free port.

* :class:`FeedServer`: serves generated feeds (gzip when asked, as most web servers do); the
  paths in ``hanging`` accept the connection, read the request and never answer.
* :class:`SmtpSink`: the counting SMTP server of :mod:`lumbung.bench.smtpsink`, in a child process.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lumbung.errors import LumbungError

PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Body:
    content_type: str
    raw: bytes
    gzipped: bytes


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.hits[path] = self.server.hits.get(path, 0) + 1
        if path in self.server.hanging:
            self.server.stop.wait()  # never answer; the server closes the socket at the end
            return
        body = self.server.bodies.get(path)
        try:
            if body is None:
                self.send_error(404)
                return
            gzipped = "gzip" in self.headers.get("Accept-Encoding", "").lower()
            data = body.gzipped if gzipped else body.raw
            self.send_response(200)
            self.send_header("Content-Type", body.content_type)
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # every feed may connect at once
    bodies: dict[str, Body]
    hanging: frozenset[str]
    hits: dict[str, int]
    stop: threading.Event
    lock: threading.Lock


class FeedServer:
    """Serve ``feeds`` (path -> (content type, bytes)); ``hanging`` paths never answer."""

    def __init__(self, feeds: Mapping[str, tuple[str, bytes]], hanging: frozenset[str]):
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.bodies = {path: Body(kind, data, gzip.compress(data, compresslevel=6))
                             for path, (kind, data) in feeds.items()}
        self.httpd.hanging = hanging
        self.httpd.hits = {}
        self.httpd.stop = threading.Event()
        self.httpd.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def hits(self) -> dict[str, int]:
        with self.httpd.lock:
            return dict(self.httpd.hits)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class SmtpSink:
    """Start ``python -m lumbung.bench.smtpsink``; ask it for counts; stop it on exit."""

    def __init__(self, log: Path):
        self.log = log
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0

    def __enter__(self) -> SmtpSink:
        with self.log.open("w", encoding="utf-8") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "lumbung.bench.smtpsink"], cwd=PACKAGE_PARENT,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
                encoding="utf-8")
        first = self.proc.stdout.readline() if self.proc.stdout else ""
        if not first.startswith("port "):
            self.__exit__()
            tail = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            raise LumbungError("the local SMTP server (aiosmtpd) did not start"
                               + (f": {tail[-1]}" if tail else ""))
        self.port = int(first.split()[1])
        return self

    def _ask(self, command: str) -> str:
        if self.proc is None or self.proc.stdin is None or self.proc.stdout is None:
            raise LumbungError("the local SMTP server is not running")
        try:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
        except (BrokenPipeError, OSError):
            answer = ""
        if not answer:
            raise LumbungError("the local SMTP server stopped unexpectedly")
        return answer

    def stats(self) -> dict[str, Any]:
        return json.loads(self._ask("stats"))

    def reset(self) -> None:
        self._ask("reset")

    def __exit__(self, *exc: object) -> None:
        if self.proc is None:
            return
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait()
        finally:
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None
