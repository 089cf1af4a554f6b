"""The partners' feeds, from newsletters/feeds.yml, validated with one line per problem."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from lumbung.newsletter.model import NewsletterError, Partner

FIELDS = ("name", "url", "site", "languages", "country", "topics")
REQUIRED = FIELDS[:-1]  # topics may be left out
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def is_local(url: str) -> bool:
    """A feed URL without a scheme is a path relative to feeds.yml, read from disk."""
    return not urlsplit(url).scheme and not url.startswith("//")


def local_path(url: str, feeds_dir: Path) -> Path:
    """The file a local feed URL names; it must stay inside feeds.yml's folder."""
    path = (feeds_dir / url).resolve()
    if not path.is_relative_to(feeds_dir.resolve()):
        raise NewsletterError(f"{url}: a local feed must be inside {feeds_dir}")
    return path


def _http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _check_url(value: str) -> str | None:
    if is_local(value):
        path = PurePosixPath(value)
        if "\\" in value or ".." in path.parts or not value.strip() or value != value.strip():
            return (f"'{value}' is neither an http(s) URL nor a plain path inside this file's "
                    "folder, like sample-feeds/partner.xml")
        return None
    if not _http_url(value):
        return f"expected an http(s) URL or a path like sample-feeds/partner.xml, got '{value}'"
    return None


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _partner(raw: Any, where: str, codes: tuple[str, ...], topics: frozenset[str],
             countries: frozenset[str], problems: list[str]) -> Partner | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected fields {', '.join(FIELDS)}")
        return None
    before = len(problems)
    for name in raw:
        if name not in FIELDS:
            problems.append(f"{where}: {name}: unknown field; the fields are "
                            f"{', '.join(FIELDS)}")
    for name in REQUIRED:
        if name not in raw or raw[name] in (None, ""):
            problems.append(f"{where}: {name}: is required")
    for name in ("name", "url", "site", "country"):
        if name in raw and raw[name] is not None and not isinstance(raw[name], str):
            problems.append(f"{where}: {name}: expected text, got {raw[name]!r}")
    if len(problems) > before:
        return None
    name, url, site, country = (raw[k].strip() for k in ("name", "url", "site", "country"))
    if message := _check_url(raw["url"]):
        problems.append(f"{where}: url: {message}")
    if not _http_url(site):
        problems.append(f"{where}: site: expected the partner's http(s) website, got '{site}'")
    if not _COUNTRY.match(country) or country not in countries:
        problems.append(f"{where}: country: expected an ISO 3166-1 alpha-2 code like TH, "
                        f"got '{country}'")
    languages = _strings(raw["languages"])
    if not languages:
        problems.append(f"{where}: languages: expected a list of language codes like [en, th]")
        languages = []
    for lang in languages:
        if lang not in codes:
            problems.append(f"{where}: languages: unknown language '{lang}'; the site's "
                            f"languages are {', '.join(codes)}")
    partner_topics = _strings(raw.get("topics") or [])
    if partner_topics is None:
        problems.append(f"{where}: topics: expected a list of topic ids like [education]")
        partner_topics = []
    for topic in partner_topics:
        if topic not in topics:
            problems.append(f"{where}: topics: unknown topic '{topic}'; the topics are the ids "
                            "in docs/topics.yml")
    if len(problems) > before:
        return None
    return Partner(name=name, url=url, site=site, languages=tuple(languages), country=country,
                   topics=tuple(partner_topics))


def load_partners(path: Path, codes: tuple[str, ...], topics: Iterable[str],
                  countries: Iterable[str], shown: str | None = None) -> tuple[Partner, ...]:
    """Read and validate feeds.yml; raise NewsletterError listing every problem, one per line."""
    label = shown or str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsletterError(f"{label}: no such file; it lists the partners' feeds") from None
    except UnicodeDecodeError:
        raise NewsletterError(f"{label}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise NewsletterError(f"{label}: {line}not valid YAML") from None
    if not isinstance(data, list):
        raise NewsletterError(f"{label}: expected a list of partners, each starting with "
                              "'- name: ...'")
    problems: list[str] = []
    partners: list[Partner] = []
    topic_set, country_set = frozenset(topics), frozenset(countries)
    names: dict[str, int] = {}
    urls: dict[str, int] = {}
    for number, raw in enumerate(data, start=1):
        name = raw.get("name") if isinstance(raw, dict) else None
        where = f"{label}: partner {number}" + (f" ({name})" if isinstance(name, str) else "")
        partner = _partner(raw, where, codes, topic_set, country_set, problems)
        if partner is None:
            continue
        for value, seen, field in ((partner.name.casefold(), names, "name"),
                                   (partner.url, urls, "url")):
            if value in seen:
                problems.append(f"{where}: {field}: the same as partner {seen[value]}'s")
            seen.setdefault(value, number)
        partners.append(partner)
    if problems:
        raise NewsletterError("\n".join(problems))
    return tuple(partners)
