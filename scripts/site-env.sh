# Sourced by backup.sh and restore.sh: the same environment `make run` uses.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/.venv/bin:$PATH"
if [ ! -s var/secret_key ] || [ ! -s var/encryption_keys ]; then
    echo "No site yet under var/: run 'make run' once first." >&2
    exit 1
fi
export SECRET_KEY="${SECRET_KEY:-$(cat var/secret_key)}"
export MIGRANTSCOUNT_ENCRYPTION_KEYS="${MIGRANTSCOUNT_ENCRYPTION_KEYS:-$(cat var/encryption_keys)}"
if [ -s var/backup_passphrase ]; then
    export MIGRANTSCOUNT_BACKUP_PASSPHRASE="${MIGRANTSCOUNT_BACKUP_PASSPHRASE:-$(cat var/backup_passphrase)}"
fi
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-migrantscount.settings.production}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:8000}"
if [ -f scripts/run-env.d.sh ]; then source scripts/run-env.d.sh; fi
