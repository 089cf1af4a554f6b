"""Fetch every partner's feed: the newsletter's only network access (besides sending).

All feeds are fetched concurrently, at most ``Limits.concurrency`` at a time, each within its own
deadline, so a run takes about as long as its slowest feed, not the sum of them. Every failure is
caught and reported for its feed alone. Bodies are streamed and abandoned past a size cap (also
after gzip decoding, so a small compressed bomb cannot expand in memory).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from lumbung.newsletter.feeds import is_local, local_path
from lumbung.newsletter.model import FeedStatus, Fetched, NewsletterError, Partner
from lumbung.newsletter.state import Validators

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    connect: float = 5.0  # seconds to connect
    read: float = 10.0  # seconds of silence while reading
    deadline: float = 20.0  # seconds for a whole feed, however it trickles in
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    concurrency: int = 20
    # Feeds still waiting for a free slot when this many seconds have passed are given up.
    run_deadline: float = 120.0
    # Processor seconds one feed may take to be parsed and cleaned (see newsletter.digest).
    digest: float = 5.0


def user_agent(site_url: str) -> str:
    return f"Lumbung-newsletter/1.0 (+{site_url or 'https://lumbung.example.org/'})"


class _Failed(Exception):
    def __init__(self, status: FeedStatus, detail: str):
        super().__init__(detail)
        self.status, self.detail = status, detail


def _mb(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


async def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """The body, decoded from gzip/deflate here, abandoned as soon as it passes ``cap`` bytes."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj()
    elif encoding in ("", "identity"):
        inflater = None
    else:
        raise _Failed(FeedStatus.HTTP_ERROR, f"unsupported content encoding '{encoding}'")
    parts: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw(CHUNK):
        try:
            data = raw if inflater is None else inflater.decompress(raw, cap + 1 - size)
        except zlib.error:
            raise _Failed(FeedStatus.ERROR, f"broken {encoding} data") from None
        size += len(data)
        if size > cap:
            raise _Failed(FeedStatus.TOO_LARGE, f"more than {_mb(cap)}; stopped reading")
        parts.append(data)
    if inflater is not None:
        tail = inflater.flush()
        if size + len(tail) > cap:
            raise _Failed(FeedStatus.TOO_LARGE, f"more than {_mb(cap)}; stopped reading")
        parts.append(tail)
    return b"".join(parts)


async def _download(client: httpx.AsyncClient, partner: Partner, sent: Validators,
                    limits: Limits) -> Fetched:
    headers = {}
    if sent.etag:
        headers["If-None-Match"] = sent.etag
    if sent.last_modified:
        headers["If-Modified-Since"] = sent.last_modified
    async with client.stream("GET", partner.url, headers=headers) as response:
        received = {name.lower(): value for name, value in response.headers.items()}
        final = str(response.url)
        if response.status_code == 304:
            return Fetched(partner, FeedStatus.NOT_MODIFIED, headers=received, final_url=final,
                           etag=received.get("etag", sent.etag),
                           last_modified=received.get("last-modified", sent.last_modified))
        if not 200 <= response.status_code < 300:
            raise _Failed(FeedStatus.HTTP_ERROR, f"HTTP {response.status_code} "
                                        f"{response.reason_phrase}".rstrip())
        declared = received.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes and \
                "content-encoding" not in received:
            raise _Failed(FeedStatus.TOO_LARGE, f"{_mb(int(declared))} announced, more than "
                                       f"{_mb(limits.max_bytes)}")
        body = await _read_capped(response, limits.max_bytes)
        return Fetched(partner, FeedStatus.OK, body=body, headers=received, final_url=final,
                       etag=received.get("etag", ""),
                       last_modified=received.get("last-modified", ""))


