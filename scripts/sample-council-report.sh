#!/usr/bin/env bash
# Regenerate docs/samples/raadsrapportage-haaglanden.pdf: the council report of the demo data
# (scale small, seed 1, reference date 1 November 2026) for the region Haaglanden over the third
# quarter of 2026 (a fixed period: issue 11), made in a throwaway SQLite database with the normal commands.
set -euo pipefail
cd "$(dirname "$0")/.."
db="$(mktemp -d)/sample.sqlite3"
export DATABASE_URL="sqlite:///$db"
.venv/bin/ketenzicht migrate -v0
.venv/bin/ketenzicht demo-data --scale small --seed 1 --reference-date 2026-11-01 --no-progress >/dev/null
mkdir -p docs/samples
.venv/bin/ketenzicht raadsrapportage --gebied Haaglanden --periode 2026-K3 \
  --pdf docs/samples/raadsrapportage-haaglanden.pdf --csv docs/samples/raadsrapportage-haaglanden.csv
rm -f "$db"
