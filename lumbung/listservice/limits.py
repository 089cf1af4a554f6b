"""Abuse limits: token buckets in memory (per client network and for the whole service), the
largest request body accepted, and which browser origins may post forms."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_body: int = 4096  # bytes of a form post; more is answered 413 before parsing
    signups_burst: float = 20  # sign-ups one client network may make at once (an office NAT)
    signups_per_hour: float = 20
    # Links that lead nowhere (unknown or used tokens), per client network: guessing is
    # slowed down, while a mail provider posting many genuine one-click unsubscribes from one
    # address is never refused.
    misses_burst: float = 30
    misses_per_minute: float = 10
    mails_burst: float = 200  # confirmation mails the whole service sends at once
    mails_per_hour: float = 300
    per_address_day: int = 3  # confirmation mails to one address in 24 hours (the store counts)
    buckets_kept: int = 50_000  # client networks remembered at most


class Buckets:
    """Token buckets by key: ``take(key)`` is False when the key's bucket is empty."""

    def __init__(self, burst: float, per_second: float, kept: int = 50_000,
                 clock: Callable[[], float] = time.monotonic):
        self.burst = burst
        self.rate = per_second
        self.kept = kept
        self.clock = clock
        self.state: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)

    def has(self, key: str) -> bool:
        """Whether ``key`` could take a token now (takes none)."""
        tokens, when = self.state.get(key, (self.burst, self.clock()))
        return min(self.burst, tokens + (self.clock() - when) * self.rate) >= 1

    def take(self, key: str) -> bool:
        now = self.clock()
        tokens, when = self.state.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - when) * self.rate)
        if len(self.state) >= self.kept and key not in self.state:
            self._forget(now)
        if tokens < 1:
            self.state[key] = (tokens, now)
            return False
        self.state[key] = (tokens - 1, now)
        return True

    def _forget(self, now: float) -> None:
        """Drop the buckets that have refilled (they hold nothing worth remembering); if that
        is not enough, the oldest half."""
        full = [k for k, (tokens, when) in self.state.items()
                if tokens + (now - when) * self.rate >= self.burst]
        for key in full:
            del self.state[key]
        if len(self.state) >= self.kept:
            for key, _ in sorted(self.state.items(), key=lambda kv: kv[1][1])[: self.kept // 2]:
                del self.state[key]


def client_key(host: str | None) -> str:
    """The client's network: the IPv4 address, or the /64 of an IPv6 address (one household
    or phone usually holds a whole /64)."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def origin_allowed(headers: Mapping[str, str], allowed: frozenset[str]) -> bool:
    """Posts from browsers must come from the site or the service itself.

    No Origin: not a browser form (a mail provider's one-click unsubscribe, a script); allowed.
    ``Origin: null`` is what browsers send for a post from a page with Referrer-Policy
    no-referrer (as these pages are): then Sec-Fetch-Site, when present, must not say
    cross-site.
    """
    value = headers.get("origin")
    if value is None:
        return True
    if value == "null":
        return headers.get("sec-fetch-site", "same-origin") != "cross-site"
    return value.rstrip("/").lower() in allowed
