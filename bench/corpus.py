"""A synthetic but valid Lumbung library: N resources and N/10 webinars in every site language.

Every document is English first; each is translated into a random 30-70% of the other languages
(draft translations that record the English version they translate, as editors' files do). The
same seed gives the same files, and resource number i is the same whatever N is, so corpora of
different sizes differ only by the documents added.
"""

from __future__ import annotations

import random
import shutil
import string
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bench import text
from lumbung.content.model import LICENCES, RESOURCE_TYPES, content_version
from lumbung.errors import LumbungError

COUNTRIES = ("KH", "TH", "VN", "MM", "LA", "MY", "ID", "PH")
ORGANISATIONS = (
    "Mekong Learning Network", "Border Voices Foundation", "Safe Migration Collective",
    "Children First Cambodia", "Andaman Workers' Centre", "Delta Youth Alliance",
    "Open Data Mekong", "Kampung Rights Project", "Nusantara Care", "Irrawaddy Legal Aid",
)
SHOWCASE_LANGUAGES = ("km", "my")  # the first resource is always translated into these
TOPICS_FILE = "topics.yml"


@dataclass(frozen=True)
class Corpus:
    docs_dir: Path
    languages: tuple[str, ...]  # default first
    resources: tuple[str, ...]  # slugs
    webinars: tuple[str, ...]
    translated: dict[str, tuple[str, ...]]  # "resources/slug.md" -> languages translated into

    @property
    def showcase(self) -> str:
        """The resource whose page the browser measures (translated into km and my)."""
        return self.resources[0]

    @property
    def files(self) -> int:
        return 1 + len(self.resources) + len(self.webinars) + sum(map(len,
                                                                      self.translated.values()))


def _front_matter(meta: dict[str, Any]) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=None)


def _write(path: Path, meta: dict[str, Any], body: str) -> None:
    path.write_text(f"---\n{_front_matter(meta)}---\n\n{body}\n", encoding="utf-8")


def _slug(index: int, rng: random.Random) -> str:
    words = [w for w in text.noun_phrase("en", rng).split() if w.isalpha()][:3]
    clean = "-".join(w.lower() for w in words if all(c in string.ascii_letters for c in w))
    return f"{clean or 'resource'}-{index:05d}"


def _pick_translations(rng: random.Random, others: tuple[str, ...],
                       required: tuple[str, ...] = ()) -> tuple[str, ...]:
    low, high = max(1, round(0.3 * len(others))), max(1, round(0.7 * len(others)))
    chosen = set(rng.sample(others, rng.randint(low, high))) if others else set()
    chosen.update(lang for lang in required if lang in others)
    return tuple(lang for lang in others if lang in chosen)


def _resource_meta(rng: random.Random, slug: str, topics: tuple[str, ...]) -> dict[str, Any]:
    published = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3800))
    meta: dict[str, Any] = {
        "type": rng.choice(RESOURCE_TYPES),
        "topics": rng.sample(topics, rng.randint(1, min(3, len(topics)))),
        "countries": sorted(rng.sample(COUNTRIES, rng.randint(1, 2))),
        "organisation": rng.choice(ORGANISATIONS),
        "published": published,
        "licence": rng.choice(LICENCES),
    }
    if rng.random() < 0.3:
        meta["updated"] = published + timedelta(days=rng.randint(30, 700))
    if rng.random() < 0.5:
        meta["files"] = [{"url": f"https://example.org/files/{slug}.pdf", "format": "PDF",
                          "size": rng.randint(80_000, 9_000_000), "language": "en"}]
    if rng.random() < 0.4:
        meta["source_url"] = f"https://example.org/library/{slug}"
    return meta


