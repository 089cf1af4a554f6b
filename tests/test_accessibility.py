"""WCAG 2.2 AA in a real browser: axe-core on every page type in every language and on every
email edition, keyboard use, reflow at 320 px and 200% zoom, line height for stacked vowels,
contrast in both colour schemes, reduced motion."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumbung.config import load_site
from lumbung.content.library import build_library
from tests.conftest import ROOT

pytestmark = [pytest.mark.build, pytest.mark.browser]
SITE = load_site(ROOT / "mkdocs.yml")
LIBRARY = build_library(SITE.docs_dir, SITE.codes, SITE.default)
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENSHOTS = ROOT / ".venv" / "test-screenshots"


def prefix(lang: str) -> str:
    return "" if lang == SITE.default else f"{lang}/"


def page_types(lang: str) -> dict[str, str]:
    resources = LIBRARY.originals("resource")
    translated = next((d for d in resources if lang in LIBRARY.versions(d)), resources[0])
    fallback = next((d for d in resources if lang not in LIBRARY.versions(d)), resources[-1])
    webinar = LIBRARY.originals("webinar")[0]
    p = prefix(lang)
    return {
        "home": p, "catalog": f"{p}topics/education/", "resource": f"{p}resources/"
        f"{translated.slug}/", "webinar": f"{p}webinars/{webinar.slug}/",
        "fallback": f"{p}resources/{fallback.slug}/", "status": f"{p}status/",
        "archive": f"{p}newsletters/", "404": "404.html",
    }


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from the npm registry")
    return AXE.read_text(encoding="utf-8")


def run_axe(page, axe_source: str, rules: list[str] | None = None) -> list[dict]:
    page.add_script_tag(content=axe_source)
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else \
        {"runOnly": {"type": "tag", "values": TAGS}}
    return page.evaluate("""async (options) => {
        const result = await axe.run(document, options);
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(" ") + " " + n.html.slice(0, 120))}));
    }""", options)


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def report(where: str, violations: list[dict]) -> list[str]:
    return [f"{where}: {v['id']} ({v['impact']}): {node}" for v in violations
            for node in v["nodes"]]


@pytest.mark.parametrize("lang", SITE.codes)
def test_axe_finds_nothing_serious_on_any_page_type(served_site, browser, axe_source,
                                                     lang: str) -> None:
    failures: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    for kind, path in page_types(lang).items():
        page.goto(served_site.url(path))
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            found = run_axe(page, axe_source) if scheme == "light" else \
                run_axe(page, axe_source, ["color-contrast"])
            failures += report(f"{lang} {kind} /{path} ({scheme})", serious(found))
            page.reload()
    context.close()
    for line in failures:
        print(line)
    assert failures == []


def test_axe_finds_nothing_serious_in_any_email(browser, axe_source, tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "emails"
    week = sorted((ROOT / "newsletters" / "issues").rglob("*.yml"))[-1].stem
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "newsletter.py"), "preview",
                             "--week", week, "--out", str(out)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    failures: list[str] = []
    page = browser.new_page()
    for edition in sorted(out.glob("*.html")):
        page.goto(edition.as_uri())
        failures += report(edition.name, serious(run_axe(page, axe_source)))
        texts = edition.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
        long_lines = [line for line in texts if len(line) > 400 and " " not in line]
        assert not long_lines, f"{edition.name}: unbreakable plain-text lines"
    page.close()
    for line in failures:
        print(line)
    assert failures == []


@pytest.mark.parametrize("lang", ["en", "km"])
def test_keyboard_reaches_every_control_with_a_visible_focus(served_site, browser,
                                                             lang: str) -> None:
    page = browser.new_page()
    page.goto(served_site.url(page_types(lang)["resource"]))
    page.keyboard.press("Tab")
    skip = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert skip == "#main", "the first Tab stop is the skip link"
    assert page.locator(".lb-skip").first.bounding_box()["x"] >= 0, "skip link shown on focus"
    reached: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement; const s =
            getComputedStyle(e); return {tag: e.tagName, id: e.id, cls: e.className,
            outline: s.outlineStyle + ' ' + s.outlineWidth}; }""")
        reached.append(f"{info['tag']}#{info['id']}.{info['cls']}")
        assert info["outline"] != "none 0px", f"no visible focus on {reached[-1]}"
    assert any("SUMMARY" in r for r in reached), "language switcher reachable"
    assert any("lb-q" in r for r in reached), "search box reachable"
    page.focus(".lb-langs summary")
    page.keyboard.press("Enter")
    assert page.locator(".lb-langs").get_attribute("open") is not None
    page.close()


@pytest.mark.parametrize(("width", "scale"), [(320, 1), (640, 2)], ids=["320px", "zoom-200"])
def test_no_horizontal_scrolling(served_site, browser, width: int, scale: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  device_scale_factor=scale)
    page = context.new_page()
    wide: list[str] = []
    for lang in ("en", "km", "my", "th", "lo", "vi"):
        for kind, path in page_types(lang).items():
            page.goto(served_site.url(path))
            overflow = page.evaluate("() => document.documentElement.scrollWidth - "
                                     "document.documentElement.clientWidth")
            if overflow > 0:
                wide.append(f"{lang} {kind} /{path}: {overflow}px too wide")
    context.close()
    assert wide == []


@pytest.mark.parametrize(("lang", "sample"), [
    ("km", "ស្ត្រី ក្សត្រិយ៍ ព្រឹក្សា"), ("my", "ကြွက် မြို့ ဂျွန် ပြည့်စုံ"),
    ("lo", "ເຂົ້າໃຈ ສິ່ງນີ້ ຫຼື"), ("th", "ปู่ย่าตายาย ผู้ใหญ่ ที่นี่")])
def test_line_height_does_not_clip_stacked_vowels(served_site, browser, lang: str,
                                                 sample: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(served_site.url(f"{lang}/"))
    for selector in ("main p", "main h1", "main h2"):
        metrics = page.evaluate("""([selector, sample]) => {
            const el = document.querySelector(selector);
            const s = getComputedStyle(el);
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = s.font;
            const m = ctx.measureText(sample);
            return {ink: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
                    line: parseFloat(s.lineHeight), size: parseFloat(s.fontSize)};
        }""", [selector, sample])
        assert metrics["line"] >= metrics["ink"], (lang, selector, metrics)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("(sample) => { const p = document.createElement('p'); p.id = 'lb-sample'; "
                  "p.textContent = (sample + ' ').repeat(6); "
                  "document.querySelector('main').prepend(p); }", sample)
    page.locator("#lb-sample").screenshot(path=str(SCREENSHOTS / f"stacked-{lang}.png"))
    page.close()


def test_reduced_motion_is_honoured(served_site, browser) -> None:
    probe = ("() => { const d = document.createElement('div'); "
             "d.style.transition = 'opacity 2s'; d.style.animation = 'x 3s infinite'; "
             "document.body.append(d); const s = getComputedStyle(d); "
             "return [s.transitionDuration, s.animationDuration]; }")
    durations = {}
    for motion in ("reduce", "no-preference"):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        page.goto(served_site.url(""))
        durations[motion] = page.evaluate(probe)
        context.close()
    assert durations["no-preference"] == ["2s", "3s"]  # the probe itself moves
    assert all(float(d.rstrip("s")) < 0.01 for d in durations["reduce"]), durations
