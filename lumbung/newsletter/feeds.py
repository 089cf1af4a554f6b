"""The partners' feeds, from newsletters/feeds.yml, checked field by field with the words and
the :class:`~lumbung.errors.Problem` records of front-matter checks, every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from lumbung.content import schema
from lumbung.content.vocabulary import Vocabulary
from lumbung.errors import Problem
from lumbung.newsletter.model import NewsletterError, Partner

CODE = "feeds"  # the Problem code of every feed-list problem
URL_EXAMPLE = "sample-feeds/partner.xml"


class FeedListError(NewsletterError):
    """The partner list has problems: all of them, in the order of the file."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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


def feed_url(value: Any, ctx: schema.Context) -> str:
    """An http(s) feed, or a plain relative path inside feeds.yml's folder."""
    text = schema.text(value, ctx)
    if is_local(value):
        if "\\" not in value and ".." not in PurePosixPath(value).parts and value == text:
            return text
    elif _http_url(text):
        return text
    raise schema.Invalid(f"expected an http(s) address or a path inside this file's folder like "
                         f"{URL_EXAMPLE}, got '{value}'")


def website(value: Any, ctx: schema.Context) -> str:
    text = schema.text(value, ctx)
    if _http_url(text):
        return text
    raise schema.Invalid(f"expected the partner's http(s) address like "
                         f"https://partner.example.org/, got '{text}'")


def one_or_list(item: Callable[[Any, schema.Context], Any]) -> Callable[[Any, schema.Context],
                                                                       tuple]:
    """A list like [a, b]; a single value stands for a list of one."""
    check = schema.list_of(item)
    return lambda value, ctx: check([value] if isinstance(value, str) else value, ctx)


FIELDS = {
    "name": schema.Field(schema.text),
    "url": schema.Field(feed_url),
    "site": schema.Field(website),
    "languages": schema.Field(schema.nonempty(one_or_list(schema.language))),
    "country": schema.Field(schema.country),
    "topics": schema.Field(one_or_list(schema.topic), required=False),
}


def _lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """Per partner: the line it starts on and the line of each of its keys (1-based)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.SequenceNode):
        return []
    found = []
    for item in node.value:
        keys = {}
        if isinstance(item, yaml.MappingNode):
            keys = {str(k.value): k.start_mark.line + 1 for k, _ in item.value
                    if isinstance(k, yaml.ScalarNode)}
        found.append((item.start_mark.line + 1, keys))
    return found


def _read(path: Path, label: str) -> tuple[Any, list[tuple[int, dict[str, int]]]]:
    def fail(message: str, line: int = 0) -> FeedListError:
        return FeedListError([Problem(label, "", message, line, CODE)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("is missing; it lists the partners' feeds") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 1].hex().upper()
        raise fail(f"is not valid UTF-8 (byte 0x{bad} on line {line}); save the file with "
                   "UTF-8 encoding", line) from None
    try:
        data = yaml.safe_load(text)
        lines = _lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise fail(f"line {line} is not valid YAML ({problem}); check quotes, colons and "
                   "indentation", line) from None
    if not isinstance(data, list):
        raise fail("expected a list of partners, each starting with '- name: ...'", 1)
    return data, lines


def load_partners(path: Path, codes: tuple[str, ...], vocabulary: Vocabulary,
                  shown: str | None = None) -> tuple[Partner, ...]:
    """Read and check feeds.yml; raise FeedListError listing every problem."""
    label = shown or str(path)
    data, lines = _read(path, label)
    ctx = schema.Context(codes, vocabulary)
    problems: list[Problem] = []
    partners: list[Partner] = []
    first: dict[tuple[str, str], int] = {}  # (field, value) -> the partner that has it
    for number, raw in enumerate(data, start=1):
        start, key_lines = lines[number - 1] if number <= len(lines) else (0, {})
        name = raw.get("name") if isinstance(raw, dict) else None
        where = f"partner {number}" + (f" ({name})" if isinstance(name, str) else "")
        if not isinstance(raw, dict):
            try:
                schema.record(dict, FIELDS)(raw, ctx)  # says what a partner should look like
            except schema.Invalid as exc:
                problems.append(Problem(label, where, exc.message, start, CODE))
            continue
        values, invalid = schema.collect(raw, FIELDS, ctx)
        problems += [Problem(label, f"{where}: {exc.field}", exc.message,
                             key_lines.get(exc.field.split(".")[0], start), CODE)
                     for exc in invalid]
        if invalid:
            continue
        partner = Partner(name=values["name"], url=values["url"], site=values["site"],
                          languages=values["languages"], country=values["country"],
                          topics=values.get("topics", ()))
        for key, value in (("name", partner.name.casefold()), ("url", partner.url)):
            if (key, value) in first:
                problems.append(Problem(label, f"{where}: {key}", "is already used by partner "
                                        f"{first[key, value]}; list each partner once",
                                        key_lines.get(key, start), CODE))
            first.setdefault((key, value), number)
        partners.append(partner)
    if problems:
        raise FeedListError(problems)
    return tuple(partners)
