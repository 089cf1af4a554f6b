"""Field-by-field validation of front matter into the dataclasses of :mod:`model`.

Each checker turns a raw YAML value into a typed value or raises :class:`Invalid` with the words
an editor needs: what was expected and what was found.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lumbung.content import messages, model
from lumbung.content.vocabulary import Vocabulary, country_codes

SUMMARY_MAX = 300
URL_RE = re.compile(r"^(https?://[^\s/$.?#][^\s]*|[^\s:]+)$")


class Invalid(Exception):  # an internal signal, never escapes this package
    def __init__(self, message: str, field: str = "", key: str = "",
                 args: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.key = key  # the message's key in lumbung.content.messages, if it has one
        self.values = args or {}


def _invalid(key: str, field: str = "", /, **values: object) -> Invalid:
    """An Invalid whose message is the catalogued message ``key`` (in every editor language)."""
    shown = {name: str(value) for name, value in values.items()}
    return Invalid(messages.message(key, "en", **shown), field, key, shown)


@dataclass(frozen=True)
class Context:
    languages: tuple[str, ...]
    vocabulary: Vocabulary


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def text(value: Any, ctx: Context) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise _invalid("expected-text", got=_show(value))


def summary(value: Any, ctx: Context) -> str:
    value = text(value, ctx)
    if len(value) > SUMMARY_MAX:
        raise _invalid("too-long", max=SUMMARY_MAX, count=len(value))
    return value


PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")


def a_date(value: Any, ctx: Context) -> date:
    """A full date, or only a year (2020) or a month (2020-03) when that is all a source says."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        text = value.strip()
        if match := PARTIAL_DATE_RE.match(text):
            month = match.group(2)
            return model.PartialDate.of(int(match.group(1)), int(month) if month else None)
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise _invalid("expected-date", got=_show(value))


def positive_int(value: Any, ctx: Context) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise _invalid("expected-number", got=_show(value))


def url(value: Any, ctx: Context) -> str:
    if isinstance(value, str) and URL_RE.match(value.strip()):
        value = value.strip()
        if ":" in value.split("/")[0] and not value.startswith(("http://", "https://")):
            raise _invalid("expected-http", got=_show(value))
        return value
    raise _invalid("expected-url", got=_show(value))


def one_of(choices: tuple[str, ...]) -> Callable[[Any, Context], str]:
    def check(value: Any, ctx: Context) -> str:
        if isinstance(value, str) and value in choices:
            return value
        hint = difflib.get_close_matches(str(value), choices, n=1)
        if hint:
            raise _invalid("one-of-hint", choices=", ".join(choices), got=_show(value),
                           hint=hint[0])
        raise _invalid("one-of", choices=", ".join(choices), got=_show(value))
    return check


def language(value: Any, ctx: Context) -> str:
    return one_of(ctx.languages)(value, ctx)


def list_of(item: Callable[[Any, Context], Any]) -> Callable[[Any, Context], tuple]:
    def check(value: Any, ctx: Context) -> tuple:
        if not isinstance(value, list):
            raise _invalid("expected-list", got=_show(value))
        out = []
        for index, element in enumerate(value, start=1):
            try:
                out.append(item(element, ctx))
            except Invalid as exc:
                if exc.key:
                    raise _invalid(exc.key, **{**exc.values, messages.ITEM: index}) from None
                raise Invalid(f"item {index}: {exc.message}") from None
        return tuple(out)
    return check


def topic(value: Any, ctx: Context) -> str:
    topics = tuple(ctx.vocabulary.topics)
    if isinstance(value, str) and value in ctx.vocabulary.topics:
        return value
    hint = difflib.get_close_matches(str(value), topics, n=1)
    if hint:
        raise _invalid("unknown-topic-hint", got=_show(value), hint=hint[0])
    raise _invalid("unknown-topic", got=_show(value))


def country(value: Any, ctx: Context) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) == 2 and code in country_codes():
        return code
    raise _invalid("unknown-country", got=_show(value))


def nonempty(check: Callable[[Any, Context], tuple]) -> Callable[[Any, Context], tuple]:
    def inner(value: Any, ctx: Context) -> tuple:
        out = check(value, ctx)
        if not out:
            raise _invalid("at-least-one")
        return out
    return inner


@dataclass(frozen=True)
class Field:
    check: Callable[[Any, Context], Any]
    required: bool = True
    translatable: bool = False


