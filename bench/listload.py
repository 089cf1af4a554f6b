"""A bounded sign-up load on loopback, and the sign-up server in a child process.

:func:`load` posts up to ``signups`` sign-ups (a distinct address each, and a distinct client
address each in X-Forwarded-For), ``concurrency`` at once with one httpx async client, and stops
at the last sign-up or after ``seconds``, whichever comes first. Addresses are generated
(``signupNNNNN@mail.example.invalid``) and never printed.
"""

from __future__ import annotations

import asyncio
import math
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

from lumbung.errors import LumbungError

REPO = Path(__file__).resolve().parent.parent  # holds the bench package
DOMAIN = "mail.example.invalid"
START_SECONDS = 60.0  # for a server to start (imports, store), however busy the machine
REQUEST_TIMEOUT = 30.0


def address(n: int) -> str:
    return f"signup{n:05d}@{DOMAIN}"


def client_address(n: int) -> str:
    """A distinct client address for each sign-up (10.0.0.1, 10.0.0.2, ...)."""
    n += 1
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


@dataclass(frozen=True)
class Load:
    attempted: int
    started: float  # time.perf_counter() when the first request was sent
    seconds: float  # first request sent to last answer received
    latencies: tuple[float, ...]  # seconds, of the sign-ups answered 200
    statuses: dict[str, int]  # HTTP status (or "no answer") -> sign-ups
    accepted: tuple[int, ...]  # indexes of the sign-ups answered 200

    @property
    def ok(self) -> int:
        return len(self.accepted)

    @property
    def errors(self) -> int:
        return self.attempted - self.ok

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float | None:
        """Nearest-rank percentile of the latencies (None without any)."""
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


async def _load(base: str, signups: int, concurrency: int, seconds: float,
                languages: tuple[str, ...]) -> Load:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    accepted: list[int] = []
    counter = iter(range(signups))
    start = time.perf_counter()
    stop_at = start + seconds
    last = start

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal last
        for n in counter:
            if time.perf_counter() >= stop_at:
                return
            data = {"email": address(n), "language": languages[n % len(languages)],
                    "website": ""}
            sent = time.perf_counter()
            try:
                response = await client.post("/subscribe", data=data, headers={
                    "X-Forwarded-For": client_address(n)})
            except httpx.HTTPError:
                statuses["no answer"] += 1
                continue
            finally:
                last = max(last, time.perf_counter())
            statuses[str(response.status_code)] += 1
            if response.status_code == 200:
                latencies.append(time.perf_counter() - sent)
                accepted.append(n)

    async with httpx.AsyncClient(base_url=base, limits=limits,
                                 timeout=min(REQUEST_TIMEOUT, seconds)) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    attempted = sum(statuses.values())
    return Load(attempted, start, last - start, tuple(latencies), dict(statuses),
                tuple(sorted(accepted)))


def load(base: str, signups: int, concurrency: int, seconds: float,
         languages: tuple[str, ...]) -> Load:
    return asyncio.run(_load(base, signups, concurrency, seconds, languages))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SignupServer:
    """``python -m bench.listserver KIND ...`` on a free loopback port, until the block ends."""

    def __init__(self, kind: str, db: Path, smtp_port: int, repo: Path, mails: int, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "bench.listserver", kind, "--db", str(db),
                        "--port", str(self.port), "--smtp-port", str(smtp_port),
                        "--repo", str(repo), "--mails", str(mails)]
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> SignupServer:
        with self.log.open("wb") as err:
            self.proc = subprocess.Popen(self.command, cwd=REPO, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + START_SECONDS
        with httpx.Client(base_url=self.base, timeout=2) as client:
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise LumbungError(f"the sign-up server ({self.command[3]}) did not start"
                                       + self._tail())
                time.sleep(0.1)

    def _tail(self) -> str:
        lines = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return f": {lines[-1]}" if lines else ""

    def __exit__(self, *exc: object) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # uvicorn shuts down; the outbox drains
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
