"""Email address validation and normalisation, shared by the CSV list and the store."""

from __future__ import annotations

import re

ADDRESS_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                        r"[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
MAX_LENGTH = 254  # RFC 5321 path limit, less the angle brackets


def valid(address: str) -> bool:
    """True for a plain address (no display name, no comments, no IP-literal domain)."""
    address = address.strip()
    return (len(address) <= MAX_LENGTH and ADDRESS_RE.match(address) is not None
            and ".." not in address)


def normalise(address: str) -> str:
    """Trim, and lower-case the domain (the local part may be case-sensitive)."""
    local, _, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def key(address: str) -> str:
    """What makes two addresses the same subscriber: the whole address, case-folded."""
    return normalise(address).casefold()
