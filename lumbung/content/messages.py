"""What the checks say to editors, in the editors' languages.

Each message is a template with named placeholders ({path}, {line} ...) and the same placeholders
in every language. A problem carries its message's key and values (:class:`lumbung.errors.Problem`
``key`` and ``args``), so it can be shown in any of these languages; a problem without a key is
shown as its English text.
"""

from __future__ import annotations

import os
from string import Formatter

from lumbung.content.message_catalog import MESSAGES
from lumbung.errors import Problem

LANGUAGES = ("en", "km", "th", "vi", "my")  # every message is in each of these
ENV = "LUMBUNG_EDITOR_LANG"
ITEM = "_item"  # a value naming the item of a list the message is about ("item 2: ...")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def message(key: str, lang: str = "en", /, **args: object) -> str:
    """The message ``key`` in ``lang`` (English when the language has none) with its values;
    with an ``_item`` value, prefixed by which item of a list it is about."""
    texts = MESSAGES[key]
    said = texts.get(lang, texts["en"]).format(**args)
    if ITEM in args:
        return message("item", lang, n=args[ITEM], text=said)
    return said


def editor_language(chosen: str | None, path: str = "", languages: tuple[str, ...] = ()) -> str:
    """The language to speak to an editor in: ``chosen`` (--lang), else $LUMBUNG_EDITOR_LANG,
    else the language of the file the message is about (``page.km.md``), else English."""
    for candidate in (chosen, os.environ.get(ENV, "")):
        if candidate:
            return candidate if candidate in LANGUAGES else "en"
    parts = path.rsplit("/", 1)[-1].split(".")
    if len(parts) >= 3 and parts[-2] in LANGUAGES and (not languages or parts[-2] in languages):
        return parts[-2]
    return "en"


def problem(path: str, field: str, key: str, line: int = 0, code: str = "front-matter", /,
            **args: object) -> Problem:
    """A :class:`Problem` whose message can be shown in every editor language."""
    values = {name: str(value) for name, value in args.items()}
    return Problem(path, field, message(key, "en", **values), line, code, key,
                   tuple(sorted(values.items())))


def text(problem: Problem, lang: str) -> str:
    """The problem's message in ``lang``."""
    if problem.key in MESSAGES:
        return message(problem.key, lang, **dict(problem.args))
    return problem.message
