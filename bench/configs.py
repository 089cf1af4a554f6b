"""The two site configurations the benchmark compares, each set up next to a copy of the corpus.

* ``lumbung``: the repository's own mkdocs.yml, overrides/ and hooks/, as they are today.
* ``stock``: what a project would pick without Lumbung: Material with its defaults, Material's
  search plugin and mkdocs-static-i18n with the same languages. Its only template files are the
  stubs Material needs for languages it has no interface strings for (Khmer and Lao), which reuse
  the English strings.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import material
import yaml

from lumbung.config import Site, load_site
from lumbung.errors import LumbungError

LUMBUNG = "lumbung"
STOCK = "stock"
CONFIGS = (LUMBUNG, STOCK)
# What a Lumbung build needs besides docs/ (the same parts the test suite copies).
LUMBUNG_PARTS = ("mkdocs.yml", "overrides", "hooks", "newsletters")
STUB_DIR = "stock-overrides"
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
LANGUAGE_STUB = """\
{#- Benchmark stub: Material has no interface strings for this language; use English. -#}
{% import "partials/languages/en.html" as fallback %}
{% macro t(key) %}{{ fallback.t(key) }}{% endmacro %}
"""


@dataclass(frozen=True)
class Config:
    name: str
    root: Path  # the folder holding mkdocs.yml

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return load_site(self.config_file).site_dir


def repo_site(repo: Path) -> Site:
    config = repo / "mkdocs.yml"
    if not config.is_file():
        raise LumbungError(f"{config}: missing; --repo names a Lumbung repository")
    return load_site(config)


def _copy(src: Path, dest: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "site"))
    elif src.exists():
        shutil.copy2(src, dest)


def setup_lumbung(repo: Path, docs: Path, dest: Path) -> Config:
    """Copy the repository's configuration next to a copy of ``docs``."""
    dest.mkdir(parents=True)
    for part in LUMBUNG_PARTS:
        _copy(repo / part, dest / part)
    _copy(docs, dest / "docs")
    return Config(LUMBUNG, dest)


def stock_config(site: Site, custom_dir: str | None) -> dict:
    languages = [{"locale": lang.code, "name": lang.name, "default": lang.code == site.default,
                  "build": True} for lang in site.languages]
    theme: dict = {"name": "material", "language": site.default}
    if custom_dir:
        theme["custom_dir"] = custom_dir
    return {
        "site_name": site.site_name,
        "site_url": site.site_url or None,
        "docs_dir": "docs",
        "site_dir": "site",
        "exclude_docs": "topics.yml",  # Lumbung's vocabulary file, not a page
        "theme": theme,
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "languages": languages}}],
    }


def setup_stock(repo: Path, docs: Path, dest: Path) -> Config:
    """A stock Material + i18n configuration for the same corpus (no Lumbung hooks)."""
    site = repo_site(repo)
    dest.mkdir(parents=True)
    missing = [code for code in site.codes if not (MATERIAL_LANGUAGES / f"{code}.html").exists()]
    for code in missing:
        stub = dest / STUB_DIR / "partials" / "languages" / f"{code}.html"
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text(LANGUAGE_STUB, encoding="utf-8")
    config = stock_config(site, STUB_DIR if missing else None)
    (dest / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _copy(docs, dest / "docs")
    return Config(STOCK, dest)


SETUP = {LUMBUNG: setup_lumbung, STOCK: setup_stock}
