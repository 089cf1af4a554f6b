"""Editors' commands in temporary copies: new.py, translate.py, check.py (fix-then-fail)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPTS = ROOT / "scripts"
PAGE = "docs/resources/ethical-storytelling-initiative.md"


def run(script: str, root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPTS / script), "--config",
                           str(root / "mkdocs.yml"), *args] if script != "new.py" else
                          [sys.executable, str(SCRIPTS / script), *args, "--config",
                           str(root / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("script", ["new.py", "translate.py", "check.py", "newsletter.py"])
def test_every_command_has_help(script: str) -> None:
    result = subprocess.run([sys.executable, str(SCRIPTS / script), "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "usage:" in result.stdout


@pytest.mark.parametrize("kind", ["resource", "webinar"])
def test_new_page_is_valid_and_complete(site_copy: Path, kind: str) -> None:
    result = run("new.py", site_copy, kind, "a-new-page")
    assert result.returncode == 0, result.stderr
    folder = "resources" if kind == "resource" else "webinars"
    text = (site_copy / "docs" / folder / "a-new-page.md").read_text(encoding="utf-8")
    assert text.count("#") > 8  # every field explained
    # Untouched, the page is not finished: each example value and empty section is named.
    check = run("check.py", site_copy)
    assert check.returncode == 1
    rel = f"docs/{folder}/a-new-page.md"
    assert re.search(rf"^{rel}:\d+: summary: still holds the example text", check.stdout, re.M)
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert len(headings) >= 3
    for heading in headings:
        assert f"the section '{heading}' is empty" in check.stdout
    if kind == "resource":
        assert re.search(rf"^{rel}:\d+: organisation: still holds", check.stdout, re.M)
    # Filled in, it passes.
    filled = re.sub(r"^summary: .*$", "summary: What readers learn here, in a sentence.", text,
                    flags=re.MULTILINE).replace("Organisation name", "A named publisher")
    filled = re.sub(r"^(## .+)$", r"\1\n\nA paragraph.", filled, flags=re.MULTILINE)
    (site_copy / rel).write_text(filled, encoding="utf-8")
    check = run("check.py", site_copy)
    assert check.returncode == 0, check.stdout
    again = run("new.py", site_copy, kind, "a-new-page")
    assert again.returncode == 1 and "already used by docs/" in again.stderr
    bad = run("new.py", site_copy, kind, "Not_A_Slug")
    assert bad.returncode == 1 and "lowercase letters" in bad.stderr
    assert "Traceback" not in again.stderr + bad.stderr


def test_translation_lifecycle(site_copy: Path) -> None:
    page = "docs/resources/ngo-incubator-pitch.md"
    start = run("translate.py", site_copy, "start", page, "km")
    assert start.returncode == 0, start.stderr
    target = site_copy / "docs/resources/ngo-incubator-pitch.km.md"
    text = target.read_text(encoding="utf-8")
    assert re.search(r"translation: \{status: draft, source: '[0-9a-f]{12}'\}", text)
    # the start command copies the English; a Khmer draft replaces the text
    head, _, _ = text.partition("\n---\n")
    head = re.sub(r"^title: .*$", "title: ការប្រកួតបង្ហាញគម្រោង", head, flags=re.MULTILINE)
    target.write_text(head + "\n---\nការប្រកួតបង្ហាញគម្រោងសម្រាប់អង្គការ។\n", encoding="utf-8")
    status = run("translate.py", site_copy, "status", "--lang", "km")
    assert re.search(r"resources/ngo-incubator-pitch\.md\s+draft", status.stdout), status.stdout
    reviewed = run("translate.py", site_copy, "reviewed", page, "km")
    assert reviewed.returncode == 0, reviewed.stderr
    status = run("translate.py", site_copy, "status", "--lang", "km")
    assert re.search(r"resources/ngo-incubator-pitch\.md\s+reviewed", status.stdout)
    english = site_copy / page
    english.write_text(english.read_text(encoding="utf-8") + "\nNew paragraph.\n",
                       encoding="utf-8")
    status = run("translate.py", site_copy, "status", "--lang", "km")
    assert re.search(r"resources/ngo-incubator-pitch\.md\s+outdated", status.stdout)
    twice = run("translate.py", site_copy, "--lang", "en", "start", page, "km")
    assert twice.returncode == 1 and "ngo-incubator-pitch.km.md: already exists" in twice.stderr
    khmer = run("translate.py", site_copy, "start", page, "km")  # about a Khmer file: in Khmer
    assert khmer.returncode == 1 and "ngo-incubator-pitch.km.md: មានរួចហើយ" in khmer.stderr


def test_check_reports_by_file_and_line_with_a_guide_link(site_copy: Path) -> None:
    path = site_copy / PAGE
    lines = path.read_text(encoding="utf-8").split("\n")
    lines += ["", "See [the toolkit](missing-toolkit.md) and [a section](#no-such-heading).",
              "", "![](img/none.png)"]
    path.write_text("\n".join(lines), encoding="utf-8")
    km = site_copy / PAGE.replace(".md", ".km.md")
    km.write_text(km.read_text(encoding="utf-8") + "\n[ឧបករណ៍](toolkit-for-organisations-"
                  "serving-migrant-workers.md#no-such-anchor)\n", encoding="utf-8")
    result = run("check.py", site_copy, "--no-fix", "--lang", "en")
    assert result.returncode == 1
    out = result.stdout
    n = len(lines) - 2
    page = "docs/resources/ethical-storytelling-initiative.md"
    assert f"{page}:{n}: link to 'missing-toolkit.md', but docs/resources/missing-toolkit.md " \
        "does not exist" in out
    assert f"{page}:{n}: link to '#no-such-heading', but this page has no such heading" in out
    assert f"{page}:{n + 2}: image 'img/none.png' not found" in out
    assert "docs/resources/toolkit-for-organisations-serving-migrant-workers.km.md has no " \
        "heading '#no-such-anchor' (in km)" in out
    assert "see https://lumbung.example.org/guide/checks/#links" in out


def test_check_repairs_then_fails_then_passes(site_copy: Path) -> None:
    path = site_copy / PAGE
    text = path.read_bytes().replace(b"countries: [TH, KH]", b"countries:\n\t- TH\n\t- KH")
    path.write_bytes(b"\xef\xbb\xbf" + text)
    first = run("check.py", site_copy)
    assert first.returncode == 1
    assert "fixed: removed the UTF-8 byte-order mark (BOM)" in first.stdout
    assert "fixed: replaced tabs in the front matter with spaces" in first.stdout
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    second = run("check.py", site_copy)
    assert second.returncode == 0, second.stdout


def test_check_repairs_a_stale_record_after_review(site_copy: Path) -> None:
    km = site_copy / PAGE.replace(".md", ".km.md")
    text = km.read_text(encoding="utf-8")
    stale = re.sub(r"translation: \{[^}]*\}",
                   "translation: {status: reviewed, source: '000000000000', reviewed: 2099-01-01}",
                   text)
    km.write_text(stale, encoding="utf-8")
    first = run("check.py", site_copy, "--lang", "en")
    assert first.returncode == 1
    assert "fixed: updated the translation record to the English version" in first.stdout
    assert "000000000000" not in km.read_text(encoding="utf-8")
    assert run("check.py", site_copy).returncode == 0


def test_check_corrects_attachment_sizes(site_copy: Path) -> None:
    files = site_copy / "docs" / "resources" / "files"
    files.mkdir()
    (files / "guide.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 991)
    path = site_copy / PAGE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "licence: unspecified\n", "licence: unspecified\nfiles:\n  - url: files/guide.pdf\n"
        "    format: pdf\n    size: 5\n    language: en\n"), encoding="utf-8")
    first = run("check.py", site_copy)
    assert first.returncode == 1 and "fixed: corrected the size of file 1 to 1000 bytes" in \
        first.stdout
    assert "size: 1000" in path.read_text(encoding="utf-8")
    assert run("check.py", site_copy).returncode == 0
