"""pre-commit runs the project's own ruff and content checks on Linux, macOS and Windows: no
POSIX path to .venv in it, and the same ruff version as the project's environment."""

from __future__ import annotations

import re
from importlib.metadata import version

import yaml

from tests.conftest import ROOT

CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
HOOKS = {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}


def test_ruff_is_the_projects_version() -> None:
    ruff = HOOKS["ruff"]
    pins = [dep for dep in ruff.get("additional_dependencies", []) if dep.startswith("ruff")]
    assert pins == [f"ruff=={version('ruff')}"], pins
    assert ruff["entry"].split()[:2] == ["ruff", "check"]


def test_no_hook_depends_on_a_posix_path_or_shell() -> None:
    for hook_id, hook in HOOKS.items():
        assert hook["language"] == "python", hook_id  # pre-commit makes the env on every OS
        assert ".venv" not in hook["entry"] and "/bin/" not in hook["entry"], hook_id
        assert not re.search(r"[|;&]|\bsh\b|\bbash\b", hook["entry"]), hook_id
    check = HOOKS["lumbung-check"]
    script = check["entry"].split()[1]
    assert (ROOT / script).is_file() and check["pass_filenames"] is False
