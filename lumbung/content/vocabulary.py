"""Controlled vocabularies: topics (from docs/topics.yml) and countries (ISO 3166-1 via ICU)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from lumbung.content.messages import problem
from lumbung.errors import ContentError

TOPICS_FILE = "topics.yml"


@dataclass(frozen=True)
class Vocabulary:
    """Topic ids with their name in every site language."""

    topics: dict[str, dict[str, str]]

    def topic_name(self, topic: str, lang: str) -> str:
        return self.topics[topic][lang]


def load_topics(docs_dir: Path, languages: tuple[str, ...]) -> Vocabulary:
    """Read docs/topics.yml; every topic must be named in every language."""
    path = docs_dir / TOPICS_FILE
    rel = f"{docs_dir.name}/{TOPICS_FILE}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError([problem(rel, "", "topics-missing", 0, "topics")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise ContentError([problem(rel, "", "topics-yaml", line, "topics",
                                    line=line)]) from None
    if not isinstance(data, dict):
        raise ContentError([problem(rel, "", "topics-not-mapping", 1, "topics")])
    problems = []
    topics: dict[str, dict[str, str]] = {}
    for topic, names in data.items():
        if not isinstance(names, dict):
            problems.append(problem(rel, str(topic), "topic-names", 0, "topics"))
            continue
        missing = [lang for lang in languages if not str(names.get(lang) or "").strip()]
        if missing:
            problems.append(problem(rel, str(topic), "topic-unnamed", 0, "topics",
                                    languages=", ".join(missing)))
        topics[str(topic)] = {lang: str(names.get(lang) or "") for lang in languages}
    if problems:
        raise ContentError(problems)
    return Vocabulary(topics)


@cache
def country_codes() -> frozenset[str]:
    """All ISO 3166-1 alpha-2 codes that ICU knows."""
    import icu  # here: a parallel build's merge step needs no ICU (11 MiB)
    return frozenset(icu.Locale.getISOCountries())


@cache
def country_name(code: str, lang: str) -> str:
    """The country's name in the given language, from ICU's CLDR data."""
    import icu
    return icu.Locale("und", code).getDisplayCountry(icu.Locale(lang)) or code


@cache
def language_name(code: str, lang: str) -> str:
    """A language's name in another language (e.g. 'km' in Thai), from CLDR."""
    import icu
    return icu.Locale(code).getDisplayLanguage(icu.Locale(lang)) or code
