"""Page frame: template globals for the language being built, and content-hashed assets."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from lumbung.errors import LumbungError
from lumbung.site import session
from lumbung.site.theme import UNUSED_THEME_FILES, template_globals, theme_assets


def _custom_dir(config: MkDocsConfig) -> Path:
    if not config.theme.custom_dir:
        raise Abort("mkdocs.yml: theme: custom_dir: expected the folder of Lumbung's templates "
                    "(overrides)")
    return Path(config.theme.custom_dir)


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = session.current(config)
    for file in list(files):
        if file.src_uri.startswith(UNUSED_THEME_FILES):
            files.remove(file)
    if build.lang == build.site.default:
        for asset in theme_assets(_custom_dir(config)).values():
            files.append(File.generated(config, asset.url, content=asset.content))
    return files


@event_priority(-110)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    build = session.current(config)
    assets = theme_assets(_custom_dir(config))
    try:  # settings the page frame reads (extra.newsletter.list_url): a message, not a traceback
        env.globals.update(template_globals(build.site, build.lang, assets))
    except LumbungError as exc:
        raise Abort(f"Aborted: {exc}") from None
    return env
