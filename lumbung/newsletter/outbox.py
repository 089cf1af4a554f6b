"""What the preview and send commands do, as plain functions (the CLI only parses arguments)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

from lumbung.config import Site, _Loader
from lumbung.newsletter import issuefile
from lumbung.newsletter.message import build
from lumbung.newsletter.model import Issue, NewsletterError
from lumbung.newsletter.render import Edition, render_edition
from lumbung.newsletter.sending import SendConfig

PREVIEW_TO = "Subscriber <subscriber@example.invalid>"


def site_name(site: Site) -> str:
    data = yaml.load((site.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return str(data.get("site_name") or "Lumbung")


def send_config(site: Site) -> SendConfig:
    data = yaml.load((site.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    raw = ((data.get("extra") or {}).get("newsletter")) or {}
    missing = [k for k in ("sender", "list_id", "unsubscribe_mailto") if not raw.get(k)]
    if missing:
        raise NewsletterError(f"mkdocs.yml: extra: newsletter: {', '.join(missing)} missing")
    url = str(raw.get("unsubscribe_url") or "")
    if url and not url.startswith("https://"):
        raise NewsletterError("mkdocs.yml: extra: newsletter: unsubscribe_url: expected an "
                              f"https:// address, got '{url}'")
    return SendConfig(str(raw["sender"]), str(raw["list_id"]), str(raw["unsubscribe_mailto"]),
                      url)


def load_issue(site: Site, week: str) -> Issue:
    return issuefile.load(issuefile.issue_path(site.issues_dir, week))


def render_all(issue: Issue, site: Site) -> dict[str, Edition]:
    name = site_name(site)
    return {lang: render_edition(issue, lang, site, name) for lang in site.codes}


def write_preview(editions: Mapping[str, Edition], out: Path, sender: str) -> list[Path]:
    """HTML, text and .eml of every edition into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang, edition in editions.items():
        stem = out / f"{edition.week}.{lang}"
        for suffix, data in ((".html", edition.html), (".txt", edition.text)):
            path = stem.with_suffix(stem.suffix + suffix)
            path.write_text(data, encoding="utf-8")
            written.append(path)
        eml = stem.with_suffix(stem.suffix + ".eml")
        eml.write_bytes(build(edition, sender, PREVIEW_TO).as_bytes())
        written.append(eml)
    return written


def subscribers_path(flag: str | None, env: Mapping[str, str] = os.environ) -> Path:
    value = flag or env.get("LUMBUNG_SUBSCRIBERS", "")
    if not value:
        raise NewsletterError("subscribers: give --subscribers PATH or set LUMBUNG_SUBSCRIBERS "
                              "(a CSV outside the repository)")
    return Path(value).expanduser()


def secret(env: Mapping[str, str] = os.environ) -> str:
    value = env.get("LUMBUNG_NEWSLETTER_SECRET", "")
    if not value:
        raise NewsletterError("LUMBUNG_NEWSLETTER_SECRET: not set; it keys unsubscribe tokens "
                              "and the send journal")
    return value


def suppression_path(site: Site) -> Path:
    """Unsubscribed readers, as keyed hashes (no addresses): safe to commit with the site."""
    return site.root / "newsletters" / "suppressed.txt"


def journal_path(subscribers: Path, week: str) -> Path:
    """This week's send journal, next to the private subscriber file."""
    return subscribers.resolve().parent / f"send-journal-{week}.log"


def outside_repository(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    return False
