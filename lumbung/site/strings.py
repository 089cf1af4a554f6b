"""Lumbung's interface strings, one YAML file per language in lumbung/data/strings/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from lumbung.errors import LumbungError

STRINGS_DIR = Path(__file__).resolve().parent.parent / "data" / "strings"


@cache
def load(lang: str, directory: Path = STRINGS_DIR) -> dict[str, str]:
    path = directory / f"{lang}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise LumbungError(f"{path}: missing; every site language needs its strings") from None
    return {str(k): str(v) for k, v in data.items()}


def missing(lang: str, source: str = "en", directory: Path = STRINGS_DIR) -> list[str]:
    """Keys the source language has that ``lang`` lacks or leaves empty."""
    theirs = load(lang, directory)
    return [key for key in load(source, directory) if not theirs.get(key, "").strip()]


class Translator:
    """``t('key', count=3)``: the string in one language, falling back to English if absent."""

    def __init__(self, lang: str, directory: Path = STRINGS_DIR):
        self.lang = lang
        self._strings = load(lang, directory)
        self._fallback = load("en", directory)

    def __call__(self, key: str, **values: object) -> str:
        text = self._strings.get(key) or self._fallback.get(key) or key
        return text.format(**values) if values else text
