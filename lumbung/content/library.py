"""Load every page of the site into a validated :class:`Library`, reporting all problems at once."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lumbung.content import frontmatter, messages, schema
from lumbung.content.model import Document, DocumentKind, Translation, content_version
from lumbung.content.scripts import looks_untranslated
from lumbung.content.vocabulary import Vocabulary, language_name, load_topics
from lumbung.content.zawgyi import zawgyi_lines
from lumbung.errors import ContentError, Problem

KIND_DIRS = {"resources": DocumentKind.RESOURCE, "webinars": DocumentKind.WEBINAR}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOCALE_SUFFIX_RE = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$")


@dataclass(frozen=True)
class Library:
    """All documents of the site, English originals and their translations."""

    languages: tuple[str, ...]
    default: str
    vocabulary: Vocabulary
    documents: tuple[Document, ...]
    _index: dict[tuple[str, str], dict[str, Document]] = field(default_factory=dict, repr=False)
    _by_src: dict[str, Document] = field(default_factory=dict, repr=False)
    _originals: dict[str, Document] = field(default_factory=dict, repr=False)
    _by_kind: dict[DocumentKind | None, tuple[Document, ...]] = field(default_factory=dict,
                                                                     repr=False)

    def __post_init__(self) -> None:
        for doc in self.documents:
            self._index.setdefault((doc.kind, doc.norm_uri), {})[doc.lang] = doc
            self._by_src[doc.src_uri] = doc
            if doc.lang == self.default:
                self._originals[doc.norm_uri] = doc
        everything = tuple(self._originals.values())
        self._by_kind[None] = everything
        for kind in DocumentKind:
            self._by_kind[kind] = tuple(d for d in everything if d.kind == kind)

    def versions(self, doc: Document) -> dict[str, Document]:
        """Every language version of a document (including itself), keyed by language."""
        return self._index[(doc.kind, doc.norm_uri)]

    def original(self, doc: Document) -> Document:
        return self.versions(doc)[self.default]

    def originals(self, kind: DocumentKind | None = None) -> list[Document]:
        """The English originals (of one kind), in the library's order; listed once, when the
        library is made (every page of a large library asks)."""
        return list(self._by_kind[kind])

    def by_src_uri(self, src_uri: str) -> Document | None:
        return self._by_src.get(src_uri)

    def original_at(self, norm_uri: str) -> Document | None:
        """The English original at a docs-relative path ('resources/foo.md'), if any."""
        return self._originals.get(norm_uri)


@dataclass(frozen=True)
class _Found:
    path: Path
    src_uri: str
    rel: str
    kind: DocumentKind
    lang: str
    norm_uri: str
    slug: str


def _discover(docs_dir: Path, languages: tuple[str, ...], default: str,
              problems: list[Problem]) -> list[_Found]:
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        src = PurePosixPath(path.relative_to(docs_dir).as_posix())
        if any(part.startswith(".") for part in src.parts):
            continue
        rel = f"{docs_dir.name}/{src}"
        stem = src.name[: -len(".md")]
        lang = default
        if "." in stem:
            base, suffix = stem.rsplit(".", 1)
            if suffix in languages:
                stem, lang = base, suffix
            elif LOCALE_SUFFIX_RE.match(suffix):
                problems.append(messages.problem(rel, "", "unknown-suffix", 0, "file-names",
                                                 suffix=suffix, languages=", ".join(languages)))
                continue
        kind = KIND_DIRS.get(src.parts[0], DocumentKind.PAGE) if len(src.parts) > 1 else \
            DocumentKind.PAGE
        if kind != DocumentKind.PAGE and not SLUG_RE.match(stem):
            problems.append(messages.problem(rel, "", "bad-file-name", 0, "file-names",
                                             name=stem))
            continue
        norm_uri = str(src.parent / f"{stem}.md")
        found.append(_Found(path, str(src), rel, kind, lang, norm_uri, stem))
    return found


def _problem(rel: str, exc: schema.Invalid, key_lines: dict[str, int]) -> Problem:
    line = key_lines.get(exc.field.split(".")[0], 0)
    if exc.key:
        return messages.problem(rel, exc.field, exc.key, line, **exc.values)
    return Problem(rel, exc.field, exc.message, line)


class ReadCache:
    """What reading each file gave, kept while the file is unchanged (same modification time
    and size): the editors' preview reads again only the files saved since."""

    def __init__(self) -> None:
        self._found: dict[Path, tuple[tuple[int, int], frontmatter.SourceText | None,
                                      list[Problem]]] = {}

    def read(self, item: _Found, problems: list[Problem]) -> frontmatter.SourceText | None:
        stat = item.path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        kept = self._found.get(item.path)
        if kept is None or kept[0] != stamp:
            found: list[Problem] = []
            kept = (stamp, _read(item, found), found)
            self._found[item.path] = kept
        problems.extend(kept[2])
        return kept[1]


def _read(item: _Found, problems: list[Problem]) -> frontmatter.SourceText | None:
    """The file's front matter and body; None (after recording why) when it cannot be read."""
    try:
        text = frontmatter.decode(item.path.read_bytes(), item.rel)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    zawgyi = zawgyi_lines(text)
    if zawgyi:
        lines = ", ".join(map(str, zawgyi[:5])) + (" ..." if len(zawgyi) > 5 else "")
        problems.append(messages.problem(item.rel, "", "zawgyi", zawgyi[0], "zawgyi",
                                         lines=lines))
    try:
        source = frontmatter.parse(text, item.rel, required=item.kind != DocumentKind.PAGE)
    except ContentError as exc:
        problems.extend(exc.problems)
        return frontmatter.body_only(text)  # its links are still checked
    return None if zawgyi else source


