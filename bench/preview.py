"""How long an editor waits to see one edit in the live preview.

The preview server starts on a free loopback port with the configuration's own docs (Lumbung:
the measured repository's ``scripts/serve.py`` when it has one, else ``mkdocs serve``; stock:
``mkdocs serve``, whose file watching ``--no-livereload`` would switch off). Once it says it is
serving and the page answers 200, a sentence holding a fresh marker word is appended to the
page's Markdown; the clock starts just after the write is flushed to disk and stops when a GET
of the page (every 50 ms) returns a body with the marker. Three edits, a second apart; the
median counts. The server's whole process group is stopped afterwards (SIGINT first, so
``mkdocs serve`` removes its temporary site) and the Markdown file is put back as it was.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.build import child_env, kill_group
from bench.configs import STOCK

POLL = 0.05  # seconds between GETs once the file is written
READY_POLL = 0.2  # seconds between checks while the server starts
PAUSE = 1.0  # seconds between edits
EDITS = 3
SERVING = "Serving on http://"


@dataclass(frozen=True)
class PreviewStats:
    delays: tuple[float, ...]  # seconds from each edit on disk to the page showing it
    startup: float | None  # seconds from starting the server to the page answering 200
    log: Path
    missing: str = ""  # why there is no number ("did not finish (...)"), else ""

    @property
    def median(self) -> float | None:
        if self.missing or not self.delays:
            return None
        return statistics.median(self.delays)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_command(name: str, config_file: Path, port: int, repo: Path | None = None
                  ) -> list[str]:
    """How configuration ``name`` is previewed: Lumbung's own serve script if ``repo`` has one."""
    address = f"127.0.0.1:{port}"
    script = repo / "scripts" / "serve.py" if repo is not None else None
    if name != STOCK and script is not None and script.is_file():
        return [sys.executable, str(script), "-f", str(config_file), "--dev-addr", address]
    return [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "--dev-addr",
            address]


def fetch(port: int, path: str) -> tuple[int, bytes] | None:
    """Status and body of GET ``path``; None if the server does not answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def _exited(proc: subprocess.Popen[bytes]) -> bool:
    """Whether the server has ended, without reaping it (see :func:`stop`)."""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _log_says_serving(log: Path) -> bool:
    try:
        return SERVING in log.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return False


def _wait_ready(proc: subprocess.Popen[bytes], port: int, path: str, log: Path,
                timeout: float) -> str:
    """"" once serving ``path`` with status 200, else why not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _exited(proc):
            return "did not finish (the server stopped before serving)"
        if _log_says_serving(log):
            answer = fetch(port, path)
            if answer is not None and answer[0] == 200:
                return ""
        time.sleep(READY_POLL)
    return f"did not finish (not serving {path} after {timeout:g} s)"


def _edit(source: Path, original: str, marker: str) -> None:
    with source.open("w", encoding="utf-8") as out:
        out.write(f"{original.rstrip()}\n\nThis sentence marks the edit {marker}.\n")
        out.flush()
        os.fsync(out.fileno())


def _wait_marker(proc: subprocess.Popen[bytes], port: int, path: str, marker: bytes,
                 started: float, timeout: float) -> float | str:
    """Seconds from ``started`` until the page holds ``marker``, else why not."""
    while True:
        answer = fetch(port, path)
        now = time.perf_counter()
        if answer is not None and marker in answer[1]:
            return now - started
        if _exited(proc):
            return "did not finish (the server stopped)"
        if now - started > timeout:
            return f"did not finish (page unchanged after {timeout:g} s)"
        time.sleep(POLL)


def stop(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Interrupt the server's process group, then kill what is left of it.

    The server is reaped only after the group is killed: until then its id cannot be reused, so
    the signals reach nothing but what it started.
    """
    kill_group(proc.pid, signal.SIGINT)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if _exited(proc):
            break
        time.sleep(0.05)
    kill_group(proc.pid, signal.SIGKILL)
    proc.wait()


def measure_preview(name: str, config_file: Path, path: str, source: Path, timeout: float,
                    *, repo: Path | None = None, edits: int = EDITS,
                    command: list[str] | None = None) -> PreviewStats:
    """Serve ``config_file``, edit ``source`` ``edits`` times, time ``path`` showing each edit.

    ``command`` replaces :func:`serve_command`'s; it must serve on the port it is given in
    place of ``{port}``.
    """
    root = config_file.parent
    log = root / "serve.log"
    port = free_port()
    argv = ([part.replace("{port}", str(port)) for part in command] if command is not None
            else serve_command(name, config_file, port, repo))
    original = source.read_text(encoding="utf-8")
    delays: list[float] = []
    startup: float | None = None
    missing = ""
    with log.open("wb") as out:
        begun = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=root, env=child_env(), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            missing = _wait_ready(proc, port, path, log, timeout)
            if not missing:
                startup = time.perf_counter() - begun
            for index in range(edits if not missing else 0):
                if index:
                    time.sleep(PAUSE)
                marker = f"zqx{uuid.uuid4().hex}"
                _edit(source, original, marker)
                written = time.perf_counter()
                found = _wait_marker(proc, port, path, marker.encode(), written, timeout)
                if isinstance(found, str):
                    missing = found
                    break
                delays.append(found)
        finally:
            stop(proc)
            source.write_text(original, encoding="utf-8")
    return PreviewStats(tuple(delays), startup, log, missing)
