"""Start a translation, record a review, and report every page's translation status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

import yaml

from lumbung.content import frontmatter, schema
from lumbung.content.library import Library
from lumbung.content.messages import problem
from lumbung.content.model import Document, DocumentKind, TranslationStatus
from lumbung.errors import ContentError, LumbungError


class TranslationState(StrEnum):
    """Where a page stands in one language (the status page's columns, in this order)."""

    REVIEWED = "reviewed"
    DRAFT = "draft"
    OUTDATED = "outdated"  # the English original changed since it was translated
    MISSING = "missing"


STATES = tuple(TranslationState)


@dataclass(frozen=True)
class Status:
    original: Document
    lang: str
    state: TranslationState
    translation: Document | None


def status(library: Library, original: Document, lang: str) -> Status:
    doc = library.versions(original).get(lang)
    if doc is None:
        return Status(original, lang, TranslationState.MISSING, None)
    if doc.translation is None or doc.translation.source != original.source_version:
        return Status(original, lang, TranslationState.OUTDATED, doc)
    return Status(original, lang, TranslationState(doc.translation.status), doc)


def translation_path(docs_dir: Path, norm_uri: str, lang: str) -> Path:
    return docs_dir / (norm_uri[: -len(".md")] + f".{lang}.md")


def _fields_to_copy(kind: DocumentKind) -> list[str]:
    fields, _ = schema.KINDS[kind]
    return [name for name, spec in fields.items() if spec.translatable]


def start(library: Library, docs_dir: Path, page: str, lang: str) -> Path:
    """Create ``page.LANG.md`` from the English original, recording its version, as a draft."""
    if lang not in library.languages or lang == library.default:
        raise ContentError([problem(page, "", "translate-lang", 0, "translation", lang=lang,
                                    languages=", ".join(library.languages[1:]))])
    original = _original(library, page)
    target = translation_path(docs_dir, original.norm_uri, lang)
    if target.exists():
        raise ContentError([problem(target.relative_to(docs_dir.parent).as_posix(), "",
                                    "translation-exists", 0, "translation")])
    source = frontmatter.read(docs_dir / original.src_uri, original.src_uri, required=False)
    meta = {name: source.meta[name] for name in _fields_to_copy(original.kind)
            if name in source.meta}
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    record = (f"translation: {{status: {TranslationStatus.DRAFT}, "
              f"source: '{original.source_version}'}}\n")
    comment = ("# Translate the fields above and the text below; leave the other fields out:\n"
               "# they are inherited from the English original.\n")
    target.write_text(f"---\n{header}{record}{comment}---\n{source.body}", encoding="utf-8")
    return target


def reviewed(library: Library, docs_dir: Path, page: str, lang: str, when: date) -> Path:
    """Record that a native speaker reviewed the translation against the current original."""
    original = _original(library, page)
    doc = library.versions(original).get(lang)
    if doc is None:
        raise ContentError([problem(f"{docs_dir.name}/{original.norm_uri}", "", "no-translation",
                                    0, "translation", lang=lang)])
    return set_record(docs_dir / doc.src_uri, status=TranslationStatus.REVIEWED,
                      source=f"'{original.source_version}'", reviewed=when.isoformat())


def set_record(path: Path, **values: str) -> Path:
    """Rewrite the ``translation:`` line of a file's front matter, keeping everything else."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n") if text.startswith("---\n") else ("", "", "")
    if not sep:
        raise LumbungError(f"{path}: has no front matter")
    record = "translation: {" + ", ".join(f"{k}: {v}" for k, v in values.items()) + "}"
    lines = [line for line in head.split("\n")[1:] if not line.startswith("translation:")]
    path.write_text("---\n" + "\n".join([*lines, record]) + sep + body, encoding="utf-8")
    return path


def _original(library: Library, page: str) -> Document:
    rel = page.removeprefix("docs/")
    doc = library.by_src_uri(rel) or library.by_src_uri(rel + ".md")
    if doc is None:
        raise ContentError([problem(page, "", "no-such-page", 0, "translation")])
    return library.original(doc)
