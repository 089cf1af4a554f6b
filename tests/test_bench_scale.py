"""The site benchmark at scale: memory of a whole process tree, timeouts, previews, the report."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bench import build, configs, memory, preview
from bench.build import BuildStats, SiteStats
from bench.report import Measurement, SiteReport, metrics, scaling_table, size_table
from bench.runner import Options, run_builds
from bench.sitereport import markdown

MIB = 2**20

# A child that starts ``count`` grandchildren, each holding ``size`` bytes it has written to,
# all at once, then lets them go.
TREE = textwrap.dedent("""
    import subprocess, sys
    size, count = int(sys.argv[1]), int(sys.argv[2])
    grand = ("import sys; block = b'x' * int(sys.argv[1]); print('ready', flush=True); "
             "sys.stdin.read()")
    kids = [subprocess.Popen([sys.executable, "-c", grand, str(size)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE) for _ in range(count)]
    for kid in kids:
        assert kid.stdout.readline() == b"ready\\n"
    import time; time.sleep(0.3)
    for kid in kids:
        kid.stdin.close()
        kid.wait()
""")


def sample_tree(size: int, count: int) -> tuple[int, int]:
    """The sampled peak of the whole tree, and wait4's ru_maxrss of the child (bytes)."""
    proc = subprocess.Popen([sys.executable, "-c", TREE, str(size), str(count)])
    sampler = memory.TreeSampler(proc.pid).start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        peak = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0
    assert sampler.samples >= 5
    return peak, usage.ru_maxrss * 1024


def test_sampler_sees_a_grandchilds_memory():
    base, _ = sample_tree(0, 1)
    peak, _ = sample_tree(100 * MIB, 1)
    assert abs((peak - base) - 100 * MIB) < 10 * MIB, (peak / MIB, base / MIB)


def test_sampler_adds_up_processes_running_at_once():
    base, _ = sample_tree(0, 2)
    peak, _ = sample_tree(60 * MIB, 2)
    assert abs((peak - base) - 120 * MIB) < 12 * MIB, (peak / MIB, base / MIB)


def test_tree_follows_parent_ids_through_odd_command_names(tmp_path):
    def proc(pid: int, ppid: int, comm: str, pages: int) -> None:
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(f"{pid} ({comm}) S {ppid} {pid} 0 0",
                                                  encoding="utf-8")
        (tmp_path / str(pid) / "statm").write_text(f"{pages * 3} {pages} 0 0 0 0 0",
                                                   encoding="utf-8")

    proc(10, 1, "mkdocs", 100)
    proc(11, 10, "a) S 1 (b", 20)  # a name that looks like the rest of the line
    proc(12, 11, "node", 5)
    proc(13, 1, "other", 1000)
    (tmp_path / "self").mkdir()
    assert memory.tree(10, tmp_path) == {10, 11, 12}
    assert memory.tree_rss(10, tmp_path) == 125 * memory.PAGE_SIZE
    assert memory.rss(99, tmp_path) == 0


# --- build commands and timeouts ----------------------------------------------------------------

def test_lumbung_builds_and_serves_with_the_repositorys_scripts_when_it_has_them(tmp_path):
    config = tmp_path / "work" / "mkdocs.yml"
    mkdocs_build = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config)]
    assert build.build_command(configs.LUMBUNG, config, tmp_path) == mkdocs_build
    assert preview.serve_command(configs.LUMBUNG, config, 8123, tmp_path)[1:4] == [
        "-m", "mkdocs", "serve"]
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "build.py").write_text("", encoding="utf-8")
    (tmp_path / "scripts" / "serve.py").write_text("", encoding="utf-8")
    assert build.build_command(configs.LUMBUNG, config, tmp_path) == [
        sys.executable, str(tmp_path / "scripts" / "build.py"), "-f", str(config)]
    assert preview.serve_command(configs.LUMBUNG, config, 8123, tmp_path) == [
        sys.executable, str(tmp_path / "scripts" / "serve.py"), "-f", str(config),
        "--dev-addr", "127.0.0.1:8123"]
    assert build.build_command(configs.STOCK, config, tmp_path) == mkdocs_build
    assert "--no-livereload" not in preview.serve_command(configs.STOCK, config, 8123, tmp_path)


