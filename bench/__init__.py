"""Benchmark harness: a synthetic multilingual corpus, two site configurations built from it,
and what each costs to build, to store and to read (see scripts/bench.py)."""
