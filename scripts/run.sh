#!/usr/bin/env bash
# make run: prepare everything, then run web server, task worker and scheduler (the
# processes table at the end) under a supervisor in the foreground. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p var
chmod 700 var

# Keys are generated once and kept under var/ (never in a backup: see docs/operations.md).
[ -s var/secret_key ] || python -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key
chmod 600 var/secret_key
export SECRET_KEY="${SECRET_KEY:-$(cat var/secret_key)}"
# Personal data encryption keys, newest first (see docs/operations.md for rotation).
[ -s var/encryption_keys ] || python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())' > var/encryption_keys
chmod 600 var/encryption_keys
export MIGRANTSCOUNT_ENCRYPTION_KEYS="${MIGRANTSCOUNT_ENCRYPTION_KEYS:-$(cat var/encryption_keys)}"
# Backups are encrypted with this passphrase, which is never put in an archive: keep a
# copy apart (a password manager); without it no backup can be restored.
[ -s var/backup_passphrase ] || python -c 'import secrets; print(secrets.token_urlsafe(32))' > var/backup_passphrase
chmod 600 var/backup_passphrase
export MIGRANTSCOUNT_BACKUP_PASSPHRASE="${MIGRANTSCOUNT_BACKUP_PASSPHRASE:-$(cat var/backup_passphrase)}"
# The local demo accounts (admin, the communications officer comms, the approver
# approver; see ensure_admin) sign in without a TOTP device; everyone else in a 2FA
# role enrols. Local demo only: never exempt anyone on a public server.
export MIGRANTSCOUNT_2FA_EXEMPT_USERS="${MIGRANTSCOUNT_2FA_EXEMPT_USERS:-admin,comms,approver}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-migrantscount.settings.production}"
export PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
# Mail goes to files in var/outbox (owner-only), never to the log: a receipt holds a
# private status link. Set EMAIL_URL=smtp://… to send for real (docs/operations.md).
mkdir -p var/outbox
chmod 700 var/outbox
export EMAIL_URL="${EMAIL_URL:-file:var/outbox}"
if [ -f scripts/run-env.d.sh ]; then source scripts/run-env.d.sh; fi

python manage.py compile_catalogues
python manage.py migrate --no-input -v 0
python manage.py seed_roles
# Reference data and the shipped official files; files already imported are skipped.
python manage.py load_reference_data -v 0
python manage.py import_data --shipped -v 0
# The site tree, then what the apps add: country profiles, example stories.
python manage.py build_demo
python manage.py ensure_admin
python manage.py collectstatic --no-input -v 0

# The processes `make run` keeps running, one line each: "name: command" (split like
# a shell would). Add a process by adding a line. The supervisor restarts one that
# exits, with backoff, and logs it; Ctrl-C stops them all. Production: systemd units
# (docs/operations.md).
processes=(
    "web: granian --interface wsgi --host 127.0.0.1 --port $PORT --workers 2 --backpressure 32 --log-level warning migrantscount.wsgi:application"
    "worker: python manage.py worker --queue-name '*'"
    "scheduler: python manage.py run_periodic"
    "dispatch: python manage.py dispatch"
)
echo "Migrants Count is starting at $SITE_URL/  (Ctrl-C to stop)"
exec python -m migrantscount.core.lib.supervisor "${processes[@]}"
