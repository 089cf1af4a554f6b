"""deploy/'s systemd units and weekly script: systemd reads every unit without a complaint, and
every command they give scripts/newsletter.py is one it accepts, options included (a renamed
command or option would otherwise first fail on the server, on a Monday)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_subscribers_cli import cli  # scripts/newsletter.py, loaded as when run

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SERVER_ROOT = "/srv/lumbung"  # where deploy/README.md puts the repository
UNITS = sorted([*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")])
CALLERS = sorted(path for path in [*DEPLOY.glob("*.service"), *DEPLOY.glob("*.sh")]
                 if "scripts/newsletter.py" in path.read_text(encoding="utf-8"))


def test_systemd_reads_every_unit_without_a_complaint(tmp_path: Path) -> None:
    """The units as shipped, but for the repository's folder, which holds what they run."""
    root = tmp_path / "srv"
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(sys.executable)
    (root / "deploy").mkdir()
    shutil.copy2(DEPLOY / "weekly-send.sh", root / "deploy" / "weekly-send.sh")
    units = tmp_path / "units"
    units.mkdir()
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8")
        (units / unit.name).write_text(text.replace(SERVER_ROOT, str(root)), encoding="utf-8")
    assert len(UNITS) >= 7, [u.name for u in UNITS]
    verify = subprocess.run(["systemd-analyze", "verify", "--man=no",
                             *sorted(str(u) for u in units.iterdir())],
                            capture_output=True, text=True, cwd=units, timeout=60)
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout + verify.stderr == ""


def commands(path: Path) -> list[list[str]]:
    """Every scripts/newsletter.py command line in ``path``, shell variables given a value."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#") or "scripts/newsletter.py" not in line:
            continue
        rest = line.split("scripts/newsletter.py", 1)[1].rstrip().rstrip("'\\").strip()
        rest = re.sub(r'"[^"]*\$[^"]*"|\$\{[^}]*\}', "/tmp/value", rest)
        found.append(shlex.split(rest))
    return found


@pytest.mark.parametrize("caller", CALLERS, ids=lambda path: path.name)
def test_deploy_commands_are_ones_the_script_accepts(caller: Path) -> None:
    lines = commands(caller)
    assert lines, f"{caller.name}: no scripts/newsletter.py command found"
    for argv in lines:
        try:
            cli.command_line().parse_args(argv)
        except SystemExit:
            pytest.fail(f"{caller.name}: scripts/newsletter.py {shlex.join(argv)}: refused")


def test_every_scheduled_job_is_checked() -> None:
    assert {path.name for path in CALLERS} == {
        "lumbung-lists.service", "lumbung-mailbox.service", "lumbung-backup.service",
        "weekly-send.sh"}
    assert [len(commands(path)) for path in CALLERS] == [1, 1, 2, 1]


def test_a_wrong_option_is_caught() -> None:
    with pytest.raises(SystemExit):
        cli.command_line().parse_args(["serve", "--hots", "127.0.0.1"])
