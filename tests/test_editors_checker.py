"""One checker behind check.py and the build: every problem at once, never staged, never twice,
one format (file:line: field: message (see guide#section)), in the editor's language, and on a
pull request as annotations and a job summary."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lumbung.config import load_site
from lumbung.content import frontmatter
from lumbung.content.library import read_library
from lumbung.content.messages import LANGUAGES, MESSAGES, placeholders, text
from tests.conftest import ROOT, copy_site, run_build
from tests.test_front_matter import CASES, write

PAGE = "docs/resources/ethical-storytelling-initiative.md"
GUIDE = "https://lumbung.example.org/guide/checks/"


def check(root: Path, *args: str, env: dict[str, str] | None = None
          ) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "LUMBUNG_"))}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "check.py"), "--config",
                           str(root / "mkdocs.yml"), "--no-fix", *args],
                          env={**full, **(env or {})}, capture_output=True, text=True,
                          timeout=120, check=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.fixture
def three_mistakes(tmp_path: Path) -> Path:
    """A wrong date, an unknown topic and a broken link, in one file."""
    root = copy_site(tmp_path / "copy")
    page = root / PAGE
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^published: .*$", "published: 15/03/2020", text, count=1, flags=re.M)
    text = re.sub(r"^topics: \[", "topics: [no-such-topic, ", text, count=1, flags=re.M)
    page.write_text(text + "\nSee [the toolkit](missing-toolkit.md).\n", encoding="utf-8")
    return root


def expected_lines(root: Path) -> list[str]:
    page = root / PAGE
    return [
        f"{PAGE}:{line_of(page, 'published:')}: published: expected a date like 2020-03-15, "
        f"got '15/03/2020' (see {GUIDE}#front-matter)",
        f"{PAGE}:{line_of(page, 'topics:')}: topics: item 1: unknown topic 'no-such-topic'",
        f"{PAGE}:{line_of(page, 'missing-toolkit')}: link to 'missing-toolkit.md', but "
        f"docs/resources/missing-toolkit.md does not exist (see {GUIDE}#links)",
    ]


def test_check_lists_every_problem_at_once(three_mistakes: Path) -> None:
    result = check(three_mistakes)
    assert result.returncode == 1
    for line in expected_lines(three_mistakes):
        assert line in result.stdout, f"{line}\n---\n{result.stdout}"
    assert result.stdout.count("link to 'missing-toolkit.md'") == 1
    assert result.stdout.strip().endswith("3 problem(s), 0 repaired")


@pytest.mark.build
def test_build_reports_the_same_lines_once(three_mistakes: Path) -> None:
    build = run_build(three_mistakes)
    assert not build.ok and "Traceback" not in build.output
    for line in expected_lines(three_mistakes):
        assert build.output.count(line) == 1, f"{line}\n---\n{build.output[-3000:]}"
    assert "contains a link" not in build.output  # MkDocs' own wording: off


@pytest.mark.build
def test_build_reports_a_broken_anchor_in_valid_pages(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "copy")
    page = root / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n[Back](#no-such-heading)\n",
                    encoding="utf-8")
    build = run_build(root)
    line = line_of(page, "no-such-heading")
    assert not build.ok
    assert build.output.count(f"{PAGE}:{line}: link to '#no-such-heading', but this page has "
                              f"no such heading (see {GUIDE}#links)") == 1, build.output[-3000:]
    assert "contains a link" not in build.output and "no such anchor" not in build.output


def test_broken_yaml_does_not_hide_a_broken_link(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "copy")
    page = root / PAGE
    edit(page, "\ntitle: ", '\ntitle: "an unclosed quote\n# ')
    page.write_text(page.read_text(encoding="utf-8") + "\n[x](nowhere.md)\n", encoding="utf-8")
    result = check(root)
    assert "is not valid YAML" in result.stdout
    assert f"{PAGE}:{line_of(page, 'nowhere.md')}: link to 'nowhere.md'" in result.stdout


def test_an_untranslated_draft_does_not_hide_its_originals_broken_link(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "copy")
    original = root / "docs/resources/ngo-incubator-pitch.md"
    original.write_text(original.read_text(encoding="utf-8") + "\n[x](gone.md)\n",
                        encoding="utf-8")
    start = subprocess.run([sys.executable, str(ROOT / "scripts" / "translate.py"), "--config",
                            str(root / "mkdocs.yml"), "start", "docs/resources/"
                            "ngo-incubator-pitch.md", "th"], capture_output=True, text=True,
                           timeout=120, check=False)
    assert start.returncode == 0, start.stderr
    result = check(root, "--lang", "en")
    assert "ngo-incubator-pitch.th.md:" in result.stdout and "not written in Thai" in \
        result.stdout
    assert f"docs/resources/ngo-incubator-pitch.md:{line_of(original, 'gone.md')}: link to " \
        "'gone.md'" in result.stdout
    # the draft's own copy of the link is checked too
    assert "ngo-incubator-pitch.th.md" in "".join(
        line for line in result.stdout.splitlines() if "gone.md" in line)


def test_every_message_is_in_every_editor_language_with_the_same_placeholders() -> None:
    assert set(LANGUAGES) >= {"en", "km", "th", "vi", "my"}
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        for lang, template in texts.items():
            assert placeholders(template) == placeholders(texts["en"]), (key, lang)
            assert template.strip() and (lang == "en" or template != texts["en"]), (key, lang)


def test_messages_in_the_chosen_or_the_files_language(three_mistakes: Path) -> None:
    km = three_mistakes / PAGE.replace(".md", ".km.md")
    km.write_text(km.read_text(encoding="utf-8") + "\n[x](nowhere.md)\n", encoding="utf-8")
    default = check(three_mistakes).stdout
    assert "published: expected a date like 2020-03-15" in default  # an English file
    assert "តំណទៅ 'nowhere.md'" in default  # the Khmer file's problem, in Khmer
    thai = check(three_mistakes, "--lang", "th").stdout
    assert "published: ต้องเป็นวันที่แบบ 2020-03-15 แต่ได้ '15/03/2020'" in thai
    assert "ลิงก์ไปที่ 'nowhere.md'" in thai and "ปัญหา 4 รายการ" in thai
    assert "topics: รายการที่ 1: ไม่รู้จักหัวข้อ 'no-such-topic'" in thai
    burmese = check(three_mistakes, env={"LUMBUNG_EDITOR_LANG": "my"}).stdout
    assert "ရက်စွဲ လိုအပ်သည်" in burmese and "ကြည့်ပါ" in burmese


def test_github_annotations_and_job_summary(three_mistakes: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = check(three_mistakes, env={"GITHUB_ACTIONS": "true",
                                        "GITHUB_STEP_SUMMARY": str(summary)})
    line = line_of(three_mistakes / PAGE, "published:")
    annotations = [a for a in result.stdout.splitlines() if a.startswith("::error ")]
    assert len(annotations) == 3
    assert f"::error file={PAGE},line={line},title=Lumbung%3A published::expected a date like " \
        f"2020-03-15, got '15/03/2020' (see {GUIDE}#front-matter)" in annotations
    text = summary.read_text(encoding="utf-8")
    assert f"**{PAGE}**" in text and f"- line {line}: `published`: expected a date" in text
    assert "3 problem(s)" in text


def test_every_content_problem_can_be_said_in_every_editor_language(tmp_path: Path) -> None:
    """Each case of test_front_matter (every kind of front-matter mistake) gives a problem
    whose message is catalogued, so --lang and the file's language apply to it."""
    keyed = 0
    for case_id, files, _ in CASES:
        root = tmp_path / case_id
        docs = root / "docs"
        docs.mkdir(parents=True)
        (docs / "topics.yml").write_bytes((ROOT / "docs" / "topics.yml").read_bytes())
        write(root, files)
        site = load_site(ROOT / "mkdocs.yml")
        _, problems = read_library(docs, site.codes, site.default)
        assert problems, case_id
        for problem in problems:
            assert problem.key in MESSAGES, (case_id, problem)
            assert text(problem, "en") == problem.message
            assert text(problem, "th") != problem.message, (case_id, problem)
            keyed += 1
    assert keyed >= len(CASES)


