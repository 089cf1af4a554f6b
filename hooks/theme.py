"""Page frame: template globals for the language being built, and content-hashed assets."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from lumbung.config import current_language, site_from_mkdocs
from lumbung.site.theme import UNUSED_THEME_FILES, template_globals, theme_assets


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    site = site_from_mkdocs(config)
    for file in list(files):
        if file.src_uri.startswith(UNUSED_THEME_FILES):
            files.remove(file)
    if current_language(config) == site.default:
        for asset in theme_assets(Path(config.theme.custom_dir)).values():
            files.append(File.generated(config, asset.url, content=asset.content))
    return files


@event_priority(-110)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    site = site_from_mkdocs(config)
    assets = theme_assets(Path(config.theme.custom_dir))
    env.globals.update(template_globals(site, current_language(config), assets))
    return env
