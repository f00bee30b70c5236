#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints each one's machine-readable last line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-migrantscount.settings.test}"
status=0
for script in bench/*.py; do
    echo "== $script"
    if ! python "$script" | tee /tmp/migrantscount-bench.out; then
        status=1
    fi
    echo "RESULT $(basename "$script" .py): $(tail -n 1 /tmp/migrantscount-bench.out)"
done
exit $status
