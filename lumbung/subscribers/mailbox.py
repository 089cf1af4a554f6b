"""Reading the list's mailbox (Maildir or IMAP): bounces suppress or count, complaints and
unsubscribe requests suppress, and every message handled is moved out of the inbox, to
"Processed" or "Unrecognised", so nothing is handled twice.

A crash between the store's update and the move leaves the message in the inbox: the next
run reads it again, which changes nothing for a suppression (it is already recorded) but
counts a soft bounce twice.
"""

from __future__ import annotations

import contextlib
import imaplib
import ipaddress
import logging
import mailbox
import os
import re
import ssl
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lumbung.subscribers.db import StoreError
from lumbung.subscribers.reports import Finding, Kind, Reading, read
from lumbung.subscribers.statuses import SUPPRESSED, Status
from lumbung.subscribers.store import Store, Subscriber

PROCESSED, UNRECOGNISED = "Processed", "Unrecognised"
log = logging.getLogger("lumbung.subscribers.mailbox")


class MailboxError(StoreError):
    """The mailbox cannot be read (the message names the place, never a user or password)."""


@dataclass
class Tally:
    """What a run did, counted by outcome (no addresses)."""

    messages: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        return [f"messages read: {self.messages}"] + [
            f"{outcome}: {count}" for outcome, count in sorted(self.outcomes.items())]


def _subscriber(store: Store, finding: Finding) -> Subscriber | None:
    for address in finding.addresses:
        if (found := store.by_address(address)) is not None:
            return found
    for token in finding.tokens:
        if (found := store.by_token(token)) is not None:
            return found
    for address in finding.returned:
        if (found := store.by_address(address)) is not None:
            return found
    return None


def _act(store: Store, finding: Finding, now: datetime) -> str:
    if finding.kind is Kind.NOTICE:
        return "notice, nothing to do"
    subscriber = _subscriber(store, finding)
    if subscriber is None:
        return f"{finding.kind}: not on the list, nothing changed"
    if finding.kind is Kind.UNSUBSCRIBE:
        before = subscriber.status
        store.unsubscribe(subscriber.token, now)
        return "unsubscribed by email" if before in (Status.ACTIVE, Status.PENDING) \
            else "unsubscribe request: already off the list"
    if finding.kind is Kind.SOFT:
        if subscriber.status in SUPPRESSED:
            return "soft bounce: already off the list"
        if store.soft_bounce(subscriber.address, now):
            return "soft bounce: suppressed (limit reached)"
        return "soft bounce: counted"
    status = Status.COMPLAINED if finding.kind is Kind.COMPLAINT else Status.BOUNCED
    if store.suppress(subscriber.address, status, now, f"{finding.kind} {finding.code}"):
        return f"{finding.kind}: suppressed"
    return f"{finding.kind}: already off the list"


def handle(store: Store, raw: bytes, now: datetime) -> tuple[str, list[str]]:
    """Act on one message; the folder it belongs in and what was done."""
    try:
        reading = read(raw)
    except Exception as exc:  # hostile or broken input must not stop the run
        log.warning("a message could not be parsed (%s); moved to %s", type(exc).__name__,
                    UNRECOGNISED)
        reading = Reading("")
    if not reading.findings:
        return UNRECOGNISED, ["unrecognised"]
    outcomes = [_act(store, finding, now) for finding in reading.findings]
    if reading.report == "unsubscribe" and outcomes == \
            [f"{Kind.UNSUBSCRIBE}: not on the list, nothing changed"]:
        return UNRECOGNISED, ["unrecognised (mentions no known token)"]
    return PROCESSED, outcomes


# Maildir ----------------------------------------------------------------------------------

