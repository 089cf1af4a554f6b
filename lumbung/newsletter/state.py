"""What the newsletter remembers between runs, in newsletters/state/ (machine-local, not in git).

- ``feeds.json``: per feed URL its ETag and Last-Modified (for conditional GET) and when it was
  last fetched; per entry the time it was first seen (the date of entries without a usable one).
- ``cache/``: the last body fetched of each feed, parsed again when the server answers
  304 Not Modified.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lumbung.newsletter.model import NewsletterError

STATE_FILE = "feeds.json"
CACHE_DIR = "cache"
FORGET_AFTER = timedelta(days=400)  # first-seen times older than this are dropped


@dataclass(frozen=True)
class Validators:
    etag: str = ""
    last_modified: str = ""


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


class State:
    """Read once at the start of a build, changed in memory, saved once at the end."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.path = directory / STATE_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (ValueError, UnicodeDecodeError) as exc:
            raise NewsletterError(f"{self.path}: not valid JSON ({exc}); delete it to start "
                                  "afresh (feeds are then fetched in full)") from None
        if not isinstance(data, dict):
            raise NewsletterError(f"{self.path}: expected a JSON object; delete it to start afresh")
        self.feeds: dict[str, dict[str, str]] = dict(data.get("feeds") or {})
        self.seen: dict[str, str] = dict(data.get("first_seen") or {})

    def _cache_path(self, url: str) -> Path:
        return self.directory / CACHE_DIR / f"{_key(url)}.feed"

    def validators(self, url: str) -> Validators:
        """What to send for a conditional GET; nothing unless the last body is still cached."""
        entry = self.feeds.get(url) or {}
        if not self._cache_path(url).is_file():
            return Validators()
        return Validators(str(entry.get("etag") or ""), str(entry.get("last_modified") or ""))

    def cached(self, url: str) -> bytes | None:
        try:
            return self._cache_path(url).read_bytes()
        except FileNotFoundError:
            return None

    def fetched_at(self, url: str) -> str:
        return str((self.feeds.get(url) or {}).get("fetched") or "")

    def remember(self, url: str, body: bytes, etag: str, last_modified: str,
                 now: datetime) -> None:
        """Keep a feed's body and validators after it was fetched and read successfully."""
        _write_atomic(self._cache_path(url), body)
        self.feeds[url] = {"etag": etag, "last_modified": last_modified,
                           "fetched": now.astimezone(UTC).isoformat()}

    def first_seen(self, feed_url: str, guid: str, now: datetime) -> datetime:
        """When this entry was first seen; ``now`` (and remembered) if never before."""
        key = _key(f"{feed_url}\n{guid}")
        value = self.seen.get(key)
        if value:
            try:
                seen = datetime.fromisoformat(value)
                return seen if seen.tzinfo else seen.replace(tzinfo=UTC)
            except ValueError:
                pass
        self.seen[key] = now.astimezone(UTC).isoformat()
        return now.astimezone(UTC)

    def save(self, now: datetime) -> None:
        cutoff = now - FORGET_AFTER
        kept = {}
        for key, value in self.seen.items():
            try:
                seen = datetime.fromisoformat(value)
            except ValueError:
                continue
            if (seen if seen.tzinfo else seen.replace(tzinfo=UTC)) >= cutoff:
                kept[key] = value
        data = {"feeds": self.feeds, "first_seen": dict(sorted(kept.items()))}
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        _write_atomic(self.path, text.encode("utf-8"))
