"""What the benchmark ran on: CPU, cores, memory, load, and the versions that matter."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "playwright")


def _cpu_model(cpuinfo: Path) -> str:
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "Hardware") and value.strip():
                return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _memory(meminfo: Path) -> str:
    try:
        for line in meminfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info(proc: Path = Path("/proc")) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs, in the order a report shows them."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    try:
        import brotli  # noqa: F401

        compression = "gzip and Brotli"
    except ImportError:
        compression = "gzip (no brotli module)"
    return (
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", _cpu_model(proc / "cpuinfo")),
        ("cores", str(os.cpu_count() or "?")),
        ("RAM", _memory(proc / "meminfo")),
        ("load average at start", load),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        *((name, _version(name)) for name in PACKAGES),
        ("server compression", compression),
    )
