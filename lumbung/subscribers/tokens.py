"""Random tokens: one per subscriber (preferences, unsubscribe) and one per confirmation
request (stored only as its SHA-256). No secret key: nothing here changes if a secret does."""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hashed(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str) -> bool:
    return TOKEN_FORMAT.fullmatch(token) is not None
