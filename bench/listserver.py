"""The two sign-up servers the list benchmark loads, each run as ``python -m bench.listserver``
in a child process of its own (so it never shares an interpreter lock with the load).

* ``lumbung``: Lumbung's list service (``create_app``) with a fresh SQLite store, under uvicorn
  with the service's own server settings (``server_config``: HTTP/1.1, redacted access log,
  X-Forwarded-For trusted from 127.0.0.1 only); its confirmation mails go through its outbox to
  the benchmark's SMTP sink. The stock abuse limits apply, except the service-wide burst of
  confirmation mails, which is raised to the number of sign-ups (``--mails``).
* ``naive``: what a small project would write first: a Starlette app under the same uvicorn
  settings whose sign-up handler, in Starlette's thread pool, opens an SQLite connection per
  request (SQLite's default rollback journal, no WAL), INSERTs the address and a random token,
  commits, closes, then sends a plain-text confirmation mail over a new SMTP connection before
  answering. No limits, no honeypot, no Origin check, no pages in eight languages.

The child prints nothing but uvicorn's log (to stderr); the parent polls ``GET /healthz``.
"""

from __future__ import annotations

import argparse
import secrets
import smtplib
import sqlite3
import sys
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from lumbung.config import Site
from lumbung.listservice.app import create_app, server_config
from lumbung.listservice.limits import Limits
from lumbung.newsletter.deliver import Mailer, SmtpSettings

KINDS = ("lumbung", "naive")
NAIVE_SENDER = "newsletter@lumbung.example.org"
NAIVE_PAGE = ("<!doctype html><html lang=en><meta charset=utf-8><title>Check your inbox</title>"
              "<p>Thank you. We sent you a link to confirm your subscription.</p></html>")


def site_with_list_url(repo: Path, base: str) -> Site:
    """The repository's settings with ``extra.newsletter.list_url`` set to ``base``."""
    from bench.configs import repo_site

    site = repo_site(repo)
    newsletter = {**(site.extra.get("newsletter") or {}), "list_url": base}
    return replace(site, extra={**site.extra, "newsletter": newsletter})


def smtp_env(port: int) -> dict[str, str]:
    return {"LUMBUNG_SMTP_HOST": "127.0.0.1", "LUMBUNG_SMTP_PORT": str(port),
            "LUMBUNG_SMTP_SECURITY": "none"}


def lumbung_app(db: Path, site: Site, smtp_port: int, mails: int) -> Starlette:
    settings = SmtpSettings.from_env(smtp_env(smtp_port))
    stock = Limits()
    limits = replace(stock, mails_burst=max(stock.mails_burst, float(mails)))
    return create_app(db, site, lambda: Mailer(settings, retries=2, backoff=2.0), limits=limits)


def naive_app(db: Path, smtp_port: int, base: str) -> Starlette:
    with sqlite3.connect(db) as setup:
        setup.execute("CREATE TABLE IF NOT EXISTS subscribers (id INTEGER PRIMARY KEY, "
                      "email TEXT UNIQUE NOT NULL, language TEXT NOT NULL, token TEXT NOT NULL, "
                      "confirmed INTEGER NOT NULL DEFAULT 0)")
    setup.close()

    def sign_up(email: str, language: str) -> None:
        token = secrets.token_urlsafe(24)
        connection = sqlite3.connect(db, timeout=5.0)
        try:
            with connection:
                connection.execute("INSERT OR IGNORE INTO subscribers (email, language, token) "
                                   "VALUES (?, ?, ?)", (email, language, token))
        finally:
            connection.close()
        mail = EmailMessage()
        mail["From"] = NAIVE_SENDER
        mail["To"] = email
        mail["Subject"] = "Please confirm your subscription"
        mail.set_content(f"Open this link to confirm: {base}/confirm/{token}\n")
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as smtp:
            smtp.send_message(mail)

    async def subscribe(request: Request) -> Response:
        form = await request.form()
        email, language = str(form.get("email", "")).strip(), str(form.get("language", "en"))
        if "@" not in email:
            return HTMLResponse("<p>Please give an email address.</p>", status_code=400)
        await run_in_threadpool(sign_up, email, language)
        return HTMLResponse(NAIVE_PAGE)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/subscribe", subscribe, methods=["POST"]),
                             Route("/healthz", healthz, methods=["GET"])])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.listserver")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--mails", type=int, default=0)
    args = parser.parse_args(argv)
    base = f"http://127.0.0.1:{args.port}"
    if args.kind == "lumbung":
        app = lumbung_app(args.db, site_with_list_url(args.repo, base), args.smtp_port,
                          args.mails)
    else:
        app = naive_app(args.db, args.smtp_port, base)
    uvicorn.Server(server_config(app, "127.0.0.1", args.port, {})).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
