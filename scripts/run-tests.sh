#!/usr/bin/env bash
# Runs the whole test suite: starts (installing if needed) the real libvirt hosts the integration
# tests use, then unit and integration tests of every module.
# Usage: scripts/run-tests.sh [extra maven arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/libvirt-up.sh
mvn -B -ntp verify "$@"
