"""MIME messages for editions: multipart/alternative (text + HTML) with a transfer encoding chosen
per part to keep the message small (quoted-printable triples every byte of Khmer, Thai, Lao or
Burmese text; base64 adds a third), and the size of the result."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import EmailPolicy
from typing import Any, Protocol

UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/%%TOKEN%%"
RAW_HEADERS = ("list-unsubscribe",)  # never RFC 2047-encoded: clients need its '<' first
MAX_LINE = 78


def fold_after_commas(name: str, value: str, linesep: str = "\r\n") -> str:
    """``Name: value`` on one line, or, when longer than 78 columns, folded only after the
    commas between its <...> parts (RFC 2369): the value itself is never encoded."""
    if not value.isascii() or "\r" in value or "\n" in value:
        raise ValueError(f"{name}: expected one line of ASCII")
    line = f"{name}: {value}"
    if len(line) <= MAX_LINE:
        return line + linesep
    parts = [part.strip() for part in value.split(",")]
    return f"{name}: " + ("," + linesep + " ").join(parts) + linesep


class _Policy(EmailPolicy):
    """email.policy.SMTP, except that the headers in RAW_HEADERS go out as written."""

    def fold(self, name: str, value: Any) -> str:
        if name.lower() in RAW_HEADERS:
            return fold_after_commas(name, str(value), self.linesep)
        return str(super().fold(name, value))

    def fold_binary(self, name: str, value: Any) -> bytes:
        if name.lower() in RAW_HEADERS:
            return fold_after_commas(name, str(value), self.linesep).encode("ascii")
        return bytes(super().fold_binary(name, value))


POLICY = _Policy(linesep="\r\n")


class _EditionLike(Protocol):
    """What a message needs of an edition (render.Edition, a frozen dataclass, has it)."""

    @property
    def subject(self) -> str: ...
    @property
    def html(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def lang(self) -> str: ...


def _cte(text: str) -> str:
    """The smaller encoding for this text: quoted-printable for mostly ASCII, else base64."""
    raw = text.encode("utf-8")
    non_ascii = sum(b > 127 for b in raw)
    qp_size = len(raw) + 2 * non_ascii + len(raw) // 76 * 3
    b64_size = (len(raw) + 2) // 3 * 4 * 78 // 76
    return "quoted-printable" if qp_size <= b64_size else "base64"


def build(edition: _EditionLike, sender: str, recipient: str,
          headers: dict[str, str] | None = None, unsubscribe_url: str = "") -> EmailMessage:
    """One message of an edition, addressed to one recipient."""
    html, text = edition.html, edition.text
    if unsubscribe_url:
        html = html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url)
        text = text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url)
    message = EmailMessage(policy=POLICY)
    message["Subject"] = edition.subject
    message["From"] = sender
    message["To"] = recipient
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text, subtype="plain", charset="utf-8", cte=_cte(text))
    message.add_alternative(html, subtype="html", charset="utf-8", cte=_cte(html))
    message["Content-Language"] = edition.lang  # after set_content, which drops Content-*
    return message


def encoded_size(edition: _EditionLike) -> int:
    """Bytes of a typical message of this edition, headers included."""
    sample = build(edition, "Newsletter <newsletter@example.org>",
                   "Subscriber <subscriber@example.org>",
                   {"List-Unsubscribe": "<mailto:unsubscribe@example.org?subject=" + "x" * 64 +
                    ">, <https://example.org/unsubscribe/" + "x" * 64 + ">"})
    return len(sample.as_bytes())