def record(cls: type, fields: dict[str, Field]) -> Callable[[Any, Context], Any]:
    """A checker for a nested mapping (a file, a speaker, a recording)."""
    def check(value: Any, ctx: Context) -> Any:
        if not isinstance(value, dict):
            raise _invalid("expected-fields", fields=", ".join(fields), got=_show(value))
        return cls(**validate_mapping(value, fields, ctx))
    return check


def collect(raw: dict, fields: dict[str, Field], ctx: Context,
            *, skip_required: frozenset[str] = frozenset()) -> tuple[dict[str, Any], list[Invalid]]:
    """Check every key of ``raw`` against ``fields``; return the typed values and every problem."""
    out: dict[str, Any] = {}
    problems: list[Invalid] = []
    for key in raw:
        if key not in fields:
            hint = difflib.get_close_matches(str(key), list(fields), n=1)
            if hint:
                problems.append(_invalid("unknown-field-hint", str(key), hint=hint[0],
                                         fields=", ".join(fields)))
            else:
                problems.append(_invalid("unknown-field", str(key), fields=", ".join(fields)))
    for name, spec in fields.items():
        if raw.get(name) is None:
            if spec.required and name not in skip_required:
                problems.append(_invalid("required", name))
            continue
        try:
            out[name] = spec.check(raw[name], ctx)
        except Invalid as exc:
            inner = f".{exc.field}" if exc.field else ""
            problems.append(Invalid(exc.message, f"{name}{inner}", exc.key, exc.values))
    return out, problems


def validate_mapping(raw: dict, fields: dict[str, Field], ctx: Context) -> dict[str, Any]:
    """Like :func:`collect` for nested records: the first problem is raised."""
    out, problems = collect(raw, fields, ctx)
    if problems:
        raise problems[0]
    return out


FILE_FIELDS = {
    "url": Field(url),
    "format": Field(text),
    "size": Field(positive_int),
    "language": Field(language),
}
SPEAKER_FIELDS = {"name": Field(text), "organisation": Field(text)}
RECORDING_FIELDS = {
    "url": Field(url),
    "download_url": Field(url, required=False),
    "audio_url": Field(url, required=False),
    "captions": Field(list_of(language), required=False),
    "transcript": Field(url, required=False),
}


def version(value: Any, ctx: Context) -> str:
    if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{12}", value.strip()):
        return value.strip()
    key = "expected-version" if isinstance(value, str) else "expected-version-quoted"
    raise _invalid(key, got=_show(value))


def translation_status(value: Any, ctx: Context) -> model.TranslationStatus:
    return model.TranslationStatus(one_of(model.TRANSLATION_STATUSES)(value, ctx))


TRANSLATION_FIELDS = {
    "status": Field(translation_status),
    "source": Field(version),
    "reviewed": Field(a_date, required=False),
}

RESOURCE_FIELDS = {
    "title": Field(text, translatable=True),
    "summary": Field(summary, translatable=True),
    "type": Field(one_of(model.RESOURCE_TYPES)),
    "topics": Field(nonempty(list_of(topic))),
    "countries": Field(list_of(country)),
    "organisation": Field(text),
    "published": Field(a_date),
    "updated": Field(a_date, required=False),
    "licence": Field(one_of(model.LICENCES)),
    "files": Field(list_of(record(model.FileRef, FILE_FIELDS)), required=False),
    "source_url": Field(url, required=False),
}
WEBINAR_FIELDS = {
    "title": Field(text, translatable=True),
    "summary": Field(summary, translatable=True),
    "date": Field(a_date),
    "duration": Field(positive_int, required=False),
    "speakers": Field(list_of(record(model.Speaker, SPEAKER_FIELDS)), required=False),
    "recording": Field(record(model.Recording, RECORDING_FIELDS), required=False),
    "slides": Field(url, required=False),
    "topics": Field(nonempty(list_of(topic))),
    "countries": Field(list_of(country)),
}
# Plain pages (home, guide, about): Material's own page options plus a title.
PAGE_FIELDS = {
    "title": Field(text, required=False, translatable=True),
    "description": Field(text, required=False, translatable=True),
    "hide": Field(list_of(text), required=False),
    "template": Field(text, required=False),
    "search": Field(lambda v, c: v, required=False),
}
KINDS: dict[model.DocumentKind, tuple[dict[str, Field], type | None]] = {
    model.DocumentKind.RESOURCE: (RESOURCE_FIELDS, model.Resource),
    model.DocumentKind.WEBINAR: (WEBINAR_FIELDS, model.Webinar),
    model.DocumentKind.PAGE: (PAGE_FIELDS, None),
}