def _failure(exc: BaseException, limits: Limits) -> tuple[FeedStatus, str]:
    if isinstance(exc, _Failed):
        return exc.status, exc.detail
    if isinstance(exc, TimeoutError):
        return FeedStatus.TIMEOUT, f"no complete answer within {limits.deadline:g} s"
    if isinstance(exc, httpx.ConnectTimeout):
        return FeedStatus.TIMEOUT, f"could not connect within {limits.connect:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return FeedStatus.TIMEOUT, f"no data for {limits.read:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return FeedStatus.TIMEOUT, str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TooManyRedirects):
        return FeedStatus.HTTP_ERROR, "too many redirects"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FeedStatus.HTTP_ERROR, f"redirected to an unsupported URL ({exc})"
    if isinstance(exc, httpx.ConnectError):
        return FeedStatus.ERROR, f"could not connect ({exc})"
    if isinstance(exc, httpx.HTTPError):
        return FeedStatus.ERROR, f"{type(exc).__name__}: {exc}"
    return FeedStatus.ERROR, f"{type(exc).__name__}: {exc}"


def _read_local(partner: Partner, feeds_dir: Path, limits: Limits) -> Fetched:
    try:
        path = local_path(partner.url, feeds_dir)
        size = path.stat().st_size
    except (NewsletterError, OSError) as exc:
        return Fetched(partner, FeedStatus.ERROR, detail=f"cannot read {partner.url} ({exc})")
    if size > limits.max_bytes:
        return Fetched(partner, FeedStatus.TOO_LARGE, detail=f"{_mb(size)}, more than "
                                                    f"{_mb(limits.max_bytes)}")
    return Fetched(partner, FeedStatus.OK, body=path.read_bytes(), final_url="")


async def _one(client: httpx.AsyncClient | None, partner: Partner, sent: Validators,
               limits: Limits, slots: asyncio.Semaphore, feeds_dir: Path) -> Fetched:
    async with slots:
        start = time.monotonic()
        try:
            if is_local(partner.url):
                result = _read_local(partner, feeds_dir, limits)
            elif client is None:
                result = Fetched(partner, FeedStatus.NOT_MODIFIED, detail="not fetched (--offline)")
            else:
                result = await asyncio.wait_for(_download(client, partner, sent, limits),
                                                limits.deadline)
        except Exception as exc:  # one feed's failure, whatever it is, stays its own
            status, detail = _failure(exc, limits)
            result = Fetched(partner, status, detail=detail)
        return _timed(result, time.monotonic() - start)


def _timed(result: Fetched, seconds: float) -> Fetched:
    return replace(result, seconds=round(seconds, 2))


async def fetch_all(partners: Sequence[Partner], sent: Mapping[str, Validators], *,
                    limits: Limits, feeds_dir: Path, site_url: str = "",
                    offline: bool = False,
                    done: Callable[[Fetched], None] | None = None) -> list[Fetched]:
    """Fetch every feed; the results are in the partners' order, one per partner."""
    slots = asyncio.Semaphore(max(1, limits.concurrency))
    timeout = httpx.Timeout(connect=limits.connect, read=limits.read, write=limits.read,
                            pool=limits.deadline)
    client = None if offline else httpx.AsyncClient(
        timeout=timeout, follow_redirects=True, max_redirects=limits.max_redirects,
        headers={"User-Agent": user_agent(site_url), "Accept-Encoding": "gzip",
                 "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                           "text/xml;q=0.9, */*;q=0.1"},
        limits=httpx.Limits(max_connections=max(1, limits.concurrency)))
    try:
        tasks = [asyncio.create_task(_one(client, p, sent.get(p.url, Validators()), limits,
                                          slots, feeds_dir)) for p in partners]
        if done is not None:
            for task in tasks:
                task.add_done_callback(lambda t: None if t.cancelled() else done(t.result()))
        if tasks:
            await asyncio.wait(tasks, timeout=limits.run_deadline)
        late = [task for task in tasks if not task.done()]
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        results = []
        for partner, task in zip(partners, tasks, strict=True):
            if task in late or task.cancelled():
                results.append(Fetched(partner, FeedStatus.TIMEOUT, detail="not fetched within the "
                                       f"run's {limits.run_deadline:g} s"))
            else:
                results.append(task.result())
        return results
    finally:
        if client is not None:
            await client.aclose()


def fetch_feeds(partners: Sequence[Partner], sent: Mapping[str, Validators], **options) -> \
        list[Fetched]:
    """:func:`fetch_all` from synchronous code, even where an event loop already runs in this
    thread (a notebook, a browser driver): then the fetch runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(fetch_all(partners, sent, **options))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, fetch_all(partners, sent, **options)).result()
