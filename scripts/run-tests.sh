#!/usr/bin/env bash
# Runs the whole test suite: starts (installing if needed) the real libvirt hosts, the PostgreSQL
# and the RabbitMQ the integration tests use, installs the headless Chromium of the live view's test, then unit and integration tests of every module, then checks that they left no domain,
# QEMU process, status file or disk copy on either host.
# Usage: scripts/run-tests.sh [extra maven arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/libvirt-up.sh
bash scripts/postgres-up.sh
bash scripts/rabbitmq-up.sh
bash scripts/chromium-up.sh
# What an earlier run stopped from outside left behind is removed first, and listed as STALE.
bash scripts/check-leftovers.sh --remove
mvn -B -ntp verify "$@"
# Nothing of the suites may be left on either real host.
bash scripts/check-leftovers.sh
