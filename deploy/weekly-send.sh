#!/bin/sh
# Update the checkout from main, then send this ISO week's frozen issue to every active
# subscriber. Run by lumbung-send.service; by hand: sudo -u lumbung deploy/weekly-send.sh
set -eu
cd "$(dirname "$0")/.."
before=$(git rev-parse HEAD)
git pull --ff-only --quiet origin main
if ! git diff --quiet "$before" HEAD -- pyproject.toml; then
    .venv/bin/pip install --quiet --no-cache-dir -e .  # the dependencies changed
fi
week=$(date +%G-W%V)
exec .venv/bin/python scripts/newsletter.py send --week "$week" \
    --db "${LUMBUNG_DB:?set LUMBUNG_DB in /etc/lumbung/lumbung.env}" --send
