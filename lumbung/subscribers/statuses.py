"""The statuses of subscribers and sends, and how consent was given: defined once, here."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"            # asked to join, has not confirmed yet
    ACTIVE = "active"              # receives the newsletter
    UNSUBSCRIBED = "unsubscribed"  # left the list
    BOUNCED = "bounced"            # the address does not take mail
    COMPLAINED = "complained"      # marked a newsletter as spam


SUPPRESSED = frozenset({Status.UNSUBSCRIBED, Status.BOUNCED, Status.COMPLAINED})


class Consent(StrEnum):
    FORM = "form"      # the sign-up form on the site, confirmed by email
    IMPORT = "import"  # imported by staff from an earlier list
    MAILTO = "mailto"  # asked by email, confirmed by email


class SendStatus(StrEnum):
    SENT = "sent"
    FAILED = "failed"
    DEFERRED = "deferred"
