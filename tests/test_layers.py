"""Imports run one way: a layer may import the layers below it, never one above it.

The layers are the project brief's; packages that do not exist yet (the list service, the
subscriber store, a top-level bench/) are in the table already, so moving code there needs no
change here. The measuring tools (bench/, or lumbung/bench/ until it moves) may import anything;
nothing in the product (lumbung/, hooks/) may import them, nor argparse and rich, which live only
in scripts/.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Top first. A module belongs to the layer of the longest package prefix that names it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("scripts", "hooks"),  # 1. entry points
    ("lumbung.listservice", "lumbung.builder"),  # 2. the list's web service, the parallel build
    ("lumbung.newsletter", "lumbung.search", "lumbung.checks", "lumbung.offline"),  # 3.
    ("lumbung.site", "lumbung.subscribers"),  # 4.
    ("lumbung.content", "lumbung.config", "lumbung.errors"),  # 5.
)
TOOLS = ("bench", "lumbung.bench")  # import anything; imported by no product code
PRODUCT = ("lumbung", "hooks")
TERMINAL = ("argparse", "rich")  # command lines and terminal output live only in scripts/
SCANNED = ("lumbung", "hooks", "scripts", "bench")  # folders of the repository, where present


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _longest(module: str, packages: tuple[str, ...]) -> str:
    return max((p for p in packages if _within(module, p)), key=len, default="")


def layer_of(module: str) -> int | None:
    """1-based layer of a dotted module name; None for tools and modules outside the table."""
    if _longest(module, TOOLS):
        return None
    best = max(((len(p), number) for number, names in enumerate(LAYERS, start=1)
                for p in names if _within(module, p)), default=None)
    return best[1] if best else None


def module_name(rel: str) -> str:
    """'lumbung/site/urls.py' -> 'lumbung.site.urls'; a package's __init__ is the package."""
    parts = list(Path(rel).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, dotted name) of every import; ``from a import b`` gives 'a.b' (b may be a module)."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the importing module's package upwards
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    importer: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.importer} imports {self.target}: {self.reason}"


def violations(rel: str, source: str) -> list[Violation]:
    """Every import in ``source`` (the file at ``rel``) that runs against the layers."""
    module = module_name(rel)
    own = layer_of(module)
    product = any(_within(module, p) for p in PRODUCT) and not _longest(module, TOOLS)
    found = []
    for line, target in imported(ast.parse(source, rel), module, rel.endswith("__init__.py")):
        if product and _longest(target, TOOLS):
            found.append(Violation(rel, line, module, target, "the product never imports the "
                                   "measuring tools"))
            continue
        if product and _longest(target, TERMINAL):
            found.append(Violation(rel, line, module, target, "argparse and rich live only in "
                                   "scripts/"))
            continue
        theirs = layer_of(target)
        if own is not None and theirs is not None and theirs < own:
            found.append(Violation(rel, line, module, target, f"layer {own} "
                                   f"({', '.join(LAYERS[own - 1])}) may not import layer "
                                   f"{theirs} ({', '.join(LAYERS[theirs - 1])})"))
    return found


def python_files() -> list[str]:
    files = [path for folder in SCANNED if (ROOT / folder).is_dir()
             for path in sorted((ROOT / folder).rglob("*.py")) if "__pycache__" not in path.parts]
    return [path.relative_to(ROOT).as_posix() for path in files]


@pytest.mark.parametrize("rel", python_files())
def test_imports_run_one_way(rel: str) -> None:
    source = (ROOT / rel).read_text(encoding="utf-8")
    assert not violations(rel, source), "\n".join(str(v) for v in violations(rel, source))


def test_every_product_module_has_a_layer() -> None:
    """A new package under lumbung/ must be placed in the table, or nothing checks it."""
    unplaced = [rel for rel in python_files() if rel.startswith(("lumbung/", "hooks/", "scripts/"))
                and module_name(rel) != "lumbung" and layer_of(module_name(rel)) is None]
    assert unplaced == []


def test_every_layer_of_the_table_that_exists_is_scanned() -> None:
    scanned = {module_name(rel) for rel in python_files()}
    for names in LAYERS:
        for package in names:
            if (ROOT / package.replace(".", "/")).is_dir() or \
                    (ROOT / (package.replace(".", "/") + ".py")).is_file():
                assert any(_within(m, package) for m in scanned), package


@pytest.mark.parametrize(("rel", "source", "expected"), [
    ("lumbung/site/fake.py", "import os\n\nfrom lumbung.newsletter import archive\n",
     ["lumbung/site/fake.py:3: lumbung.site.fake imports lumbung.newsletter.archive: layer 4 "
      "(lumbung.site, lumbung.subscribers) may not import layer 3 (lumbung.newsletter, "
      "lumbung.search, lumbung.checks, lumbung.offline)"]),
    ("lumbung/config.py", "def f():\n    import hooks.pages\n",
     ["lumbung/config.py:2: lumbung.config imports hooks.pages: layer 5 (lumbung.content, "
      "lumbung.config, lumbung.errors) may not import layer 1 (scripts, hooks)"]),
    ("lumbung/subscribers/store.py", "from ..listservice.app import make\n",
     ["lumbung/subscribers/store.py:1: lumbung.subscribers.store imports "
      "lumbung.listservice.app.make: layer 4 (lumbung.site, lumbung.subscribers) may not "
      "import layer 2 (lumbung.listservice, lumbung.builder)"]),
    ("hooks/fake.py", "from bench.corpus import make\n",
     ["hooks/fake.py:1: hooks.fake imports bench.corpus.make: the product never imports the "
      "measuring tools"]),
    ("lumbung/newsletter/fake.py", "import argparse\nfrom rich.console import Console\n",
     ["lumbung/newsletter/fake.py:1: lumbung.newsletter.fake imports argparse: argparse and "
      "rich live only in scripts/",
      "lumbung/newsletter/fake.py:2: lumbung.newsletter.fake imports rich.console.Console: "
      "argparse and rich live only in scripts/"]),
    ("lumbung/newsletter/fake.py", "import lumbung.bench.feedgen\n",
     ["lumbung/newsletter/fake.py:1: lumbung.newsletter.fake imports lumbung.bench.feedgen: "
      "the product never imports the measuring tools"]),
    # Allowed: downwards, within a layer, entry points and tools importing anything.
    ("lumbung/newsletter/fake.py", "from lumbung.site import urls\nfrom lumbung.search import x\n"
     "from lumbung.config import Site\nfrom lumbung import errors\n", []),
    ("scripts/fake.py", "from bench.runner import run\nfrom lumbung.listservice import app\n", []),
    ("bench/fake.py", "from scripts import newsletter\nfrom hooks import pages\n", []),
])
def test_a_violation_is_found_and_named(rel: str, source: str, expected: list[str]) -> None:
    assert [str(v) for v in violations(rel, source)] == expected
