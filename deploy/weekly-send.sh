#!/bin/sh
# Update the checkout from main, then send every approved issue not yet sent to every active
# subscriber. Run hourly by lumbung-send.timer; by hand: sudo -u lumbung deploy/weekly-send.sh
set -eu
cd "$(dirname "$0")/.."
before=$(git rev-parse HEAD)
git pull --ff-only --quiet origin main
if ! git diff --quiet "$before" HEAD -- pyproject.toml; then
    .venv/bin/pip install --quiet --no-cache-dir -e .  # the dependencies changed
fi
# Every approved issue of this week and last week not yet sent to everyone; a draft waits
# for its editor, an issue already sent is left alone, so running this every hour is safe.
exec .venv/bin/python scripts/newsletter.py send --approved \
    --db "${LUMBUNG_DB:?set LUMBUNG_DB in /etc/lumbung/lumbung.env}" --send
