"""Lumbung: a multilingual resource library and weekly newsletter, built on static files."""

from lumbung.errors import LumbungError

__all__ = ["LumbungError"]
