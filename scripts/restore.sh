#!/usr/bin/env bash
# make restore [ARCHIVE=var/backups/….tar.gz]: replace all data with a backup
# (the newest one by default). Stop `make run` first.
set -euo pipefail
source "$(dirname "$0")/site-env.sh"
python manage.py restore_site "$@"
python manage.py migrate --no-input -v 0
