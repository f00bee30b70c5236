#!/usr/bin/env bash
# make backup: database, media and encryption keys in one tar.gz under var/backups/.
set -euo pipefail
source "$(dirname "$0")/site-env.sh"
python manage.py backup_site "$@"
