#!/usr/bin/env bash
# Install the headless browser the live view's test drives, on a bare Debian 12 machine, as root:
# Debian's `chromium` package (the test starts it itself: `chromium --headless=new
# --remote-debugging-port=0 --user-data-dir=<temp dir>` and talks the DevTools protocol to it).
# Idempotent: a second run only checks that the browser runs and prints its version.
set -euo pipefail
log() { echo "chromium-up: $*" >&2; }
die() { echo "chromium-up: ERROR: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "must run as root"

state=/var/tmp/iaas-engine
mkdir -p "$state"
if ! command -v chromium >/dev/null; then
    log "installing chromium (apt output in $state/apt.log)"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -q >>"$state/apt.log" 2>&1 || die "apt-get update failed (see $state/apt.log)"
    timeout 900 apt-get install -y -q chromium >>"$state/apt.log" 2>&1 \
        || die "apt-get install chromium failed (see $state/apt.log)"
fi
version=$(timeout 60 chromium --headless=new --no-sandbox --version 2>/dev/null) \
    || die "chromium is installed but does not run (chromium --version failed)"
log "$version"
