"""Frozen issues on disk: newsletters/issues/YYYY/YYYY-Www.yml, readable and editable by editors."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import yaml

from lumbung.newsletter.intro import default_intros
from lumbung.newsletter.model import (
    FeedStatus,
    Health,
    Issue,
    IssueStatus,
    Item,
    ItemKind,
    NewsletterError,
)

E = TypeVar("E", bound=StrEnum)
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
STATUS_LINE = re.compile(r"^status:", re.MULTILINE)


def week_bounds(week: str) -> tuple[date, date]:
    """'2026-W47' -> (Monday, Sunday) of that ISO week."""
    match = WEEK_RE.match(week)
    if not match:
        raise NewsletterError(f"week: expected an ISO week like 2026-W47, got '{week}'")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        return date.fromisocalendar(year, number, 1), date.fromisocalendar(year, number, 7)
    except ValueError:
        raise NewsletterError(f"week: {year} has no week {number}") from None


def week_of(day: date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def issue_path(issues_dir: Path, week: str) -> Path:
    week_bounds(week)
    return issues_dir / week[:4] / f"{week}.yml"


def _plain(value: object) -> object:
    if isinstance(value, StrEnum):  # the safe YAML writer knows only plain strings
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Literal(str):
    """Multi-line strings (intros) are written as YAML blocks, so editors can edit them."""


yaml.SafeDumper.add_representer(
    _Literal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                                            style="|"))


def dump(issue: Issue) -> str:
    data = {
        "week": issue.week,
        "status": issue.status.value,
        "generated": _plain(issue.generated) if issue.generated else None,
        "intro": {lang: _Literal(text.rstrip() + "\n") for lang, text in issue.intro.items()},
        "items": [_plain(asdict(item)) for item in issue.items],
        "health": [_plain(asdict(h)) for h in issue.health],
    }
    header = ("# Frozen newsletter issue. Editors may edit the intros (Markdown), remove items.\n"
              "# `python scripts/newsletter.py build --week WEEK --refresh` collects it again.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save(issue: Issue, issues_dir: Path) -> Path:
    path = issue_path(issues_dir, issue.week)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".yml.tmp")
    tmp.write_text(dump(issue), encoding="utf-8")
    tmp.replace(path)
    return path


def _datetime(value: object, where: str) -> datetime:
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        raise NewsletterError(f"{where}: expected a date and time, got '{value}'") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _choice(kind: type[E], value: object, where: str) -> E:
    try:
        return kind(str(value))
    except ValueError:
        words = ", ".join(kind)
        raise NewsletterError(f"{where}: expected one of {words}; got '{value}'") from None


def load(path: Path) -> Issue:
    """Read a frozen issue; raise NewsletterError naming the file and field on bad input."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsletterError(f"{path}: no such issue; build it first") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise NewsletterError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or "week" not in data:
        raise NewsletterError(f"{path}: expected an issue with week, intro and items")
    start, end = week_bounds(str(data["week"]))
    items = []
    for number, raw in enumerate(data.get("items") or [], start=1):
        where = f"{path}: items: item {number}"
        try:
            raw = dict(raw)
            raw["published"] = _datetime(raw["published"], f"{where}: published")
            raw["topics"] = tuple(raw.get("topics") or ())
            raw["kind"] = _choice(ItemKind, raw.get("kind", ItemKind.NEWS), f"{where}: kind")
            items.append(Item(**raw))
        except (TypeError, KeyError) as exc:
            raise NewsletterError(f"{where}: {exc}") from None
    health = []
    for number, raw in enumerate(data.get("health") or [], start=1):
        try:
            raw = dict(raw)
            raw["status"] = _choice(FeedStatus, raw.get("status"),
                                    f"{path}: health: row {number}: status")
            health.append(Health(**raw))
        except (TypeError, ValueError) as exc:
            raise NewsletterError(f"{path}: health: row {number}: {exc}") from None
    generated = data.get("generated")
    status = _choice(IssueStatus, data.get("status") or IssueStatus.DRAFT, f"{path}: status")
    return Issue(week=str(data["week"]), start=start, end=end, items=tuple(items),
                 intro={str(k): str(v).rstrip() for k, v in (data.get("intro") or {}).items()},
                 health=tuple(health),
                 generated=_datetime(generated, f"{path}: generated") if generated else None,
                 status=status)


def all_issues(issues_dir: Path) -> list[Path]:
    """Every frozen issue file, newest week first."""
    return sorted(issues_dir.glob("*/*-W*.yml"), key=lambda p: p.stem, reverse=True)


def status_line(path: Path) -> int:
    """The line number of the issue's ``status:`` line (0 when it has none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return 0
    match = STATUS_LINE.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def not_approved(issue: Issue, path: Path, shown: str) -> str | None:
    """Why ``issue`` may not be sent yet (the line an editor changes), or None if approved."""
    if issue.status is IssueStatus.APPROVED:
        return None
    line = status_line(path)
    if not line:
        return (f"{shown}: no status line, so the issue counts as a draft and is not sent; "
                f"an editor approves it by adding the line 'status: approved' below "
                f"'week: {issue.week}'")
    return (f"{shown}, line {line}: status: {issue.status}; a draft is not sent. An editor "
            f"approves the issue by changing that line to 'status: approved'")


def editor_wrote_intro(issue: Issue, codes: tuple[str, ...]) -> bool:
    """True when some edition's intro is not the default text every new issue starts with."""
    defaults = default_intros(codes)
    return any(text.strip() and text.strip() != defaults.get(lang, "").strip()
               for lang, text in issue.intro.items())


def nothing_to_send(issue: Issue, codes: tuple[str, ...]) -> bool:
    """A week without items is not sent, unless an editor wrote an intro for it."""
    return not issue.items and not editor_wrote_intro(issue, codes)


def recent_weeks(today: date, weeks: int = 2) -> list[str]:
    """This ISO week and the ones before it, newest first."""
    return [week_of(today - timedelta(weeks=n)) for n in range(weeks)]


def approved_weeks(issues_dir: Path, codes: tuple[str, ...], today: date,
                   root: Path) -> tuple[list[str], list[str]]:
    """Of the last two weeks' frozen issues: (the approved ones, oldest first; a note on each
    of the others, naming files relative to ``root``)."""
    ready, notes = [], []
    for week in recent_weeks(today):
        path = issue_path(issues_dir, week)
        if not path.exists():
            notes.append(f"{week}: no frozen issue")
            continue
        issue = load(path)
        refusal = not_approved(issue, path, str(path.relative_to(root)))
        if refusal:
            notes.append(refusal)
        elif nothing_to_send(issue, codes):
            notes.append(f"{week}: no items and no intro written by an editor; not sent")
        else:
            ready.append(week)
    return sorted(ready), notes
