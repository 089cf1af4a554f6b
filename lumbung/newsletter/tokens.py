"""Keyed hashes of addresses (HMAC-SHA256 with LUMBUNG_NEWSLETTER_SECRET): unsubscribe tokens,
suppression entries and journal keys, none of which reveal an address."""

from __future__ import annotations

import hashlib
import hmac
import re

from lumbung.newsletter.model import NewsletterError

TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


class Tokens:
    def __init__(self, secret: str):
        if len(secret) < 16:
            raise NewsletterError("LUMBUNG_NEWSLETTER_SECRET: expected a random secret of at "
                                  "least 16 characters")
        self._key = secret.encode("utf-8")

    def token(self, address: str) -> str:
        """The unsubscribe token of an address (also its suppression-list entry)."""
        message = b"unsubscribe:" + address.strip().casefold().encode("utf-8")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]

    def journal_key(self, address: str, week: str, edition: str) -> str:
        message = f"journal:{address.strip().casefold()}:{week}:{edition}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]

    @staticmethod
    def valid_format(token: str) -> bool:
        return bool(TOKEN_RE.match(token))
