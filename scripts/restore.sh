#!/usr/bin/env bash
# make restore [ARCHIVE=var/backups/….tar.gz.gpg]: replace all data with a backup
# (the newest one by default), migrate, and replay the erasure ledger. Stop `make run`
# first.
set -euo pipefail
source "$(dirname "$0")/site-env.sh"
python manage.py restore_site "$@"