def _webinar_meta(rng: random.Random, topics: tuple[str, ...]) -> dict[str, Any]:
    video = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(11))
    return {
        "date": date(2019, 1, 1) + timedelta(days=rng.randint(0, 2400)),
        "duration": rng.choice((45, 60, 75, 90, 120)),
        "speakers": [{"name": f"{rng.choice(('Sokha', 'Niran', 'Mai', 'Aung', 'Siti', 'Dewi'))} "
                              f"{rng.choice(('Chan', 'Suk', 'Nguyen', 'Min', 'Rahman', 'Putri'))}",
                      "organisation": rng.choice(ORGANISATIONS)}
                     for _ in range(rng.randint(1, 3))],
        "recording": {"url": f"https://www.youtube.com/watch?v={video}"},
        "topics": rng.sample(topics, rng.randint(1, min(3, len(topics)))),
        "countries": sorted(rng.sample(COUNTRIES, rng.randint(1, 2))),
    }


def _document(docs: Path, folder: str, slug: str, meta: dict[str, Any], seed: int,
              languages: tuple[str, ...], required: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Write the English original and its translations; return the languages translated into."""
    default, others = languages[0], languages[1:]
    rng = random.Random(f"{seed}:{folder}:{slug}")
    sections = rng.randint(3, 5)
    title, summary = text.title(default, rng), text.summary(default, rng)
    body = text.body(default, rng, sections)
    _write(docs / folder / f"{slug}.md", {"title": title, "summary": summary, **meta}, body)
    source = content_version(title, summary, body)
    chosen = _pick_translations(rng, others, required)
    for lang in chosen:
        lrng = random.Random(f"{seed}:{folder}:{slug}:{lang}")
        _write(docs / folder / f"{slug}.{lang}.md",
               {"title": text.title(lang, lrng), "summary": text.summary(lang, lrng),
                "translation": {"status": "draft", "source": source}},
               text.body(lang, lrng, sections))
    return chosen


def _home(docs: Path, languages: tuple[str, ...], seed: int) -> None:
    default = languages[0]
    rng = random.Random(f"{seed}:home")
    body = "\n\n".join(text.paragraph(default, rng) for _ in range(2))
    _write(docs / "index.md", {"title": "Lumbung"}, body)
    source = content_version("Lumbung", "", body)
    for lang in languages[1:]:
        lrng = random.Random(f"{seed}:home:{lang}")
        _write(docs / f"index.{lang}.md",
               {"title": "Lumbung", "translation": {"status": "draft", "source": source}},
               "\n\n".join(text.paragraph(lang, lrng) for _ in range(2)))


def write_corpus(docs: Path, languages: tuple[str, ...], topics_file: Path, resources: int,
                 seed: int = 1, webinars: int | None = None) -> Corpus:
    """Write a corpus into ``docs`` (created; must be empty or missing)."""
    if resources < 1:
        raise LumbungError(f"--resources must be at least 1, got {resources}")
    for lang in languages:
        text.lexicon(lang)  # fail early, naming the language without a word list
    docs.mkdir(parents=True, exist_ok=True)
    if any(docs.iterdir()):
        raise LumbungError(f"{docs}: not empty; the corpus needs a fresh folder")
    shutil.copyfile(topics_file, docs / TOPICS_FILE)
    topics = tuple(yaml.safe_load(topics_file.read_text(encoding="utf-8")) or {})
    if not topics:
        raise LumbungError(f"{topics_file}: lists no topics")
    (docs / "resources").mkdir()
    (docs / "webinars").mkdir()
    _home(docs, languages, seed)
    translated: dict[str, tuple[str, ...]] = {}
    slugs = []
    for index in range(resources):
        rng = random.Random(f"{seed}:resource:{index}")
        slug = _slug(index, rng)
        required = SHOWCASE_LANGUAGES if index == 0 else ()
        translated[f"resources/{slug}.md"] = _document(
            docs, "resources", slug, _resource_meta(rng, slug, topics), seed, languages, required)
        slugs.append(slug)
    count = max(1, resources // 10) if webinars is None else webinars
    talks = []
    for index in range(count):
        rng = random.Random(f"{seed}:webinar:{index}")
        slug = f"webinar-{_slug(index, rng)}"
        translated[f"webinars/{slug}.md"] = _document(
            docs, "webinars", slug, _webinar_meta(rng, topics), seed, languages)
        talks.append(slug)
    return Corpus(docs, languages, tuple(slugs), tuple(talks), translated)
