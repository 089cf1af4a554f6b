"""The service's settings, read from the site (mkdocs.yml ``extra.newsletter``).

``list_url`` is the one reader of ``extra.newsletter.list_url``, the public base URL of the list
service; the newsletter uses it too (List-Unsubscribe headers).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from lumbung.config import Site
from lumbung.errors import LumbungError

FIELD = "mkdocs.yml: extra: newsletter: list_url"
SITE_STYLESHEET = ("overrides", "assets", "lumbung.css")  # the site's one stylesheet


class ListServiceError(LumbungError):
    """A problem of the list service's settings or of a request it cannot serve."""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def list_url(site: Site, *, required: bool = True) -> str:
    """The public base URL of the list service, without a trailing slash ('' when unset and not
    ``required``). https only; plain http only for a loopback address (tests, local trials)."""
    raw = ((site.extra.get("newsletter") or {}).get("list_url")) or ""
    url = str(raw).strip()
    if not url:
        if required:
            raise ListServiceError(f"{FIELD}: not set; expected the https:// address where the "
                                   "list service answers, e.g. https://lists.example.org")
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "http" and not _loopback(host):
        raise ListServiceError(f"{FIELD}: expected an https:// address (plain http only on "
                               f"a loopback address), got '{url}'")
    if parts.scheme not in ("https", "http") or not host:
        raise ListServiceError(f"{FIELD}: expected an https:// address, got '{url}'")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ListServiceError(f"{FIELD}: expected a plain address without user name, "
                               f"'?' or '#', got '{url}'")
    try:
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise ListServiceError(f"{FIELD}: the port is not a number in '{url}'") from None
    return url.rstrip("/")


ROUTES = ("confirm", "unsubscribe", "preferences")  # the service's token pages


def page_url(base: str, route: str, token: str) -> str:
    """The address of a token page: ``page_url(list_url(site), "unsubscribe", token)`` is what
    a newsletter's List-Unsubscribe header and unsubscribe link point to."""
    if route not in ROUTES:
        raise ValueError(f"{route}: not a token page ({', '.join(ROUTES)})")
    return f"{base.rstrip('/')}/{route}/{token}"


def origin(url: str) -> str:
    """'https://Lists.Example.org:443/x' -> 'https://lists.example.org'."""
    parts = urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = "" if parts.port in (None, default) else f":{parts.port}"
    return f"{parts.scheme}://{host}{port}"


@dataclass(frozen=True)
class ServiceConfig:
    base_url: str  # list_url, no trailing slash
    prefix: str  # its path ('' or '/lists'): where the routes live
    origins: frozenset[str]  # origins allowed to POST: the service's own and the site's
    sender: str  # From: of confirmation mails
    envelope_from: str
    site_name: str
    stylesheet: str  # the site's stylesheet (its variables and font stack are reused)


def service_config(site: Site) -> ServiceConfig:
    base = list_url(site)
    sender = str((site.extra.get("newsletter") or {}).get("sender") or "").strip()
    envelope = parseaddr(sender)[1]
    if not re.fullmatch(r"[^@\s]+@[^@\s]+", envelope):
        raise ListServiceError("mkdocs.yml: extra: newsletter: sender: expected 'Name "
                               f"<address>', got '{sender}'")
    path = site.root.joinpath(*SITE_STYLESHEET)
    try:
        stylesheet = path.read_text(encoding="utf-8")
    except OSError:
        raise ListServiceError(f"{path}: missing; the list service reuses the site's "
                               "colours and fonts") from None
    origins = {origin(base)}
    if site.site_url:
        origins.add(origin(site.site_url))
    return ServiceConfig(base, urlsplit(base).path.rstrip("/"), frozenset(origins), sender,
                         envelope, site.site_name, stylesheet)
