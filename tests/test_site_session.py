"""One SiteBuild per build: opened by the first language pass, shared by the hooks, closed at the
end, and made again by the next build, which reads the content again (as ``mkdocs serve``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from lumbung.errors import ContentError, LumbungError
from lumbung.site import session
from tests.conftest import ROOT

RESOURCE = "resources/anti-trafficking-capacity-building-for-impact.md"


def config_of(root: Path) -> MkDocsConfig:
    return load_config(config_file=str(root / "mkdocs.yml"))


def retitle(root: Path, title: str) -> None:
    path = root / "docs" / RESOURCE
    text = path.read_text(encoding="utf-8")
    start = text.index("\ntitle:") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + f'title: "{title}"' + text[end:], encoding="utf-8")


class Part:
    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_lifecycle_over_the_language_passes(site_copy: Path) -> None:
    config = config_of(site_copy)
    with pytest.raises(LumbungError):
        session.current(config)
    first = session.begin_pass(config)  # the default language's pass opens the build
    assert first.lang == "en" and session.current(config) is first
    part = first.part("thing", Part)
    assert first.part("thing", Part) is part  # made once per build
    first.generated["x/index.md"] = part
    assert first.page("x/index.md", Part) is part and first.page("x/index.md", str) is None

    codes = first.site.codes
    for code in codes[1:]:
        config.theme["language"] = code
        assert session.begin_pass(config) is first
        assert first.lang == code and first.generated == {}  # per-language state reset
    done = [first.pass_done() for _ in codes]
    assert done == [False] * (len(codes) - 1) + [True]
    session.finish(config)
    assert part.closed == 1
    with pytest.raises(LumbungError):
        session.current(config)


def test_next_build_reads_edited_content_and_closes_the_last(site_copy: Path) -> None:
    config = config_of(site_copy)
    first = session.begin_pass(config)
    part = first.part("thing", Part)
    original = first.library.by_src_uri(RESOURCE)
    assert original is not None and original.title != "Edited between two builds"

    retitle(site_copy, "Edited between two builds")
    second = session.begin_pass(config_of(site_copy))  # a rebuild, as under mkdocs serve
    assert second is not first and first.closed and part.closed == 1
    edited = second.library.by_src_uri(RESOURCE)
    assert edited is not None and edited.title == "Edited between two builds"
    session.finish_all()  # on_build_error
    assert second.closed
    with pytest.raises(LumbungError):
        session.current(config)


def test_invalid_content_opens_no_build(site_copy: Path) -> None:
    path = site_copy / "docs" / RESOURCE
    path.write_text(path.read_text(encoding="utf-8").replace("type: training", "type: nonsense"),
                    encoding="utf-8")
    config = config_of(site_copy)
    with pytest.raises(ContentError) as caught:
        session.begin_pass(config)
    assert [p.field for p in caught.value.problems] == ["type"]
    with pytest.raises(LumbungError):
        session.current(config)


@pytest.mark.build
def test_second_build_in_one_process_shows_the_edit(site_copy: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    page = site_copy / "site" / RESOURCE.removesuffix(".md") / "index.html"
    build(config_of(site_copy))
    before = page.read_text(encoding="utf-8")
    assert "<h1>Capacity Building for Impact: 4Ps" in before

    retitle(site_copy, "Edited between two builds")
    build(config_of(site_copy))  # what mkdocs serve does on a change: a new config, a new build
    after = page.read_text(encoding="utf-8")
    assert "<h1>Edited between two builds</h1>" in after
    assert "<h1>Capacity Building for Impact: 4Ps" not in after
    fallback = site_copy / "site" / "km" / RESOURCE.removesuffix(".md") / "index.html"
    assert "<h1>Edited between two builds</h1>" in fallback.read_text(encoding="utf-8")
    with pytest.raises(LumbungError):
        session.current(config_of(site_copy))  # closed after the last language


MUTATORS = {"append", "clear", "extend", "pop", "setdefault", "update", "add"}


@pytest.mark.parametrize("hook", sorted(p.name for p in (ROOT / "hooks").glob("*.py")))
def test_hooks_keep_no_state_of_their_own(hook: str) -> None:
    """Per-build state lives on the SiteBuild: no hook changes a module-level container."""
    tree = ast.parse((ROOT / "hooks" / hook).read_text(encoding="utf-8"))
    containers = {target.id for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)
                  and isinstance(node.value, ast.Dict | ast.List | ast.Set)
                  for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                  if isinstance(target, ast.Name)}
    changed = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MUTATORS and \
                isinstance(node.value, ast.Name) and node.value.id in containers:
            changed.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and \
                isinstance(node.value, ast.Name) and node.value.id in containers:
            changed.append(f"line {node.lineno}: {node.value.id}[...] =")
    assert changed == [], f"hooks/{hook}: {changed}"
