"""The site's settings as plain data, read from mkdocs.yml (scripts) or MkDocs' config (hooks).

The language list lives only in mkdocs.yml, under the i18n plugin; everything reads it from here.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from lumbung.errors import LumbungError


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's own name for itself, e.g. ខ្មែរ


@dataclass(frozen=True)
class Site:
    root: Path
    docs_dir: Path
    site_dir: Path
    site_url: str
    languages: tuple[Language, ...]
    site_name: str = "Lumbung"
    repo_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def absolute(self, path: str = "") -> str:
        """The absolute URL of a site-root path ('' is the home page): the one place
        ``site_url`` is joined."""
        return self.site_url.rstrip("/") + "/" + path.lstrip("/")

    @property
    def default(self) -> str:
        return self.languages[0].code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def issues_dir(self) -> Path:
        """Frozen newsletter issues: newsletters/issues/YYYY/YYYY-Www.yml."""
        return self.root / "newsletters" / "issues"


class SettingsError(LumbungError):
    """A setting in mkdocs.yml is missing or not what it should be."""


LIST_URL_FIELD = "mkdocs.yml: extra: newsletter: list_url"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def list_url(site: Site, *, required: bool = True) -> str:
    """The public base URL of the list service (``extra.newsletter.list_url``), without a
    trailing slash ('' when unset and not ``required``): the one reader of that setting, used by
    the service, the newsletter (List-Unsubscribe) and the site's sign-up form. https only;
    plain http only for a loopback address (tests, local trials)."""
    raw = ((site.extra.get("newsletter") or {}).get("list_url")) or ""
    url = str(raw).strip()
    if not url:
        if required:
            raise SettingsError(f"{LIST_URL_FIELD}: not set; expected the https:// address where "
                                "the list service answers, e.g. https://lists.example.org")
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "http" and not _loopback(host):
        raise SettingsError(f"{LIST_URL_FIELD}: expected an https:// address (plain http only on "
                            f"a loopback address), got '{url}'")
    if parts.scheme not in ("https", "http") or not host:
        raise SettingsError(f"{LIST_URL_FIELD}: expected an https:// address, got '{url}'")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise SettingsError(f"{LIST_URL_FIELD}: expected a plain address without user name, "
                            f"'?' or '#', got '{url}'")
    try:
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise SettingsError(f"{LIST_URL_FIELD}: the port is not a number in '{url}'") from None
    return url.rstrip("/")


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml while ignoring MkDocs' custom tags (!ENV, !!python/name ...)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _languages(plugins: Any) -> tuple[Language, ...]:
    entries = []
    for item in plugins or []:
        if isinstance(item, dict) and "i18n" in item:
            entries = item["i18n"].get("languages", [])
    langs = [Language(str(e["locale"]), str(e["name"])) for e in entries if e.get("build", True)]
    default = [lang for lang, e in zip(langs, entries, strict=False) if e.get("default")]
    if not langs or not default:
        raise LumbungError("mkdocs.yml: plugins: i18n: languages: expected a list with one "
                           "'default: true' language")
    return (default[0], *[lang for lang in langs if lang != default[0]])


def load_site(mkdocs_yml: Path) -> Site:
    """Read the site settings from a mkdocs.yml file (for scripts)."""
    data = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader)
    root = mkdocs_yml.parent.resolve()
    return Site(
        root=root,
        docs_dir=root / data.get("docs_dir", "docs"),
        site_dir=root / data.get("site_dir", "site"),
        site_url=str(data.get("site_url") or ""),
        languages=_languages(data.get("plugins")),
        site_name=str(data.get("site_name") or "Lumbung"),
        repo_url=str(data.get("repo_url") or ""),
        extra=dict(data.get("extra") or {}),
    )


def site_from_mkdocs(config: Any) -> Site:
    """The same settings from MkDocs' live config object (for hooks)."""
    i18n = config.plugins["i18n"].config
    entries = [lang for lang in i18n.languages if lang.build]
    default = next(lang for lang in entries if lang.default)
    ordered = [default, *[lang for lang in entries if lang is not default]]
    return Site(
        root=Path(config.config_file_path).parent.resolve(),
        docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir),
        site_url=str(config.site_url or ""),
        languages=tuple(Language(lang.locale, lang.name) for lang in ordered),
        site_name=str(config.site_name or "Lumbung"),
        repo_url=str(config.repo_url or ""),
        extra=dict(config.extra or {}),
    )


def current_language(config: Any) -> str:
    """The language MkDocs is building now (mkdocs-static-i18n sets theme.language per build).

    Valid in handlers whose priority is below -100, i.e. after the i18n plugin's own.
    """
    return str(config.theme["language"])
