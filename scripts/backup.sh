#!/usr/bin/env bash
# make backup: database, public and private media and the erasure ledger in one
# encrypted archive under var/backups/ (no keys: manage.py export_encryption_keys).
set -euo pipefail
source "$(dirname "$0")/site-env.sh"
python manage.py backup_site "$@"
