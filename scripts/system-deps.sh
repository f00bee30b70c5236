#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for browser tests, PostgreSQL for the
# database tests, Node.js and npm for the front-end test tools and the local Bluesky server
# (scripts/pds.sh fetches its own Node 22 through npm). Runs apt-get only when something is
# missing, as root or through sudo. nginx and wrk: bench/throughput.py; varnish: the
# reverse-proxy cache test (core/tests/test_proxy_cache.py, deploy/varnish/).
set -euo pipefail
packages=(chromium chromium-driver postgresql gettext nodejs gnupg nginx wrk varnish)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
# npm: its own Debian package, or bundled with a NodeSource nodejs.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages present: ${packages[*]}"
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