def _translation(raw: Any, item: _Found, ctx: schema.Context, lines: dict[str, int],
                 problems: list[Problem]) -> Translation | None:
    if raw is None:
        problems.append(messages.problem(item.rel, "translation", "translation-required", 0,
                                         "translation"))
        return None
    try:
        return schema.record(Translation, schema.TRANSLATION_FIELDS)(raw, ctx)
    except schema.Invalid as exc:
        field = f"translation.{exc.field}".rstrip(".")
        line = lines.get("translation", 0)
        problems.append(messages.problem(item.rel, field, exc.key, line, "translation",
                                         **exc.values) if exc.key else
                        Problem(item.rel, field, exc.message, line, "translation"))
        return None


def _build(item: _Found, source: frontmatter.SourceText, ctx: schema.Context,
           original: Document | None, problems: list[Problem], *,
           translation: bool = False) -> Document:
    """The validated page, or a partial one (``complete`` False) when it has problems.
    ``original``: the English page a translation inherits from (None if it has problems)."""
    if not source.parsed:
        return _partial(item, source)
    fields, cls = schema.KINDS[item.kind]
    meta = dict(source.meta)
    raw_translation = meta.pop("translation", None)
    is_translation = translation
    before = len(problems)
    if not is_translation and raw_translation is not None:
        problems.append(messages.problem(item.rel, "translation", "translation-only",
                                         source.key_lines.get("translation", 0)))
    inherited = frozenset(n for n, f in fields.items() if not f.translatable)
    values, invalid = schema.collect(meta, fields, ctx,
                                     skip_required=inherited if is_translation else frozenset())
    problems.extend(_problem(item.rel, exc, source.key_lines) for exc in invalid)
    record = None
    if is_translation:
        record = _translation(raw_translation, item, ctx, source.key_lines, problems)
        if looks_untranslated(source.body, item.lang):
            name = language_name(item.lang, "en")
            problems.append(messages.problem(item.rel, "", "untranslated", source.body_line,
                                             "untranslated", language=name))
        base = original.data.__dict__ if original is not None and original.data is not None \
            else {}
        for name in inherited:
            if name in values and name in base and values[name] != base[name]:
                problems.append(messages.problem(item.rel, name, "must-match",
                                                 source.key_lines.get(name, 0), "translation",
                                                 expected=_plain(base[name]),
                                                 got=_plain(values[name])))
            elif name in base:
                values[name] = base[name]
    if len(problems) > before or (is_translation and original is None):
        return _partial(item, source)
    data = cls(**values) if cls is not None else None
    title = values.get("title") or _first_heading(source.body) or item.slug
    summary = values.get("summary", "")
    return Document(kind=item.kind, slug=item.slug, lang=item.lang, src_uri=item.src_uri,
                    norm_uri=item.norm_uri, title=title, body=source.body, data=data,
                    translation=record,
                    source_version=content_version(title, summary, source.body))


def _partial(item: _Found, source: frontmatter.SourceText) -> Document:
    """A page whose fields have problems, kept (without data) so its links are still checked and
    links to it still resolve: only :func:`read_library` hands such pages out."""
    return Document(kind=item.kind, slug=item.slug, lang=item.lang, src_uri=item.src_uri,
                    norm_uri=item.norm_uri, title=_first_heading(source.body) or item.slug,
                    body=source.body, data=None, translation=None, source_version="",
                    complete=False)


def _plain(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return f"'{value}'" if isinstance(value, str) else str(value)


def _first_heading(body: str) -> str:
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
    return match.group(1) if match else ""


def build_library(docs_dir: Path, languages: tuple[str, ...], default: str,
                  cache: ReadCache | None = None) -> Library:
    """Read and validate every Markdown file under ``docs_dir``; raise ContentError listing all."""
    library, problems = read_library(docs_dir, languages, default, cache)
    if problems:
        raise ContentError(problems)
    return library


def read_library(docs_dir: Path, languages: tuple[str, ...], default: str,
                 cache: ReadCache | None = None) -> tuple[Library, list[Problem]]:
    """Every page that could be read, and every problem found: a page whose fields are wrong is
    still in the library (``complete`` False, no data), so checks of its links run all the same.
    """
    problems: list[Problem] = []
    try:
        vocabulary = load_topics(docs_dir, languages)
    except ContentError as exc:
        problems.extend(exc.problems)
        vocabulary = Vocabulary({})
    ctx = schema.Context(languages, vocabulary)
    found = _discover(docs_dir, languages, default, problems)
    read = cache.read if cache is not None else _read

    slugs: dict[str, _Found] = {}
    groups: dict[tuple[str, str], dict[str, _Found]] = defaultdict(dict)
    for item in found:
        if item.kind != DocumentKind.PAGE and item.lang == default:
            other = slugs.get(item.slug.lower())
            if other is not None:
                problems.append(messages.problem(item.rel, "", "duplicate-slug", 0, "file-names",
                                                 slug=item.slug, other=other.rel))
                continue
            slugs[item.slug.lower()] = item
        groups[(item.kind, item.norm_uri)][item.lang] = item

    documents: list[Document] = []
    for (_, norm_uri), versions in sorted(groups.items()):
        english = versions.get(default)
        if english is None:
            for item in versions.values():
                problems.append(messages.problem(item.rel, "", "orphan", 0, "translation",
                                                 expected=f"{item.rel.split('/')[0]}/{norm_uri}"))
            continue
        source = read(english, problems)
        if source is None:
            continue
        original = _build(english, source, ctx, None, problems)
        documents.append(original)
        for lang, item in sorted(versions.items()):
            if lang == default:
                continue
            text = read(item, problems)
            if text is not None:
                documents.append(_build(item, text, ctx, original if original.complete
                                        else None, problems, translation=True))
    return Library(languages, default, vocabulary, tuple(documents)), problems
