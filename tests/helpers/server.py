"""Tests serve built sites with the same compressing server the benchmark and budget use."""

from bench.webserver import CompressingServer as StaticServer

__all__ = ["StaticServer"]
