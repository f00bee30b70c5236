#!/usr/bin/env bash
# The whole suite: every test on PostgreSQL (a throwaway cluster), then the non-browser
# tests again on SQLite. Any server started here logs to a file and is stopped by the trap.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=migrantscount.settings.test
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
started=$(date +%s)

source scripts/pg-throwaway.sh
source scripts/pds.sh
trap 'pg_throwaway_stop; pds_stop' EXIT INT TERM

echo "== checks"
# makemigrations --check reads the migration history from the default (SQLite) database.
mkdir -p var
python manage.py check --fail-level WARNING
python manage.py makemigrations --check --dry-run >/dev/null
python manage.py compile_catalogues --check
ruff check .
ruff format --check .
mypy migrantscount
djhtml --check migrantscount

pytest_args=(-q -p no:randomly -n "${PYTEST_WORKERS:-2}" --dist loadfile)

echo "== local Bluesky server (PDS), for both runs"
pds_start # installs into .cache/pds/ on the first run (a few minutes)
echo "PDS on $BLUESKY_PDS_URL (log: $PDS_WORKDIR/pds.log)"

echo "== PostgreSQL: whole suite"
pg_throwaway_start
TEST_DATABASE_URL="$TEST_DATABASE_URL" pytest "${pytest_args[@]}" -m "not sqlite_only" "$@"
pg_throwaway_stop

echo "== SQLite: non-browser tests (not those that run their own processes: done above)"
unset TEST_DATABASE_URL
pytest "${pytest_args[@]}" -m "not browser and not postgres_only and not own_processes" "$@"

echo "make test finished in $(( $(date +%s) - started )) s"
