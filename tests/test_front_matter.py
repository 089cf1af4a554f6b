"""Bad front matter gives one specific, one-line error per problem, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lumbung.config import load_site
from lumbung.content.library import build_library
from lumbung.errors import ContentError
from tests.conftest import ROOT, copy_site, run_build

GOOD = """---
title: Ethical storytelling
summary: How to tell stories of exploitation without causing harm.
type: guide
topics: [ethical-storytelling]
countries: [TH, KH]
organisation: Freedom Collaborative
published: 2020-03-15
licence: unspecified
---
Body text.
"""


def fm(**changes: str | None) -> str:
    """GOOD with some fields replaced (value) or removed (None)."""
    lines = []
    for line in GOOD.splitlines():
        key = line.split(":", 1)[0]
        if key in changes:
            if changes[key] is not None:
                lines.append(f"{key}: {changes.pop(key)}")
            else:
                changes.pop(key)
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


TRANSLATION = """---
title: ការនិទានរឿងប្រកបដោយក្រមសីលធម៌
summary: របៀបនិទានរឿងដោយមិនបង្កគ្រោះថ្នាក់។
translation: {status: draft, source: 0123456789ab}
%s---
អត្ថបទ។
"""

R = "docs/resources"
# (case id, {path: content}, expected problem line)
CASES = [
    ("missing-title", {f"{R}/a.md": fm(title=None)},
     f"{R}/a.md: title: is required but missing"),
    ("unparsable-date",
     {f"{R}/a.md": GOOD, f"{R}/a.km.md": TRANSLATION % "published: 15/03/2020\n"},
     f"{R}/a.km.md: published: expected a date like 2020-03-15, got '15/03/2020'"),
    ("unknown-type", {f"{R}/a.md": fm(type="handbook")},
     f"{R}/a.md: type: expected one of guide, toolkit, report, case-study, training, video, "
     "audio, dataset, directory; got 'handbook'"),
    ("unknown-topic", {f"{R}/a.md": fm(topics="[ethical-storytelin]")},
     f"{R}/a.md: topics: item 1: unknown topic 'ethical-storytelin'; did you mean "
     "'ethical-storytelling'? topics are listed in docs/topics.yml"),
    ("unknown-country", {f"{R}/a.md": fm(countries="[TH, KHM]")},
     f"{R}/a.md: countries: item 2: unknown country code 'KHM'; expected a two-letter "
     "ISO 3166-1 code such as KH, TH, VN, MM, LA, MY, ID"),
    ("yaml-syntax", {f"{R}/a.md": fm(title='"Ethical storytelling')},
     f"{R}/a.md: front matter line 2 is not valid YAML"),
    ("string-for-list", {f"{R}/a.md": fm(topics="ethical-storytelling")},
     f"{R}/a.md: topics: expected a list like [a, b], got 'ethical-storytelling'"),
    ("summary-too-long", {f"{R}/a.md": fm(summary="x" * 301)},
     f"{R}/a.md: summary: expected at most 300 characters, got 301; shorten it"),
    ("same-slug", {f"{R}/a.md": GOOD, "docs/webinars/a.md": GOOD.replace("type: guide\n", "")},
     f"docs/webinars/a.md: slug 'a' is already used by {R}/a.md; give one of them another"),
    ("uppercase-file-name", {f"{R}/Ethical.md": GOOD},
     f"{R}/Ethical.md: file name 'Ethical' must use only lowercase letters, digits and single"),
    ("same-slug-subfolder", {f"{R}/a.md": GOOD, f"{R}/2020/a.md": GOOD},
     f"{R}/a.md: slug 'a' is already used by {R}/2020/a.md; give one of them another file name"),
    ("translation-type-differs",
     {f"{R}/a.md": GOOD, f"{R}/a.km.md": TRANSLATION % "type: toolkit\n"},
     f"{R}/a.km.md: type: must match the English original ('guide'), got 'toolkit'; "
     "leave it out to inherit it"),
    ("translation-without-source", {f"{R}/b.km.md": TRANSLATION % ""},
     f"{R}/b.km.md: is a translation without an English original; expected docs/resources/b.md"),
    ("tab-in-yaml", {f"{R}/a.md": GOOD.replace("countries: [TH, KH]", "countries:\n\t- TH")},
     f"{R}/a.md: front matter line 7 contains a tab; YAML needs spaces for indentation"),
    ("bom", {f"{R}/a.md": "\ufeff" + GOOD},
     f"{R}/a.md: starts with a UTF-8 byte-order mark (BOM); save the file as UTF-8 without BOM"),
    ("unclosed", {f"{R}/a.md": GOOD.replace("---\nBody", "Body")},
     f"{R}/a.md: front matter opened with '---' on line 1 is never closed"),
    ("not-utf8", {f"{R}/a.md": GOOD.replace("Body text.", "Caf\udce9")},
     f"{R}/a.md: is not valid UTF-8 (byte 0xE9 on line 11); save the file with UTF-8 encoding"),
    ("unknown-field", {f"{R}/a.md": fm(licence="unspecified\nsumary: typo")},
     f"{R}/a.md: sumary: unknown field; did you mean 'summary'?"),
    ("unknown-language-suffix", {f"{R}/a.md": GOOD, f"{R}/a.kh.md": TRANSLATION % ""},
     f"{R}/a.kh.md: unknown language suffix '.kh'; the site's languages are en, km, th"),
    ("no-front-matter", {f"{R}/a.md": "Just a body.\n"},
     f"{R}/a.md: has no front matter; the file must start with a line '---'"),
    ("webinar-duration", {"docs/webinars/w.md": "---\ntitle: W\nsummary: S\ndate: 2020-04-01\n"
                          "duration: an hour\ntopics: [covid-19]\ncountries: []\n---\n"},
     "docs/webinars/w.md: duration: expected a whole number above 0, got 'an hour'"),
    ("zawgyi", {f"{R}/a.md": GOOD, f"{R}/a.my.md": TRANSLATION.replace("ការនិទានរឿងប្រកបដោយក្រមសីលធម៌",
                "ျမန္မာႏိုင္ငံသည္ အေရွ႕ေတာင္အာရွတြင္ တည္ရွိေသာ ႏိုင္ငံ") % ""},
     f"{R}/a.my.md: line 2: Burmese text in the legacy Zawgyi encoding; convert it to Unicode"),
    ("untranslated", {f"{R}/a.md": GOOD, f"{R}/a.th.md": TRANSLATION.replace("អត្ថបទ។", "The "
                      "English text was copied here but never translated into Thai.") % ""},
     f"{R}/a.th.md: the text is not written in Thai; it still looks like the English original"),
    ("translation-missing-record", {f"{R}/a.md": GOOD,
                                    f"{R}/a.th.md": "---\ntitle: ก\nsummary: ข\n---\nค\n"},
     f"{R}/a.th.md: translation: is required in a translation"),
]


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogateescape"))


@pytest.fixture(scope="module")
def languages() -> tuple[str, ...]:
    return load_site(ROOT / "mkdocs.yml").codes


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_has_its_own_line(tmp_path: Path, languages, files, expected) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "docs" / "topics.yml", docs / "topics.yml")
    write(tmp_path, files)
    with pytest.raises(ContentError) as caught:
        build_library(docs, languages, "en")
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 1, messages
    assert messages[0].startswith(expected), messages[0]
    assert "\n" not in messages[0]


def test_valid_content_loads(tmp_path: Path, languages) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "docs" / "topics.yml", docs / "topics.yml")
    write(tmp_path, {f"{R}/a.md": GOOD, f"{R}/a.km.md": TRANSLATION % ""})
    library = build_library(docs, languages, "en")
    km = next(d for d in library.documents if d.lang == "km")
    assert km.data.type == "guide" and km.data.countries == ("TH", "KH")  # inherited
    assert km.translation.status == "draft"
    assert km.title.startswith("ការនិទានរឿង")


@pytest.mark.build
def test_build_reports_every_problem_at_once(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "copy")
    expected = []
    for case_id, files, line in CASES:
        renamed = {rel.replace("/a.", f"/{case_id}-a.").replace("/b.", f"/{case_id}-b.")
                   .replace("/w.", f"/{case_id}-w."): text for rel, text in files.items()
                   if "2020/" not in rel}
        write(root, renamed)
        if case_id in {"missing-title", "unknown-type", "summary-too-long", "tab-in-yaml", "bom",
                       "not-utf8", "unclosed", "yaml-syntax"}:
            expected.append(line.replace("/a.", f"/{case_id}-a."))
    build = run_build(root)
    assert not build.ok
    assert "Traceback" not in build.output
    lines = build.output.splitlines()
    for line in expected:  # "path: field: message" shown as "path:LINE: field: message (see ...)"
        path, _, said = line.partition(": ")
        assert any(re.search(re.escape(path) + r"(:\d+)?: " + re.escape(said), out)
                   for out in lines), f"missing: {line}\n---\n{build.output[-3000:]}"
    assert "content problems listed above" in build.output
