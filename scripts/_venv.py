"""Let the editors' scripts run as written (python3 scripts/check.py, py scripts\\check.py)
from any Python: when the project's dependencies are not importable, run the script again with
the project's own .venv (made by make install / make serve), or say how to make it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEEDED = ("yaml", "icu", "mkdocs")  # installed by make install, never by the system's Python
MARK = "LUMBUNG_VENV_REEXEC"  # set in the second run, so it can never loop


def venv_python(root: Path = ROOT) -> Path:
    if os.name == "nt":
        return root / ".venv" / "Scripts" / "python.exe"
    return root / ".venv" / "bin" / "python"


def ensure() -> None:
    """Import this checkout's lumbung; re-run under .venv when its dependencies are missing."""
    if str(ROOT) not in sys.path:
        sys.path.insert(1, str(ROOT))
    if all(importlib.util.find_spec(name) is not None for name in NEEDED):
        return
    python = venv_python()
    if python.exists() and os.environ.get(MARK) != "1":
        env = {**os.environ, MARK: "1"}
        command = [str(python), *sys.argv]
        if os.name == "nt":  # os.exec* on Windows does not replace the process
            sys.exit(subprocess.run(command, env=env, check=False).returncode)
        os.execve(command[0], command, env)
    sys.exit("Lumbung's tools are not installed in this folder yet.\n"
             "Run  make install  (or  make serve) once, then run this command again.\n"
             "Without make (Windows):  py -m venv .venv  then  "
             ".venv\\Scripts\\python -m pip install -e .")