SLEEPER = textwrap.dedent("""
    import pathlib, subprocess, sys
    grand = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    pathlib.Path("grandchild.pid").write_text(str(grand.pid))
    grand.wait()
""")


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def test_a_build_past_its_timeout_did_not_finish_and_larger_sizes_are_skipped(
        tmp_path, monkeypatch):
    def command(name: str, config_file: Path, repo: Path | None = None) -> list[str]:
        if name == configs.STOCK:
            return [sys.executable, "-c", SLEEPER]
        return [sys.executable, "-c", "print('built')"]

    monkeypatch.setattr(build, "build_command", command)
    sizes = (1, 2, 3)
    setups = {}
    for size in sizes:
        for name in configs.CONFIGS:
            if name == configs.STOCK and size > 2:
                continue
            (tmp_path / f"{name}{size}").mkdir()
            setups[(size, name)] = configs.Config(name, tmp_path / f"{name}{size}")
    options = Options(repo=tmp_path, sizes=sizes, timeout=1.0, stock_max=2)
    lines: list[str] = []
    started = time.monotonic()
    outcomes = run_builds(setups, sizes, options, lines.append)
    assert time.monotonic() - started < 20
    assert outcomes[(1, configs.STOCK)] == "did not finish (timeout after 1 s)"
    assert outcomes[(2, configs.STOCK)] == "not run (did not finish at N=1)"
    assert (3, configs.STOCK) not in outcomes  # never set up: above --stock-max
    for size in sizes:
        assert isinstance(outcomes[(size, configs.LUMBUNG)], BuildStats)
    assert any("stock build did not finish in 1 s" in line for line in lines)
    grandchild = int((tmp_path / f"{configs.STOCK}1" / "grandchild.pid").read_text())
    deadline = time.monotonic() + 5
    while alive(grandchild):  # the whole process group was killed, not only the child
        assert time.monotonic() < deadline, "the timed-out build's grandchild still runs"
        time.sleep(0.05)
    assert not (tmp_path / f"{configs.STOCK}2" / "build.log").exists()


def test_a_failed_build_still_stops_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "build_command",
                        lambda *a, **k: [sys.executable, "-c", "raise SystemExit(3)"])
    setups = {(1, configs.LUMBUNG): configs.Config(configs.LUMBUNG, tmp_path)}
    options = Options(repo=tmp_path, sizes=(1,), keep=tmp_path, stock_max=0)
    with pytest.raises(build.BuildFailed, match=r"lumbung build failed \(exit 3\)"):
        run_builds(setups, (1,), options, lambda line: None)


# --- the preview --------------------------------------------------------------------------------

# A stand-in preview server: says it is serving, then serves the Markdown file as it was at its
# last "rebuild" (every 0.2 s), or never again if told to freeze.
SERVER = textwrap.dedent("""
    import http.server, pathlib, sys, threading, time
    port, source, freeze = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3] == "1"
    page = [source.read_bytes()]
    def rebuild():
        while not freeze:
            time.sleep(0.2)
            page[0] = source.read_bytes()
    threading.Thread(target=rebuild, daemon=True).start()
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            status = 200 if self.path == "/resources/r/" else 404
            self.send_response(status)
            self.send_header("Content-Length", str(len(page[0])))
            self.end_headers()
            self.wfile.write(page[0])
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"INFO - Serving on http://127.0.0.1:{port}/", file=sys.stderr, flush=True)
    server.serve_forever()
""")


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "docs" / "resources").mkdir(parents=True)
    source = tmp_path / "docs" / "resources" / "r.md"
    source.write_text("---\ntitle: R\n---\n\nBody.\n", encoding="utf-8")
    return tmp_path / "mkdocs.yml", source


def stand_in(source: Path, freeze: bool) -> list[str]:
    return [sys.executable, "-c", SERVER, "{port}", str(source), "1" if freeze else "0"]


def test_preview_times_three_edits_and_puts_the_page_back(site):
    config, source = site
    before = source.read_bytes()
    stats = preview.measure_preview("lumbung", config, "/resources/r/", source, 10.0,
                                    command=stand_in(source, freeze=False))
    assert stats.missing == ""
    assert len(stats.delays) == 3
    assert all(0 <= d < 2 for d in stats.delays), stats.delays
    assert stats.median == sorted(stats.delays)[1]
    assert stats.startup is not None and stats.startup < 10
    assert source.read_bytes() == before
    assert "Serving on" in stats.log.read_text(encoding="utf-8")


