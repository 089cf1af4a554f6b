"""The parallel build (scripts/build.py): a process per language, then one merge. It must make
the same site as `mkdocs build` in one process, also when its languages are split across CI jobs
whose folders are put together, and say exactly what is missing or wrong."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from lumbung.builder.parallel import shares
from lumbung.site.parts import FOLDER
from tests.conftest import SHARED_PDF_CACHE, Build, copy_site

BUNDLE = "pagefind"


def build_py(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "LUMBUNG_PDF_CACHE": str(SHARED_PDF_CACHE)}
    return subprocess.run([sys.executable, str(root / "scripts" / "build.py"),
                           "-f", str(root / "mkdocs.yml"), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900, check=False)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def bundles(site: Path) -> dict[str, dict[str, int]]:
    """Each Pagefind bundle's indexes and their page counts (file names carry hashes)."""
    return {entry.parent.relative_to(site).as_posix(): {
        lang: index["page_count"] for lang, index in
        json.loads(entry.read_text(encoding="utf-8"))["languages"].items()}
        for entry in site.rglob("pagefind-entry.json")}


def assert_same_site(ours: Path, reference: Path) -> None:
    mine, theirs = files(ours), files(reference)
    outside = sorted(k for k in theirs if not k.startswith(BUNDLE + "/"))
    assert sorted(k for k in mine if not k.startswith(BUNDLE + "/")) == outside
    differ = [k for k in outside if mine[k] != theirs[k]]
    assert not differ, f"{len(differ)} files differ from the one-process build, e.g. {differ[:5]}"
    assert bundles(ours) == bundles(reference)
    assert not (ours / FOLDER).exists()


def test_parallel_build_makes_the_same_site_as_one_process(built_site: Build,
                                                           tmp_path: Path) -> None:
    root = copy_site(tmp_path / "parallel")
    (root / "site").mkdir()
    (root / "site" / "stale.html").write_text("from an earlier build", encoding="utf-8")
    result = build_py(root, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "8 languages built" in result.stderr and "(2 at a time)" in result.stderr
    assert_same_site(root / "site", built_site.site)


def test_languages_split_across_ci_jobs_merge_into_the_same_site(built_site: Build,
                                                                  tmp_path: Path) -> None:
    codes = tuple(json.loads(build_py(copy_site(tmp_path / "plan"), "--shares", "2").stdout))
    assert [tuple(c.split(",")) for c in codes] == shares(
        ("en", "km", "th", "vi", "my", "lo", "ms", "id"), 2)
    final = copy_site(tmp_path / "final")
    for n, share in enumerate(codes):  # each job on its own runner, with its own checkout
        job = copy_site(tmp_path / f"job{n}")
        result = build_py(job, "--languages", share, "--parts-only")
        assert result.returncode == 0, result.stderr
        assert (job / "site" / FOLDER).is_dir() and not (job / "site" / BUNDLE).exists()
        shutil.copytree(job / "site", final / "site", dirs_exist_ok=True)  # download-artifact
    merged = build_py(final, "--merge-only")
    assert merged.returncode == 0, merged.stderr
    assert_same_site(final / "site", built_site.site)


def test_a_missing_share_is_named_and_nothing_is_half_written(tmp_path: Path) -> None:
    job = copy_site(tmp_path / "job")
    assert build_py(job, "--languages", "en,km", "--parts-only").returncode == 0
    result = build_py(job, "--merge-only")
    assert result.returncode == 1
    assert "no search part for th, vi, my, lo, ms, id: build those languages first" in \
        result.stderr
    assert "Traceback" not in result.stderr
    assert not (job / "site" / BUNDLE).exists() and (job / "site" / FOLDER).is_dir()


def test_content_problems_stop_the_build_before_any_language(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "broken")
    originals = [p for p in sorted((root / "docs" / "resources").glob("*.md")) if "." not in p.stem]
    for path in originals[:2]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\ntype: ", "\ntype: leaflet-ish\nkind: ", 1),
                        encoding="utf-8")
    result = build_py(root)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "leaflet-ish" in line]
    assert len(lines) == 2, result.stderr
    assert "stopped: " in result.stderr and "built in" not in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_unknown_language_and_share_without_parts_are_refused(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "args")
    result = build_py(root, "--languages", "km,fr", "--parts-only")
    assert result.returncode == 1 and "--languages: fr not in mkdocs.yml" in result.stderr
    result = build_py(root, "--languages", "km")
    assert result.returncode == 2 and "add --parts-only" in result.stderr


def test_the_merge_step_loads_no_page_or_offline_machinery() -> None:
    """The merge runs beside Pagefind's largest index, the build's memory peak: it must not pull
    in ICU, the page engines or the ZIM writer (about 23 MiB) when it makes no ZIM files."""
    heavy = ("icu", "jinja2", "libzim", "PIL", "markdown", "mkdocs", "material", "weasyprint")
    code = ("import sys, lumbung.builder.merge; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).parents[1]).stdout.strip()
    assert loaded == ""
