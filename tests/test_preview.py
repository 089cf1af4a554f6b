"""The editors' preview (scripts/serve.py): the whole site once, then after a save only that page
and the pages listing it, in its language, served over HTTP with the change; a broken save is
reported and the preview goes on; a new template rebuilds everything."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_PDF_CACHE, copy_site

RESOURCE = "docs/resources/anti-trafficking-capacity-building-for-impact.md"
URL = "/resources/anti-trafficking-capacity-building-for-impact/"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


class Served:
    def __init__(self, root: Path, port: int, proc: subprocess.Popen[str], log: Path) -> None:
        self.root, self.port, self.proc, self.log = root, port, proc, log

    def wait_for(self, path: str, text: str, timeout: float = 30.0) -> float:
        """Seconds until ``path`` answers with ``text`` in it."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            try:
                status, body = get(self.port, path)
            except OSError:
                status, body = 0, ""
            if status == 200 and text in body:
                return time.monotonic() - start
            time.sleep(0.05)
        raise AssertionError(f"{path} never showed {text!r}; log:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    root = copy_site(tmp_path / "preview")
    port = _port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LUMBUNG_PDF": "0",
           "LUMBUNG_PDF_CACHE": str(SHARED_PDF_CACHE)}
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, str(root / "scripts" / "serve.py"), "-f",
                                 str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                                cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
    found = Served(root, port, proc, log)
    try:
        deadline = time.monotonic() + 300
        while "Serving on" not in found.output():
            assert proc.poll() is None, found.output()
            assert time.monotonic() < deadline, found.output()
            time.sleep(0.2)
        yield found
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_a_save_rebuilds_the_page_and_the_pages_that_list_it(served: Served) -> None:
    page = served.root / RESOURCE
    text = page.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE)
    assert title is not None
    renamed = "Capacity building zqxpreview"
    page.write_text(text.replace(title.group(0), f"title: {renamed}", 1)
                    + "\nA sentence zqxbody added in the preview.\n", encoding="utf-8")
    served.wait_for(URL, "zqxbody")
    served.wait_for("/search/", "zqxpreview")  # the titles page lists it
    listed = [get(served.port, f"/library/{more}")[1] for more in ("", "page/2/", "page/3/")]
    assert any("zqxpreview" in body for body in listed)  # and so does the library's catalog
    log = served.output()
    rebuilt = re.findall(r"rebuilt (\d+) page\(s\) in en", log)
    assert rebuilt and int(rebuilt[-1]) < 40, log  # not the whole language
    assert "rebuilt the whole site" not in log
    # Other languages were not rebuilt: the Khmer page still shows the old title.
    assert "zqxpreview" not in get(served.port, "/km" + URL)[1]


def test_a_broken_save_is_reported_and_the_preview_goes_on(served: Served) -> None:
    page = served.root / RESOURCE
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("\ntype: ", "\ntype: leaflet-ish\nkind: ", 1), encoding="utf-8")
    deadline = time.monotonic() + 30
    while "leaflet-ish" not in served.output():
        assert time.monotonic() < deadline, served.output()
        time.sleep(0.1)
    assert served.proc.poll() is None and "Traceback" not in served.output()
    assert get(served.port, URL)[0] == 200
    page.write_text(good + "\nFixed zqxfixed.\n", encoding="utf-8")
    served.wait_for(URL, "zqxfixed")
