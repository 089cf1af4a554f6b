"""Editor-facing checks run by scripts/check.py (and CI, and pre-commit)."""