def test_the_builds_fast_outline_places_lines_as_the_yaml_parser_does() -> None:
    """The build's checks find lines without parsing YAML again: the same numbers."""
    checked = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = frontmatter.decode(path.read_bytes(), path.name)
        parsed = frontmatter.parse(text, path.name, required=False)
        body_line, keys = frontmatter.outline(text)
        assert body_line == parsed.body_line, path
        if keys:
            assert keys == parsed.key_lines, path
            checked += 1
    assert checked > 50


def test_repairs_are_said_in_the_files_language(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "copy")
    thai = sorted((root / "docs" / "resources").glob("*.th.md"))[0]
    thai.write_bytes(b"\xef\xbb\xbf" + thai.read_bytes())
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check.py"), "--config",
                             str(root / "mkdocs.yml")], capture_output=True, text=True,
                            timeout=120, check=False,
                            env={k: v for k, v in os.environ.items() if k != "LUMBUNG_EDITOR_LANG"})
    rel = thai.relative_to(root).as_posix()
    assert result.returncode == 1
    assert f"{rel}:1: แก้ให้แล้ว: ลบเครื่องหมายลำดับไบต์ UTF-8 (BOM) ออกแล้ว" in result.stdout
    assert not thai.read_bytes().startswith(b"\xef\xbb\xbf")
