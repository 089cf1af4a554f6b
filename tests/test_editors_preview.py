"""The pull request's preview opens and navigates from an unzipped folder (file://), says that
search needs a server, and the workflow annotates problems and uploads that preview."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from lumbung.checks.preview import NOTE_CLASS, page_link
from tests.conftest import ROOT, Build

WORKFLOW = ROOT / ".github" / "workflows" / "pull-request.yml"
LINK_RE = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""")


def test_folder_links_name_their_page() -> None:
    assert page_link("guide/") == "guide/index.html"
    assert page_link("../km/#top") == "../km/index.html#top"
    assert page_link(".") == "./index.html" and page_link("..?x=1") == "../index.html?x=1"
    for kept in ("guide/checks.html", "https://lumbung.example.org/", "#main", "/abs/",
                 "//cdn/", "mailto:a", "data:,", "img/a.webp"):
        assert page_link(kept) == kept


@pytest.fixture(scope="module")
def preview(built_site: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The preview as an editor gets it: made by the script, zipped, downloaded, unzipped."""
    made = tmp_path_factory.mktemp("preview") / "preview"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "preview.py"),
                             str(built_site.site), str(made)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    archive = made.parent / "site-preview.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in made.rglob("*"):
            zipped.write(path, path.relative_to(made).as_posix())
    unzipped = made.parent / "unzipped"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(unzipped)
    return unzipped


def test_every_local_link_of_the_preview_opens_a_file(preview: Path) -> None:
    pages = sorted((preview / "site").rglob("*.html"))
    assert len(pages) > 100
    broken = []
    for page in pages:
        for url in LINK_RE.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", url, re.I) or page.name == "404.html":
                continue
            target = (page.parent / unquote(urlsplit(url).path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(preview)}: {url}")
    assert not broken, broken[:20]


@pytest.mark.browser
def test_the_unzipped_preview_navigates_in_a_browser(preview: Path, browser) -> None:
    page = browser.new_page()
    try:
        page.goto((preview / "index.html").as_uri())
        assert "Search needs a server" in page.inner_text("body")
        page.click("text=Open the site")
        visited = []
        for _ in range(3):  # home, then two pages deeper, following the first local links
            assert page.url.endswith(".html"), page.url
            body = page.inner_text("body")
            assert "Index of" not in body and page.locator("h1").count() >= 1, page.url
            note = page.locator(f".{NOTE_CLASS}")
            assert note.is_visible() and "search needs the site to be served" in note.inner_text()
            visited.append(page.url)
            links = [href for href in page.eval_on_selector_all(
                "main a[href]", "els => els.map(e => e.href)")
                if href.startswith("file://") and href.split("#")[0] not in visited]
            assert links, page.url
            page.goto(links[0])
        page.goto((preview / "site" / "index.html").as_uri())
        page.goto(page.eval_on_selector("a[hreflang='km']", "el => el.href"))  # language menu
        assert "/km/index.html" in page.url and "Index of" not in page.inner_text("body")
    finally:
        page.close()


def test_workflow_annotates_problems_and_uploads_the_preview() -> None:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = data["jobs"]["check"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "scripts/check.py --no-fix --github" in runs
    assert "scripts/preview.py" in runs and "libicu-dev" not in runs
    upload = next(step for step in steps if "upload-artifact" in step.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "preview"
