"""Page frame: template globals for the language being built, and content-hashed assets."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from lumbung.site import session
from lumbung.site.theme import UNUSED_THEME_FILES, template_globals, theme_assets


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = session.current(config)
    for file in list(files):
        if file.src_uri.startswith(UNUSED_THEME_FILES):
            files.remove(file)
    if build.lang == build.site.default:
        for asset in theme_assets(Path(config.theme.custom_dir)).values():
            files.append(File.generated(config, asset.url, content=asset.content))
    return files


@event_priority(-110)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    build = session.current(config)
    assets = theme_assets(Path(config.theme.custom_dir))
    env.globals.update(template_globals(build.site, build.lang, assets))
    return env
