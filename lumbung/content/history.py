"""When each content file last changed: its last commit, or its modification time if uncommitted."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout if result.returncode == 0 else ""


def last_changed(docs_dir: Path) -> dict[str, date]:
    """Map of docs-relative path -> date of last change, for every Markdown file."""
    top = _git(docs_dir, "rev-parse", "--show-toplevel").strip()
    committed: dict[str, date] = {}
    dirty: set[str] = set()
    if top:
        prefix = docs_dir.resolve().relative_to(Path(top).resolve()).as_posix() + "/"
        day = None
        for line in _git(docs_dir, "log", "--format=@%cs", "--name-only", "--", ".").splitlines():
            if line.startswith("@"):
                day = date.fromisoformat(line[1:])
            elif line.startswith(prefix) and day is not None:
                committed.setdefault(line[len(prefix):], day)
        for line in _git(docs_dir, "status", "--porcelain", "--", ".").splitlines():
            path = line[3:].strip().strip('"')
            if path.startswith(prefix):
                dirty.add(path[len(prefix):])
    out = {}
    for file in docs_dir.rglob("*.md"):
        rel = file.relative_to(docs_dir).as_posix()
        if rel in committed and rel not in dirty:
            out[rel] = committed[rel]
        else:
            out[rel] = datetime.fromtimestamp(file.stat().st_mtime, UTC).date()
    return out
