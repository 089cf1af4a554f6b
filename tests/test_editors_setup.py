"""Setting up needs Python and make only: ICU comes from a wheel and splits the words of the
unspaced scripts; make test names what else is missing instead of failing on a raw error."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import icu
import pytest

from tests.conftest import ROOT

# One sentence per unspaced script and the words ICU must find in it.
SENTENCES = {
    "km": ("ខ្ញុំស្រឡាញ់ភាសាខ្មែរ", ["ខ្ញុំ", "ស្រឡាញ់", "ភាសាខ្មែរ"]),
    "th": ("ฉันรักภาษาไทย", ["ฉัน", "รัก", "ภาษา", "ไทย"]),
    "lo": ("ຂ້ອຍຮັກພາສາລາວ", ["ຂ້ອຍ", "ຮັກ", "ພາສາ", "ລາວ"]),
    "my": ("ကျွန်တော်မြန်မာစကားကိုချစ်တယ်",
           ["ကျွန်တော်", "မြန်မာ", "စကား", "ကို", "ချစ်", "တယ်"]),
}


def words(text: str, lang: str) -> list[str]:
    breaker = icu.BreakIterator.createWordInstance(icu.Locale(lang))
    breaker.setText(text)
    bounds = [0, *breaker]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_installed_icu_splits_unspaced_scripts_into_words(lang: str) -> None:
    text, expected = SENTENCES[lang]
    assert words(text, lang) == expected


def test_icu_comes_from_a_wheel_with_a_capped_pin() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=\[ ]", dep)[0].lower(): dep for dep in project["dependencies"]}
    assert "pyicu" not in names  # the source-only package, which needs a compiler and libicu-dev
    assert re.fullmatch(r"pyicu-wheels>=[\d.]+,<\d+", names["pyicu-wheels"])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for text in (makefile, ci):
        assert "libicu-dev" not in text and "pkg-config" not in text and "g++" not in text


def _bare_path(tmp_path: Path, *tools: str) -> str:
    """A PATH holding only ``tools`` (as links to the real ones)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        real = shutil.which(tool)
        assert real, tool
        (bin_dir / tool).symlink_to(real)
    return str(bin_dir)


@pytest.mark.skipif(os.name != "posix", reason="make and a POSIX shell")
def test_make_test_names_what_is_missing_and_how_to_install_it(tmp_path: Path) -> None:
    path = _bare_path(tmp_path, "make", "sh", "tr", "test")  # no npm, node or fc-list
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "test-prerequisites"],
                            env={"PATH": path}, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode != 0
    out = result.stdout
    install = re.search(r"sudo apt-get install (.+)", out)
    assert install, out
    wanted = install.group(1).split()
    assert {"npm", "nodejs", "fonts-khmeros", "fonts-thai-tlwg", "fonts-lao",
            "fonts-noto-core"} <= set(wanted), out
    assert ("chromium" in wanted) == (not Path("/usr/bin/chromium").exists())
    assert "bash .ci/run" in out and "No such file" not in result.stderr


@pytest.mark.skipif(os.name != "posix" or not shutil.which("npm")
                    or not shutil.which("fc-list"), reason="the machine's own tools")
def test_make_test_prerequisites_pass_when_everything_is_there() -> None:
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "test-prerequisites"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout
