"""Every editor command the README and the editors' guide show works exactly as written, in a
fresh copy of the project after make install: the make targets, and the scripts run with the
system's python3 (they run again under the project's .venv by themselves)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lumbung.config import load_site
from tests.conftest import ROOT, copy_site

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs" / "guide").glob("*.md"))]
EDITOR_COMMAND = re.compile(r"^(make (new-|check|translate-)|python3 scripts/(new|check|translate)"
                            r"\.py)")
SPAN = re.compile(r"`([^`\n]+)`")
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def shown_commands() -> list[str]:
    """Editor commands in ```sh blocks and `code spans` of the README and the guide."""
    found: list[str] = []
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        candidates = [line.split("  #")[0].strip() for block in BLOCK.findall(text)
                      for line in block.splitlines()]
        candidates += [span.strip() for span in SPAN.findall(BLOCK.sub("", text))]
        for command in candidates:
            bare = re.fullmatch(r"make (new-\w+|translate-(start|reviewed))", command)
            if EDITOR_COMMAND.match(command) and not bare and command not in found:
                found.append(command)  # a bare target named in a sentence is not a command
    return found


COMMANDS = shown_commands()
LANG_RE = re.compile(r"(?<=TO=)[a-z]{2}$|(?<=\.md )[a-z]{2}$")


def one_per_shape(commands: list[str]) -> list[str]:
    """The guide in each language shows the same commands with its own language code: run
    each shape once (test_every_language_code_is_the_sites checks the codes)."""
    shapes: dict[str, str] = {}
    for command in commands:
        shapes.setdefault(LANG_RE.sub("LL", command), command)
    return list(shapes.values())
# A sentence in each language, standing for a translator's work.
TRANSLATED = {"km": "ការនិទានរឿងប្រកបដោយក្រមសីលធម៌។", "th": "การเล่าเรื่องอย่างมีจริยธรรม",
              "vi": "Kể chuyện có đạo đức.", "my": "ကျင့်ဝတ်နှင့်ညီသော ဇာတ်လမ်းပြောခြင်း။",
              "lo": "ການເລົ່າເລື່ອງຢ່າງມີຈັນຍາບັນ.", "ms": "Bercerita secara beretika.",
              "id": "Bercerita secara etis."}


def test_the_documents_show_the_editor_commands() -> None:
    shown = " ".join(COMMANDS)
    for needed in ("make new-resource NAME=", "make check", "make translate-start PAGE=",
                   "make translate-reviewed", "make translate-status", "python3 scripts/check.py",
                   "python3 scripts/new.py resource"):
        assert needed in shown, needed
    # Debian has no `python` command: the documents say python3 (or make).
    assert not any(re.search(r"(^|\s)python scripts/(new|check|translate)\.py", line)
                   for path in DOCUMENTS for line in path.read_text(encoding="utf-8").splitlines())


def test_every_language_code_is_the_sites() -> None:
    codes = set(load_site(ROOT / "mkdocs.yml").codes[1:])
    used = {match.group(0) for command in COMMANDS if (match := LANG_RE.search(command))}
    assert used and used <= codes, used - codes


def project_copy(dest: Path) -> Path:
    """A fresh clone's layout, with the installed .venv (make install's stamp newer than
    pyproject.toml, as after make install: nothing is installed again)."""
    root = copy_site(dest)
    for part in ("lumbung", "Makefile", "pyproject.toml"):
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / part)
    (root / ".venv").symlink_to((ROOT / ".venv").resolve(), target_is_directory=True)
    stamp = root / "installed.stamp"
    stamp.touch()
    os.utime(root / "pyproject.toml", (0, 0))
    return root


def shell(root: Path, command: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if ".venv" not in p)
    env["LUMBUNG_EDITOR_LANG"] = "en"
    if command.startswith("make "):  # the copy's own stamp: make install has run
        command += f" STAMP={root / 'installed.stamp'}"
    return subprocess.run(command, shell=True, cwd=root, env=env, capture_output=True, text=True,
                          timeout=180, check=False)


def page_of(command: str) -> str:
    match = re.search(r"(docs/\S+\.md)", command)
    return match.group(1) if match else ""


@pytest.mark.skipif(os.name != "posix" or not shutil.which("python3"), reason="POSIX shell")
@pytest.mark.parametrize("command", one_per_shape(COMMANDS))
def test_command_works_as_written(tmp_path: Path, command: str) -> None:
    root = project_copy(tmp_path / "clone")
    page = page_of(command)
    if page and not (root / page).exists():  # the example page, made the editors' way
        made = shell(root, f"{sys.executable} scripts/new.py resource {Path(page).stem}")
        assert made.returncode == 0, made.stderr
    lang = (re.findall(r"(?:TO=|\s)([a-z]{2})$", command) or ["km"])[0]
    if "reviewed" in command:  # a review needs a translation to review
        started = shell(root, f"{sys.executable} scripts/translate.py start {page} {lang}")
        assert started.returncode == 0, started.stderr
        draft = root / page.replace(".md", f".{lang}.md")  # then a translator writes it
        head, _, _ = draft.read_text(encoding="utf-8").partition("\n---\n")
        draft.write_text(head + f"\n---\n{TRANSLATED[lang]}\n", encoding="utf-8")
    result = shell(root, command)
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "No module named" not in out and "not found" not in out
    assert result.returncode == 0, out
    if "new" in command:
        assert re.search(r"created docs/(resources|webinars)/[a-z0-9-]+\.md", out), out
    if "check" in command:
        assert "All checks passed." in out
    if "translate" in command and "start" in command:
        assert (root / page.replace(".md", f".{lang}.md")).exists()