def test_a_preview_that_never_shows_the_edit_did_not_finish(site):
    config, source = site
    started = time.monotonic()
    stats = preview.measure_preview("stock", config, "/resources/r/", source, 1.0,
                                    command=stand_in(source, freeze=True))
    assert stats.missing == "did not finish (page unchanged after 1 s)"
    assert stats.median is None and stats.delays == ()
    assert time.monotonic() - started < 15


def test_a_preview_of_a_missing_page_did_not_finish(site):
    config, source = site
    stats = preview.measure_preview("stock", config, "/resources/nothing/", source, 1.0,
                                    command=stand_in(source, freeze=False))
    assert stats.missing == "did not finish (not serving /resources/nothing/ after 1 s)"


# --- the report ---------------------------------------------------------------------------------

def measured(config: str, size: int, seconds: float, peak_mib: int, edit: float,
             tmp_path: Path) -> Measurement:
    stats = BuildStats(seconds, peak_mib * MIB, tmp_path / "build.log", peak_mib * MIB // 2)
    site = SiteStats(1_000_000, 100, 80, 40, 14_000.0, 4_000.0)
    shown = preview.PreviewStats((edit, edit * 2, edit / 2), 3.0, tmp_path / "serve.log")
    return Measurement(config, size, 10 * size, stats, site, (), shown)


def test_report_shows_why_a_configuration_has_no_numbers(tmp_path):
    late = preview.PreviewStats((), None, tmp_path / "serve.log",
                                "did not finish (page unchanged after 60 s)")
    report = SiteReport(
        machine=(("CPU", "test"),), seed=1, sizes=(200, 800, 10000), languages=("en",),
        measurements=(
            measured(configs.LUMBUNG, 200, 10.0, 300, 2.0, tmp_path),
            measured(configs.STOCK, 200, 20.0, 200, 4.0, tmp_path),
            measured(configs.LUMBUNG, 800, 40.0, 600, 3.0, tmp_path),
            Measurement(configs.STOCK, 800, 8000, missing="did not finish (timeout after 60 s)"),
            Measurement(configs.LUMBUNG, 10000, 100_000,
                        BuildStats(500.0, 2000 * MIB, tmp_path / "build.log"),
                        SiteStats(1, 1, 1, 1, 1.0, 1.0), (), late),
            Measurement(configs.STOCK, 10000, 100_000, missing="not run above N=3200"),
        ),
        seconds=99.0, timeout=60.0, stock_max=3200)
    rows, _ = size_table(report, 200)
    table = {row[0]: row[1:] for row in rows}
    assert table["build wall time"] == ["10.00 s", "20.00 s", "0.50"]
    assert table["build peak memory (RSS)"] == ["300 MiB", "200 MiB", "1.50"]
    assert table["preview after one edit"][0].startswith("2.00 s [")  # median, and a footnote
    assert table["preview after one edit"][2] == "0.50"
    rows, _ = size_table(report, 800)
    for row in rows:
        assert row[2] == "did not finish (timeout after 60 s)" and row[3] == "n/a", row
    scaling = {row[0]: row[1:] for row in scaling_table(report)}
    assert scaling["build wall time, N=800"] == ["40.00 s", "did not finish (timeout after 60 s)",
                                                 "n/a"]
    assert scaling["build peak memory (RSS), N=10000"] == ["2000 MiB", "not run above N=3200",
                                                           "n/a"]
    assert scaling["preview after one edit, N=10000"] == [
        "did not finish (page unchanged after 60 s)", "not run above N=3200", "n/a"]
    text = markdown(report)
    assert "| build wall time, N=200 | 10.00 s | 20.00 s | 0.50 |" in text
    assert "| build wall time | 500.00 s | not run above N=3200 | n/a |" in text
    labels = [metric.label for metric in metrics(("en",))]
    for label in ("build wall time", "build peak memory (RSS)", "preview after one edit"):
        assert label in labels
