"""The private subscriber list (a CSV outside the repository) and the suppression list.

Addresses never leave this module's callers: problems are reported by row number, and the
suppression list and send journal hold only keyed hashes (tokens) of addresses.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lumbung.newsletter.model import NewsletterError
from lumbung.newsletter.tokens import Tokens
from lumbung.subscribers.addresses import normalise, valid


@dataclass(frozen=True)
class Subscriber:
    email: str  # normalised: domain in lower case
    language: str
    name: str = ""
    row: int = 0  # its data row in the CSV (1-based; 0: not from a file)

    def __repr__(self) -> str:  # never show an address in logs or tracebacks
        return f"Subscriber(row={self.row}, language={self.language!r})"


def clean_name(name: str) -> str | None:
    """The display name as it may go into a To: header, or None if it holds a line break or
    another control or format character (a header injection, or a mangled row)."""
    name = name.strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        return None
    return name[:100]


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based data row (the header is row 0)
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}; skipped"


def load(path: Path, languages: tuple[str, ...]) -> tuple[list[Subscriber], list[RowProblem]]:
    """Read email,language[,name] rows; report bad rows by number, never by address."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise NewsletterError(f"subscribers: cannot read the file ({exc.strerror})") from None
    subscribers: list[Subscriber] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    with handle:
        # A NUL byte would stop the csv module; as \x01 it fails its row's checks instead.
        reader = csv.DictReader(line.replace("\0", "\x01") for line in handle)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "email" not in fields or "language" not in fields:
            raise NewsletterError("subscribers: expected a header row with email,language"
                                  "[,name]")
        reader.fieldnames = fields
        for number, row in enumerate(reader, start=1):
            address = str(row.get("email") or "").strip()
            language = str(row.get("language") or "").strip().lower()
            if not valid(address):
                problems.append(RowProblem(number, "not a valid email address"))
                continue
            if language not in languages:
                shown = language[:8] if language.isalpha() or not language else "?"
                problems.append(RowProblem(number, f"unknown language '{shown}'; "
                                           f"expected one of {', '.join(languages)}"))
                continue
            name = clean_name(str(row.get("name") or ""))
            if name is None:
                problems.append(RowProblem(number, "the name contains a line break or another "
                                           "control character"))
                continue
            address = normalise(address)
            if address.casefold() in seen:
                problems.append(RowProblem(number, "the same address appears on an earlier row"))
                continue
            seen.add(address.casefold())
            subscribers.append(Subscriber(address, language, name, number))
    return subscribers, problems


class Suppression:
    """Unsubscribed addresses, stored as tokens (keyed hashes), one per line."""

    def __init__(self, path: Path, tokens: Tokens):
        self.path = path
        self.tokens = tokens
        self._known = set()
        if path.exists():
            self._known = {line.strip() for line in path.read_text(encoding="utf-8").split()
                           if line.strip()}

    def __contains__(self, subscriber: Subscriber) -> bool:
        return self.tokens.token(subscriber.email) in self._known

    def add_token(self, token: str) -> bool:
        """Record an unsubscribe; False if it was already recorded."""
        if not self.tokens.valid_format(token):
            raise NewsletterError("unsubscribe: that is not a Lumbung unsubscribe token")
        if token in self._known:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(token + "\n")
        self._known.add(token)
        return True