def read_maildir(store: Store, root: Path, now: datetime) -> Tally:
    """Handle every message in a Maildir's new/ and cur/; move each to .Processed or
    .Unrecognised (Maildir++ folders, created when missing)."""
    try:
        box = mailbox.Maildir(root, create=False)
        folders = set(box.list_folders())
    except (OSError, mailbox.Error):
        raise MailboxError(f"mailbox: {root} is not a Maildir (it needs cur/, new/ and "
                           "tmp/ folders)") from None
    for name in (PROCESSED, UNRECOGNISED):
        if name not in folders:
            box.add_folder(name)
    tally = Tally()
    for sub in ("new", "cur"):
        for path in sorted((root / sub).iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            try:
                raw = path.read_bytes()
            except FileNotFoundError:  # another reader (a run by hand) took it meanwhile
                continue
            folder, outcomes = handle(store, raw, now)
            try:
                _move(path, root / f".{folder}" / "cur")
            except FileNotFoundError:
                continue
            tally.messages += 1
            tally.outcomes.update(outcomes)
    return tally


def _move(path: Path, folder: Path) -> None:
    """Move a message file into a Maildir folder (atomic, never over another message)."""
    unique, _, flags = path.name.partition(":2,")
    name, number = f"{unique}:2,{flags or 'S'}", 0
    while (folder / name).exists():
        number += 1
        name = f"{unique}.{number}:2,{flags or 'S'}"
    os.rename(path, folder / name)


# IMAP -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImapTarget:
    secure: bool
    host: str
    port: int
    user: str
    password: str
    folder: str

    @classmethod
    def parse(cls, url: str) -> ImapTarget:
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname:
            raise MailboxError("mailbox: expected imaps://user:password@host/FOLDER "
                               "(or imap:// for a server on this machine)")
        secure = parts.scheme == "imaps"
        return cls(secure, parts.hostname, parts.port or (993 if secure else 143),
                   unquote(parts.username or ""), unquote(parts.password or ""),
                   unquote(parts.path.lstrip("/")) or "INBOX")


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _connect(target: ImapTarget, timeout: float) -> imaplib.IMAP4:
    context = ssl.create_default_context()
    if target.secure:
        return imaplib.IMAP4_SSL(target.host, target.port, ssl_context=context, timeout=timeout)
    imap = imaplib.IMAP4(target.host, target.port, timeout=timeout)
    if not _loopback(target.host):
        imap.starttls(context)  # never send a password in clear over the network
    return imap


def _check(reply: tuple[str, Sequence[object]], what: str, where: str) -> Sequence[object]:
    kind, data = reply
    if kind != "OK":
        raise MailboxError(f"mailbox: the IMAP server at {where} refused to {what}")
    return data


def read_imap(store: Store, url: str, now: datetime, *, timeout: float = 60.0,
              connect: Callable[[ImapTarget, float], imaplib.IMAP4] = _connect) -> Tally:
    """Handle every message in the URL's folder and move it to Processed or Unrecognised."""
    target = ImapTarget.parse(url)
    where = f"{target.host}:{target.port}"
    tally = Tally()
    try:
        imap = connect(target, timeout)
    except (OSError, ssl.SSLError, imaplib.IMAP4.error) as exc:
        raise MailboxError(f"mailbox: cannot reach the IMAP server at {where} "
                           f"({type(exc).__name__})") from None
    try:
        try:
            imap.login(target.user, target.password)
        except imaplib.IMAP4.error:
            raise MailboxError(f"mailbox: the IMAP server at {where} refused the login "
                               "(check the user name and password)") from None
        folders = {name: _folder(imap, name, where) for name in (PROCESSED, UNRECOGNISED)}
        _check(imap.select(_quoted(target.folder)), f"open the folder {target.folder}", where)
        uids = _check(imap.uid("SEARCH", "UNDELETED"), "list messages", where)
        said = _check(imap.capability(), "list its capabilities", where)
        capabilities = b" ".join(d for d in said if isinstance(d, bytes)).upper().split()
        moves = b"MOVE" in capabilities
        copied: list[str] = []
        listed = uids[0] if uids and isinstance(uids[0], bytes) else b""
        for uid in listed.decode("ascii").split():
            fetched = _check(imap.uid("FETCH", uid, "(BODY.PEEK[])"), "give a message",
                             where)
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
            if not isinstance(raw, bytes):
                continue
            name, outcomes = handle(store, raw, now)
            folder = _quoted(folders[name])
            if moves:
                _check(imap.uid("MOVE", uid, folder), f"move a message to {name}", where)
            else:
                _check(imap.uid("COPY", uid, folder), f"copy a message to {name}", where)
                _check(imap.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"),
                       "mark a message deleted", where)
                copied.append(uid)
            tally.messages += 1
            tally.outcomes.update(outcomes)
        if copied and b"UIDPLUS" in capabilities:
            imap.uid("EXPUNGE", ",".join(copied))  # only these: not what a person deleted
        elif copied:
            imap.expunge()
    except (OSError, imaplib.IMAP4.abort) as exc:
        raise MailboxError(f"mailbox: the connection to {where} failed "
                           f"({type(exc).__name__}); messages handled so far were moved") \
            from None
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            imap.logout()
    return tally


def _folder(imap: imaplib.IMAP4, name: str, where: str) -> str:
    """The server's name for one of the two folders, created when missing: 'Processed', or
    'INBOX.Processed' on servers that keep every folder under INBOX."""
    delimiter = "."
    kind, data = imap.list('""', '""')  # answers with the hierarchy delimiter
    if kind == "OK" and data and isinstance(data[0], bytes):
        found = re.search(rb'\) "(.)"', data[0])
        delimiter = found.group(1).decode("ascii") if found else delimiter
    candidates = (name, f"INBOX{delimiter}{name}")
    for candidate in candidates:
        kind, data = imap.list('""', _quoted(candidate))
        if kind == "OK" and any(isinstance(d, bytes) for d in data):
            return candidate
    for candidate in candidates:
        if imap.create(_quoted(candidate))[0] == "OK":
            return candidate
    raise MailboxError(f"mailbox: the IMAP server at {where} would not create the folder "
                       f"{name}")


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
